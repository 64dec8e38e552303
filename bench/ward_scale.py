"""Benchmark: a merged ward of 200 TDPs and ~40,000 households against the 38-TDP demo, in the same run.

Loads today's demo ward twice into fresh SQLite files (the ward laptop's database): the default 38 TDPs /
8,233 households and `--tdps` (200) TDPs / 40,000 households, and times, for each: the demo load, the ward
admin's pages over the test client (median of `--repeat` after a warm-up, with the number of SQL
statements each costs), and the whole-ward print job (every TDP's ballots rendered on every core and zipped).
Prints each figure for both wards and the ratio big/small; the households ratio is the linear yardstick.

    .venv/bin/python bench/ward_scale.py [--tdps 200] [--repeat 5] [--skip-print]

The last two lines are exactly `dashboard_s=<seconds>` and `print_job_s=<seconds>` for the big ward.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

#: The pages a ward admin opens: dashboard, plan, overview, reports, printing and counting overviews.
PAGES = ["/dashboard/", "/", "/plan/", "/plan/all", "/reports/", "/reports/results.pdf", "/ballots/", "/count/",
         "/results/", "/candidates/"]
#: A fixed "today" so every run builds the same wards.
TODAY = date(2026, 12, 1)


def measure(tdps: int, repeat: int, print_job: bool) -> dict[str, float | int]:
    from flask_migrate import upgrade
    from sqlalchemy import event, select

    from app import create_app
    from app.auth.models import User
    from app.demo.services import load_demo
    from app.elections.models import Election
    from app.extensions import db
    from app.printing import jobs
    from app.printing.models import PrintRun

    figures: dict[str, float | int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{Path(tmp) / 'ward.sqlite3'}")
        app.instance_path = tmp
        with app.app_context():
            upgrade()
            started = time.perf_counter()
            summary = load_demo(TODAY, tdps)
            db.session.commit()
            figures["load_s"] = time.perf_counter() - started
            figures["tdps"], figures["households"] = summary.tdps, summary.households
            statements = [0]
            event.listen(db.engine, "before_cursor_execute", lambda *_: statements.__setitem__(0, statements[0] + 1))
            client = app.test_client()
            client.post("/login", data={"username": "admin", "password": "ngocthuy-admin"})
            for path in PAGES:
                runs = []
                for i in range(repeat + 1):
                    db.session.remove()
                    gc.collect()
                    statements[0] = 0
                    begin = time.perf_counter()
                    response = client.get(path)
                    if i:
                        runs.append(time.perf_counter() - begin)
                    if response.status_code != 200:
                        raise SystemExit(f"{path}: HTTP {response.status_code}")
                figures[f"{path} s"] = statistics.median(runs)
                figures[f"{path} queries"] = statements[0]
            if print_job:
                admin = db.session.scalar(select(User).where(User.username == "admin"))
                election = db.session.scalar(select(Election).where(Election.ward_id == summary.ward_id))
                begin = time.perf_counter()
                job = jobs.start_ward_job(admin, election, background=False)
                figures["print_job_s"] = time.perf_counter() - begin
                db.session.refresh(job)
                if job.status != "done":
                    raise SystemExit(f"print job failed: {job.message}")
                figures["ballots_printed"] = sum(db.session.scalars(select(PrintRun.quantity)))
            db.engine.dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tdps", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-print", action="store_true", help="leave out the whole-ward print job")
    args = parser.parse_args()
    from app.demo.data import TDP_COUNT

    small = measure(TDP_COUNT, args.repeat, not args.skip_print)
    big = measure(args.tdps, args.repeat, not args.skip_print)
    print(f"{'figure':<32} {TDP_COUNT:>10} {args.tdps:>10} {'ratio':>7}")
    for key in small:
        a, b = small[key], big[key]
        ratio = f"{b / a:7.2f}" if a else "      –"
        shown = (f"{a:10.3f} {b:10.3f}" if isinstance(a, float) else f"{a:10d} {b:10d}")
        print(f"{key:<32} {shown} {ratio}")
    print(f"linear yardstick: households ×{big['households'] / small['households']:.2f}, "
          f"TDPs ×{big['tdps'] / small['tdps']:.2f}")
    print(f"dashboard_s={big['/dashboard/ s']:.3f}")
    if "print_job_s" in big:
        print(f"print_job_s={big['print_job_s']:.1f}")


if __name__ == "__main__":
    main()
