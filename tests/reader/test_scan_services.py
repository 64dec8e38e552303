"""Ballot images into the count: upload, background reading, machine entry as pass 1 (no clerk), review of
unclear names by a person, refusals kept with their reason; on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.auth.models import Duty
from app.printing import services as printing
from app.reader import batches, services
from app.reader.errors import ReaderError
from app.reader.models import CountBatch, CountImage
from app.tally.models import BallotEntry
from tests.electionkit import candidate_ids, open_count, published, sign_in
from tests.factories import create_app_user, login
from tests.reader.scans import multipart, scanned


@pytest.fixture
def kit(session, app, monkeypatch):
    monkeypatch.setitem(app.config, "READER_INPROCESS", False)
    kit = published(households=12)
    sign_in(kit, 10)
    kit.run = printing.create_run(None, kit.leader, 8)
    open_count(kit, kit.leader, double_entry=True)
    session.commit()
    return kit


def _read(app, batch_id):
    batches.start(app, CountBatch(id=batch_id), background=False)


def test_an_upload_answers_the_batch_and_its_progress_url_and_the_reader_enters_clear_ballots(kit, client, app, session):
    head = create_app_user(kit.ward, Duty.COUNTING_HEAD, tdps=[kit.tdp])
    session.commit()
    login(client, head)
    images = scanned(kit.run, [("full", "none"), ("none", "full"), ("partial", "none")])
    response = client.post(f"/count/contest/{kit.leader.id}/images", headers={"Accept": "application/json"},
                           **multipart([(f"scan{i}.jpg", b) for i, b in enumerate(images)]))
    assert response.status_code == 202, response.get_json()
    body = response.get_json()
    assert body["images"] == 3 and body["progress_url"].endswith(f"/batches/{body['batch']}.json")
    _read(app, body["batch"])
    progress = client.get(body["progress_url"]).get_json()
    assert (progress["status"], progress["done"], progress["total"]) == ("done", 3, 3)
    assert progress["images"] == {"entered": 2, "review": 1}
    ids = candidate_ids(kit.run)
    entries = session.scalars(select(BallotEntry).where(BallotEntry.contest_id == kit.leader.id)).all()
    assert sorted(e.kept for e in entries) == sorted([[ids[1]], [ids[0]]])
    assert all(e.pass_no == 1 and e.clerk_id is None for e in entries)
    shas = {i.sha256 for i in session.scalars(select(CountImage))}
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "count.images"))
    assert set(event.after["sha256"]) == shas and event.after["sha256"] == sorted(shas)


def test_a_file_that_is_not_an_image_is_refused_by_name_and_nothing_is_stored(kit, session):
    with pytest.raises(ReaderError) as error:
        services.ingest(None, kit.leader, [("a.jpg", scanned(kit.run, [("none", "none")])[0]),
                                           ("notes.jpg", b"hello")])
    assert "notes.jpg" in error.value.message
    session.rollback()
    assert session.scalar(select(CountImage)) is None
