"""Measurement: does any printed stack of a whole ward follow its serials or the stored rows?

Loads the demo ward (38 TDPs, 8,233 households) into a scratch SQLite database, runs the whole-ward print
job (leader and deputy ballots, electorate + 10%), reads every page of every PDF in the ZIP back with
pdftotext, and prints Spearman's rank correlation between page position and: the serial as text, the serial
as a base32 number, and the serial's row id. For each: the largest |rho| of a run against that run's bound
5/sqrt(n - 1), and the pooled z over all runs (Stouffer; ~N(0, 1) when the order is independent). The
baseline line is the order printed before issue 10 (stored order, i.e. by row id), computed from the same
rows.

    .venv/bin/python bench/secrecy.py
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)


def main() -> None:
    from flask_migrate import upgrade
    from sqlalchemy import select

    from app import create_app
    from app.auth.models import Duty, User, UserDuty
    from app.demo.services import load_demo
    from app.elections.models import Election
    from app.extensions import db
    from app.printing import jobs
    from app.printing.models import BallotSerial
    from tests.printing.ranks import bound, order_report, page_serials, spearman, stouffer

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app("development", SQLALCHEMY_DATABASE_URI=f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        app.instance_path = tmp
        with app.app_context():
            upgrade()
            summary = load_demo()
            db.session.commit()
            admin = db.session.scalar(select(User).join(UserDuty).where(UserDuty.duty == Duty.WARD_ADMIN).limit(1))
            election = db.session.scalar(select(Election).where(Election.ward_id == summary.ward_id))
            started = time.perf_counter()
            job = jobs.start_ward_job(admin, election, background=False)
            db.session.refresh(job)
            took = time.perf_counter() - started
            if job.status != "done":
                raise SystemExit(f"print job failed: {job.message}")
            archive = zipfile.ZipFile(io.BytesIO((jobs.jobs_dir(app) / job.result_file).read_bytes()))
            rows = db.session.execute(select(BallotSerial.serial, BallotSerial.id, BallotSerial.run_id)).all()
            row_id = {serial: id_ for serial, id_, _ in rows}
            runs: dict[str, list[tuple[float, int]]] = {"serial_text": [], "serial_number": [], "row_id": []}
            worst: dict[str, float] = dict.fromkeys(runs, 0.0)
            baseline: list[tuple[float, int]] = []
            pages = 0
            for name in archive.namelist():
                order = page_serials(archive.read(name))
                pages += len(order)
                for key, rho in order_report(order, row_id).items():
                    runs[key].append((rho, len(order)))
                    worst[key] = max(worst[key], abs(rho) / bound(len(order)))
                stored = sorted(order, key=row_id.__getitem__)  # what was printed before: stored order
                baseline.append((spearman(range(len(stored)), stored), len(stored)))
            db.engine.dispose()
    print(f"demo ward: {summary.tdps} TDPs, {summary.households} households; {len(archive.namelist())} PDFs, "
          f"{pages} pages (every row printed once: {pages == len(row_id)}); print job {took:.1f} s")
    print(f"{'page position vs':<18} {'min rho':>8} {'max rho':>8} {'max |rho|/bound':>16} {'pooled z':>9}")
    for key, values in runs.items():
        rhos = [rho for rho, _ in values]
        print(f"{key:<18} {min(rhos):>8.3f} {max(rhos):>8.3f} {worst[key]:>16.2f} {stouffer(values):>9.2f}")
    rhos = [rho for rho, _ in baseline]
    print(f"{'before (by row id)':<18} {min(rhos):>8.3f} {max(rhos):>8.3f} {'':>16} {stouffer(baseline):>9.2f}")
    print("bound per run: |rho| < 5/sqrt(n - 1); pooled z ~ N(0, 1) when the order is independent")


if __name__ == "__main__":
    main()
