"""Issue 15: drop the single-column `tdp_id` indexes on `persons` and `households`.

Each is a strict prefix of an index the table keeps: `ix_persons_tdp_search (tdp_id, search_name)` and the
unique constraint `uq_households_tdp_id_code (tdp_id, code)`, which serve every lookup by `tdp_id` alone (TDP
lists, the cascade when a TDP is deleted). Dropping them saves one index insertion per row on a roll import.
No constraint is dropped.

Revision ID: 0026_rollindexes
Revises: 0025_countimages
"""

from alembic import op

revision = "0026_rollindexes"
down_revision = "0025_countimages"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("persons") as batch:
        batch.drop_index(batch.f("ix_persons_tdp_id"))
    with op.batch_alter_table("households") as batch:
        batch.drop_index(batch.f("ix_households_tdp_id"))


def downgrade() -> None:
    with op.batch_alter_table("households") as batch:
        batch.create_index(batch.f("ix_households_tdp_id"), ["tdp_id"], unique=False)
    with op.batch_alter_table("persons") as batch:
        batch.create_index(batch.f("ix_persons_tdp_id"), ["tdp_id"], unique=False)
