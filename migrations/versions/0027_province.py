"""Province/city accounts: a user holding the new duty `province` belongs to no ward (users.ward_id NULL).

The duty is stored as text under the named CHECK `ck_user_duties_duty` (app.core.db.str_enum, the same on
SQLite and PostgreSQL): the CHECK is rebuilt with the new value. That only a province account may lack a ward
cannot be a CHECK (the duty lives in another table): app.province.services creates province accounts without a
ward, app.auth.services every other account with one, and app.auth.duties refuses the province duty to a ward
account and any ward duty or TDP to a province account (tests/province).

Revision ID: 0027_province
Revises: 0027_batchstack
"""

import sqlalchemy as sa
from alembic import op

revision = "0027_province"
down_revision = "0027_batchstack"
branch_labels = None
depends_on = None

DUTIES = ("ward_admin", "election_team", "counting_head", "counting_member", "party_cell", "observer")


def _duty_check(batch, duties) -> None:
    batch.create_check_constraint(batch.f("ck_user_duties_duty"), sa.column("duty").in_(duties))


class _ForeignKeysOff:
    """On SQLite a batch operation copies the table and drops the old one, and dropping `users` with foreign
    keys on would run every ON DELETE of the tables that point at it (users' duties and TDPs deleted, audit
    records' authors set NULL). The pragma only takes effect outside a transaction."""

    def __enter__(self):
        self.sqlite = op.get_bind().dialect.name == "sqlite"
        if self.sqlite:
            with op.get_context().autocommit_block():
                op.execute("PRAGMA foreign_keys=OFF")

    def __exit__(self, *exc):
        if self.sqlite:
            with op.get_context().autocommit_block():
                op.execute("PRAGMA foreign_keys=ON")
        return False


def upgrade() -> None:
    with _ForeignKeysOff():
        with op.batch_alter_table("user_duties") as batch:
            batch.drop_constraint(batch.f("ck_user_duties_duty"), type_="check")
            _duty_check(batch, (*DUTIES, "province"))
        with op.batch_alter_table("users") as batch:
            batch.alter_column("ward_id", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    # Province accounts have no ward to go back to: they are removed (their duties and sessions with them).
    op.execute("DELETE FROM users WHERE ward_id IS NULL OR id IN "
               "(SELECT user_id FROM user_duties WHERE duty = 'province')")
    with _ForeignKeysOff():
        with op.batch_alter_table("users") as batch:
            batch.alter_column("ward_id", existing_type=sa.Integer(), nullable=False)
        with op.batch_alter_table("user_duties") as batch:
            batch.drop_constraint(batch.f("ck_user_duties_duty"), type_="check")
            _duty_check(batch, DUTIES)
