"""Benchmark: a merged ward of 200 TDPs creates its election and sets every TDP's schedule.

Run as ``.venv/bin/python bench/election_schedule.py`` (``--tdps 150``). Times, on a fresh SQLite file:
creating the election (200 rounds and the plan), previewing and applying a 200-row paste (with the plan's
deadlines recomputed), the schedule page, and a save of the whole bulk table through the view.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from datetime import date
from datetime import time as clock
from pathlib import Path

# Run as a script, sys.path[0] is bench/; the repository root must come first.
sys.path[0] = str(Path(__file__).resolve().parents[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tdps", type=int, default=200)
    tdps = parser.parse_args().tdps
    from flask_migrate import upgrade

    from app import create_app
    from app.auth.models import Duty
    from app.auth.services import create_user
    from app.elections import schedule
    from app.elections.services import NewElection, create_election
    from app.extensions import db
    from app.wards.models import Tdp, Ward

    folder = tempfile.mkdtemp()
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/bench.sqlite3")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    with app.app_context():
        upgrade()
        ward = Ward(name="Phường Bench", province="Hà Nội")
        db.session.add(ward)
        db.session.flush()
        db.session.add_all([Tdp(ward_id=ward.id, number=n, name=f"Tổ dân phố số {n}") for n in range(1, tdps + 1)])
        admin = create_user(None, username="bench", password="bench-password-1", duties=[Duty.WARD_ADMIN],
                            ward_id=ward.id)
        db.session.commit()

        def timed(label, fn):
            start = time.perf_counter()
            result = fn()
            print(f"{label}: {time.perf_counter() - start:.2f} s")
            return result

        def create():
            e = create_election(admin, ward, NewElection("nd-59-2023", date(2027, 3, 14), clock(8, 0),
                                                         plan_template="nd-59-2023"))
            db.session.commit()
            return e

        election = timed(f"create the election ({tdps} rounds, plan)", create)
        text = "\n".join(f"{n}\t{14 + n % 14:02d}/03/2027\t19:30\tNhà văn hóa tổ {n}" for n in range(1, tdps + 1))
        preview = timed(f"preview a {tdps}-row paste",
                        lambda: schedule.check_rows(election, schedule.rows_from_text(text)[0]))
        timed(f"apply it ({len(preview.effective)} rounds, plan recomputed)",
              lambda: (schedule.apply_schedule(admin, election, preview), db.session.commit()))
        client = app.test_client()
        client.post("/login", data={"username": "bench", "password": "bench-password-1"})
        timed("GET the schedule page", lambda: client.get(f"/elections/{election.id}/schedule"))
        form = {}
        for r in schedule.first_rounds(election):
            form.update({f"date-{r.id}": "21/03/2027", f"time-{r.id}": "08:00", f"place-{r.id}": r.place})
        status = timed("POST the whole table", lambda: client.post(f"/elections/{election.id}/schedule",
                                                                    data=form).status_code)
        assert status == 302, status


if __name__ == "__main__":
    main()
