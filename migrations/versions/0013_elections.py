"""Elections: a name, and the default vote day and start time given to every TDP.

Revision ID: 0013_elections
Revises: 0012_papers
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_elections"
down_revision = '0012_papers'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("elections") as batch:
        batch.add_column(sa.Column("name", sa.String(length=160), nullable=False, server_default=""))
        batch.add_column(sa.Column("default_vote_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("default_starts_at", sa.Time(), nullable=True))


def downgrade():
    with op.batch_alter_table("elections") as batch:
        batch.drop_column("default_starts_at")
        batch.drop_column("default_vote_date")
        batch.drop_column("name")
