"""Issue 14: where each paper lies in the first pass (stack, position), the comparison audit and its draws;
a failed meeting, the household ballot round and its collection teams.

Revision ID: 0022_household
Revises: 0021_jobs
"""

import sqlalchemy as sa
from alembic import op

revision = "0022_household"
down_revision = "0021_jobs"
branch_labels = None
depends_on = None


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True)


def upgrade():
    with op.batch_alter_table("contest_tallies") as batch:
        batch.add_column(sa.Column("papers_laid", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(sa.Column("stack_size", sa.Integer(), server_default="50", nullable=False))
    with op.batch_alter_table("ballot_entries") as batch:
        batch.add_column(sa.Column("stack_no", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("stack_pos", sa.Integer(), nullable=True))
    op.create_table(
        "comparison_audits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contest_id", sa.Integer(), nullable=False),
        sa.Column("status", _enum("comparison_status", "published", "drawn", "passed", "recount", "recounted"),
                  nullable=False),
        sa.Column("papers", sa.Integer(), nullable=False),
        sa.Column("margin", sa.Integer(), nullable=False),
        sa.Column("risk_limit", sa.String(length=20), nullable=False),
        sa.Column("draws", sa.Integer(), nullable=False),
        sa.Column("announced", sa.JSON(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("seed", sa.String(length=80), nullable=True),
        sa.Column("seed_witnesses", sa.JSON(), nullable=False),
        sa.Column("drawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("concluded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("recount", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["contest_id"], ["contests.id"], name=op.f("fk_comparison_audits_contest_id_contests"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["published_by_id"], ["users.id"],
                                name=op.f("fk_comparison_audits_published_by_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comparison_audits")),
        sa.UniqueConstraint("contest_id", name=op.f("uq_comparison_audits_contest_id")),
    )
    op.create_table(
        "comparison_draws",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("ticket_order", sa.Integer(), nullable=False),
        sa.Column("stack_no", sa.Integer(), nullable=False),
        sa.Column("stack_pos", sa.Integer(), nullable=False),
        sa.Column("ticket", sa.String(length=64), nullable=False),
        sa.Column("compared", sa.Boolean(), nullable=False),
        sa.Column("found", sa.Boolean(), nullable=True),
        sa.Column("paper_serial", sa.String(length=16), nullable=True),
        sa.Column("paper_kept", sa.JSON(), nullable=True),
        sa.Column("paper_invalid", sa.String(length=20), nullable=True),
        sa.Column("lean", sa.String(length=10), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("compared_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("compared_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["audit_id"], ["comparison_audits.id"],
                                name=op.f("fk_comparison_draws_audit_id_comparison_audits"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["compared_by_id"], ["users.id"],
                                name=op.f("fk_comparison_draws_compared_by_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comparison_draws")),
        sa.UniqueConstraint("audit_id", "stack_no", "stack_pos",
                            name=op.f("uq_comparison_draws_audit_id_stack_no_stack_pos")),
    )
    with op.batch_alter_table("comparison_draws") as batch:
        batch.create_index(batch.f("ix_comparison_draws_audit_id"), ["audit_id"], unique=False)
    op.create_table(
        "meeting_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("found_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("electorate", sa.Integer(), nullable=False),
        sa.Column("present", sa.Integer(), nullable=False),
        sa.Column("required", sa.Integer(), nullable=False),
        sa.Column("next_step", _enum("meeting_next_step", "pending", "reschedule", "household_round"), nullable=False),
        sa.Column("rescheduled_to", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["round_id"], ["election_rounds.id"],
                                name=op.f("fk_meeting_failures_round_id_election_rounds"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"], name=op.f("fk_meeting_failures_recorded_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_failures")),
        sa.UniqueConstraint("round_id", name=op.f("uq_meeting_failures_round_id")),
    )
    op.create_table(
        "household_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("household_round_kind", "candidates", "question"), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("recipients", _enum("household_recipients", "all", "absent"), nullable=False),
        sa.Column("box_carrier", sa.String(length=200), nullable=False),
        sa.Column("decision_due", sa.Date(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_by_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["round_id"], ["election_rounds.id"],
                                name=op.f("fk_household_rounds_round_id_election_rounds"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["opened_by_id"], ["users.id"], name=op.f("fk_household_rounds_opened_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household_rounds")),
        sa.UniqueConstraint("round_id", name=op.f("uq_household_rounds_round_id")),
    )
    op.create_table(
        "collection_teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("household_round_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("members", sa.JSON(), nullable=False),
        sa.Column("households", sa.JSON(), nullable=False),
        sa.Column("stacks", sa.JSON(), nullable=False),
        sa.Column("seal_start", sa.String(length=40), nullable=False),
        sa.Column("seal_end", sa.String(length=40), nullable=False),
        sa.Column("closing", sa.JSON(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["household_round_id"], ["household_rounds.id"],
                                name=op.f("fk_collection_teams_household_round_id_household_rounds"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collection_teams")),
        sa.UniqueConstraint("household_round_id", "number",
                            name=op.f("uq_collection_teams_household_round_id_number")),
    )
    with op.batch_alter_table("collection_teams") as batch:
        batch.create_index(batch.f("ix_collection_teams_household_round_id"), ["household_round_id"], unique=False)


def downgrade():
    with op.batch_alter_table("collection_teams") as batch:
        batch.drop_index(batch.f("ix_collection_teams_household_round_id"))
    op.drop_table("collection_teams")
    op.drop_table("household_rounds")
    op.drop_table("meeting_failures")
    with op.batch_alter_table("comparison_draws") as batch:
        batch.drop_index(batch.f("ix_comparison_draws_audit_id"))
    op.drop_table("comparison_draws")
    op.drop_table("comparison_audits")
    with op.batch_alter_table("ballot_entries") as batch:
        batch.drop_column("stack_pos")
        batch.drop_column("stack_no")
    with op.batch_alter_table("contest_tallies") as batch:
        batch.drop_column("stack_size")
        batch.drop_column("papers_laid")
