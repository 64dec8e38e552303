"""Ballot images into the count: upload, background reading, machine entry as pass 1 (no clerk), review of
unclear names by a person, refusals kept with their reason; on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from flask import current_app
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.auth.models import Duty
from app.extensions import db
from app.printing import services as printing
from app.reader import batches, review, services
from app.reader.errors import ReaderError
from app.reader.models import CountBatch, CountImage, ImageStatus
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
    assert event.chain == kit.tdp.id  # the TDP's chain, pinned in the main chain when the result locks


def test_a_file_that_is_not_an_image_is_refused_by_name_and_nothing_is_stored(kit, session):
    with pytest.raises(ReaderError) as error:
        services.ingest(None, kit.leader, [("a.jpg", scanned(kit.run, [("none", "none")])[0]),
                                           ("notes.jpg", b"hello")])
    assert "notes.jpg" in error.value.message
    session.rollback()
    assert session.scalar(select(CountImage)) is None


def _upload(kit, images, actor=None):
    batch = services.ingest(actor, kit.leader, [(f"s{i}.jpg", b) for i, b in enumerate(images)])
    db.session.commit()
    batches.start(current_app, batch, background=False)
    return batch


def _images(session, kit):
    return session.scalars(select(CountImage).where(CountImage.contest_id == kit.leader.id)).all()


def test_an_unclear_name_is_never_counted_from_the_machine_and_a_person_decides_it(kit, session):
    _upload(kit, scanned(kit.run, [("partial", "full")]))
    image = _images(session, kit)[0]
    assert image.status is ImageStatus.REVIEW and image.entry_id is None
    assert session.scalar(select(BallotEntry)) is None
    [item] = review.items(kit.leader)
    assert (item.key, item.reason) == ("0", "partial") and 0 < item.coverage < 1
    assert review.items(kit.leader, "circle_tick_scribble") == []
    member = create_app_user(kit.ward, Duty.COUNTING_MEMBER, tdps=[kit.tdp])
    review.decide(member, kit.leader, image.id, "0", "untouched")  # a partial strike leaves the name kept
    session.commit()
    entry = session.get(BallotEntry, image.entry_id)
    assert image.status is ImageStatus.ENTERED and entry.kept == [candidate_ids(kit.run)[0]] and entry.clerk_id is None
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "count.images.review"))
    assert event.actor == member.username and event.after == {"item": "0", "decision": "untouched"}
    with pytest.raises(ReaderError) as error:
        review.decide(member, kit.leader, image.id, "0", "struck")
    assert error.value.code == "not_open"


def test_v_on_a_name_makes_the_ballot_invalid_for_added_writing(kit, session):
    _upload(kit, scanned(kit.run, [("circle", "none")]))
    image = _images(session, kit)[0]
    assert image.status is ImageStatus.REVIEW
    review.decide(None, kit.leader, image.id, "0", "invalid")
    session.commit()
    assert session.get(BallotEntry, image.entry_id).invalid_reason == "added_writing"


def test_the_same_ballot_scanned_twice_is_counted_once_and_the_second_image_says_why(kit, session):
    import cv2
    import numpy as np

    [first] = scanned(kit.run, [("full", "none")])
    again = cv2.imencode(".png", cv2.imdecode(np.frombuffer(first, np.uint8), cv2.IMREAD_COLOR))[1].tobytes()
    _upload(kit, [first, again])
    statuses = sorted((i.status.value, i.reason) for i in _images(session, kit))
    assert statuses == [("entered", None), ("refused", "already_counted")]
    assert len(session.scalars(select(BallotEntry)).all()) == 1


def test_an_image_uploaded_twice_is_skipped_and_an_upload_of_only_known_images_is_refused(kit, session):
    images = scanned(kit.run, [("full", "none")])
    _upload(kit, images)
    with pytest.raises(ReaderError) as error:
        services.ingest(None, kit.leader, [("again.jpg", images[0])])
    assert error.value.code == "duplicate" and error.value.status == 409


def test_a_ballot_read_before_the_count_opens_is_refused_with_the_counts_own_reason(session, app, monkeypatch):
    monkeypatch.setitem(app.config, "READER_INPROCESS", False)
    kit = published(households=12)
    kit.run = printing.create_run(None, kit.leader, 2)
    session.commit()
    with pytest.raises(ReaderError):  # before the zero report nothing is taken
        services.ingest(None, kit.leader, [("a.jpg", scanned(kit.run, [("full", "none")])[0])])


def test_a_multi_page_pdf_and_a_multi_page_tiff_are_split_into_ballots(kit, session):
    import cv2
    import numpy as np

    from app.reader.pages import pages_of

    pdf = printing.render_run(kit.run)
    assert len(pages_of("b.pdf", pdf)) == 8
    frames = [cv2.imdecode(np.frombuffer(b, np.uint8), cv2.IMREAD_GRAYSCALE)
              for b in scanned(kit.run, [("full", "none"), ("none", "full")])]
    ok, tiff = cv2.imencodemulti(".tiff", frames)
    assert ok and len(pages_of("scan.tiff", tiff.tobytes())) == 2


def test_the_crop_of_an_unclear_name_is_a_png_of_that_row(kit, client, session):
    _upload(kit, scanned(kit.run, [("partial", "none")]))
    image = _images(session, kit)[0]
    head = create_app_user(kit.ward, Duty.COUNTING_HEAD, tdps=[kit.tdp])
    session.commit()
    login(client, head)
    crop = client.get(f"/count/contest/{kit.leader.id}/images/{image.id}.png?name=0")
    assert crop.status_code == 200 and crop.data.startswith(b"\x89PNG")
    page = client.get(f"/count/contest/{kit.leader.id}/review")
    assert page.status_code == 200 and image.id.encode() in page.data
    answer = client.post(f"/count/contest/{kit.leader.id}/review",
                         json={"image": image.id, "item": "0", "decision": "untouched"})
    assert answer.status_code == 200 and answer.get_json()["status"] == "entered"


def test_a_batch_whose_worker_died_is_taken_over_and_the_dead_worker_writes_nothing_more(kit, session, app):
    from datetime import timedelta

    from app.core.db import utcnow

    batch = services.ingest(None, kit.leader, [("a.jpg", scanned(kit.run, [("full", "none")])[0])])
    session.commit()
    first = batches.claim(app)
    assert first is not None and batches.claim(app) is None  # one batch at a time, and it is taken
    session.get(CountBatch, batch.id).lease_until = utcnow() - timedelta(seconds=1)  # the worker stopped renewing
    session.commit()
    second = batches.claim(app)
    assert second.batch_id == batch.id and second.attempt == first.attempt + 1
    batches.run_claimed(app, first)  # the dead worker wakes up: its writes are rolled back
    assert session.scalar(select(BallotEntry)) is None
    assert session.scalar(select(CountImage)).status is ImageStatus.PENDING
    batches.run_claimed(app, second)
    session.expire_all()
    done = session.get(CountBatch, batch.id)
    assert (done.status.value, done.done) == ("done", 1)
    assert len(session.scalars(select(BallotEntry)).all()) == 1


def _with_writing_below_the_names(run, jpeg: bytes) -> bytes:
    """The scan with a few handwritten strokes in the names' frame, below the last name (a name added)."""
    import cv2
    import numpy as np

    from ballots.manifest import manifest

    face = manifest(printing.ballot_spec(run))
    scale = 200 / 25.4
    y = face.names[-1].row.bottom + 6
    assert y < face.frame.bottom - 2, "no room below the names on this ballot"
    image = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
    x = face.names[-1].box.x
    for dx in range(0, 40, 8):  # a handwritten word: short up-and-down strokes
        pts = np.array([[(x + dx) * scale, y * scale], [(x + dx + 3) * scale, (y - 4) * scale],
                        [(x + dx + 6) * scale, y * scale]], np.int32)
        cv2.polylines(image, [pts], False, (150, 50, 20), 4, cv2.LINE_AA)
    return cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes()


def test_writing_outside_the_names_waits_for_a_person_who_may_find_it_harmless_or_invalid(kit, session):
    plain, marked = scanned(kit.run, [("full", "none"), ("none", "full")])
    _upload(kit, [_with_writing_below_the_names(kit.run, plain), _with_writing_below_the_names(kit.run, marked)])
    images = _images(session, kit)
    assert [i.status for i in images] == [ImageStatus.REVIEW, ImageStatus.REVIEW]
    assert {item.key for item in review.items(kit.leader)} == {"outside"}
    assert session.scalar(select(BallotEntry)) is None
    first, second = images
    review.decide(None, kit.leader, first.id, "outside", "ok")
    review.decide(None, kit.leader, second.id, "outside", "invalid")
    session.commit()
    ids = candidate_ids(kit.run)
    first_entry, second_entry = (session.get(BallotEntry, i.entry_id) for i in (first, second))
    assert first_entry.invalid_reason is None and len(first_entry.kept) == 1 and first_entry.kept[0] in ids
    assert second_entry.invalid_reason == "added_writing"


def test_a_reader_fault_on_one_image_is_a_retake_and_the_batch_goes_on(kit, session, monkeypatch):
    import reader.read

    good, odd = scanned(kit.run, [("full", "none"), ("none", "full")])
    real = reader.read.read_image

    def flaky(pixels, sheets):
        if pixels.shape == fault_shape:
            raise RuntimeError("boom")
        return real(pixels, sheets)

    import cv2
    import numpy as np

    odd = cv2.imencode(".png", cv2.resize(cv2.imdecode(np.frombuffer(odd, np.uint8), cv2.IMREAD_GRAYSCALE),
                                          None, fx=0.99, fy=0.99))[1].tobytes()
    fault_shape = cv2.imdecode(np.frombuffer(odd, np.uint8), cv2.IMREAD_GRAYSCALE).shape
    monkeypatch.setattr(reader.read, "read_image", flaky)
    _upload(kit, [good, odd])
    statuses = sorted((i.status.value, i.reason) for i in _images(session, kit))
    assert statuses == [("entered", None), ("retake", "reader_error")]
    assert session.scalar(select(CountBatch)).status.value == "done"


def test_a_photo_with_the_code_cut_off_is_a_retake_that_says_so(kit, session):
    import cv2
    import numpy as np

    whole, = scanned(kit.run, [("full", "none")])
    page = cv2.imdecode(np.frombuffer(whole, np.uint8), cv2.IMREAD_GRAYSCALE)
    h, w = page.shape
    # the bottom right corner, beside the code, out of the frame; three corner marks stay in it
    corners = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    pushed = np.float32([[0, 0], [w, 0], [w * 1.1, h * 1.1], [0, h]])
    cut = cv2.warpPerspective(page, cv2.getPerspectiveTransform(corners, pushed), (w, h), borderValue=90)
    _upload(kit, [cv2.imencode(".png", cut)[1].tobytes()])
    image, = _images(session, kit)
    assert (image.status, image.reason) == (ImageStatus.RETAKE, "code out of frame")
    assert "Mã QR" in image.message and "chụp lại" in image.message and image.entry_id is None
    assert session.scalar(select(BallotEntry)) is None
