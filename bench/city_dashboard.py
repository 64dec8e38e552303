"""Benchmark: the ward dashboard and the results report for a whole city on PostgreSQL.

Generates 2,000 TDPs in 50 wards with 1,000,000 households, attendance, locked results, imported packages,
recognitions and re-runs (COPY for the big tables) in a scratch schema that is dropped afterwards, then
times: the dashboard over all 2,000 TDPs (the aggregate queries and the row logic), one ward's dashboard and
report data inside the city, the report files, and one ward's dashboard page over HTTP. Also a 38-TDP,
8,233-household ward on SQLite (the demo's size), where the page must load in under 300 ms.

    .venv/bin/python bench/city_dashboard.py [--quick | --tdps 20000] [--counted] [--schema NAME] [--postgres URL]

By default the city is on election day (every TDP signed in, no count locked). The city dashboard is every
ward's headline counters and the first page of TDP rows (app/dashboard/city.py); it is timed before VACUUM (as
a day of sign-ins leaves the tables) and after, each against building every TDP's row as the dashboard did
before (same run), and checked against it (the same counters, the same rows). `--schema NAME` keeps the
generated city for the next runs. Target: dashboard_s < 1 (the slower of the two).
The last line is exactly `dashboard_s=<seconds>` (the city-wide dashboard).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)
sys.path.insert(1, str(ROOT / "bench"))

import sqlalchemy as sa  # noqa: E402
from city_data import City, analyze, build_city, never_vacuumed, vacuum  # noqa: E402

from app.dashboard.city import PAGE_SIZE  # noqa: E402

DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"


def timed(fn, repeat: int) -> float:
    """The median of `repeat` runs after one warm-up, in seconds."""
    fn()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def _psycopg(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def make_app(url: str, options: dict):
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, SQLALCHEMY_ENGINE_OPTIONS=options)
    with app.app_context():
        upgrade()
        db.session.remove()
    return app


def _counters(c) -> tuple:
    return (c.tdps, c.elected, c.present, c.electorate, c.reruns, c.rule_breach_reruns, c.recognised, c.complete,
            [r.id for r in c.awaiting])


def _counted(ward_ids: list[int]) -> set[int]:
    """The TDPs the city dashboard builds row by row (a result, a re-run, a recognition)."""
    from app.dashboard import queries
    from app.dashboard.city import _counted_query

    elections = [e.id for e in queries.latest_elections(ward_ids).values()]
    return set(queries._execute(_counted_query(elections)).scalars())


def existing_city(conn) -> City | None:
    """The city a kept schema (--schema) already holds, or None when it is empty."""
    ward_ids = list(conn.scalars(sa.text("SELECT id FROM wards ORDER BY id")))
    if not ward_ids:
        return None
    count = lambda table: conn.scalar(sa.text(f"SELECT count(*) FROM {table}"))  # noqa: E731
    return City(ward_ids, count("tdps"), count("households"), count("attendances"),
                count("contest_tallies") + count("results_packages"))


def measure(app, wards: int, tdps: int, households: int, repeat: int, election_day: bool = False) -> dict:
    """Generate the city in `app`'s database and time everything; returns the figures in seconds."""
    from app.auth.models import Duty
    from app.auth.services import create_user
    from app.dashboard.city import city_dashboard
    from app.dashboard.services import build
    from app.dashboard.views import today
    from app.extensions import db
    from app.papers.settings import paper_settings
    from app.reports.queries import from_dashboard, ward_report
    from app.reports.report_pdf import render_report
    from app.reports.report_xlsx import report_xlsx
    from app.wards.models import Ward

    with app.app_context():
        start = time.perf_counter()
        city = existing_city(db.session.connection())
        if city is None:
            city = build_city(db.session.connection(), wards, tdps, households, election_day=election_day)
            create_user(None, username="bench-admin", password="bench-password", duties=[Duty.WARD_ADMIN],
                        ward_id=city.ward_ids[0])
        db.session.commit()
        fresh = never_vacuumed(db.engine)
        analyze(db.engine)
        figures = {"generate": time.perf_counter() - start, "attendances": city.attendances, "results": city.results,
                   "fresh": fresh}
        board = build(city.ward_ids)
        assert len(board.rows) == tdps, len(board.rows)
        page = city_dashboard(city.ward_ids)
        # The city's counters are every ward dashboard's added up, and its page holds their rows.
        assert _counters(page.counters) == _counters(board.counters), (page.counters, board.counters)
        assert page.rows == board.rows[:len(page.rows)] and page.matching == tdps
        # Before VACUUM: the tables as a day of sign-ins leaves them (statistics, as autovacuum's ANALYZE keeps
        # them, but no visibility map yet; only while the kept city was never vacuumed), then after it. Against building every TDP's row, as the dashboard did before.
        figures["dashboard_fresh"] = timed(lambda: city_dashboard(city.ward_ids), repeat)
        figures["every_row_fresh"] = timed(lambda: build(city.ward_ids), repeat)
        vacuum(db.engine)
        figures["every_row"] = timed(lambda: build(city.ward_ids), repeat)
        figures["city_elected"] = f"{board.counters.elected}/{board.counters.tdps}"
        figures["dashboard"] = timed(lambda: city_dashboard(city.ward_ids), repeat)
        figures["dashboard_search"] = timed(lambda: city_dashboard(city.ward_ids, search="Tổ dân phố số 17",
                                                                   page=3), repeat)
        figures["counted_tdps"] = len(_counted(city.ward_ids))
        figures["ward_dashboard"] = timed(lambda: build(city.ward_ids[:1]), repeat)
        figures["ward_report"] = timed(lambda: ward_report(city.ward_ids[0], 5), repeat)
        report = ward_report(city.ward_ids[0], 5)
        papers = paper_settings(report.ward)
        figures["ward_report_pdf"] = timed(lambda: render_report(report, today(), papers), max(1, repeat // 2))
        city_report = from_dashboard(db.session.get(Ward, city.ward_ids[0]), board)
        figures["city_report_xlsx"] = timed(lambda: report_xlsx(city_report), max(1, repeat // 2))
        client = app.test_client()
        client.post("/login", data={"username": "bench-admin", "password": "bench-password"})
        assert client.get("/dashboard/").status_code == 200
        figures["ward_page"] = timed(lambda: client.get("/dashboard/"), repeat)
        db.session.remove()
    return figures


def postgres(url: str, wards: int, tdps: int, households: int, repeat: int, election_day: bool = False,
             keep: str | None = None) -> dict:
    """In a scratch schema dropped afterwards, or in `keep`: generated on the first run, reused and kept after."""
    schema = keep or f"bench_city_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(_psycopg(url))
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    try:
        app = make_app(_psycopg(url), {"connect_args": {"options": f"-csearch_path={schema}"}})
        figures = measure(app, wards, tdps, households, repeat, election_day)
        with app.app_context():
            from app.extensions import db

            db.engine.dispose()
        return figures
    finally:
        if not keep:
            with admin.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def sqlite_ward(repeat: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(f"sqlite:///{tmp}/ward.sqlite3", {})
        figures = measure(app, 1, 38, 8233, repeat)
        with app.app_context():
            from app.extensions import db

            db.engine.dispose()
        return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=DEFAULT_PG, help="PostgreSQL URL; a scratch schema is created and dropped")
    parser.add_argument("--quick", action="store_true", help="a small city: 100 TDPs, 20,000 households")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--schema", help="keep the city in this PostgreSQL schema: generated on the first run, reused "
                        "by the next ones (the size options must match; drop the schema yourself)")
    parser.add_argument("--tdps", type=int, help="city size: TDPs, 40 a ward, 500 households each (20000: a province "
                        "after the 2025 merges, 10M households); default 2,000 TDPs / 1M households")
    parser.add_argument("--counted", action="store_true",
                        help="the day after: most counts locked (default: election day, every round open)")
    args = parser.parse_args()
    wards, tdps, households = (4, 100, 20_000) if args.quick else (50, 2_000, 1_000_000)
    if args.tdps:
        wards, tdps, households = max(1, args.tdps // 40), args.tdps, args.tdps * 500

    ward = sqlite_ward(args.repeat)
    print("SQLite, one ward of 38 TDPs and 8,233 households (the demo's size):")
    print(f"  dashboard page over HTTP   {ward['ward_page'] * 1000:8.1f} ms   (target < 300 ms)")
    print(f"  dashboard queries + rows   {ward['ward_dashboard'] * 1000:8.1f} ms")
    print(f"  report data                {ward['ward_report'] * 1000:8.1f} ms")
    print(f"  report PDF                 {ward['ward_report_pdf'] * 1000:8.1f} ms")

    city = postgres(args.postgres, wards, tdps, households, args.repeat, election_day=not args.counted,
                    keep=args.schema)
    state = "the day after, most counts locked" if args.counted else "election day, every round open"
    print(f"PostgreSQL, {wards} wards, {tdps:,} TDPs, {households:,} households, {city['attendances']:,} sign-ins, "
          f"{city['results']:,} results, {state} (generated in {city['generate']:.1f} s; "
          f"{city['city_elected']} leaders elected):")
    fresh = "" if city["fresh"] else " (a kept city an earlier run vacuumed: not fresh)"
    print(f"  city dashboard (ward counters + first {PAGE_SIZE} TDPs), before VACUUM{fresh} "
          f"{city['dashboard_fresh'] * 1000:8.1f} ms; every TDP's row as before: {city['every_row_fresh'] * 1000:8.1f} ms "
          f"(×{city['dashboard_fresh'] / city['every_row_fresh']:.3f})")
    print(f"  city dashboard (ward counters + first {PAGE_SIZE} TDPs), after VACUUM "
          f"{city['dashboard'] * 1000:8.1f} ms; every TDP's row as before: {city['every_row'] * 1000:8.1f} ms "
          f"(×{city['dashboard'] / city['every_row']:.3f})   (target < 1000 ms)")
    print(f"  city dashboard, a search, page 3 {city['dashboard_search'] * 1000:8.1f} ms; "
          f"TDPs built row by row: {city['counted_tdps']:,} (a result, a re-run or a recognition) + the page")
    print(f"  one ward's dashboard       {city['ward_dashboard'] * 1000:8.1f} ms")
    print(f"  one ward's dashboard page  {city['ward_page'] * 1000:8.1f} ms")
    print(f"  one ward's report data     {city['ward_report'] * 1000:8.1f} ms")
    print(f"  one ward's report PDF      {city['ward_report_pdf'] * 1000:8.1f} ms")
    print(f"  city report .xlsx          {city['city_report_xlsx'] * 1000:8.1f} ms   ({tdps:,} rows)")
    print(f"ward_page_ms={ward['ward_page'] * 1000:.1f}")
    print(f"load_average={' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"dashboard_s={max(city['dashboard'], city['dashboard_fresh']):.3f}")


if __name__ == "__main__":
    main()
