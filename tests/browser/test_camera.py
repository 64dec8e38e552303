"""The camera page on a 390×844 phone, with Chromium's fake camera playing a photo of a real ballot of the TDP:
the framing guide sees the four corner marks, the photo is taken by itself and sent to the reader, and the page
shows the ballot read and counted. A ballot with a corner out of frame is never taken by itself; the "Chụp"
button takes it, and the page says to take it again and why."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.auth.models import Duty
from app.extensions import db
from app.tally.counts import ballot_candidates
from app.tally.models import BallotEntry
from reader import available
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, watched_page
from tests.browser.steps import (
    Counter,
    add_counter,
    clerk,
    fits_the_screen,
    leader_contest,
    open_count,
    sign_in_to_count,
)

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not available(), reason="the reader extra is not installed")]
READ_TDP, CUT_TDP = 10, 11  # used by these tests only
#: The fake camera's picture: 1920×1080, what the page asks a phone's rear camera for.
FRAME_W, FRAME_H = 1920, 1080


def _prepare(live_server, number: int) -> tuple[int, list[int], bytes]:
    """TDP `number`: everyone signed in, four ballots printed, the count open, a clerk; and a photo of the first
    ballot with the first name struck through (JPEG, as a scanner would give it)."""
    from tests.reader.scans import scanned

    with live_server.app.app_context():
        count = open_count(number, 4, double_entry=False, counter=clerk(number))
        candidates = [c.person_id for c in ballot_candidates(count.leader)]
        db.session.commit()
        photo = scanned(count.run, [("full",) + ("none",) * (len(candidates) - 1)])[0]
        result = count.leader.id, candidates, photo
        db.session.remove()
        return result


def _camera_file(photo: bytes, folder: Path, *, keep_rows: float = 1.0) -> Path:
    """A Y4M video (what Chromium's fake camera plays) of the ballot on a desk, the camera held sideways over it
    (the landscape picture a phone's camera gives, the A5 page's length along its width), slightly turned; with
    `keep_rows` < 1 the bottom of the ballot is outside the picture."""
    ballot = cv2.imdecode(np.frombuffer(photo, np.uint8), cv2.IMREAD_COLOR)
    full_height, full_width = ballot.shape[:2]
    ballot = cv2.rotate(ballot[: int(full_height * keep_rows)], cv2.ROTATE_90_CLOCKWISE)
    h, w = ballot.shape[:2]
    scale = min(0.88 * FRAME_W / full_height, 0.88 * FRAME_H / full_width)  # the whole page in the picture
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), 3, scale)
    turn[:, 2] += (FRAME_W / 2 - w / 2, FRAME_H / 2 - h / 2)
    desk = np.full((FRAME_H, FRAME_W, 3), (60, 85, 110), np.uint8)
    picture = cv2.warpAffine(ballot, turn, (FRAME_W, FRAME_H), dst=desk, borderMode=cv2.BORDER_TRANSPARENT)
    yuv = cv2.cvtColor(picture, cv2.COLOR_BGR2YUV_I420).tobytes()
    path = folder / "camera.y4m"
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{FRAME_W} H{FRAME_H} F5:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(2):
            out.write(b"FRAME\n" + yuv)
    return path


def _phone_with_camera(browser, live_server, video: Path):
    """A phone page in a Chromium of its own whose camera plays `video`, with the camera permission granted."""
    camera = browser.browser_type.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS + [
        "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={video}"])
    pages = watched_page(camera, live_server.url, permissions=["camera"], **PHONE)
    return camera, pages


def test_a_phone_photographs_a_ballot_and_the_page_shows_it_read(browser, live_server, tmp_path):
    contest_id, candidates, photo = _prepare(live_server, READ_TDP)
    camera, pages = _phone_with_camera(browser, live_server, _camera_file(photo, tmp_path))
    try:
        phone = next(pages)
        sign_in_to_count(phone, clerk(READ_TDP), contest_id)
        phone.locator("#camera-link").tap()
        phone.wait_for_url(f"**/count/contest/{contest_id}/camera")
        fits_the_screen(phone)
        expect(phone.locator("#corners")).to_have_text("4/4", timeout=20_000)
        expect(phone.locator("#guide .corner.seen")).to_have_count(4)
        expect(phone.locator(".capture-stage .mark")).to_have_count(4)  # where each mark was seen
        expect(phone.locator("#guide")).to_have_class("guide landscape ready")
        shot = phone.locator("#captures li").first
        expect(shot).to_have_attribute("data-status", "read", timeout=60_000)
        kept = ", ".join(str(i + 1) for i in range(1, len(candidates)))
        expect(shot.locator(".outcome")).to_have_text(f"Đã đọc và vào số liệu: giữ tên số {kept}.")
        expect(phone.locator("#capture-pile")).to_contain_text("ghi số xấp 1:")  # the photographed papers' pile
        # Taken once: the ballot still lies there, so the page waits for it to leave the frame.
        phone.wait_for_timeout(2000)
        expect(phone.locator("#captures li")).to_have_count(1)
        fits_the_screen(phone)
        next(pages, None)
    finally:
        camera.close()
    with live_server.app.app_context():
        entries = db.session.scalars(select(BallotEntry).where(BallotEntry.contest_id == contest_id)).all()
        assert [(sorted(e.kept), e.invalid_reason, e.pass_no) for e in entries] == [(sorted(candidates[1:]), None, 1)]
        assert [(e.stack_no, e.stack_pos) for e in entries] == [(1, None)]  # in pile 1, found by its serial
        db.session.remove()


def test_a_ballot_with_a_corner_out_of_frame_waits_for_the_button_and_is_to_be_taken_again(browser, live_server,
                                                                                             tmp_path):
    contest_id, _, photo = _prepare(live_server, CUT_TDP)
    camera, pages = _phone_with_camera(browser, live_server, _camera_file(photo, tmp_path, keep_rows=0.75))
    try:
        phone = next(pages)
        sign_in_to_count(phone, clerk(CUT_TDP), contest_id, "/camera")
        expect(phone.locator("#corners")).to_have_text("2/4", timeout=20_000)
        expect(phone.locator("#capture-status")).to_contain_text("thấy 2/4 góc")
        phone.wait_for_timeout(1500)
        expect(phone.locator("#captures li")).to_have_count(0)  # never fired by itself
        phone.locator("#capture-shot").tap()
        shot = phone.locator("#captures li").first
        expect(shot).to_have_attribute("data-status", "retake", timeout=60_000)
        expect(shot.locator(".outcome")).to_contain_text("Chụp lại: chỉ thấy 2/4 dấu ở góc phiếu")
        next(pages, None)
    finally:
        camera.close()
    with live_server.app.app_context():
        assert db.session.scalars(select(BallotEntry).where(BallotEntry.contest_id == contest_id)).all() == []
        db.session.remove()


def test_without_a_camera_the_page_says_why_and_offers_to_try_again(phone, live_server):
    """The shared browser has no camera: the page says it could not start one, and the button to try again
    and the photo button's state say what can be done."""
    counter = Counter(f"kiemphieu{CUT_TDP}b", "mat-khau-kiem-phieu", (Duty.COUNTING_HEAD,))
    with live_server.app.app_context():
        tdp, _, leader = leader_contest(CUT_TDP)
        contest_id = leader.id
        add_counter(tdp, counter)
        db.session.commit()
        db.session.remove()
    sign_in_to_count(phone, counter, contest_id, "/camera")
    expect(phone.locator("#capture-status")).to_contain_text("Không bật được camera", timeout=15_000)
    expect(phone.locator("#capture-start")).to_be_visible()
    expect(phone.locator("#capture-shot")).to_be_disabled()
    expect(phone.locator("#captures li")).to_have_count(0)
    fits_the_screen(phone)
