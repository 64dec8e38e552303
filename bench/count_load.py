"""Benchmark: a whole ward counting at once, over HTTP, against gunicorn on loopback.

Loads the demo ward (38 TDPs), prints every leader contest's ballots, opens every count, gives each
TDP a counting clerk with an API token, starts gunicorn, and lets 38 clerks enter ballots through
`POST /api/v1/contests/<id>/ballots` in two phases:

- steady: each clerk at a fixed pace (default 2 ballots/s — a fast clerk scans and marks one ballot
  every few seconds, so this is several times a real polling station); open loop: a late answer does
  not slow the schedule down. Reports p50/p99 latency.
- flat out: each clerk sends the next ballot as soon as the last one is answered. Reports the
  sustained rate the server can take.

In the same run it measures the bare database commit rate (one INSERT and COMMIT at a time) as the
ceiling. SQLite always; PostgreSQL with --postgres URL. The last two lines are `rate=` (flat out) and
`p99_ms=` (steady) for the SQLite run.

    .venv/bin/python bench/count_load.py [--per-clerk 60] [--pace 2] [--postgres postgresql://postgres@127.0.0.1/test]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

import sqlalchemy as sa  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

CLERKS = 38


def prepare(url: str, engine_options: dict, per_clerk: int) -> list[dict]:
    """Demo ward, printed leader ballots, open counts, one clerk per TDP; returns each clerk's work."""
    from flask_migrate import upgrade

    from app import create_app
    from app.attendance.models import Attendance, SignInMethod
    from app.auth.models import Duty
    from app.auth.services import create_user, issue_api_token
    from app.core.db import utcnow
    from app.demo.services import load_demo
    from app.elections.models import Position
    from app.extensions import db
    from app.printing import services as printing
    from app.rolls.models import Household
    from app.tally import state
    from app.tally.models import VotingMethod
    from app.wards.models import Tdp

    app = create_app("development", SQLALCHEMY_DATABASE_URI=url, SQLALCHEMY_ENGINE_OPTIONS=engine_options)
    work = []
    with app.app_context():
        upgrade()
        summary = load_demo()
        for tdp in db.session.scalars(select(Tdp).where(Tdp.ward_id == summary.ward_id).order_by(Tdp.number)):
            round_ = tdp_round(db, tdp)
            leader = next(c for c in round_.contests if c.position is Position.LEADER)
            households = db.session.scalars(select(Household.id).where(Household.tdp_id == tdp.id)).all()
            db.session.execute(insert(Attendance.__table__), [
                {"round_id": round_.id, "household_id": h, "method": SignInMethod.CODE, "signed_in_at": utcnow()}
                for h in households])
            run = printing.create_run(None, leader, max(per_clerk, len(households)))
            state.configure(None, leader, method=VotingMethod.SECRET_BALLOT, approvals=None, double_entry=False,
                            place="", board={"head": "Trưởng ban", "witnesses": ["Chứng kiến 1", "Chứng kiến 2"]})
            state.sign_zero_report(None, leader)
            clerk = create_user(None, username=f"clerk{tdp.number}", password="bench-password", duties=[Duty.COUNTING_MEMBER],
                                ward_id=summary.ward_id, tdp_numbers=[tdp.number])
            pages = printing.ballot_pages(run, printing.ballot_key(round_.election))[:per_clerk]
            ids = [c["person"] for c in run.definition["candidates"]]
            work.append({"token": issue_api_token(None, clerk), "contest": leader.id,
                         "ballots": [{"payload": p.payload, "kept": [ids[i % len(ids)]]} for i, p in enumerate(pages)]})
        db.session.commit()
        db.engine.dispose()
    return work


def tdp_round(db, tdp):
    from app.elections.models import ElectionRound

    return db.session.scalar(select(ElectionRound).where(ElectionRound.tdp_id == tdp.id))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(url: str, port: int, workers: int, threads: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "APP_CONFIG": "production", "SECRET_KEY": "bench-" + uuid.uuid4().hex}
    proc = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "-w", str(workers), "--threads", str(threads),
                             "--worker-class", "gthread", "-b", f"127.0.0.1:{port}", "--log-level", "warning",
                             "wsgi:app"], cwd=ROOT, env=env, start_new_session=True)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("gunicorn did not start")


def clerk(port: int, job: dict, pace: float | None, start: float, latencies: list, failures: list) -> None:
    """Enter this clerk's ballots one by one: one every 1/pace seconds after `start` (each clerk at its own
    phase, as real polling stations are not in step), or back to back."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Bearer {job['token']}", "Content-Type": "application/json"}
    path = f"/api/v1/contests/{job['contest']}/ballots"
    phase = job["phase"] / pace if pace else 0.0
    for i, ballot in enumerate(job["ballots"]):
        delay = start + phase + i / pace - time.perf_counter() if pace else start - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        sent = time.perf_counter()
        conn.request("POST", path, body=json.dumps(ballot), headers=headers)
        response = conn.getresponse()
        response.read()
        latencies.append(time.perf_counter() - sent)
        if response.status != 201:
            failures.append(response.status)
    conn.close()


def drive(port: int, work: list[dict], pace: float | None) -> dict:
    latencies: list[float] = []
    failures: list[int] = []
    start = time.perf_counter() + 0.5
    threads = [threading.Thread(target=clerk, args=(port, job, pace, start, latencies, failures)) for job in work]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    ordered = sorted(latencies)
    return {"ballots": len(latencies), "failures": len(failures), "seconds": elapsed,
            "rate": len(latencies) / elapsed, "p50_ms": 1000 * statistics.median(ordered),
            "p99_ms": 1000 * ordered[max(0, int(len(ordered) * 0.99) - 1)]}


def bare_commit_rate(url: str, engine_options: dict, rows: int = 2000) -> float:
    """One INSERT and one COMMIT at a time on the same database: the ceiling for per-ballot requests."""
    engine = sa.create_engine(url, **engine_options)
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
            conn.exec_driver_sql("PRAGMA synchronous=NORMAL")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE bench_commit (id INTEGER PRIMARY KEY, payload VARCHAR(80))")
    began = time.perf_counter()
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA synchronous=NORMAL")
        for i in range(rows):
            conn.execute(sa.text("INSERT INTO bench_commit (id, payload) VALUES (:i, :p)"), {"i": i, "p": "x" * 60})
            conn.commit()
    rate = rows / (time.perf_counter() - began)
    engine.dispose()
    return rate


def run_backend(name: str, url: str, engine_options: dict, args) -> dict:
    print(f"[{name}] preparing the demo ward, ballots and {CLERKS} clerks ...", flush=True)
    work = prepare(url, engine_options, args.per_clerk)
    rng = random.Random(2017)
    warm, half = 2, (args.per_clerk - 2) // 2
    warm_work = [{**job, "ballots": job["ballots"][:warm], "phase": 0.0} for job in work]
    steady_work = [{**job, "ballots": job["ballots"][warm:warm + half], "phase": rng.random()} for job in work]
    flat_work = [{**job, "ballots": job["ballots"][warm + half:], "phase": 0.0} for job in work]
    port = free_port()
    server = serve(url, port, args.workers, args.threads)
    try:
        drive(port, warm_work, None)  # every worker loads the app and warms its caches; not measured
        steady = drive(port, steady_work, args.pace)
        flat = drive(port, flat_work, None)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    ceiling = bare_commit_rate(url, engine_options)
    print(f"[{name}] steady: {len(work)} clerks × {args.pace:g}/s = {steady['ballots']} ballots in "
          f"{steady['seconds']:.1f} s ({steady['rate']:.0f}/s): p50 {steady['p50_ms']:.1f} ms, "
          f"p99 {steady['p99_ms']:.1f} ms, {steady['failures']} refused", flush=True)
    print(f"[{name}] flat out: {flat['ballots']} ballots in {flat['seconds']:.1f} s: {flat['rate']:.0f} ballots/s, "
          f"p50 {flat['p50_ms']:.1f} ms, p99 {flat['p99_ms']:.1f} ms, {flat['failures']} refused", flush=True)
    print(f"[{name}] bare commit rate (ceiling): {ceiling:.0f}/s; ours flat out is "
          f"{flat['rate'] / ceiling:.3f} of it", flush=True)
    return {"rate": flat["rate"], "p99_ms": steady["p99_ms"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-clerk", type=int, default=100, help="ballots each clerk enters (half steady, half flat out)")
    parser.add_argument("--pace", type=float, default=2.0, help="steady phase: ballots per second per clerk")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--postgres", help="also run on this PostgreSQL database (a scratch schema is used)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sqlite_url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        sqlite = run_backend("sqlite", sqlite_url, {}, args)
        if args.postgres:
            base = args.postgres.replace("postgresql://", "postgresql+psycopg://", 1)
            schema = "bench_" + uuid.uuid4().hex[:8]
            admin = sa.create_engine(base)
            with admin.begin() as conn:
                conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
            try:
                url = f"{base}?options=-csearch_path%3D{schema}"
                run_backend("postgresql", url, {}, args)
            finally:
                with admin.begin() as conn:
                    conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
                admin.dispose()
    print(f"rate={sqlite['rate']:.1f}")
    print(f"p99_ms={sqlite['p99_ms']:.1f}")


if __name__ == "__main__":
    main()
