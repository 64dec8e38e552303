"""Ward: the authority that issues its papers and the recipient of its reports.

Revision ID: 0010_ward_papers
Revises: 0009_sessions
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_ward_papers"
down_revision = "0009_sessions"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("wards") as batch:
        batch.add_column(sa.Column("issuing_authority", sa.String(length=160), nullable=False, server_default=""))
        batch.add_column(sa.Column("report_recipient", sa.String(length=200), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("wards") as batch:
        batch.drop_column("report_recipient")
        batch.drop_column("issuing_authority")
