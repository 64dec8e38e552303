"""Audit chains: one per TDP for the election-day actions (ballots, sign-ins) besides the ward's main chain,
so the TDPs of a city do not queue behind one head row (issue 15).

Revision ID: 0020_count15
Revises: 0016_tdpsplit
"""

import sqlalchemy as sa
from alembic import op

revision = "0020_count15"
down_revision = "0016_tdpsplit"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("chain", sa.Integer(), server_default="0", nullable=False))
        batch.drop_constraint(op.f("uq_audit_events_seq"), type_="unique")
        batch.create_unique_constraint(batch.f("uq_audit_events_chain_seq"), ["chain", "seq"])
    with op.batch_alter_table("audit_head") as batch:
        batch.add_column(sa.Column("chain", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(sa.Column("anchored_seq", sa.Integer(), server_default="0", nullable=False))
        batch.drop_constraint(op.f("ck_audit_head_single_row"), type_="check")
        batch.create_unique_constraint(batch.f("uq_audit_head_chain"), ["chain"])


def downgrade():
    # Only while every event is still on the main chain: TDP chains cannot be folded back into one.
    with op.batch_alter_table("audit_head") as batch:
        batch.drop_constraint(op.f("uq_audit_head_chain"), type_="unique")
        batch.create_check_constraint("single_row", "id = 1")
        batch.drop_column("anchored_seq")
        batch.drop_column("chain")
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_constraint(op.f("uq_audit_events_chain_seq"), type_="unique")
        batch.create_unique_constraint(op.f("uq_audit_events_seq"), ["seq"])
        batch.drop_column("chain")
