"""Benchmark (PostgreSQL only): what each cost of writing a roll is worth to the database, by turning it off.

Run as ``.venv/bin/python bench/roll_write_costs.py postgresql://postgres@127.0.0.1:5432/test [--rows 100000]
[--reps 3]``. A throwaway schema gets the real tables (``flask db upgrade``) and a ward of 200 TDPs. Each rep
writes ``--rows`` new persons and as many households the way the import does (ids drawn from the sequence, then
binary ``COPY`` of each table) once per variant, in turn, each in a transaction that is rolled back: as migrated;
without one foreign key, without all three that a new household fires (persons → tdps, households → tdps,
households → persons); without the dashboard's counter trigger; without the (tdp_id, search_name) index; and with
one composite key (tdp_id, representative_id) → persons (tdp_id, id) in place of the households' two (it implies
both, and adds that the representative lives in the household's TDP). The DDL of a variant runs inside its own
rolled-back transaction, on the throwaway schema only (then VACUUM, so each variant meets the same tables):
this is an experiment, never something the import does.

Measured: the CPU of the PostgreSQL backend (``/proc/<pid>/stat``: the server must run on this machine), which
moves far less with the load than wall time; the medians per variant, and the load average.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import uuid
from datetime import date
from pathlib import Path

# Run as a script, sys.path[0] is bench/; the repository root must come first.
sys.path[0] = str(Path(__file__).resolve().parents[1])

import psycopg  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from app import create_app  # noqa: E402

_COMPOSITE = ["ALTER TABLE persons ADD CONSTRAINT uq_bench_persons_tdp_id_id UNIQUE (tdp_id, id)",
              "ALTER TABLE households DROP CONSTRAINT {households_tdp}",
              "ALTER TABLE households DROP CONSTRAINT {households_rep}",
              "ALTER TABLE households ADD CONSTRAINT fk_bench_households_rep FOREIGN KEY (tdp_id, representative_id) "
              "REFERENCES persons (tdp_id, id) ON UPDATE CASCADE"]
VARIANTS = {
    "as migrated": [],
    "without persons.tdp_id → tdps": ["ALTER TABLE persons DROP CONSTRAINT {persons_tdp}"],
    "without households.tdp_id → tdps": ["ALTER TABLE households DROP CONSTRAINT {households_tdp}"],
    "without households.representative_id → persons": ["ALTER TABLE households DROP CONSTRAINT {households_rep}"],
    "without those three foreign keys": ["ALTER TABLE persons DROP CONSTRAINT {persons_tdp}",
                                         "ALTER TABLE households DROP CONSTRAINT {households_tdp}",
                                         "ALTER TABLE households DROP CONSTRAINT {households_rep}"],
    "without the household counter trigger": ["DROP TRIGGER trg_household_counts_ins ON households"],
    "without ix_persons_tdp_search": ["DROP INDEX ix_persons_tdp_search"],
    "composite (tdp_id, representative_id) key": _COMPOSITE,
}


#: Drawing the new persons' ids: the sequence named once (the import since issue 15), or looked up on every row.
_ID_QUERIES = {
    "sequence looked up once": "SELECT nextval('persons_id_seq'::regclass) FROM generate_series(1, %s)",
    "pg_get_serial_sequence() on every row": "SELECT nextval(pg_get_serial_sequence('persons', 'id')) "
                                             "FROM generate_series(1, %s)",
}


def _backend_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _foreign_keys(cursor) -> dict[str, str]:
    cursor.execute("SELECT conname, conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint "
                   "WHERE contype = 'f' AND conrelid::regclass::text IN ('persons', 'households')")
    names = {}
    for name, table, definition in cursor.fetchall():
        if "(tdp_id) REFERENCES tdps" in definition:
            names[f"{table}_tdp"] = name
        elif table == "households" and "(representative_id) REFERENCES persons" in definition:
            names["households_rep"] = name
    return names


def _write(cursor, people: list[tuple], pid: int) -> float:
    """The import's writes: ids from the sequence, COPY persons, COPY households. The backend's CPU."""
    start = _backend_cpu(pid)
    cursor.execute("SELECT pg_get_serial_sequence('persons', 'id')")
    (sequence,) = cursor.fetchone()
    cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", (sequence, len(people)))
    ids = [i for (i,) in cursor.fetchall()]
    with cursor.copy("COPY persons (id, tdp_id, full_name, search_name, birth_date, birth_year, gender) "
                     "FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types(["int4", "int4", "text", "text", "date", "int4", "text"])
        for person_id, row in zip(ids, people, strict=True):
            copy.write_row((person_id, *row))
    with cursor.copy("COPY households (tdp_id, code, address, sub_group, representative_id, status) "
                     "FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types(["int4", "text", "text", "text", "int4", "text"])
        for n, (person_id, row) in enumerate(zip(ids, people, strict=True)):
            copy.write_row((row[0], f"{n:07d}", f"Số {n % 300}, ngõ {n % 40}", f"LG{n % 9}", person_id, "active"))
    return _backend_cpu(pid) - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    url = args.url.replace("postgresql://", "postgresql+psycopg://", 1)
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=url,
                         SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"options": f"-csearch_path={schema}"}})
        with app.app_context():
            upgrade()
        run(args.url, schema, args.rows, args.reps)
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def run(url: str, schema: str, rows: int, reps: int) -> None:
    with psycopg.connect(url, options=f"-csearch_path={schema}") as conn, conn.cursor() as cursor:
        cursor.execute("INSERT INTO wards (name, province, district) VALUES ('Phường Đo', '', '') RETURNING id")
        (ward,) = cursor.fetchone()
        cursor.execute("INSERT INTO tdps (ward_id, number, name, party_cell_name, front_committee_name) "
                       "SELECT %s, g, 'Tổ ' || g, '', '' FROM generate_series(1, 200) g RETURNING id", (ward,))
        tdps = [i for (i,) in cursor.fetchall()]
        conn.commit()
        names = _foreign_keys(cursor)
        conn.commit()
        rng, words = random.Random(1), ["nguyễn", "văn", "an", "thị", "bình", "trần", "lê", "hoa", "minh", "đức"]
        people = []
        for n in range(rows):
            name = " ".join(rng.choice(words) for _ in range(3))
            people.append((tdps[n * len(tdps) // rows], name.title(), name, date(1960, 1, 1), 1960, "male"))
        pid = conn.info.backend_pid
        cpu: dict[str, list[float]] = {v: [] for v in VARIANTS}
        ids: dict[str, list[float]] = {label: [] for label in _ID_QUERIES}
        for rep in range(reps):
            order = list(VARIANTS) if rep % 2 == 0 else list(reversed(VARIANTS))
            for variant in order:
                for statement in VARIANTS[variant]:
                    cursor.execute(statement.format(**names))
                cpu[variant].append(_write(cursor, people, pid))
                conn.rollback()
                conn.autocommit = True  # the rolled-back rows' dead tuples go, so every variant meets the same tables
                cursor.execute("VACUUM persons, households")
                conn.autocommit = False
            print(f"rep {rep + 1}: " + ", ".join(f"{v} {cpu[v][-1]:.2f} s" for v in VARIANTS), flush=True)
            for label, sql in _ID_QUERIES.items():
                start = _backend_cpu(pid)
                cursor.execute(sql, (rows,))
                cursor.fetchall()
                ids[label].append(_backend_cpu(pid) - start)
            conn.rollback()
    load = " ".join(open("/proc/loadavg").read().split()[:3])
    base = statistics.median(cpu["as migrated"])
    print(f"database CPU for {rows:,} new persons and households, medians of {reps} reps (load {load}):")
    for variant, times in cpu.items():
        median = statistics.median(times)
        print(f"  {variant:48s} {median:.2f} s  ×{median / base:.2f}")
    for label, times in ids.items():
        print(f"  drawing {rows:,} ids, {label}: {statistics.median(times):.2f} s")


if __name__ == "__main__":
    main()
