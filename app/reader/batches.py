"""The reading queue: count_batches rows with leases, as the print-job queue (app/printing/queue.py).

A worker takes a batch by writing its lease and a new attempt number, reads its pending images one by one
(each image's outcome is committed on its own, so a taken-over batch goes on where it stopped), renews the
lease after every image and fences every write with its attempt. On SQLite the worker is a thread of the app
server (READER_INPROCESS, default on); on PostgreSQL the claim is serialised by an advisory lock.

Settings: READER_MAX_RUNNING (batches read at once, default 1: reading is CPU-bound), READER_LEASE_SECONDS
(default 60), READER_INPROCESS."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import timedelta

from flask import Flask
from sqlalchemy import and_, func, or_, select, text, update
from sqlalchemy.orm import aliased

from app.core.db import utcnow
from app.elections.models import Contest
from app.extensions import db
from app.printing.queue import worker_name
from app.reader import services
from app.reader.errors import ReaderError
from app.reader.models import BatchStatus, CountBatch, CountImage, ImageStatus

CLAIM_LOCK = 73237  #: pg_advisory_xact_lock key ("read" on a phone keypad)


class LeaseLost(Exception):
    pass


@dataclass(frozen=True)
class Claim:
    batch_id: int
    attempt: int


def _lease(app: Flask):
    return utcnow() + timedelta(seconds=float(app.config.get("READER_LEASE_SECONDS", 60)))


def _takeable(table, now):
    return or_(table.status == BatchStatus.QUEUED,
               and_(table.status == BatchStatus.RUNNING, table.lease_until < now))


def claim(app: Flask, *, batch_id: int | None = None) -> Claim | None:
    """Take the oldest queued batch (or one whose lease ran out) when fewer than READER_MAX_RUNNING hold a
    live lease; with `batch_id`, that batch whatever the limit. Commits."""
    now = utcnow()
    limit = None if batch_id is not None else int(app.config.get("READER_MAX_RUNNING", 1))
    db.session.commit()
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CLAIM_LOCK})
    pick, live = aliased(CountBatch), aliased(CountBatch)
    candidate = select(pick.id).where(_takeable(pick, now))
    if batch_id is not None:
        candidate = candidate.where(pick.id == batch_id)
    conditions = [CountBatch.id == candidate.order_by(pick.id).limit(1).scalar_subquery(),
                  _takeable(CountBatch, now)]
    if limit is not None:
        conditions.append(select(func.count()).select_from(live)
                          .where(live.status == BatchStatus.RUNNING, live.lease_until >= now).scalar_subquery() < limit)
    row = db.session.execute(update(CountBatch).where(*conditions).values(
        status=BatchStatus.RUNNING, attempt=CountBatch.attempt + 1, worker=worker_name(), lease_until=_lease(app))
        .returning(CountBatch.id, CountBatch.attempt)).one_or_none()
    db.session.commit()
    return None if row is None else Claim(row.id, row.attempt)


def _fenced(claim_: Claim, **values) -> None:
    result = db.session.execute(update(CountBatch).where(CountBatch.id == claim_.batch_id,
                                                         CountBatch.attempt == claim_.attempt,
                                                         CountBatch.status == BatchStatus.RUNNING).values(**values))
    if result.rowcount != 1:
        db.session.rollback()
        raise LeaseLost(claim_.batch_id)


def run_claimed(app: Flask, claim_: Claim) -> None:
    """Read every pending image of the claimed batch, committing after each; then mark it done."""
    batch = db.session.get(CountBatch, claim_.batch_id)
    contest = db.session.get(Contest, batch.contest_id)
    try:
        reading = services.reading_for(contest)
    except (ReaderError, ImportError) as error:
        _fenced(claim_, status=BatchStatus.FAILED, message=getattr(error, "message", services.NOT_INSTALLED),
                lease_until=None)
        db.session.commit()
        return
    ids = list(db.session.scalars(select(CountImage.id).where(CountImage.batch_id == batch.id,
                                                              CountImage.status == ImageStatus.PENDING)
                                  .order_by(CountImage.id)))  # random ids: a random order
    done = batch.total - len(ids)
    try:
        for image_id in ids:
            image = db.session.get(CountImage, image_id)
            services.read_one(reading, image)
            done += 1
            _fenced(claim_, done=done, lease_until=_lease(app))
            db.session.commit()
        _fenced(claim_, status=BatchStatus.DONE, done=done, lease_until=None)
        db.session.commit()
    except LeaseLost:
        return


def drain(app: Flask) -> int:
    count = 0
    while (taken := claim(app)) is not None:
        run_claimed(app, taken)
        count += 1
    return count


def start(app: Flask, batch: CountBatch, *, background: bool = True) -> threading.Thread | None:
    """After `ingest` committed the batch: read it in a worker thread of this process (READER_INPROCESS),
    or here and now (`background` False: tests and the command line)."""
    if not background:
        taken = claim(app, batch_id=batch.id)
        if taken is not None:
            run_claimed(app, taken)
        return None
    if not app.config.get("READER_INPROCESS", True):
        return None

    def work() -> None:
        with app.app_context():
            try:
                drain(app)
            finally:
                db.session.remove()

    thread = threading.Thread(target=work, daemon=True, name="reader-batches")
    thread.start()
    return thread
