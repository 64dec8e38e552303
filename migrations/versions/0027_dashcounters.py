"""Issue 15: tdp_summaries, each TDP's headline figures in an election for the city and province dashboards,
marked stale by triggers in the same transaction as any change to the facts they rest on.

A row exists for every TDP that needs the ward dashboard's row logic (a result locked or imported, a re-run
round or reason, a recognition): the triggers create it. Existing such TDPs get a row marked never built
(`built` NULL): the dashboard rebuilds them in memory until a commit or `flask dashboard summaries` refreshes
them. The statements are app/dashboard/counters.py's (SUMMARY_SOURCES), copied: migrations import no app code.

Revision ID: 0027_dashcounters
Revises: 0027_province
"""

import sqlalchemy as sa
from alembic import op

revision = "0027_dashcounters"
down_revision = "0027_province"
branch_labels = None
depends_on = None

SOURCES = (
    ("election_rounds", "id", "SELECT {row}.election_id AS election_id, {row}.tdp_id AS tdp_id", "NEW.number > 1"),
    ("contests", "id", "SELECT election_id, tdp_id FROM election_rounds WHERE id = {row}.round_id", None),
    ("contest_tallies", "contest_id", "SELECT r.election_id, r.tdp_id FROM contests AS c JOIN election_rounds AS r "
     "ON r.id = c.round_id WHERE c.id = {row}.contest_id", "NEW.status = 'final'"),
    ("results_packages", "id", "SELECT election_id, tdp_id FROM election_rounds WHERE id = {row}.round_id", "TRUE"),
    ("rerun_reasons", "round_id", "SELECT election_id, tdp_id FROM election_rounds WHERE id = {row}.round_id", "TRUE"),
    ("recognitions", "id", "SELECT {row}.election_id AS election_id, {row}.tdp_id AS tdp_id", "TRUE"),
    ("present_counts", "round_id", "SELECT election_id, tdp_id FROM election_rounds WHERE id = {row}.round_id", None),
)
EVENTS = ("INSERT", "UPDATE", "DELETE")
#: contest_tallies' UPDATE trigger fires only when these are set: every ballot entered updates its count's row
#: (papers laid, counters), which no summary reads (app/dashboard/counters.py SUMMARY_UPDATE_OF).
UPDATE_OF = {"contest_tallies": "UPDATE OF status, result, contest_id"}


def _bodies(key, source, make, postgresql):
    def bump(row, when="TRUE"):
        return (f"UPDATE tdp_summaries SET stamp = stamp + 1 WHERE {when} "
                f"AND (election_id, tdp_id) IN ({source.format(row=row)});")

    target, stamp = ("tdp_summaries AS s", "s.stamp") if postgresql else ("tdp_summaries", "stamp")
    new = bump("NEW") if make is None else (
        f"INSERT INTO {target} (election_id, tdp_id, stamp) SELECT x.election_id, x.tdp_id, 1 "
        f"FROM ({source.format(row='NEW')}) AS x WHERE {make} "
        f"ON CONFLICT (election_id, tdp_id) DO UPDATE SET stamp = {stamp} + 1; " + bump("NEW", f"NOT ({make})"))
    return {"INSERT": new, "UPDATE": f"{bump('OLD', f'OLD.{key} IS DISTINCT FROM NEW.{key}')} {new}",
            "DELETE": bump("OLD")}


def upgrade():
    op.create_table(
        "tdp_summaries",
        sa.Column("election_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("tdp_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("stamp", sa.Integer(), nullable=False),
        sa.Column("built", sa.Integer(), nullable=True),
        sa.Column("result", sa.String(length=20), nullable=True),
        sa.Column("leader_elected", sa.Boolean(), nullable=True),
        sa.Column("present", sa.Integer(), nullable=True),
        sa.Column("reruns", sa.Integer(), nullable=True),
        sa.Column("rule_breach", sa.Boolean(), nullable=True),
        sa.Column("recognised_on", sa.Date(), nullable=True),
        sa.Column("rerun_deadline", sa.Date(), nullable=True),
        sa.Column("round_number", sa.Integer(), nullable=True),
        sa.Column("seats", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["election_id"], ["elections.id"], name=op.f("fk_tdp_summaries_election_id_elections"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tdp_id"], ["tdps.id"], name=op.f("fk_tdp_summaries_tdp_id_tdps"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("election_id", "tdp_id", name=op.f("pk_tdp_summaries")),
    )
    with op.batch_alter_table("tdp_summaries") as batch:
        batch.create_index(batch.f("ix_tdp_summaries_tdp_id"), ["tdp_id"], unique=False)
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table, key, source, make in SOURCES:
        for event, body in _bodies(key, source, make, postgresql).items():
            function = f"summary_{table}_{event.lower()[:3]}"
            event = UPDATE_OF.get(table, event) if event == "UPDATE" else event
            if postgresql:
                op.execute(f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql "
                           f"AS $$ BEGIN {body} RETURN NULL; END $$")
                op.execute(f"CREATE TRIGGER trg_{function} AFTER {event} ON {table} "
                           f"FOR EACH ROW EXECUTE FUNCTION {function}()")
            else:
                op.execute(f"CREATE TRIGGER trg_{function} AFTER {event} ON {table} BEGIN {body} END")
    op.execute("INSERT INTO tdp_summaries (election_id, tdp_id, stamp) SELECT election_id, tdp_id, 1 FROM ("
               "SELECT election_id, tdp_id FROM election_rounds WHERE number > 1 "
               "UNION SELECT r.election_id, r.tdp_id FROM contest_tallies AS t JOIN contests AS c ON c.id = t.contest_id "
               "JOIN election_rounds AS r ON r.id = c.round_id WHERE t.status = 'final' "
               "UNION SELECT r.election_id, r.tdp_id FROM results_packages AS p JOIN election_rounds AS r ON r.id = p.round_id "
               "UNION SELECT r.election_id, r.tdp_id FROM rerun_reasons AS k JOIN election_rounds AS r ON r.id = k.round_id "
               "UNION SELECT election_id, tdp_id FROM recognitions) AS x")


def downgrade():
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table, *_ in SOURCES:
        for event in EVENTS:
            function = f"summary_{table}_{event.lower()[:3]}"
            if postgresql:
                op.execute(f"DROP TRIGGER IF EXISTS trg_{function} ON {table}")
                op.execute(f"DROP FUNCTION IF EXISTS {function}()")
            else:
                op.execute(f"DROP TRIGGER IF EXISTS trg_{function}")
    with op.batch_alter_table("tdp_summaries") as batch:
        batch.drop_index(batch.f("ix_tdp_summaries_tdp_id"))
    op.drop_table("tdp_summaries")
