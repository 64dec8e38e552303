"""The scanning pages and API: images the reader cannot take are listed with their reason, the board head's
difference shows the ballot's crop, the API posts images and resolves review items, and without the reader
the page says so and nothing is taken."""

from __future__ import annotations

import pytest
from flask import current_app
from sqlalchemy import select

from app.auth.models import Duty
from app.extensions import db
from app.printing import services as printing
from app.reader import batches, services
from app.reader.models import CountBatch, CountImage
from app.tally import entry
from ballots import payload
from tests.electionkit import candidate_ids, open_count, published, sign_in
from tests.factories import create_app_user, login
from tests.reader.scans import multipart, scanned


@pytest.fixture
def kit(session, app, monkeypatch):
    monkeypatch.setitem(app.config, "READER_INPROCESS", False)
    kit = published(households=12)
    sign_in(kit, 10)
    kit.run = printing.create_run(None, kit.leader, 6)
    open_count(kit, kit.leader, double_entry=True)
    kit.head = create_app_user(kit.ward, Duty.COUNTING_HEAD, tdps=[kit.tdp])
    session.commit()
    return kit


def _upload(kit, images):
    batch = services.ingest(None, kit.leader, [(f"s{i}.jpg", b) for i, b in enumerate(images)])
    db.session.commit()
    batches.start(current_app, batch, background=False)


def test_a_page_without_its_corner_marks_is_listed_for_a_retake(kit, client):
    import cv2
    import numpy as np

    blank = cv2.imencode(".png", np.full((800, 600), 255, np.uint8))[1].tobytes()
    _upload(kit, [blank])
    login(client, kit.head)
    page = client.get(f"/count/contest/{kit.leader.id}/images").get_data(as_text=True)
    assert 'data-status="retake"' in page and "quét hoặc chụp lại" in page


def test_the_board_heads_difference_shows_the_crop_of_that_ballot(kit, client, session):
    [image_bytes] = scanned(kit.run, [("full", "none")])
    _upload(kit, [image_bytes])
    image = session.scalar(select(CountImage))
    text = payload.encode(payload.PayloadFields(**image.result["code"]),
                                   printing.ballot_key(kit.election))
    entry.enter_ballot(None, kit.leader, text, kept=candidate_ids(kit.run)[:1], pass_no=2)  # the clerk differs
    session.commit()
    login(client, kit.head)
    page = client.get(f"/count/contest/{kit.leader.id}").get_data(as_text=True)
    assert f"/count/contest/{kit.leader.id}/images/{image.id}.png?part=names" in page
    crop = client.get(f"/count/contest/{kit.leader.id}/images/{image.id}.png?part=names")
    assert crop.status_code == 200 and crop.data.startswith(b"\x89PNG")


def test_the_api_posts_images_lists_review_items_and_resolves_them(kit, client, app):
    login(client, kit.head)
    images = scanned(kit.run, [("partial", "full"), ("none", "full")])
    posted = client.post(f"/api/v1/contests/{kit.leader.id}/images", **multipart(
        [(f"p{i}.jpg", b) for i, b in enumerate(images)]))
    assert posted.status_code == 202, posted.get_json()
    body = posted.get_json()
    batches.start(app, db.session.get(CountBatch, body["batch"]), background=False)
    progress = client.get(body["progress_url"]).get_json()
    assert progress["images"] == {"entered": 1, "review": 1}
    [item] = client.get(f"/api/v1/contests/{kit.leader.id}/review").get_json()
    assert item["reason"] == "partial" and item["item"] == "0"
    assert client.get(f"/api/v1/contests/{kit.leader.id}/review?reason=steep").get_json() == []
    wrong = client.post(f"/api/v1/contests/{kit.leader.id}/review",
                        json={"image": item["image"], "item": "0", "decision": "ok"})
    assert wrong.status_code == 422 and wrong.get_json()["errors"]["reason"] == "bad_decision"
    done = client.post(f"/api/v1/contests/{kit.leader.id}/review",
                       json={"image": item["image"], "item": "0", "decision": "struck"})
    assert done.get_json()["status"] == "entered"
    again = client.post(f"/api/v1/contests/{kit.leader.id}/images", **multipart([("p0.jpg", images[0])]))
    assert again.status_code == 409


def test_without_the_reader_the_page_says_so_and_an_upload_is_refused(kit, client, monkeypatch):
    import reader

    monkeypatch.setattr(reader, "available", lambda: False)
    login(client, kit.head)
    page = client.get(f"/count/contest/{kit.leader.id}/images").get_data(as_text=True)
    assert "Chưa cài bộ đọc ảnh" in page and 'id="upload"' not in page
    posted = client.post(f"/count/contest/{kit.leader.id}/images", headers={"Accept": "application/json"},
                         **multipart([("a.jpg", b"\xff\xd8\xff")]))
    assert posted.status_code == 503 and posted.get_json()["error"] == "reader_missing"
