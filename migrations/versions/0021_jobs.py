"""Print jobs in a table-backed queue (lease, attempt, worker, summary per TDP).

Revision ID: 0021_jobs
Revises: 0015_maphistory
"""

import sqlalchemy as sa
from alembic import op

revision = "0021_jobs"
down_revision = "0015_maphistory"
branch_labels = None
depends_on = None

JOB_COLUMNS = ("spare_percent", "attempt", "lease_until", "worker", "started_at", "finished_at", "summary")


def upgrade():
    with op.batch_alter_table("print_jobs") as batch:
        batch.add_column(sa.Column("spare_percent", sa.Integer(), nullable=False, server_default="10"))
        batch.add_column(sa.Column("attempt", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("worker", sa.String(length=120), nullable=True))
        batch.add_column(sa.Column("started_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("summary", sa.JSON(), nullable=True))
        batch.create_index(batch.f("ix_print_jobs_status"), ["status"], unique=False)


def downgrade():
    with op.batch_alter_table("print_jobs") as batch:
        batch.drop_index(batch.f("ix_print_jobs_status"))
        for name in reversed(JOB_COLUMNS):
            batch.drop_column(name)
