"""Issue 13 leftovers: an upload batch is a pile (count_batches.stack_no), a drawn machine-read paper is found by
its serial (comparison_draws.find_serial), and a voided entry shows on its image (count_images.status "voided").

Revision ID: 0027_batchstack
Revises: 0026_rollindexes
"""

import sqlalchemy as sa
from alembic import op

revision = "0027_batchstack"
down_revision = "0026_rollindexes"
branch_labels = None
depends_on = None

_OLD = ("pending", "entered", "review", "retake", "no_code", "rejected", "refused")
_NEW = (*_OLD, "voided")


def _enum(values):
    return sa.Enum(*values, name="count_image_status", native_enum=False, create_constraint=True,
                   length=max(map(len, values)))


def _status(values_from, values_to) -> None:
    """Widen or narrow the status CHECK. On PostgreSQL alter_column drops the old type's CHECK and creates the new
    one itself; SQLite's batch copy keeps the reflected CHECK unless it is dropped by name first."""
    with op.batch_alter_table("count_images") as batch:
        if op.get_bind().dialect.name == "sqlite":
            batch.drop_constraint(batch.f("ck_count_images_count_image_status"), type_="check")
        batch.alter_column("status", existing_type=_enum(values_from), type_=_enum(values_to), existing_nullable=False)


def upgrade() -> None:
    with op.batch_alter_table("count_batches") as batch:
        batch.add_column(sa.Column("stack_no", sa.Integer(), nullable=True))
    with op.batch_alter_table("comparison_draws") as batch:
        batch.add_column(sa.Column("find_serial", sa.String(16), nullable=True))
    _status(_OLD, _NEW)


def downgrade() -> None:
    op.execute("UPDATE count_images SET status = 'entered' WHERE status = 'voided'")
    _status(_NEW, _OLD)
    with op.batch_alter_table("comparison_draws") as batch:
        batch.drop_column("find_serial")
    with op.batch_alter_table("count_batches") as batch:
        batch.drop_column("stack_no")
