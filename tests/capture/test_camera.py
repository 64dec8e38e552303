"""The camera page and its framing probe: four corner marks found on a ballot, fewer when a corner is out of
frame; a frame that is not an image is refused; each photo's outcome in Vietnamese; without the reader the
page says so; only the counting board reaches it."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.auth.models import Duty
from app.capture import services as capture
from app.printing import services as printing
from app.reader import batches
from app.reader.models import CountBatch, CountImage
from app.tally.models import BallotEntry
from tests.electionkit import candidate_ids, open_count, published, sign_in
from tests.factories import create_app_user, login
from tests.reader import builders
from tests.reader.scans import multipart, scanned


def _frame(image: np.ndarray, side: int = 960) -> bytes:
    """The page's probe frame: a camera picture scaled to about 960 px on its long side, as JPEG."""
    scale = side / max(image.shape[:2])
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 80])[1].tobytes()


def _on_a_desk(image: np.ndarray) -> np.ndarray:
    """The ballot photographed on a darker desk, slightly turned, with a margin all round."""
    h, w = image.shape[:2]
    desk = np.full((int(h * 1.25), int(w * 1.3), 3), (70, 90, 110), dtype=np.uint8)
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), 4, 0.95)
    turn[:, 2] += ((desk.shape[1] - w) / 2, (desk.shape[0] - h) / 2)
    return cv2.warpAffine(image, turn, (desk.shape[1], desk.shape[0]), dst=desk, borderMode=cv2.BORDER_TRANSPARENT)


def test_the_probe_sees_all_four_corner_marks_of_a_ballot_on_a_desk():
    found = capture.probe(_frame(_on_a_desk(builders.ballot())))
    assert found.found == (0, 1, 2, 3) and found.ready
    # marker 0 is the top left: its centre is in the top-left quarter of the frame, marker 2 in the bottom right
    assert found.centres[0][0] < 0.5 and found.centres[0][1] < 0.5
    assert found.centres[2][0] > 0.5 and found.centres[2][1] > 0.5


def test_the_probe_is_not_ready_when_a_corner_is_out_of_frame():
    image = _on_a_desk(builders.ballot())
    h, w = image.shape[:2]
    cut = image[: int(h * 0.8), :]  # the bottom of the page is outside the picture
    found = capture.probe(_frame(cut))
    assert not found.ready and set(found.found) == {0, 1}
    assert capture.probe(_frame(np.full((600, 800, 3), 200, np.uint8))).found == ()


def test_a_probe_frame_larger_than_the_page_sends_is_refused():
    huge = cv2.imencode(".png", np.full((100, capture.PROBE_MAX_SIDE + 1), 255, np.uint8))[1].tobytes()
    with pytest.raises(capture.CaptureError, match="quá lớn"):
        capture.probe(huge)


@pytest.fixture
def kit(session, app, monkeypatch):
    monkeypatch.setitem(app.config, "READER_INPROCESS", False)
    kit = published(households=12)
    sign_in(kit, 10)
    kit.run = printing.create_run(None, kit.leader, 6)
    open_count(kit, kit.leader)
    kit.clerk = create_app_user(kit.ward, Duty.COUNTING_MEMBER, [kit.tdp])
    kit.team = create_app_user(kit.ward, Duty.ELECTION_TEAM, [kit.tdp])
    session.commit()
    return kit


def test_a_clerk_opens_the_camera_page_from_the_count_page_and_probes_a_frame(client, kit):
    login(client, kit.clerk)
    count_page = client.get(f"/count/contest/{kit.leader.id}").get_data(as_text=True)
    assert f'href="/count/contest/{kit.leader.id}/camera"' in count_page and "Chụp ảnh phiếu" in count_page
    page = client.get(f"/count/contest/{kit.leader.id}/camera")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="capture"' in html and f'data-upload-url="/count/contest/{kit.leader.id}/images"' in html
    assert "js/camera.js" in html and 'id="no-reader"' not in html
    assert f'href="/count/contest/{kit.leader.id}/images"' in html  # every image, and the names awaiting a person
    answer = client.post(f"/count/contest/{kit.leader.id}/camera/probe",
                         **multipart([("frame.jpg", _frame(_on_a_desk(builders.ballot())))], field="frame"))
    assert answer.status_code == 200
    assert answer.get_json()["found"] == [0, 1, 2, 3] and answer.get_json()["ready"] is True


def test_a_frame_that_is_not_an_image_is_refused_in_vietnamese_and_nothing_is_kept(client, kit, session):
    login(client, kit.clerk)
    audit_before = session.scalar(select(func.count()).select_from(AuditEvent))
    good = client.post(f"/count/contest/{kit.leader.id}/camera/probe",
                       **multipart([("frame.jpg", _frame(_on_a_desk(builders.ballot())))], field="frame"))
    assert good.status_code == 200
    answer = client.post(f"/count/contest/{kit.leader.id}/camera/probe",
                         **multipart([("frame.jpg", b"not a jpeg at all")], field="frame"))
    assert answer.status_code == 422
    assert answer.get_json()["field"] == "frame" and "không phải ảnh" in answer.get_json()["message"]
    missing = client.post(f"/count/contest/{kit.leader.id}/camera/probe", data={})
    assert missing.status_code == 422 and "Không nhận được ảnh" in missing.get_json()["message"]
    # A probe, good or bad, writes nothing: no image, no batch, no entry, no audit record.
    assert [session.scalar(select(func.count()).select_from(model)) for model in (CountImage, CountBatch, BallotEntry)] \
        == [0, 0, 0]
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == audit_before


def test_the_election_team_and_another_tdp_may_not_use_the_camera(client, kit, session):
    login(client, kit.team)
    assert client.get(f"/count/contest/{kit.leader.id}/camera").status_code == 403
    assert client.post(f"/count/contest/{kit.leader.id}/camera/probe", data={}).status_code == 403
    assert "camera-link" not in client.get(f"/count/contest/{kit.leader.id}").get_data(as_text=True)


def test_without_the_reader_the_page_says_it_is_not_installed(client, kit, monkeypatch):
    monkeypatch.setattr(capture, "reader_installed", lambda: False)
    login(client, kit.clerk)
    html = client.get(f"/count/contest/{kit.leader.id}/camera").get_data(as_text=True)
    assert 'id="no-reader"' in html and "chưa cài gói đọc phiếu" in html and "js/camera.js" not in html
    answer = client.post(f"/count/contest/{kit.leader.id}/camera/probe",
                         **multipart([("frame.jpg", _frame(builders.ballot()))], field="frame"))
    assert answer.status_code == 503 and answer.get_json()["reader"] is False


def test_each_photo_outcome_says_read_review_or_retake_with_the_reason(client, kit, app, session):
    """Three photos: one clear (read and counted), one with a partial strike (a person looks, and why), one
    with the page's bottom cut off (take it again: only two corner marks)."""
    clear, partial = scanned(kit.run, [("full", "none"), ("partial", "none")])
    image = cv2.imdecode(np.frombuffer(scanned(kit.run, [("none", "none")], seed=9)[0], np.uint8), cv2.IMREAD_COLOR)
    cut = cv2.imencode(".jpg", image[: int(image.shape[0] * 0.7)])[1].tobytes()
    login(client, kit.clerk)
    outcomes = []
    for photo in (clear, partial, cut):
        sent = client.post(f"/count/contest/{kit.leader.id}/images", headers={"Accept": "application/json"},
                           **multipart([("anh-1.jpg", photo)]))
        assert sent.status_code == 202, sent.get_json()
        batches.start(app, CountBatch(id=sent.get_json()["batch"]), background=False)
        outcome = client.get(f"/count/contest/{kit.leader.id}/camera/batches/{sent.get_json()['batch']}.json")
        assert outcome.status_code == 200 and outcome.get_json()["done"] is True
        outcomes.append(outcome.get_json()["images"][0])
    assert [o["kind"] for o in outcomes] == ["read", "review", "retake"]
    assert outcomes[0]["text"] == "Đã đọc và vào số liệu: giữ tên số 2."
    assert "tên số 1" in outcomes[1]["text"] and "chưa phủ hết tên" in outcomes[1]["text"]
    assert "Chụp lại" in outcomes[2]["text"] and "/4 dấu ở góc phiếu" in outcomes[2]["text"]
    entries = session.scalars(select(BallotEntry).where(BallotEntry.contest_id == kit.leader.id)).all()
    assert [e.kept for e in entries] == [candidate_ids(kit.run)[1:2]]
    assert session.scalar(select(func.count()).select_from(CountImage)) == 3
    assert client.get(f"/count/contest/{kit.leader.id}/camera/batches/999999.json").status_code == 404
