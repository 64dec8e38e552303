"""The PostgreSQL functions and triggers that keep the dashboard's counters (app/dashboard/models.py), as the
migrations 0021_jobs and 0027_dashcounters create them: restore checks a dump's copies against these (app/ops/checks.py), and
tests/dashboard/test_counters.py checks the migrated database against them. Plain strings, no app imports."""

from __future__ import annotations

import re

#: (counted table, counter table, key column, counter column, the condition a counted row meets)
COUNTERS = (("households", "household_counts", "tdp_id", "active", "status = 'active'"),
            ("attendances", "present_counts", "round_id", "present", "undone_at IS NULL"))


def _postgresql(table, counter, key, value, where) -> dict[tuple[str, str], str]:
    upsert = (f"INSERT INTO {counter} AS c ({key}, {value}) SELECT {key}, sum(d) FROM ({{rows}}) AS x "
              f"GROUP BY {key} HAVING sum(d) <> 0 ORDER BY {key} "
              f"ON CONFLICT ({key}) DO UPDATE SET {value} = c.{value} + EXCLUDED.{value}")
    plus = f"SELECT {key}, 1 AS d FROM new_rows WHERE {where}"
    minus = f"SELECT {key}, -1 AS d FROM old_rows WHERE {where}"
    bodies = {"ins": (upsert.format(rows=plus), "INSERT", "NEW TABLE AS new_rows"),
              "del": (f"UPDATE {counter} AS c SET {value} = c.{value} - x.n FROM (SELECT {key}, count(*) AS n "
                      f"FROM old_rows WHERE {where} GROUP BY {key}) AS x WHERE c.{key} = x.{key}",
                      "DELETE", "OLD TABLE AS old_rows"),
              "upd": (upsert.format(rows=f"{plus} UNION ALL {minus}"), "UPDATE",
                      "OLD TABLE AS old_rows NEW TABLE AS new_rows")}
    found = {}
    for name, (body, event, referencing) in bodies.items():
        function = f"{counter}_{name}"
        found[("FUNCTION", f"{function}()")] = (f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql "
                                                f"AS $$ BEGIN {body}; RETURN NULL; END $$;")
        found[("TRIGGER", f"trg_{function}")] = (f"CREATE TRIGGER trg_{function} AFTER {event} ON {table} "
                                                 f"REFERENCING {referencing} FOR EACH STATEMENT "
                                                 f"EXECUTE FUNCTION {function}();")
    return found


#: What a TDP's summary row (tdp_summaries) rests on: (table, its key column, the (election_id, tdp_id) a row
#: names, as SQL with {row} for NEW or OLD, and the condition under which a new row makes the TDP one that needs
#: a summary, or None when it never does: a change there only marks an existing summary stale).
SUMMARY_SOURCES = (
    ("election_rounds", "id", "SELECT {row}.election_id AS election_id, {row}.tdp_id AS tdp_id", "NEW.number > 1"),
    ("contests", "id", "SELECT election_id, tdp_id FROM election_rounds WHERE id = {row}.round_id", None),
    ("contest_tallies", "contest_id", "SELECT r.election_id, r.tdp_id FROM contests AS c JOIN election_rounds AS r "
     "ON r.id = c.round_id WHERE c.id = {row}.contest_id", "NEW.status = 'final'"),
    ("results_packages", "id", "SELECT election_id, tdp_id FROM election_rounds WHERE id = {row}.round_id", "TRUE"),
    ("rerun_reasons", "round_id", "SELECT election_id, tdp_id FROM election_rounds WHERE id = {row}.round_id", "TRUE"),
    ("recognitions", "id", "SELECT {row}.election_id AS election_id, {row}.tdp_id AS tdp_id", "TRUE"),
    ("present_counts", "round_id", "SELECT election_id, tdp_id FROM election_rounds WHERE id = {row}.round_id", None),
)
#: Tables whose UPDATE trigger fires only when these columns are set: every ballot entered updates its count's
#: row (papers laid, counters), which no summary reads, and must not pay for a trigger (issue 15's save path).
SUMMARY_UPDATE_OF = {"contest_tallies": ("status", "result", "contest_id")}


def summary_event(table: str, event: str) -> str:
    """The trigger's event: `UPDATE OF col, …` where SUMMARY_UPDATE_OF names the columns, else the event."""
    columns = SUMMARY_UPDATE_OF.get(table) if event == "UPDATE" else None
    return f"UPDATE OF {', '.join(columns)}" if columns else event


def summary_bodies(table: str, key: str, source: str, make: str | None, postgresql: bool) -> dict[str, str]:
    """Per event (INSERT, UPDATE, DELETE), the statements that raise the stamp of the summaries a row names
    (creating the summary when `make` holds for a new row). Row-level: these tables change a row at a time."""
    def bump(row: str, when: str = "TRUE") -> str:
        return (f"UPDATE tdp_summaries SET stamp = stamp + 1 WHERE {when} "
                f"AND (election_id, tdp_id) IN ({source.format(row=row)});")

    target, stamp = ("tdp_summaries AS s", "s.stamp") if postgresql else ("tdp_summaries", "stamp")
    new = bump("NEW") if make is None else (
        f"INSERT INTO {target} (election_id, tdp_id, stamp) SELECT x.election_id, x.tdp_id, 1 "
        f"FROM ({source.format(row='NEW')}) AS x WHERE {make} "
        f"ON CONFLICT (election_id, tdp_id) DO UPDATE SET stamp = {stamp} + 1; " + bump("NEW", f"NOT ({make})"))
    return {"INSERT": new, "UPDATE": f"{bump('OLD', f'OLD.{key} IS DISTINCT FROM NEW.{key}')} {new}",
            "DELETE": bump("OLD")}


def summary_objects() -> dict[tuple[str, str], str]:
    """The PostgreSQL functions and triggers behind tdp_summaries (app/dashboard/models.py)."""
    found = {}
    for table, key, source, make in SUMMARY_SOURCES:
        for event, body in summary_bodies(table, key, source, make, postgresql=True).items():
            function = f"summary_{table}_{event.lower()[:3]}"
            found[("FUNCTION", f"{function}()")] = (f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql "
                                                    f"AS $$ BEGIN {body} RETURN NULL; END $$;")
            found[("TRIGGER", f"trg_{function}")] = (f"CREATE TRIGGER trg_{function} AFTER "
                                                     f"{summary_event(table, event)} ON {table} "
                                                     f"FOR EACH ROW EXECUTE FUNCTION {function}();")
    return found


def postgresql_objects() -> dict[tuple[str, str], str]:
    """(kind, name as pg_restore --list names it) → the CREATE statement, whitespace-normalised."""
    found: dict[tuple[str, str], str] = {}
    for counter in COUNTERS:
        found.update(_postgresql(*counter))
    found.update(summary_objects())
    return found


def normalise(statement: str, schema: str | None = None) -> str:
    """Whitespace folded and the schema qualifier pg_dump writes (`public.households`) dropped."""
    text = re.sub(r"\s+", " ", statement).strip()
    if schema:
        text = text.replace(f"{schema}.", "")
    return text
