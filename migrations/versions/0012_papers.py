"""ward_papers: the ward's paper settings (issuer header, signers, extra legal bases, recipients).

Revision ID: 0012_papers
Revises: 0011_election_keys
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_papers"
down_revision = '0011_election_keys'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "ward_papers",
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("issuer_header", sa.String(length=300), nullable=False),
        sa.Column("signers", sa.JSON(), nullable=False),
        sa.Column("extra_bases", sa.JSON(), nullable=False),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["ward_id"], ["wards.id"], name=op.f("fk_ward_papers_ward_id_wards"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("ward_id", name=op.f("pk_ward_papers")),
    )


def downgrade():
    op.drop_table("ward_papers")
