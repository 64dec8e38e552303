"""Benchmark: what laying each first-pass paper on a stack (issue 14: a per-contest counter bumped and the
entry's stack and position set, two statements after the insert) costs on the ballot-entry path.

Enters the same number of ballots with one commit each, with the stack counter and without it (patched
out), in-process on SQLite. Measured 2026-12 on the shared, busy 2-core machine, three runs (with / without,
ms per ballot): 17.5 / 16.8, 25.1 / 22.4, 12.2 / 17.5: the difference is within the noise of a commit per
ballot.

    .venv/bin/python bench/stack_places.py [--ballots 300]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ballots", type=int, default=300)
    args = parser.parse_args()
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from app.printing import services as printing
    from app.tally import entry
    from tests.electionkit import candidate_ids, open_count, payloads, published, sign_in

    folder = tempfile.mkdtemp()
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/bench.db")
    with app.app_context():
        upgrade()
        timings = {}
        for number, label in ((5, "with stack places"), (6, "without")):
            kit = published(households=args.ballots, number=number)
            sign_in(kit, args.ballots)
            run = printing.create_run(None, kit.leader, args.ballots)
            open_count(kit, kit.leader)
            db.session.commit()
            texts, ids = payloads(run), candidate_ids(run)
            laid = entry.lay_paper
            if label == "without":
                entry.lay_paper = lambda tally, entry_id: (None, None)
            start = time.perf_counter()
            for text in texts:
                entry.enter_ballot(None, kit.leader, text, kept=ids[:1])
                db.session.commit()
            timings[label] = (time.perf_counter() - start) / len(texts) * 1000
            entry.lay_paper = laid
    for label, ms in timings.items():
        print(f"{label}: {ms:.2f} ms/ballot")


if __name__ == "__main__":
    main()
