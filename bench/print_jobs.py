"""Benchmark: the whole-ward print job's memory, PDFs held in memory (the old job) against streamed into the ZIP.

Builds the demo ward (`--tdps`, 38 TDPs / 8,233 households) and a merged ward (`--big-tdps`, 200 TDPs) in
fresh SQLite files with every contest's print run created, then runs each job in a fresh process of its own
and reads that process's memory: `extra_MiB` is the web/worker process's peak RSS above its RSS before the job
(Linux VmHWM, reset through /proc/self/clear_refs), `tree_MiB` the peak RSS of the process and its rendering
pool together (sampled every 20 ms). Both variants render the same runs on the same number of processes.

The city figure: a city prints ward by ward, JOBS_MAX_RUNNING jobs at a time, each job's memory independent of
the ward's size when streamed (compare the two wards). A city of `--city-tdps` TDPs at 1.1 ballots a household
and 500 households a TDP is extrapolated from the big ward's rate and peak, and said so.

    .venv/bin/python bench/print_jobs.py [--tdps 38] [--big-tdps 200] [--processes 2] [--city-tdps 2000]

The last lines are `ward_extra_MiB=<streamed>` and `city_peak_MiB=<estimate>`.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

TODAY = date(2026, 12, 1)
MIB = 1024 * 1024


def _status(pid: int | str, field: str) -> int:
    """A /proc/<pid>/status field in bytes (0 when the process is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo.extend(int(c) for c in (task / "children").read_text().split())
            except OSError:
                pass
    return pids


class TreeSampler(threading.Thread):
    """The peak of the summed RSS of this process and its descendants, sampled every 20 ms."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak, self._done = 0, threading.Event()

    def run(self):
        while not self._done.is_set():
            self.peak = max(self.peak, sum(_status(p, "VmRSS") for p in _tree(os.getpid())))
            time.sleep(0.02)

    def stop(self) -> int:
        self._done.set()
        self.join()
        return self.peak


def _app(db_path: Path, jobs_dir: Path, processes: int):
    from app import create_app

    return create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{db_path}", JOBS_DIR=str(jobs_dir),
                      PRINT_JOB_PROCESSES=processes)


def prepare(db_path: Path, tdps: int) -> int:
    """The demo ward with `tdps` TDPs and one live run per contest; returns the ballots."""
    from flask_migrate import upgrade
    from sqlalchemy import select

    from app.attendance.services import electorate
    from app.demo.services import load_demo
    from app.elections.models import Election
    from app.extensions import db
    from app.printing import jobs, services

    app = _app(db_path, db_path.parent / "jobs", 1)
    with app.app_context():
        upgrade()
        summary = load_demo(TODAY, tdps)
        election = db.session.scalar(select(Election).where(Election.ward_id == summary.ward_id))
        ballots = 0
        for contest in jobs._contests(election):
            if services.definition_for(contest)["candidates"] and not services.active_runs(contest, test=False):
                run = services.create_run(None, contest, services.default_quantity(electorate(contest.round)))
                ballots += run.quantity
        db.session.commit()
        db.engine.dispose()
    return ballots


def measure(db_path: Path, mode: str, processes: int) -> dict:
    """Run one job in this (fresh) process and report its memory and time."""
    from sqlalchemy import select

    from app.auth.models import User
    from app.elections.models import Election
    from app.extensions import db
    from app.printing import jobs, services
    from app.printing.models import PrintRun
    from ballots.render import render_many

    jobs_dir = db_path.parent / f"jobs-{mode}"
    app = _app(db_path, jobs_dir, processes)
    with app.app_context():
        election = db.session.scalar(select(Election))
        admin = db.session.scalar(select(User).where(User.username == "admin"))
        db.session.commit()
        base_self = _status("self", "VmRSS")
        Path("/proc/self/clear_refs").write_text("5")  # VmHWM := VmRSS
        sampler = TreeSampler()
        sampler.start()
        base_tree = sum(_status(p, "VmRSS") for p in _tree(os.getpid()))
        begin = time.perf_counter()
        if mode == "memory":  # the job as it was: every PDF in a list, then the ZIP in a buffer
            runs = list(db.session.scalars(select(PrintRun)))
            key = services.ballot_key(election)
            work = [(services.ballot_spec(r), services.printed_pages(r, key)) for r in runs]
            pdfs = render_many(work, processes=processes)
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
                for run, pdf in zip(runs, pdfs, strict=True):
                    archive.writestr(f"run-{run.id}.pdf", pdf)
            jobs_dir.mkdir(exist_ok=True)
            (jobs_dir / "ward.zip").write_bytes(buffer.getvalue())
            size = len(buffer.getvalue())
        else:
            job = jobs.start_ward_job(admin, election, background=False)
            db.session.refresh(job)
            if job.status != "done":
                raise SystemExit(f"print job failed: {job.message}")
            size = (jobs.jobs_dir(app) / job.result_file).stat().st_size
        seconds = time.perf_counter() - begin
        peak_tree = sampler.stop()
        ballots = sum(db.session.scalars(select(PrintRun.quantity)))
        db.engine.dispose()
    return {"extra_MiB": (_status("self", "VmHWM") - base_self) / MIB, "tree_MiB": (peak_tree - base_tree) / MIB,
            "peak_tree_MiB": peak_tree / MIB, "s": seconds, "ballots": ballots, "zip_MiB": size / MIB}


def _child(db_path: Path, mode: str, processes: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--measure", mode, "--db", str(db_path),
                          "--processes", str(processes)], capture_output=True, text=True, check=False)
    if out.returncode:
        raise SystemExit(out.stdout + out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tdps", type=int, default=38)
    parser.add_argument("--big-tdps", type=int, default=200)
    parser.add_argument("--city-tdps", type=int, default=2000)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--measure", choices=["memory", "stream"], help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.db, args.measure, args.processes)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        ward, big = Path(tmp) / "ward" / "db.sqlite3", Path(tmp) / "big" / "db.sqlite3"
        for path in (ward, big):
            path.parent.mkdir()
        print(f"ward: {args.tdps} TDPs, {prepare(ward, args.tdps)} ballots; "
              f"big ward: {args.big_tdps} TDPs, {prepare(big, args.big_tdps)} ballots; {args.processes} processes")
        rows = {"ward in memory": _child(ward, "memory", args.processes),
                "ward streamed": _child(ward, "stream", args.processes),
                "big in memory": _child(big, "memory", args.processes),
                "big streamed": _child(big, "stream", args.processes)}
    print(f"{'job':<16} {'ballots':>8} {'s':>7} {'ballots/s':>9} {'extra MiB':>9} {'tree+MiB':>9} "
          f"{'tree MiB':>9} {'zip MiB':>8}")
    for name, r in rows.items():
        print(f"{name:<16} {r['ballots']:>8} {r['s']:>7.1f} {r['ballots'] / r['s']:>9.0f} {r['extra_MiB']:>9.1f} "
              f"{r['tree_MiB']:>9.1f} {r['peak_tree_MiB']:>9.1f} {r['zip_MiB']:>8.1f}")
    for size in ("ward", "big"):
        memory, stream = rows[f"{size} in memory"], rows[f"{size} streamed"]
        print(f"{size}: streamed/in-memory extra memory ×{stream['extra_MiB'] / max(memory['extra_MiB'], 0.1):.2f}, "
              f"time ×{stream['s'] / memory['s']:.2f}")
    # A city: JOBS_MAX_RUNNING (2) ward jobs at a time, each with its own pool; the streamed job's peak does
    # not grow with the ward (compare the two wards), so the city's peak is two jobs' peaks.
    from config import Config

    city_ballots = args.city_tdps * 500 * 11 // 10 * 2
    big_stream = rows["big streamed"]
    city_peak = Config.JOBS_MAX_RUNNING * big_stream["peak_tree_MiB"]
    print(f"city (extrapolated, not run): {args.city_tdps} TDPs, {city_ballots:,} ballots, "
          f"{city_ballots / (big_stream['ballots'] / big_stream['s']) / 3600:.1f} h on these {args.processes} "
          f"processes, peak ≈ {Config.JOBS_MAX_RUNNING} jobs × {big_stream['peak_tree_MiB']:.0f} MiB")
    print(f"ward_extra_MiB={rows['ward streamed']['extra_MiB']:.1f}")
    print(f"city_peak_MiB={city_peak:.0f}")


if __name__ == "__main__":
    main()
