"""Benchmark: a whole ward counting at once through the count entry page's real requests, against gunicorn.

Loads the demo ward (38 TDPs), prints every leader contest's ballots, opens every count, gives each TDP a
counting clerk, starts gunicorn, and lets N clerks (default 38) sign in through the login form and enter
ballots exactly as the entry page's JavaScript does (static/js/count.js: cookie session, `X-CSRFToken`),
while N projector boards poll `board.json` every 1.5 s as static/js/board.js does (sending the ETag back
as a browser does). Two request paths:

- `two`: what the entry page sent before issue 15: `POST …/check` on the scan, then `POST …/ballots`;
- `one`: the save alone (the check folded into it).

Phases per variant: steady (each clerk at a fixed pace, open loop: a late answer does not slow the
schedule; default 2 ballots/s, several times a real polling station), then flat out (each clerk sends
the next ballot as soon as the last is answered). For each it reports ballots/s, p50/p99 of the
per-ballot wait (both requests on the `two` path) and the server's CPU ms per ballot (user + system of
every server process, the boards' polling included); flat out also the cores the server used and the CPU
of this process's clerks and boards per ballot (they share the machine's cores with the server).

`--baseline REV` runs the before variant on the code of git revision REV (exported to a scratch tree, its
own database) instead of this tree: a true before/after in the same run. Ratios (after/before) follow. The
before variant takes the `two` path unless `--before-path one` (REV's own one-request path).
The server is the README's deployment: gunicorn with (2 × cores) + 1 sync workers (`--server sync:N`). Why not
threads: a gthread worker keeps each keep-alive connection it accepted, so with 76 connections one of two
workers ended up with most of them and the server used about one core of two, GIL-bound (measured 2026-12-05
on PostgreSQL: gthread 2×8 146–216/s, 4×4 163–203/s; sync ×4–6 206–276/s). `--server-ab gthread:2x8` runs the
same code on another server in the same run and prints the ratio; `waitress:8` is run.py's laptop server.
SQLite always; PostgreSQL with --postgres URL. The last lines are `rate=`, `p99_ms=` (steady),
`p99_flat_ms=` and `cpu_ms_per_ballot=` of the SQLite run's last variant.

    .venv/bin/python bench/count_load.py [--clerks 38] [--per-clerk 100] [--pace 2] [--baseline main]
        [--postgres postgresql://postgres@127.0.0.1/test]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

import sqlalchemy as sa  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

PASSWORD = "bench-password-15"
BOARD_PERIOD = 1.5  #: seconds between two polls of one projector board, as static/js/board.js


def prepare(url: str, clerks: int, per_clerk: int) -> list[dict]:
    """Demo ward, printed leader ballots, open counts, one clerk per TDP; returns each clerk's work."""
    from flask_migrate import upgrade

    from app import create_app
    from app.attendance.models import Attendance, SignInMethod
    from app.auth.models import Duty
    from app.auth.services import create_user
    from app.core.db import utcnow
    from app.demo.services import load_demo
    from app.elections.models import ElectionRound, Position
    from app.extensions import db
    from app.printing import services as printing
    from app.rolls.models import Household
    from app.tally import state
    from app.tally.models import VotingMethod
    from app.wards.models import Tdp

    app = create_app("development", SQLALCHEMY_DATABASE_URI=url)
    work = []
    with app.app_context():
        upgrade()
        summary = load_demo()
        tdps = db.session.scalars(select(Tdp).where(Tdp.ward_id == summary.ward_id).order_by(Tdp.number)).all()
        for tdp in tdps[:clerks]:
            round_ = db.session.scalar(select(ElectionRound).where(ElectionRound.tdp_id == tdp.id))
            leader = next(c for c in round_.contests if c.position is Position.LEADER)
            households = db.session.scalars(select(Household.id).where(Household.tdp_id == tdp.id)).all()
            db.session.execute(insert(Attendance.__table__), [
                {"round_id": round_.id, "household_id": h, "method": SignInMethod.CODE, "signed_in_at": utcnow()}
                for h in households])
            run = printing.create_run(None, leader, max(per_clerk, len(households)))
            state.configure(None, leader, method=VotingMethod.SECRET_BALLOT, approvals=len(households), double_entry=False,
                            place="", board={"head": "Trưởng ban", "witnesses": ["Chứng kiến 1", "Chứng kiến 2"]})
            state.sign_zero_report(None, leader)
            clerk = create_user(None, username=f"clerk{tdp.number}", password=PASSWORD,
                                duties=[Duty.COUNTING_MEMBER], ward_id=summary.ward_id, tdp_numbers=[tdp.number])
            clerk.must_change_password = False
            pages = printing.ballot_pages(run, printing.ballot_key(round_.election))[:per_clerk]
            ids = [c["person"] for c in run.definition["candidates"]]
            work.append({"username": clerk.username, "contest": leader.id,
                         "ballots": [{"payload": p.payload, "kept": [ids[i % len(ids)]]} for i, p in enumerate(pages)]})
        db.session.commit()
        db.engine.dispose()
    return work


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def default_server() -> str:
    """What the README's deployment section runs: gunicorn's sync workers, (2 × cores) + 1 of them, behind a
    buffering reverse proxy (gunicorn's own advice)."""
    return f"sync:{2 * (os.cpu_count() or 1) + 1}"


def server_command(spec: str, port: int) -> list[str]:
    """`sync:N` (gunicorn, N sync workers), `gthread:NxT` (N workers of T threads) or `waitress:T` (one
    process of T threads, what run.py serves on a laptop)."""
    kind, _, size = spec.partition(":")
    if kind == "waitress":
        # As run.py serves; waitress's queue-depth warnings (one per request under this load) silenced.
        return [str(ROOT / ".venv/bin/python"), "-c", "import logging; logging.basicConfig(level=logging.ERROR); "
                "from waitress import serve; from wsgi import app; "
                f"serve(app, host='127.0.0.1', port={port}, threads={int(size or 8)})"]
    if kind == "sync":
        shape = ["-w", str(int(size or 5)), "--worker-class", "sync"]
    elif kind == "gthread":
        workers, _, threads = (size or "2x8").partition("x")
        shape = ["-w", str(int(workers)), "--threads", str(int(threads or 8)), "--worker-class", "gthread"]
    else:
        raise SystemExit(f"unknown server {spec!r}: sync:N, gthread:NxT or waitress:T")
    return [str(ROOT / ".venv/bin/gunicorn"), *shape, "-b", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"]


def serve(root: Path, url: str, port: int, spec: str, extra_env: dict) -> subprocess.Popen:
    env = {**os.environ, **extra_env, "DATABASE_URL": url, "APP_CONFIG": "production", "SECRET_KEY": "bench-" + uuid.uuid4().hex,
           "AUDIT_KEY": "bench-audit-" + uuid.uuid4().hex}
    proc = subprocess.Popen(server_command(spec, port), cwd=root, env=env, start_new_session=True)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"{spec} did not start")


def server_cpu_seconds(master: int) -> float:
    """User + system CPU of the gunicorn master and its workers so far (from /proc)."""
    pids = [master]
    try:
        pids += [int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()]
    except OSError:
        pass
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


class Browser:
    """One browser tab's connection: keeps the session cookie the server sets, as a browser does."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionError):
            # gunicorn closes a keep-alive connection idle for 2 s; a browser opens a new one and sends again.
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        data = response.read()
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response, data

    def sign_in(self, username: str) -> None:
        _, page = self.request("GET", "/login")
        token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page).group(1).decode()
        form = urllib.parse.urlencode({"csrf_token": token, "username": username, "password": PASSWORD}).encode()
        response, _ = self.request("POST", "/login", form, {"Content-Type": "application/x-www-form-urlencoded"})
        if response.status != 302:
            raise RuntimeError(f"sign-in of {username} failed: {response.status}")


def open_entry_page(port: int, job: dict) -> Browser:
    browser = Browser(port)
    browser.sign_in(job["username"])
    _, page = browser.request("GET", f"/count/contest/{job['contest']}/enter")
    root = re.search(rb'<div id="count"[^>]*>', page, re.S).group(0).decode()
    job["csrf"] = re.search(r'data-csrf="([^"]+)"', root).group(1)
    job["check_url"] = re.search(r'data-check-url="([^"]+)"', root).group(1)
    job["save_url"] = re.search(r'data-save-url="([^"]+)"', root).group(1)
    return browser


def clerk(browser: Browser, job: dict, path: str, pace: float | None, start: float, waits: list, failures: list) -> None:
    """Enter this clerk's ballots one by one as the entry page does: one every 1/pace seconds after `start`
    (each clerk at its own phase, as real polling stations are not in step), or back to back."""
    headers = {"Content-Type": "application/json", "X-CSRFToken": job["csrf"]}
    phase = job["phase"] / pace if pace else 0.0
    for i, ballot in enumerate(job["ballots"]):
        delay = start + phase + i / pace - time.perf_counter() if pace else start - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        sent = time.perf_counter()
        if path == "two":
            response, _ = browser.request("POST", job["check_url"], json.dumps(
                {"payload": ballot["payload"], "pass": 1}).encode(), headers)
            if response.status != 200:
                failures.append(response.status)
                continue
        response, _ = browser.request("POST", job["save_url"], json.dumps(
            {**ballot, "invalid_reason": None, "pass": 1, "typed_reason": None}).encode(), headers)
        waits.append(time.perf_counter() - sent)
        if response.status != 200:
            failures.append(response.status)


def board(browser: Browser, url: str, stop: threading.Event, stats: dict) -> None:
    """One projector board: poll every 1.5 s, sending back the ETag of the last answer."""
    etag = None
    while not stop.wait(BOARD_PERIOD * random.random() if not stats["polls"] else BOARD_PERIOD):
        try:
            response, _ = browser.request("GET", url, headers={"If-None-Match": etag} if etag else None)
        except (OSError, http.client.HTTPException):
            if stop.is_set():  # the server is being stopped under a poll in flight
                return
            raise
        etag = response.headers.get("ETag") or etag
        stats["polls"] += 1
        stats["not_modified"] += response.status == 304


def drive(browsers: list[Browser], work: list[dict], path: str, pace: float | None, master: int) -> dict:
    waits: list[float] = []
    failures: list[int] = []
    start = time.perf_counter() + 0.5
    cpu, clients_cpu = server_cpu_seconds(master), time.process_time()
    threads = [threading.Thread(target=clerk, args=(b, job, path, pace, start, waits, failures))
               for b, job in zip(browsers, work, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    cpu, clients_cpu = server_cpu_seconds(master) - cpu, time.process_time() - clients_cpu
    ordered = sorted(waits) or [0.0]
    return {"ballots": len(waits), "failures": len(failures), "seconds": elapsed, "rate": len(waits) / elapsed,
            "p50_ms": 1000 * statistics.median(ordered), "p99_ms": 1000 * ordered[max(0, int(len(ordered) * 0.99) - 1)],
            "cpu_ms": 1000 * cpu / max(len(waits), 1), "clients_cpu_ms": 1000 * clients_cpu / max(len(waits), 1),
            "server_cores": cpu / elapsed}


def bare_commit_rate(url: str, rows: int = 2000) -> float:
    """One INSERT and one COMMIT at a time on the same database: the ceiling for per-ballot requests."""
    engine = sa.create_engine(url)
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
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


def prepare_in(root: Path, url: str, args) -> list[dict]:
    """Run prepare() with the code of `root` in its own process (the baseline tree has its own models)."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        done = subprocess.run([str(ROOT / ".venv/bin/python"), str(Path(__file__).resolve()), "--prepare-into", out.name,
                        "--root", str(root), "--database", url, "--clerks", str(args.clerks),
                        "--per-clerk", str(args.per_clerk)], cwd=root, capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"preparing the data failed:\n{done.stderr[-4000:]}")
        return json.loads(Path(out.name).read_text())


def run_variant(name: str, root: Path, url: str, path: str, args, extra_env: dict | None = None,
                server_spec: str | None = None) -> dict:
    print(f"[{name}] preparing the demo ward, ballots and {args.clerks} clerks ...", flush=True)
    work = prepare_in(root, url, args)
    rng = random.Random(2017)
    warm, half = 2, (args.per_clerk - 2) // 2
    port = free_port()
    server = serve(root, url, port, server_spec or args.server, extra_env or {})
    stop = threading.Event()
    stats = {"polls": 0, "not_modified": 0}
    try:
        browsers = [open_entry_page(port, job) for job in work]
        boards = []
        for job in work[:args.boards]:
            viewer = Browser(port)
            viewer.cookies = dict(browsers[work.index(job)].cookies)
            boards.append(threading.Thread(target=board, args=(viewer, f"/count/contest/{job['contest']}/board.json",
                                                                stop, stats), daemon=True))
        warm_work = [{**job, "ballots": job["ballots"][:warm], "phase": 0.0} for job in work]
        steady_work = [{**job, "ballots": job["ballots"][warm:warm + half], "phase": rng.random()} for job in work]
        flat_work = [{**job, "ballots": job["ballots"][warm + half:], "phase": 0.0} for job in work]
        drive(browsers, warm_work, path, None, server.pid)  # every worker warms its caches; not measured
        for t in boards:
            t.start()
        polls = stats["polls"]
        steady = drive(browsers, steady_work, path, args.pace, server.pid)
        polls, steady["polls"] = stats["polls"], stats["polls"] - polls
        flat = drive(browsers, flat_work, path, None, server.pid)
        flat["polls"] = stats["polls"] - polls
    finally:
        stop.set()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    load = os.getloadavg()
    print(f"[{name}] steady: {args.clerks} clerks × {args.pace:g}/s = {steady['ballots']} ballots in "
          f"{steady['seconds']:.1f} s ({steady['rate']:.0f}/s): p50 {steady['p50_ms']:.1f} ms, "
          f"p99 {steady['p99_ms']:.1f} ms, CPU {steady['cpu_ms']:.2f} ms/ballot, {steady['failures']} refused",
          flush=True)
    print(f"[{name}] flat out: {flat['ballots']} ballots in {flat['seconds']:.1f} s: {flat['rate']:.0f} ballots/s, "
          f"p50 {flat['p50_ms']:.1f} ms, p99 {flat['p99_ms']:.1f} ms, CPU {flat['cpu_ms']:.2f} ms/ballot, "
          f"{flat['failures']} refused; the server used {flat['server_cores']:.2f} cores, this bench's clerks and "
          f"boards {flat['clients_cpu_ms']:.2f} ms CPU/ballot; {flat['polls'] / max(flat['ballots'], 1):.2f} board "
          f"polls per ballot (steady {steady['polls'] / max(steady['ballots'], 1):.2f}: a slower run has more, "
          "and their CPU is in the ballots')", flush=True)
    print(f"[{name}] boards: {len(boards)} polling every {BOARD_PERIOD:g} s, {stats['polls']} polls, "
          f"{stats['not_modified']} answered 304; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}", flush=True)
    return {"rate": flat["rate"], "p99_ms": steady["p99_ms"], "p99_flat_ms": flat["p99_ms"],
            "cpu_ms": flat["cpu_ms"], "cpu_steady_ms": steady["cpu_ms"]}


def baseline_tree(rev: str, into: Path) -> Path:
    """The code of git revision `rev`, exported (no .git), with this tree's venv."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev], check=True,
                             capture_output=True).stdout
    tree = into / "baseline"
    tree.mkdir()
    with tarfile.open(fileobj=__import__("io").BytesIO(archive)) as tar:
        tar.extractall(tree, filter="data")
    (tree / ".venv").symlink_to((ROOT / ".venv").resolve())
    return tree


def run_backend(name: str, fresh_url, args, baseline: Path | None, tmp: Path) -> dict:
    variants = [("before" if baseline else "two", baseline or ROOT, args.before_path), ("one", ROOT, "one")]
    results = {}
    for label, root, path in variants:
        with fresh_url() as url:
            results[label] = run_variant(f"{name} {label}: {path} request(s) per ballot", root, url, path, args)
    if args.queue_ab and name == "sqlite":  # the same code with SQLite's own busy handler instead of the queue
        with fresh_url() as url:
            napping = run_variant(f"{name} one, writers napping (SQLITE_WRITE_QUEUE=0)", ROOT, url, "one", args,
                                  {"SQLITE_WRITE_QUEUE": "0"})
        queued = results["one"]
        print(f"[{name}] writers queued / napping: flat-out p99 ×{queued['p99_flat_ms'] / napping['p99_flat_ms']:.2f} "
              f"({napping['p99_flat_ms']:.0f} → {queued['p99_flat_ms']:.0f} ms), rate ×{queued['rate'] / napping['rate']:.2f}, "
              f"steady p99 ×{queued['p99_ms'] / napping['p99_ms']:.2f}", flush=True)
    one = results["one"]
    for spec in args.server_ab:  # the same code and path on another server: which deployment to advise
        with fresh_url() as url:
            other = run_variant(f"{name} one, server {spec}", ROOT, url, "one", args, server_spec=spec)
        print(f"[{name}] server {args.server} / {spec}: rate ×{one['rate'] / other['rate']:.2f} "
              f"({other['rate']:.0f} → {one['rate']:.0f}/s), flat-out p99 ×{one['p99_flat_ms'] / other['p99_flat_ms']:.2f}, "
              f"steady p99 ×{one['p99_ms'] / other['p99_ms']:.2f}, CPU per ballot ×{one['cpu_ms'] / other['cpu_ms']:.2f}",
              flush=True)
    with fresh_url() as url:
        ceiling = bare_commit_rate(url)
    before, after = results[variants[0][0]], results["one"]
    print(f"[{name}] bare commit rate (ceiling): {ceiling:.0f}/s; flat out is {after['rate'] / ceiling:.3f} of it")
    print(f"[{name}] ratios one/{variants[0][0]}: rate ×{after['rate'] / before['rate']:.2f}, steady p99 "
          f"×{after['p99_ms'] / before['p99_ms']:.2f}, flat-out p99 ×{after['p99_flat_ms'] / before['p99_flat_ms']:.2f}, "
          f"CPU per ballot ×{after['cpu_ms'] / before['cpu_ms']:.2f} (flat out), "
          f"×{after['cpu_steady_ms'] / before['cpu_steady_ms']:.2f} (steady)", flush=True)
    return after


class SqliteFile:
    def __init__(self, tmp: Path):
        self.tmp = tmp

    def __call__(self):
        return self

    def __enter__(self) -> str:
        return f"sqlite:///{self.tmp / ('bench-' + uuid.uuid4().hex[:8] + '.sqlite3')}"

    def __exit__(self, *exc):
        return False


class PostgresSchema:
    def __init__(self, base: str):
        self.base = base.replace("postgresql://", "postgresql+psycopg://", 1)
        self.admin = sa.create_engine(self.base)

    def __call__(self):
        return self

    def __enter__(self) -> str:
        self.schema = "bench_" + uuid.uuid4().hex[:8]
        with self.admin.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{self.schema}"')
        return f"{self.base}?options=-csearch_path%3D{self.schema}"

    def __exit__(self, *exc):
        with self.admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{self.schema}" CASCADE')
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clerks", type=int, default=38, help="clerks, one per TDP, and as many projector boards")
    parser.add_argument("--boards", type=int, help="projector boards polling board.json (default: one per clerk)")
    parser.add_argument("--per-clerk", type=int, default=100, help="ballots each clerk enters (half steady, half flat out)")
    parser.add_argument("--pace", type=float, default=2.0, help="steady phase: ballots per second per clerk")
    parser.add_argument("--server", default=default_server(),
                        help="the server every variant runs on: sync:N (gunicorn sync workers; default (2 × cores) + 1, "
                             "as the README deploys), gthread:NxT, or waitress:T (run.py's laptop server)")
    parser.add_argument("--server-ab", metavar="SPEC", action="append", default=[],
                        help="also run this tree's one-request path on another server (repeatable), e.g. gthread:2x8")
    parser.add_argument("--baseline", metavar="REV", help="run the before variant on this git revision's code")
    parser.add_argument("--before-path", choices=("two", "one"), default="two",
                        help="request path of the before variant: two (check + save, as before issue 15; default) or "
                             "one (to compare the one-request path of --baseline REV with this tree's)")
    parser.add_argument("--postgres", help="also run on this PostgreSQL database (a scratch schema per variant)")
    parser.add_argument("--only-postgres", action="store_true", help="skip the SQLite run")
    parser.add_argument("--queue-ab", action="store_true",
                        help="SQLite: also run the one-request path with writers napping (SQLITE_WRITE_QUEUE=0)")
    parser.add_argument("--prepare-into", help=argparse.SUPPRESS)
    parser.add_argument("--root", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare_into:  # the child process of prepare_in(), with the code of --root first on the path
        sys.path.insert(0, args.root)
        Path(args.prepare_into).write_text(json.dumps(prepare(args.database, args.clerks, args.per_clerk)))
        return
    args.boards = args.clerks if args.boards is None else args.boards
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs "
          f"(other processes share them); server {args.server}", flush=True)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        baseline = baseline_tree(args.baseline, tmp) if args.baseline else None
        sqlite = None if args.only_postgres else run_backend("sqlite", SqliteFile(tmp), args, baseline, tmp)
        if args.postgres:
            pg = PostgresSchema(args.postgres)
            try:
                last = run_backend("postgresql", pg, args, baseline, tmp)
            finally:
                pg.admin.dispose()
            sqlite = sqlite or last
    print(f"cpu_ms_per_ballot={sqlite['cpu_ms']:.2f}")
    print(f"p99_flat_ms={sqlite['p99_flat_ms']:.1f}")
    print(f"rate={sqlite['rate']:.1f}")
    print(f"p99_ms={sqlite['p99_ms']:.1f}")


if __name__ == "__main__":
    main()
