"""The print-job queue: the print_jobs table, shared by every app server and worker, with leases.

A worker takes a job by writing its lease (`lease_until`) and a new attempt number; it renews the lease after
every PDF. A worker that dies stops renewing, its lease runs out, and the next worker to look takes the job
again (attempt + 1) and starts its ZIP over. The attempt number fences the dead-but-not-quite worker: every
write it makes names its attempt, so once the job has been taken over its writes match no row and it stops.

On PostgreSQL (the scale path: several app servers, `flask jobs worker` processes) a claim is one short
transaction: an advisory lock serialises the decision "is there a free slot", `FOR UPDATE SKIP LOCKED`
picks the oldest takeable row without waiting on rows other transactions hold. On SQLite (a laptop, one
machine) the claim is one UPDATE, which SQLite runs under its single write lock; the worker is a thread of
the app server (JOBS_INPROCESS) or the same CLI.

Settings: JOBS_MAX_RUNNING (jobs holding a live lease at once, default 2), JOBS_LEASE_SECONDS (default 60),
JOBS_INPROCESS (start a worker thread when a job is queued; default on), JOBS_DIR (the ZIPs)."""

from __future__ import annotations

import os
import socket
import threading
from dataclasses import dataclass
from datetime import timedelta

from flask import Flask
from sqlalchemy import and_, func, or_, select, text, update
from sqlalchemy.orm import aliased

from app.core.db import utcnow
from app.extensions import db
from app.printing.models import PrintJob

DEFAULT_MAX_RUNNING = 2
DEFAULT_LEASE_SECONDS = 60
#: pg_advisory_xact_lock key of the claim decision ("print" on a phone keypad).
CLAIM_LOCK = 77468


class LeaseLost(Exception):
    """The job was taken over by another worker (our lease had expired): stop, write nothing more."""


@dataclass(frozen=True)
class Claim:
    job_id: int
    attempt: int
    worker: str


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:120]


def max_running(app: Flask) -> int:
    return int(app.config.get("JOBS_MAX_RUNNING", DEFAULT_MAX_RUNNING))


def lease_seconds(app: Flask) -> float:
    return float(app.config.get("JOBS_LEASE_SECONDS", DEFAULT_LEASE_SECONDS))


def _takeable(table, now):
    return or_(table.status == "queued", and_(table.status == "running", table.lease_until < now))


def claim(app: Flask, worker: str | None = None, *, job_id: int | None = None) -> Claim | None:
    """Take the oldest queued job (or running one whose lease has expired) when fewer than JOBS_MAX_RUNNING
    jobs hold a live lease; None when there is nothing to take or no free slot. With `job_id`, take that job
    only and ignore the limit (the operator runs it in the foreground). Commits."""
    worker = worker or worker_name()
    now = utcnow()
    lease = now + timedelta(seconds=lease_seconds(app))
    limit = None if job_id is not None else max_running(app)
    values = {"status": "running", "attempt": PrintJob.attempt + 1, "worker": worker, "lease_until": lease,
              "started_at": func.coalesce(PrintJob.started_at, now), "done": 0}
    db.session.commit()  # a claim is its own short transaction
    if db.session.get_bind().dialect.name == "postgresql":
        taken = _claim_postgresql(now, limit, job_id, values)
    else:
        taken = _claim_sqlite(now, limit, job_id, values)
    db.session.commit()
    return None if taken is None else Claim(taken[0], taken[1], worker)


def _claim_postgresql(now, limit: int | None, job_id: int | None, values: dict) -> tuple[int, int] | None:
    session = db.session
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CLAIM_LOCK})
    if limit is not None:
        live = session.scalar(select(func.count()).select_from(PrintJob)
                              .where(PrintJob.status == "running", PrintJob.lease_until >= now))
        if live >= limit:
            return None
    query = select(PrintJob.id).where(_takeable(PrintJob, now))
    if job_id is not None:
        query = query.where(PrintJob.id == job_id)
    taken = session.scalar(query.order_by(PrintJob.id).limit(1).with_for_update(skip_locked=True))
    if taken is None:
        return None
    row = session.execute(update(PrintJob).where(PrintJob.id == taken).values(**values)
                          .returning(PrintJob.id, PrintJob.attempt)).one()
    return row.id, row.attempt


def _claim_sqlite(now, limit: int | None, job_id: int | None, values: dict) -> tuple[int, int] | None:
    """One UPDATE … RETURNING: SQLite runs it under its write lock, so counting the live leases and taking
    the row cannot interleave with another worker's claim."""
    pick, live = aliased(PrintJob), aliased(PrintJob)
    candidate = select(pick.id).where(_takeable(pick, now))
    if job_id is not None:
        candidate = candidate.where(pick.id == job_id)
    conditions = [PrintJob.id == candidate.order_by(pick.id).limit(1).scalar_subquery()]
    if limit is not None:
        conditions.append(select(func.count()).select_from(live)
                          .where(live.status == "running", live.lease_until >= now).scalar_subquery() < limit)
    row = db.session.execute(update(PrintJob).where(*conditions).values(**values)
                             .returning(PrintJob.id, PrintJob.attempt)).one_or_none()
    return None if row is None else (row.id, row.attempt)


def renew(app: Flask, claim_: Claim, *, done: int | None = None, total: int | None = None) -> None:
    """Extend the lease (and record the progress); raises LeaseLost when another worker has the job. Commits."""
    values: dict = {"lease_until": utcnow() + timedelta(seconds=lease_seconds(app))}
    if done is not None:
        values["done"] = done
    if total is not None:
        values["total"] = total
    _fenced(claim_, values)


def finish(claim_: Claim, **values) -> None:
    """Write the outcome (status done or failed and the rest) if the job is still ours; else LeaseLost.
    Flushes; the caller commits (with its audit record)."""
    values.setdefault("finished_at", utcnow())
    values["lease_until"] = None
    _fenced(claim_, values, commit=False)


def _fenced(claim_: Claim, values: dict, *, commit: bool = True) -> None:
    result = db.session.execute(update(PrintJob).where(PrintJob.id == claim_.job_id,
                                                       PrintJob.attempt == claim_.attempt,
                                                       PrintJob.status == "running").values(**values))
    if result.rowcount != 1:
        db.session.rollback()
        raise LeaseLost(claim_.job_id)
    if commit:
        db.session.commit()


def drain(app: Flask, run, *, worker: str | None = None) -> int:
    """Claim and `run(app, claim)` jobs until none can be taken; returns how many were run. The caller gives
    the app context."""
    count = 0
    while (taken := claim(app, worker)) is not None:
        run(app, taken)
        count += 1
    return count


def kick(app: Flask, run) -> threading.Thread | None:
    """After queueing a job: unless JOBS_INPROCESS is off (dedicated `flask jobs worker` processes), start a
    worker thread in this process that drains the queue. The limit on running jobs holds across threads."""
    if not app.config.get("JOBS_INPROCESS", True):
        return None

    def work() -> None:
        with app.app_context():
            try:
                drain(app, run)
            finally:
                db.session.remove()

    thread = threading.Thread(target=work, daemon=True, name="print-jobs")
    thread.start()
    return thread
