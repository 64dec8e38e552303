"""The sign-in desk and the count on a 390×844 touch phone: a compact header, nothing wider than the screen,
the camera button in view, and a ballot counted by tapping names whose stored marks are what was tapped."""

from collections import Counter

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.attendance import services as attendance
from app.auth.models import Duty
from app.auth.services import create_user
from app.elections.models import ElectionRound
from app.extensions import db
from app.rolls.queries import sorted_households
from app.tally.counts import ballot_candidates
from app.tally.models import BallotEntry
from app.wards.models import Tdp
from tests.browser.steps import clerk, fits_the_screen, open_count, sign_in_to_count
from tests.browser.test_smoke import login

pytestmark = pytest.mark.browser
SIGNIN_TDP, COUNT_TDP = 30, 32  # used by these tests only
WIDTH, HEIGHT = 390, 844


def _in_view(page, selector):
    box = page.locator(selector).bounding_box()
    assert box is not None, f"{selector} is not shown"
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, f"{selector} is cut at the side: {box}"
    assert box["y"] >= 0 and box["y"] + box["height"] <= HEIGHT, f"{selector} is below the fold: {box}"
    assert box["height"] >= 44, f"{selector} is too small to tap: {box}"


def _header_is_compact(page):
    """The navigation folds behind the menu button and opens on a tap."""
    header = page.locator("header.topbar").bounding_box()
    assert header["height"] <= 70, header
    nav = page.locator("#main-nav")
    expect(nav).to_be_hidden()
    page.locator("#menu-toggle").tap()
    expect(nav).to_be_visible()
    expect(page.locator("#menu-toggle")).to_have_attribute("aria-expanded", "true")
    fits_the_screen(page)
    page.locator("#menu-toggle").tap()
    expect(nav).to_be_hidden()


def _prepare_signin(live_server):
    with live_server.app.app_context():
        tdp = db.session.scalar(select(Tdp).where(Tdp.number == SIGNIN_TDP))
        round_ = db.session.scalar(select(ElectionRound).where(ElectionRound.tdp_id == tdp.id))
        create_user(None, username="tobaucu30", password="mat-khau-to-bau-cu", ward_id=tdp.ward_id,
                    duties=[Duty.ELECTION_TEAM], tdp_numbers=[SIGNIN_TDP])
        db.session.commit()
        result = round_.id, sorted_households(tdp.id)[0].code
        db.session.remove()
        return result


def test_the_sign_in_desk_fits_a_phone_with_the_camera_button_in_view(phone, live_server):
    round_id, code = _prepare_signin(live_server)
    login(phone, "tobaucu30", "mat-khau-to-bau-cu")
    phone.goto(f"/rounds/{round_id}/signin")
    fits_the_screen(phone)
    _in_view(phone, "#camera-toggle")
    _in_view(phone, "#entry")
    entry_box = phone.locator("#entry").bounding_box()
    assert entry_box["width"] >= WIDTH - 2 * 24, "the entry box takes the whole width"
    assert phone.locator("#camera-toggle").bounding_box()["y"] >= entry_box["y"] + entry_box["height"], \
        "the camera button sits under the entry box"
    _header_is_compact(phone)

    present = int(phone.locator("#present").inner_text())
    phone.locator("#entry").fill(code)
    phone.get_by_role("button", name="Điểm danh").tap()
    expect(phone.locator("#present")).to_have_text(str(present + 1))
    expect(phone.locator("#message")).to_contain_text("Đã điểm danh")
    fits_the_screen(phone)  # the table of those just signed in scrolls inside itself
    with live_server.app.app_context():
        assert attendance.quorum(db.session.get(ElectionRound, round_id)).present == present + 1
        db.session.remove()


def _prepare_count(live_server):
    with live_server.app.app_context():
        count = open_count(COUNT_TDP, 4, double_entry=False, counter=clerk(COUNT_TDP))
        candidates = [c.person_id for c in ballot_candidates(count.leader)]
        db.session.commit()
        result = count.leader.id, count.payloads(), candidates
        db.session.remove()
        return result


def test_a_ballot_is_counted_on_a_phone_by_tapping_names(phone, live_server):
    contest_id, texts, candidates = _prepare_count(live_server)
    assert len(candidates) >= 2
    sign_in_to_count(phone, clerk(COUNT_TDP), contest_id, "/enter")
    fits_the_screen(phone)
    _in_view(phone, "#camera-toggle")
    _header_is_compact(phone)

    def scan(text):  # a Bluetooth scanner types the QR text and Enter, like on the laptop
        phone.locator("#scan").fill(text)
        phone.locator("#scan").press("Enter")
        expect(phone.locator("#ballot")).to_be_visible()

    names = phone.locator("#names button.name")
    scan(texts[0])
    fits_the_screen(phone)
    expect(names).to_have_count(len(candidates))
    for i in range(len(candidates)):
        _in_view(phone, f"#names li:nth-child({i + 1}) button.name")
    names.nth(1).tap()  # strike the second name
    expect(phone.locator("#names li").nth(1)).to_have_class("struck")
    expect(phone.locator("#verdict")).to_have_text(f"Hợp lệ: giữ {len(candidates) - 1} tên")
    phone.get_by_role("button", name="Lưu phiếu (Enter)").tap()
    expect(phone.locator("#returned")).to_have_text("1")
    expect(phone.locator("#ballot")).to_be_hidden()

    scan(texts[1])
    names.nth(0).tap()  # struck …
    names.nth(0).tap()  # … kept again …
    names.nth(0).tap()  # … and struck after all
    expect(phone.locator("#names li.struck")).to_have_count(1)
    expect(phone.locator("#names li").nth(0)).to_have_class("struck")
    phone.get_by_role("button", name="Lưu phiếu (Enter)").tap()
    expect(phone.locator("#returned")).to_have_text("2")

    scan(texts[2])
    phone.get_by_role("button", name="S: không có dấu").tap()
    expect(phone.locator("#verdict")).to_contain_text("Không hợp lệ")
    phone.get_by_role("button", name="Lưu phiếu (Enter)").tap()
    expect(phone.locator("#returned")).to_have_text("3")
    expect(phone.locator("#valid")).to_have_text("2")

    with live_server.app.app_context():
        stored = db.session.scalars(select(BallotEntry).where(BallotEntry.contest_id == contest_id)).all()
        marks = Counter((tuple(e.kept), e.invalid_reason) for e in stored)
        db.session.remove()
    # An invalid ballot keeps no names in the count (the reason is what matters).
    assert marks == Counter([(tuple(c for i, c in enumerate(candidates) if i != 1), None),
                             (tuple(candidates[1:]), None), ((), "no_stamp")])


STEPPER_TDP = 37  # used by this test only


def test_the_meeting_stepper_on_a_phone_leads_the_team_to_its_next_step(phone, live_server):
    """The election team on a phone lands on its meeting; the stepper fits the screen, says whose work the
    current step is, and a tap on it opens the sign-in desk."""
    with live_server.app.app_context():
        tdp = db.session.scalar(select(Tdp).where(Tdp.number == STEPPER_TDP))
        round_id = db.session.scalar(select(ElectionRound.id).where(ElectionRound.tdp_id == tdp.id))
        create_user(None, username="tobaucu37", password="mat-khau-to-bau-cu", ward_id=tdp.ward_id,
                    duties=[Duty.ELECTION_TEAM], tdp_numbers=[STEPPER_TDP])
        db.session.commit()
        db.session.remove()
    login(phone, "tobaucu37", "mat-khau-to-bau-cu")
    phone.wait_for_url(f"**/rounds/{round_id}/meeting")
    fits_the_screen(phone)
    expect(phone.locator('#stepper [data-step="signin"]')).to_have_attribute("data-state", "current")
    expect(phone.locator('#stepper [data-step="signin"] .who')).to_have_text("Việc của bạn")
    for step in ("quorum", "method", "issued", "count", "reconcile", "lock", "minutes"):
        expect(phone.locator(f'#stepper [data-step="{step}"]')).to_have_attribute("data-state", "todo")
    link = phone.locator('#stepper [data-step="signin"] a')
    box = link.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH and box["height"] >= 44, box
    link.tap()
    phone.wait_for_url(f"**/rounds/{round_id}/signin")
    fits_the_screen(phone)
