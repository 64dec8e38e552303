"""Ballot images stay private evidence: nothing in an image record orders the images of a batch by upload
(an attacker with the database cannot sort them back into scanning, hence sign-in, order), and after the
complaint period the bytes are deleted while the SHA-256 and decisions stay; on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db
from app.printing import services as printing
from app.reader import services
from app.reader.models import CountImage
from tests.electionkit import open_count, published, sign_in


@pytest.fixture
def kit(session, app, monkeypatch):
    monkeypatch.setitem(app.config, "READER_INPROCESS", False)
    kit = published(households=12)
    sign_in(kit, 10)
    kit.run = printing.create_run(None, kit.leader, 4)
    open_count(kit, kit.leader)
    session.commit()
    return kit


def _pngs(n: int) -> list[bytes]:
    import cv2
    import numpy as np

    return [cv2.imencode(".png", np.full((40, 40), i, np.uint8))[1].tobytes() for i in range(n)]


def test_no_column_of_an_image_is_a_time_a_sequence_or_a_file_name(app):
    table = db.metadata.tables["count_images"]
    kinds = {c.name: type(c.type).__name__ for c in table.columns}
    assert not [n for n, k in kinds.items() if "Date" in k or "Time" in k]
    assert isinstance(table.c.id.type, sa.String)  # a random id, no autoincrement
    assert not {"filename", "file_name", "name", "page", "position", "seq", "uploaded_at"} & set(kinds)


def test_the_images_of_a_batch_cannot_be_sorted_back_into_upload_order(kit, session):
    """40 images uploaded in a known order: no column, nor the table's own storage order, gives it back."""
    images = _pngs(40)
    upload_order = [hashlib.sha256(b).hexdigest() for b in images]
    services.ingest(None, kit.leader, [(f"scan{i:04d}.png", b) for i, b in enumerate(images)])
    session.commit()
    table = CountImage.__table__
    stored = [r.sha256 for r in session.execute(sa.select(table.c.sha256, table.c.id))]  # storage order
    assert sorted(stored) == sorted(upload_order)
    orders = {"storage": stored}
    for column in table.columns:
        if column.name in ("data",):
            continue
        key = sa.cast(column, sa.Text) if isinstance(column.type, sa.JSON) else column
        orders[column.name] = [r.sha256 for r in session.execute(
            sa.select(table.c.sha256).order_by(key, table.c.sha256))]
    same = [name for name, order in orders.items() if order in (upload_order, upload_order[::-1])]
    assert same == []
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "count.images"))
    assert event.after["sha256"] == sorted(upload_order)  # the audit chain keeps them sorted, not in order


def _purge(runner, *args):
    return runner.invoke(args=["reader", "purge-images", *args])


def test_purge_refuses_an_open_count_then_deletes_bytes_and_keeps_hashes_once_locked(kit, session, runner):
    images = _pngs(3)
    services.ingest(None, kit.leader, [(f"s{i}.png", b) for i, b in enumerate(images)])
    session.commit()
    refused = _purge(runner, "--before", "31/12/2099")
    assert refused.exit_code != 0 and "Chưa chốt kết quả" in refused.output
    assert session.scalar(select(sa.func.count()).select_from(CountImage).where(CountImage.data.is_not(None))) == 3
    forced = _purge(runner, "--before", "31/12/2099", "--force")
    assert forced.exit_code == 0, forced.output
    session.expire_all()
    rows = session.scalars(select(CountImage)).all()
    assert all(r.data is None and r.purged for r in rows)
    assert sorted(r.sha256 for r in rows) == sorted(hashlib.sha256(b).hexdigest() for b in images)
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "count.images.purge"))
    assert event.after["images"] == 3 and event.after["forced"] is True


def test_purge_by_the_keep_period_takes_only_counts_locked_long_enough(kit, session):
    from datetime import timedelta

    from app.core.db import utcnow
    from app.reader.purge import purge_images
    from app.tally.state import tally_for

    services.ingest(None, kit.leader, [("s.png", _pngs(1)[0])])
    tally = tally_for(kit.leader)
    tally.status, tally.finalized_at = tally.status.FINAL, utcnow()
    session.commit()
    assert purge_images(None, keep_days=30) == []
    assert [p.images for p in purge_images(None, keep_days=30, now=utcnow() + timedelta(days=31))] == [1]


def test_a_bad_date_is_named(runner):
    result = _purge(runner, "--before", "31/11/2027")
    assert result.exit_code != 0 and "--before" in result.output

