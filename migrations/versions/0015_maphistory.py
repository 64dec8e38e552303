"""TDP names over time (the name and number each TDP had from one decision to the next) and the leader post's
status (elected, term extended, interim, vacant).

Revision ID: 0015_maphistory
Revises: 0014_countday
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_maphistory"
down_revision = '0014_countday'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tdp_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tdp_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("decision", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["tdp_id"], ["tdps.id"], name=op.f("fk_tdp_names_tdp_id_tdps"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tdp_names")),
    )
    with op.batch_alter_table("tdp_names") as batch:
        batch.create_index(batch.f("ix_tdp_names_tdp_id"), ["tdp_id"], unique=False)
    op.create_table(
        "leader_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tdp_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.Enum("elected", "extended", "interim", "vacant", name="leader_status",
                                    native_enum=False, create_constraint=True), nullable=False),
        sa.Column("holder", sa.String(length=120), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("decision", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["tdp_id"], ["tdps.id"], name=op.f("fk_leader_posts_tdp_id_tdps"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"], name=op.f("fk_leader_posts_recorded_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leader_posts")),
    )
    with op.batch_alter_table("leader_posts") as batch:
        batch.create_index(batch.f("ix_leader_posts_tdp_id"), ["tdp_id"], unique=False)


def downgrade():
    with op.batch_alter_table("leader_posts") as batch:
        batch.drop_index(batch.f("ix_leader_posts_tdp_id"))
    op.drop_table("leader_posts")
    with op.batch_alter_table("tdp_names") as batch:
        batch.drop_index(batch.f("ix_tdp_names_tdp_id"))
    op.drop_table("tdp_names")
