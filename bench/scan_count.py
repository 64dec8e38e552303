"""Benchmark: what the count adds to the reader. A TDP's printed ballots, marked cleanly and scanned at 200 dpi,
are read once by the bare reader (`reader.read.read_image`, one core) and once through the app (upload into
`count_images`, SHA-256 into the audit chain, read by the batch worker, each ballot entered as pass 1 through
`enter_ballot`), on a fresh SQLite file, in the same run.

    .venv/bin/python bench/scan_count.py [--ballots 60]

The last line is `app_over_reader=<ratio>` (wall time through the app / the bare reader's
mean of a run before and a run after).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ballots", type=int, default=60)
    args = parser.parse_args()
    import cv2
    import numpy as np
    from flask_migrate import upgrade
    from sqlalchemy import func, insert, select

    from app import create_app
    from app.attendance.models import Attendance, SignInMethod
    from app.core.db import utcnow
    from app.demo.services import load_demo
    from app.elections.models import ElectionRound, Position
    from app.extensions import db
    from app.printing import services as printing
    from app.reader import batches, services
    from app.reader.models import CountImage, ImageStatus
    from app.rolls.models import Household
    from app.tally import state
    from app.tally.models import VotingMethod
    from app.wards.models import Tdp
    from reader import synthetic
    from reader.read import read_image

    cv2.setNumThreads(1)
    with tempfile.TemporaryDirectory() as folder:
        app = create_app("development", SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/bench.db",
                         READER_INPROCESS=False)
        with app.app_context():
            upgrade()
            load_demo()
            tdp = db.session.scalar(select(Tdp).order_by(Tdp.number).limit(1))
            round_ = db.session.scalar(select(ElectionRound).where(ElectionRound.tdp_id == tdp.id))
            leader = next(c for c in round_.contests if c.position is Position.LEADER)
            households = db.session.scalars(select(Household.id).where(Household.tdp_id == tdp.id)).all()
            db.session.execute(insert(Attendance.__table__), [
                {"round_id": round_.id, "household_id": h, "method": SignInMethod.CODE, "signed_in_at": utcnow()}
                for h in households])
            run = printing.create_run(None, leader, args.ballots)
            state.configure(None, leader, method=VotingMethod.SECRET_BALLOT, approvals=len(households), double_entry=False,
                            place="", board={"head": "Trưởng ban", "witnesses": ["Chứng kiến 1", "Chứng kiến 2"]})
            state.sign_zero_report(None, leader)
            db.session.commit()
            spec = printing.ballot_spec(run)
            names = len(run.definition["candidates"])
            (Path(folder) / "b.pdf").write_bytes(printing.render_run(run))
            subprocess.run(["pdftoppm", "-r", "200", "-png", f"{folder}/b.pdf", f"{folder}/p"], check=True)
            rng = np.random.default_rng(13)
            scans = []
            for page in sorted(Path(folder).glob("p-*.png")):
                marks = ("none",) + ("full",) * (names - 1)
                image = synthetic.draw_marks(cv2.imread(str(page)), spec, marks, 200, rng)
                scans.append(cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes())
            reading = services.reading_for(leader)  # the face rendered once, as the worker does

            def bare_read() -> float:
                start = time.perf_counter()
                for data in scans:
                    read_image(cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE), reading.sheets)
                return time.perf_counter() - start

            before = bare_read()
            start = time.perf_counter()
            batch = services.ingest(None, leader, [(f"s{i}.jpg", b) for i, b in enumerate(scans)])
            db.session.commit()
            batches.start(app, batch, background=False)
            through = time.perf_counter() - start
            bare = (before + bare_read()) / 2  # the bare reader before and after: the machine's load drifts
            entered = db.session.scalar(select(func.count()).select_from(CountImage).where(
                CountImage.status == ImageStatus.ENTERED))
    print(f"ballots={len(scans)} entered={entered} load_average={os.getloadavg()[0]:.1f}")
    print(f"reader_images_per_s={len(scans) / bare:.1f}")
    print(f"app_images_per_s={len(scans) / through:.1f}")
    print(f"app_over_reader={through / bare:.2f}")


if __name__ == "__main__":
    main()
