"""Recognitions: "cần xem lại" when a result the decision rests on was unlocked.

Revision ID: 0014_countday
Revises: 0013_elections
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_countday"
down_revision = "0013_elections"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("recognitions") as batch:
        batch.add_column(sa.Column("review_note", sa.String(length=255), nullable=True))


def downgrade():
    with op.batch_alter_table("recognitions") as batch:
        batch.drop_column("review_note")
