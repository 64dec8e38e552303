"""The PostgreSQL functions and triggers that keep the dashboard's counters (app/dashboard/models.py), as the
migration 0021_jobs creates them: restore checks a dump's copies against these (app/ops/checks.py), and
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


def postgresql_objects() -> dict[tuple[str, str], str]:
    """(kind, name as pg_restore --list names it) → the CREATE statement, whitespace-normalised."""
    found: dict[tuple[str, str], str] = {}
    for counter in COUNTERS:
        found.update(_postgresql(*counter))
    return found


def normalise(statement: str, schema: str | None = None) -> str:
    """Whitespace folded and the schema qualifier pg_dump writes (`public.households`) dropped."""
    text = re.sub(r"\s+", " ", statement).strip()
    if schema:
        text = text.replace(f"{schema}.", "")
    return text
