"""Benchmark: the province page (/province/) and its API over HTTP, against the city dashboard data alone.

Generates a city on PostgreSQL (bench/city_data.py: wards of 40 TDPs, 500 households each, on election day:
every TDP signed in, nothing counted) in a scratch schema dropped afterwards (or kept with `--schema NAME`),
creates a province account, and times in the same run: `city_dashboard()` for every ward (what the page reads),
the page `GET /province/`, a searched and filtered later page, and `GET /api/v1/province/dashboard`. The
difference is what the page adds: the ward list, the filter, the template. Prints the load average with the
figures (the machine is shared). The last line is exactly `province_page_s=<seconds>`.

    .venv/bin/python bench/province_page.py [--tdps 2000] [--repeat 5] [--schema NAME] [--postgres URL]
"""

from __future__ import annotations

import argparse
import os
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)
sys.path.insert(1, str(ROOT / "bench"))

import sqlalchemy as sa  # noqa: E402
from city_dashboard import DEFAULT_PG, _psycopg, existing_city, make_app, timed  # noqa: E402
from city_data import analyze, build_city  # noqa: E402

PASSWORD = "bench-province-password"


def measure(app, tdps: int, repeat: int) -> dict:
    from app.auth.services import hash_password
    from app.dashboard.city import city_dashboard
    from app.extensions import db
    from app.province.services import create_province_user

    with app.app_context():
        city = existing_city(db.session.connection())
        if city is None:
            city = build_city(db.session.connection(), max(1, tdps // 40), tdps, tdps * 500, election_day=True)
        user = db.session.scalar(sa.text("SELECT id FROM users WHERE username = 'bench-province'"))
        if user is None:
            user, _ = create_province_user(None, "bench-province", "Bench")
            user.password_hash, user.must_change_password = hash_password(PASSWORD), False
        db.session.commit()
        analyze(db.engine)
        client = app.test_client()
        client.post("/login", data={"username": "bench-province", "password": PASSWORD})
        first = client.get("/province/")
        assert first.status_code == 200, first.status_code
        second_ward = city.ward_ids[len(city.ward_ids) // 2]
        filtered = f"/province/?q=T%E1%BB%95&ward={second_ward}&page=1"
        assert client.get(filtered).status_code == 200
        figures = {"tdps": city.tdps, "households": city.households, "wards": len(city.ward_ids)}
        figures["city_dashboard_s"] = timed(lambda: city_dashboard(city.ward_ids), repeat)
        figures["province_page_s"] = timed(lambda: client.get("/province/"), repeat)
        figures["province_page_page3_s"] = timed(lambda: client.get("/province/?page=3"), repeat)
        figures["province_page_filtered_s"] = timed(lambda: client.get(filtered), repeat)
        figures["province_api_s"] = timed(lambda: client.get("/api/v1/province/dashboard"), repeat)
        db.session.remove()
        db.engine.dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=DEFAULT_PG)
    parser.add_argument("--tdps", type=int, default=2000, help="TDPs, 40 a ward, 500 households each")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--schema", help="keep the city in this schema: generated on the first run, reused after")
    args = parser.parse_args()
    schema = args.schema or f"bench_province_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(_psycopg(args.postgres))
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    try:
        app = make_app(_psycopg(args.postgres), {"connect_args": {"options": f"-csearch_path={schema}"}})
        figures = measure(app, args.tdps, args.repeat)
    finally:
        if not args.schema:
            with admin.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()
    load = "/".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"PostgreSQL, {figures['wards']} wards, {figures['tdps']} TDPs, {figures['households']} households, election day; "
          f"load average {load} (2 shared cores); medians of {args.repeat}")
    for key in ("city_dashboard_s", "province_page_page3_s", "province_page_filtered_s", "province_api_s"):
        print(f"{key}={figures[key]:.3f}")
    print(f"page_over_data={figures['province_page_s'] / figures['city_dashboard_s']:.2f}")
    print(f"province_page_s={figures['province_page_s']:.3f}")


if __name__ == "__main__":
    main()
