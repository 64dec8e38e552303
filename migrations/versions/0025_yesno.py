"""Issue 14: a household yes/no question is a contest of its own (position 'question'), printed and counted.

Revision ID: 0025_yesno
Revises: 0024_singlestrike
"""

import sqlalchemy as sa
from alembic import op

revision = "0025_yesno"
down_revision = "0024_singlestrike"
branch_labels = None
depends_on = None


def _position(*values: str, length: int) -> sa.Enum:
    return sa.Enum(*values, name="position", native_enum=False, create_constraint=True, length=length)


def upgrade() -> None:
    with op.batch_alter_table("contests") as batch:
        batch.alter_column("position", existing_type=_position("leader", "deputy", length=6),
                           type_=_position("leader", "deputy", "question", length=8), existing_nullable=False)
    # A yes/no round opened before this revision gets its contest, so its ballots can be printed and counted.
    op.execute("INSERT INTO contests (round_id, position, seats) SELECT h.round_id, 'question', 1 "
               "FROM household_rounds h WHERE h.kind = 'question' AND NOT EXISTS "
               "(SELECT 1 FROM contests c WHERE c.round_id = h.round_id AND c.position = 'question')")


def downgrade() -> None:
    op.execute("DELETE FROM contests WHERE position = 'question'")
    with op.batch_alter_table("contests") as batch:
        batch.alter_column("position", existing_type=_position("leader", "deputy", "question", length=8),
                           type_=_position("leader", "deputy", length=6), existing_nullable=False)
