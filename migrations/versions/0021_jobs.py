"""Print jobs in a table-backed queue (lease, attempt, worker, summary per TDP); the dashboard's counters
(active households per TDP, households present per round) kept by triggers in the same transactions.

Revision ID: 0021_jobs
Revises: 0020_count15
"""

import sqlalchemy as sa
from alembic import op

revision = "0021_jobs"
down_revision = "0020_count15"
branch_labels = None
depends_on = None

JOB_COLUMNS = ("spare_percent", "attempt", "lease_until", "worker", "started_at", "finished_at", "summary")


#: (counted table, counter table, key column, counter column, the condition a counted row meets)
COUNTERS = (("households", "household_counts", "tdp_id", "active", "status = 'active'"),
            ("attendances", "present_counts", "round_id", "present", "undone_at IS NULL"))


def _sqlite_triggers(table, counter, key, value, where):
    new, old = where.replace("status", "NEW.status").replace("undone_at", "NEW.undone_at"), \
        where.replace("status", "OLD.status").replace("undone_at", "OLD.undone_at")
    bump = (f"INSERT INTO {counter} ({key}, {value}) SELECT NEW.{key}, 1 WHERE {new} "
            f"ON CONFLICT ({key}) DO UPDATE SET {value} = {value} + 1;")
    drop = f"UPDATE {counter} SET {value} = {value} - 1 WHERE {old} AND {key} = OLD.{key};"
    return [f"CREATE TRIGGER trg_{counter}_ins AFTER INSERT ON {table} BEGIN {bump} END",
            f"CREATE TRIGGER trg_{counter}_del AFTER DELETE ON {table} BEGIN {drop} END",
            f"CREATE TRIGGER trg_{counter}_upd AFTER UPDATE OF {key}, {where.split()[0]} ON {table} "
            f"BEGIN {drop} {bump} END"]


def _postgresql_triggers(table, counter, key, value, where):
    """Statement-level triggers over the transition tables: one aggregate per statement, so a COPY of a
    million households costs one GROUP BY, not a million updates. Counter rows are taken in key order."""
    upsert = (f"INSERT INTO {counter} AS c ({key}, {value}) SELECT {key}, sum(d) FROM ({{rows}}) AS x "
              f"GROUP BY {key} HAVING sum(d) <> 0 ORDER BY {key} "
              f"ON CONFLICT ({key}) DO UPDATE SET {value} = c.{value} + EXCLUDED.{value}")
    plus = f"SELECT {key}, 1 AS d FROM new_rows WHERE {where}"
    minus = f"SELECT {key}, -1 AS d FROM old_rows WHERE {where}"
    bodies = {"ins": (upsert.format(rows=plus), "INSERT", "NEW TABLE AS new_rows"),
              # Only an UPDATE on delete: a TDP or round deleted with its rows (ON DELETE CASCADE) has its
              # counter row gone already, and must not get a new one.
              "del": (f"UPDATE {counter} AS c SET {value} = c.{value} - x.n FROM (SELECT {key}, count(*) AS n "
                      f"FROM old_rows WHERE {where} GROUP BY {key}) AS x WHERE c.{key} = x.{key}",
                      "DELETE", "OLD TABLE AS old_rows"),
              "upd": (upsert.format(rows=f"{plus} UNION ALL {minus}"), "UPDATE",
                      "OLD TABLE AS old_rows NEW TABLE AS new_rows")}
    statements = []
    for name, (body, event, referencing) in bodies.items():
        function = f"{counter}_{name}"
        statements.append(f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                          f"BEGIN {body}; RETURN NULL; END $$")
        statements.append(f"CREATE TRIGGER trg_{function} AFTER {event} ON {table} REFERENCING {referencing} "
                          f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()")
    return statements


def upgrade():
    op.create_table(
        "household_counts",
        sa.Column("tdp_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("active", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["tdp_id"], ["tdps.id"], name=op.f("fk_household_counts_tdp_id_tdps"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tdp_id", name=op.f("pk_household_counts")),
    )
    op.create_table(
        "present_counts",
        sa.Column("round_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("present", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["election_rounds.id"], name=op.f("fk_present_counts_round_id_election_rounds"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("round_id", name=op.f("pk_present_counts")),
    )
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table, counter, key, value, where in COUNTERS:
        op.execute(f"INSERT INTO {counter} ({key}, {value}) SELECT {key}, count(*) FROM {table} WHERE {where} "
                   f"GROUP BY {key}")
        for statement in (_postgresql_triggers if postgresql else _sqlite_triggers)(table, counter, key, value, where):
            op.execute(statement)
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
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table, counter, _key, _value, _where in COUNTERS:
        for name in ("ins", "del", "upd"):
            if postgresql:
                op.execute(f"DROP TRIGGER IF EXISTS trg_{counter}_{name} ON {table}")
                op.execute(f"DROP FUNCTION IF EXISTS {counter}_{name}()")
            else:
                op.execute(f"DROP TRIGGER IF EXISTS trg_{counter}_{name}")
        op.drop_table(counter)
    with op.batch_alter_table("print_jobs") as batch:
        batch.drop_index(batch.f("ix_print_jobs_status"))
        for name in reversed(JOB_COLUMNS):
            batch.drop_column(name)
