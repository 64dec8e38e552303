"""A server killed in the middle of a count loses no committed entry and accepts the next one after
restart: a real gunicorn on loopback, SIGKILLed while a clerk is entering ballots, on each backend."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import select

from app.auth.models import Duty
from app.auth.services import issue_api_token
from app.extensions import db
from app.printing import services as printing
from app.tally.models import BallotEntry
from tests.conftest import BACKENDS, _backend
from tests.electionkit import candidate_ids, open_count, payloads, published, sign_in
from tests.factories import create_app_user

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(params=BACKENDS)
def prepared(request, tmp_path_factory):
    for backend in _backend(request, tmp_path_factory, "restart"):
        application = backend.make_app()
        with application.app_context():
            upgrade()
            kit = published(households=40)
            sign_in(kit, 40)
            run = printing.create_run(None, kit.leader, 40)
            open_count(kit, kit.leader)
            clerk = create_app_user(kit.ward, Duty.COUNTING_MEMBER, [kit.tdp])
            token = issue_api_token(None, clerk)
            work = {"token": token, "contest": kit.leader.id, "payloads": payloads(run), "kept": candidate_ids(run)[:1]}
            db.session.commit()
            db.session.remove()
        url = backend.url
        if backend.kind == "postgresql":
            url += f"?options=-csearch_path%3D{backend.schema}"
        yield application, url, work
        with application.app_context():
            db.engine.dispose()


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(url: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "APP_CONFIG": "production", "SECRET_KEY": "restart-test-" + "0" * 32,
           "AUDIT_KEY": "restart-test-" + "1" * 32}
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "1", "--threads", "2", "-b", f"127.0.0.1:{port}",
                             "--log-level", "warning", "wsgi:app"], cwd=ROOT, env=env, start_new_session=True)
    # Ready when the app answers, not when the port accepts: the master listens before its worker has loaded
    # the app, which takes over 10 s on a loaded machine (longer than _post's timeout).
    deadline = time.time() + 90
    while time.time() < deadline:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request("GET", "/login")
            conn.getresponse().read()
            return proc
        except OSError:
            time.sleep(0.1)
        finally:
            conn.close()
    proc.kill()
    raise AssertionError("gunicorn did not start")


def _post(port: int, work: dict, payload: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("POST", f"/api/v1/contests/{work['contest']}/ballots",
                     body=json.dumps({"payload": payload, "kept": work["kept"]}),
                     headers={"Authorization": f"Bearer {work['token']}", "Content-Type": "application/json"})
        return conn.getresponse().status
    finally:
        conn.close()


def test_a_killed_server_loses_no_committed_entry_and_accepts_the_next_after_restart(prepared):
    application, url, work = prepared
    port = _port()
    server = _serve(url, port)
    acked: list[str] = []
    sent: list[str] = []
    stop = threading.Event()

    def clerk():
        for payload in work["payloads"][:30]:
            if stop.is_set():
                return
            sent.append(payload)
            try:
                if _post(port, work, payload) == 201:
                    acked.append(payload)
            except OSError:
                return  # the server died under us

    thread = threading.Thread(target=clerk)
    thread.start()
    while len(acked) < 8 and thread.is_alive():
        time.sleep(0.01)
    os.killpg(server.pid, signal.SIGKILL)  # no shutdown, no flush: a power cut for the process
    server.wait(timeout=10)
    stop.set()
    thread.join(timeout=15)
    assert len(acked) >= 8

    with application.app_context():
        stored = set(db.session.scalars(select(BallotEntry.serial)))
        db.session.remove()
    serial_of = {p: p.split(":")[5] for p in work["payloads"]}
    assert {serial_of[p] for p in acked} <= stored  # every acknowledged entry survived
    assert len(stored) <= len(sent)  # and nothing appeared that was never sent

    server = _serve(url, port)
    try:
        fresh = next(p for p in work["payloads"] if p not in sent)
        assert _post(port, work, fresh) == 201
        assert _post(port, work, acked[0]) == 409  # still counted once
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
