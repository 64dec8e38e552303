"""Benchmark (PostgreSQL only): the database's CPU for inserting 100,000 persons and 100,000 households with and
without the single-column ``tdp_id`` indexes that migration 0026_rollindexes drops.

Run as ``.venv/bin/python bench/roll_indexes.py postgresql://postgres@127.0.0.1:5432/test [REPS]``. A throwaway
schema holds the roll tables' columns, keys and constraints that the insert pays for (every foreign key, the
unique (tdp_id, code), the unique representative, the (tdp_id, search_name) index); each rep truncates them
and inserts with ``INSERT … SELECT`` in one transaction, with and without the two indexes, in alternating order.
Measured: the CPU of the PostgreSQL backend serving the connection (``/proc/<pid>/stat``, so the server must run
on this machine), which on a shared machine moves far less than wall time.
"""

from __future__ import annotations

import os
import statistics
import sys

import psycopg

SCHEMA = """CREATE TABLE tdps (id serial PRIMARY KEY, n int);
INSERT INTO tdps (n) SELECT g FROM generate_series(1, 200) g;
CREATE TABLE persons (id serial PRIMARY KEY, tdp_id int NOT NULL REFERENCES tdps ON DELETE CASCADE,
  full_name varchar(120) NOT NULL, search_name varchar(120) NOT NULL, birth_year int);
CREATE INDEX ix_persons_tdp_search ON persons (tdp_id, search_name);
CREATE TABLE households (id serial PRIMARY KEY, tdp_id int NOT NULL REFERENCES tdps ON DELETE CASCADE,
  code varchar(40) NOT NULL, address varchar(255) NOT NULL,
  representative_id int NOT NULL UNIQUE REFERENCES persons ON DELETE RESTRICT, UNIQUE (tdp_id, code))"""


def main() -> None:
    url, reps = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 6
    conn = psycopg.connect(url, autocommit=True)
    cursor = conn.cursor()
    stat, tick = f"/proc/{conn.info.backend_pid}/stat", os.sysconf("SC_CLK_TCK")

    def backend_cpu() -> float:
        with open(stat) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick

    cursor.execute("DROP SCHEMA IF EXISTS bench_roll_indexes CASCADE")
    cursor.execute("CREATE SCHEMA bench_roll_indexes")
    cursor.execute("SET search_path = bench_roll_indexes")
    try:
        cursor.execute(SCHEMA)
        times: dict[bool, list[float]] = {True: [], False: []}
        for rep in range(reps):
            for with_indexes in (True, False) if rep % 2 else (False, True):
                cursor.execute("TRUNCATE households, persons RESTART IDENTITY")
                cursor.execute("DROP INDEX IF EXISTS ix_persons_tdp_id")
                cursor.execute("DROP INDEX IF EXISTS ix_households_tdp_id")
                if with_indexes:
                    cursor.execute("CREATE INDEX ix_persons_tdp_id ON persons (tdp_id)")
                    cursor.execute("CREATE INDEX ix_households_tdp_id ON households (tdp_id)")
                start = backend_cpu()
                with conn.transaction():
                    cursor.execute("INSERT INTO persons (tdp_id, full_name, search_name, birth_year) "
                                   "SELECT 1 + g % 200, 'Nguyễn Văn ' || g, 'nguyen van ' || g, 1950 + g % 50 "
                                   "FROM generate_series(1, 100000) g")
                    cursor.execute("INSERT INTO households (tdp_id, code, address, representative_id) "
                                   "SELECT 1 + g % 200, lpad(g::text, 6, '0'), 'Số ' || g, g "
                                   "FROM generate_series(1, 100000) g")
                times[with_indexes].append(backend_cpu() - start)
                print(f"rep {rep + 1} {'with' if with_indexes else 'without'} the tdp_id indexes: backend CPU "
                      f"{times[with_indexes][-1]:.2f} s", flush=True)
    finally:
        cursor.execute("DROP SCHEMA bench_roll_indexes CASCADE")
    with_, without = statistics.median(times[True]), statistics.median(times[False])
    load = " ".join(open("/proc/loadavg").read().split()[:3])
    print(f"median backend CPU with {with_:.2f} s, without {without:.2f} s (load {load}); per rep "
          + ", ".join(f"×{a / b:.2f}" for a, b in zip(times[True], times[False], strict=True)))
    print(f"index_cpu_ratio={with_ / without:.2f}")


if __name__ == "__main__":
    main()
