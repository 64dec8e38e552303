"""Issue 12: the single-candidate setting per election (a struck sole name: invalid, or a valid ballot against).

Revision ID: 0024_singlestrike
Revises: 0022_household
"""

import sqlalchemy as sa
from alembic import op

revision = "0024_singlestrike"
down_revision = "0022_household"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("elections") as batch:
        batch.add_column(sa.Column("single_strike", sa.Enum("invalid", "against", name="single_strike",
                                                            native_enum=False, create_constraint=True, length=7),
                                   nullable=False, server_default="invalid"))


def downgrade() -> None:
    with op.batch_alter_table("elections") as batch:
        batch.drop_column("single_strike")
