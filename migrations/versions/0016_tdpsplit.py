"""A TDP merged into another is dissolved (giải thể) on a day, by a decision; it stays in history and in the
papers of its past elections.

Revision ID: 0016_tdpsplit
Revises: 0015_maphistory
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_tdpsplit"
down_revision = "0015_maphistory"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("tdps") as batch:
        batch.add_column(sa.Column("dissolved_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("dissolved_decision", sa.String(length=200), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("tdps") as batch:
        batch.drop_column("dissolved_decision")
        batch.drop_column("dissolved_on")
