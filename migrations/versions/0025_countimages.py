"""Issue 13: ballot images of the count (batches, images with SHA-256, reader result, review decisions).

Revision ID: 0025_countimages
Revises: 0024_singlestrike
"""

import sqlalchemy as sa
from alembic import op

revision = "0025_countimages"
down_revision = "0025_yesno"
branch_labels = None
depends_on = None


def _enum(name, values):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=max(map(len, values)))


def upgrade() -> None:
    op.create_table(
        "count_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contest_id", sa.Integer(), nullable=False),
        sa.Column("status", _enum("count_batch_status", ("queued", "running", "done", "failed")), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("message", sa.String(500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("worker", sa.String(120), nullable=True),
        sa.ForeignKeyConstraint(["contest_id"], ["contests.id"], name="fk_count_batches_contest_id_contests",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name="fk_count_batches_created_by_id_users",
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_count_batches"),
    )
    op.create_index("ix_count_batches_contest_id", "count_batches", ["contest_id"])
    op.create_index("ix_count_batches_status", "count_batches", ["status"])
    op.create_table(
        "count_images",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("contest_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("media_type", sa.String(40), nullable=False),
        sa.Column("status", _enum("count_image_status", ("pending", "entered", "review", "retake", "no_code",
                                                         "rejected", "refused")), nullable=False),
        sa.Column("reason", sa.String(60), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("serial", sa.String(16), nullable=True),
        sa.Column("decisions", sa.JSON(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=True),
        sa.Column("purged", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["contest_id"], ["contests.id"], name="fk_count_images_contest_id_contests",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["batch_id"], ["count_batches.id"], name="fk_count_images_batch_id_count_batches",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["entry_id"], ["ballot_entries.id"],
                                name="fk_count_images_entry_id_ballot_entries", ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_count_images"),
        sa.UniqueConstraint("contest_id", "sha256", name="uq_count_images_contest_id_sha256"),
    )
    op.create_index("ix_count_images_batch_id", "count_images", ["batch_id"])
    op.create_index("ix_count_images_serial", "count_images", ["serial"])
    op.create_index("ix_count_images_contest_status", "count_images", ["contest_id", "status"])


def downgrade() -> None:
    op.drop_table("count_images")
    op.drop_table("count_batches")
