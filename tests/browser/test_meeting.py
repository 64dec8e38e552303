"""The meeting stepper in a real browser at laptop size, each step done by the role whose work it is: the
election team signs households in (and lands on its meeting), the counting head locks (and lands on the
count); the stepper moves from sign-in to minutes."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.attendance import services as attendance
from app.auth.models import Duty
from app.auth.services import create_user
from app.elections.models import ElectionRound, Position
from app.extensions import db
from app.printing import ledger
from app.printing import services as printing
from app.rolls.queries import sorted_households
from app.tally import entry, state
from app.tally.models import BundleKind, VotingMethod
from app.wards.models import Tdp
from tests.browser.test_smoke import login

pytestmark = pytest.mark.browser
TDP_NUMBER = 29  # used by this test only


def _prepare(live_server):
    """Two short of a quorum signed in; the team's and the counting head's accounts. Returns the round id,
    the contest ids and the codes of two households not signed in yet."""
    with live_server.app.app_context():
        tdp = db.session.scalar(select(Tdp).where(Tdp.number == TDP_NUMBER))
        round_ = db.session.scalar(select(ElectionRound).where(ElectionRound.tdp_id == tdp.id))
        rows = sorted_households(tdp.id)
        needed = attendance.quorum(round_).needed
        for row in rows[: needed - 2]:
            attendance.sign_in(None, round_, attendance.household_in_round(round_, row.id), attendance.SignInMethod.CODE)
        create_user(None, username="tobaucu29", password="mat-khau-to-bau-cu", ward_id=tdp.ward_id,
                    duties=[Duty.ELECTION_TEAM], tdp_numbers=[TDP_NUMBER])
        create_user(None, username="truongkp29", password="mat-khau-truong-ban", ward_id=tdp.ward_id,
                    duties=[Duty.COUNTING_HEAD], tdp_numbers=[TDP_NUMBER])
        db.session.commit()
        contests = sorted(round_.contests, key=lambda c: c.position is not Position.LEADER)
        result = round_.id, [c.id for c in contests], [r.code for r in rows[needed - 2: needed]], needed
        db.session.remove()
        return result


def _count(live_server, round_id: int, present: int) -> None:
    """The team opened both counts and kept the ledger; the board entered one hand-counted bundle each
    (the count screen's own browser tests drive entry itself)."""
    with live_server.app.app_context():
        round_ = db.session.get(ElectionRound, round_id)
        for contest in round_.contests:
            state.configure(None, contest, method=VotingMethod.SECRET_BALLOT, approvals=None, double_entry=False,
                            place="", board={"head": "Trần Văn Trưởng", "witnesses": ["Phạm Văn Chứng", "Đỗ Thị Kiến"]})
            state.sign_zero_report(None, contest)
            run = printing.create_run(None, contest, present + 3)
            people = [c["person"] for c in run.definition["candidates"]]
            votes = {people[0]: present - 1, **{p: 1 for p in people[1:2]}}
            entry.enter_bundle(None, contest, people, kind=BundleKind.BUNDLE, bundle_no=1, ballots=present,
                               votes=votes, invalid={})
            ledger.update_ledger(None, contest, {"issued": present, "unused": 3, "spoiled": 0, "returned": present})
        db.session.commit()
        db.session.remove()


def _state(page, step: str):
    return expect(page.locator(f'#stepper [data-step="{step}"]'))


def test_the_meeting_stepper_from_sign_in_to_minutes_as_the_team_and_the_counting_head(page, live_server):
    round_id, contest_ids, codes, needed = _prepare(live_server)

    login(page, "tobaucu29", "mat-khau-to-bau-cu")
    page.wait_for_url(f"**/rounds/{round_id}/meeting")  # the team lands on its meeting
    _state(page, "signin").to_have_attribute("data-state", "done")
    _state(page, "quorum").to_have_attribute("data-state", "current")
    expect(page.locator('#stepper [data-step="quorum"] .who')).to_have_text("Việc của bạn")
    nav = page.locator("nav.workflow")
    expect(nav.get_by_role("link", name="Hội nghị", exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="Tài khoản", exact=True)).to_have_count(0)

    page.locator('#stepper [data-step="quorum"] a').click()
    page.wait_for_url(f"**/rounds/{round_id}/signin")
    page.locator("#entry").fill("999999")
    page.keyboard.press("Enter")
    expect(page.locator("#message")).to_have_class("message bad")
    page.locator("#entry").press_sequentially(codes[0][:2])  # typing again clears the stale error (D24)
    expect(page.locator("#message")).to_have_text("")
    for code in codes:
        page.locator("#entry").fill(code)
        page.keyboard.press("Enter")
        expect(page.locator("#message")).to_contain_text(code)
    expect(page.locator("#present")).to_have_text(str(needed))
    page.locator("#recent button.undo").first.click()  # the undo dialog names the household's representative
    expect(page.locator("#undo-name")).not_to_be_empty()
    page.keyboard.press("Escape")
    page.get_by_role("link", name="Hội nghị", exact=True).click()
    _state(page, "quorum").to_have_attribute("data-state", "done")
    _state(page, "method").to_have_attribute("data-state", "current")

    _count(live_server, round_id, needed)
    page.reload()
    for step in ("method", "issued", "count", "reconcile"):
        _state(page, step).to_have_attribute("data-state", "done")
    _state(page, "lock").to_have_attribute("data-state", "current")
    expect(page.locator('#stepper [data-step="lock"] .who')).to_have_text("Việc của: Trưởng ban kiểm phiếu")
    page.get_by_role("button", name="Đăng xuất").click()

    login(page, "truongkp29", "mat-khau-truong-ban")
    for contest_id in contest_ids:  # the head lands on the count still open: the leader's, then the deputy's
        page.wait_for_url(f"**/count/contest/{contest_id}")
        page.get_by_role("button", name="Chốt kết quả").click()
        expect(page.locator("#tally-status")).to_have_text("Đã chốt kết quả")
        page.goto("/start")
    page.goto(f"/rounds/{round_id}/meeting")
    _state(page, "lock").to_have_attribute("data-state", "done")
    _state(page, "minutes").to_have_attribute("data-state", "current")
    with page.expect_download() as download:
        page.locator('#stepper [data-step="minutes"] a').click()
    assert download.value.suggested_filename == f"bien-ban-hoi-nghi-to-{TDP_NUMBER:02d}-lan-1.pdf"
