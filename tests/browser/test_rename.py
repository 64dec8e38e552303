"""A TDP renamed by the ward after its ballots were printed: the printed ballots still count, the counting
minutes carry the name the TDP had on the vote date, and the edit page lists both names with the decision."""

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.attendance.models import Attendance, SignInMethod
from app.auth.models import Duty
from app.auth.services import create_user
from app.core.db import utcnow
from app.elections.models import ElectionRound, Position
from app.extensions import db
from app.printing import services as printing
from app.rolls.models import Household
from app.tally import state
from app.tally.models import VotingMethod
from app.wards.models import Tdp
from tests.browser.test_smoke import login
from tests.pdftools import pdf_text

pytestmark = pytest.mark.browser
TDP_NUMBER = 36  # used by this test only
NEW_NAME = "Tổ dân phố Gia Quất 36"
DECISION = "Nghị quyết số 12/NQ-HĐND ngày 20/02/2026 của HĐND phường"


def _prepare(live_server):
    """Everyone signed in, 4 ballots printed, the count open with its zero report signed; a counting head."""
    with live_server.app.app_context():
        tdp = db.session.scalar(select(Tdp).where(Tdp.number == TDP_NUMBER))
        round_ = db.session.scalar(select(ElectionRound).where(ElectionRound.tdp_id == tdp.id))
        leader = next(c for c in round_.contests if c.position is Position.LEADER)
        for household_id in db.session.scalars(select(Household.id).where(Household.tdp_id == tdp.id)):
            db.session.add(Attendance(round_id=round_.id, household_id=household_id, method=SignInMethod.CODE,
                                      signed_in_at=utcnow()))
        run = printing.create_run(None, leader, 4)
        state.configure(None, leader, method=VotingMethod.SECRET_BALLOT, approvals=None, double_entry=False,
                        place="", board={"head": "Trần Văn Trưởng", "witnesses": ["Phạm Văn Chứng", "Đỗ Thị Kiến"]})
        state.sign_zero_report(None, leader)
        texts = [p.payload for p in printing.ballot_pages(run, printing.ballot_key(round_.election))]
        create_user(None, username="truongkp36", password="mat-khau-truong-ban", ward_id=tdp.ward_id,
                    duties=[Duty.COUNTING_HEAD, Duty.ELECTION_TEAM], tdp_numbers=[TDP_NUMBER])
        db.session.commit()
        result = tdp.id, tdp.name, leader.id, texts, run.quantity
        db.session.remove()
        return result


def test_a_rename_after_printing_keeps_the_ballots_counting_and_the_minutes_carry_the_old_name(page, live_server):
    tdp_id, old_name, contest_id, texts, printed = _prepare(live_server)

    login(page)  # the ward admin renames the TDP by the council's resolution, effective today
    page.goto(f"/ward/tdps/{tdp_id}/edit")
    page.get_by_label("Tên tổ dân phố").fill(NEW_NAME)
    page.get_by_label("Khi đổi tên: nghị quyết hoặc quyết định đổi tên (số, ngày)").fill(DECISION)
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("body")).to_contain_text(f"Đã lưu {NEW_NAME}")
    page.goto(f"/ward/tdps/{tdp_id}/edit")
    expect(page.locator("#tdp-names")).to_contain_text(old_name)
    expect(page.locator("#tdp-names")).to_contain_text(DECISION)
    page.context.clear_cookies()

    login(page, "truongkp36", "mat-khau-truong-ban")  # the ballots printed before the rename are counted
    page.goto(f"/count/contest/{contest_id}/enter?pass=1")
    for text in texts[:3]:
        page.locator("#scan").press_sequentially(text + "\n", delay=2)
        expect(page.locator("#ballot")).to_be_visible()
        page.keyboard.press("2")  # the second name is struck: one name kept, valid
        expect(page.locator("#verdict")).to_have_text("Hợp lệ: giữ 1 tên")
        page.keyboard.press("Enter")
        expect(page.locator("#message")).to_contain_text("Đã lưu")
    expect(page.locator("#returned")).to_have_text("3")

    page.goto(f"/ballots/contest/{contest_id}")
    page.get_by_label("Đã phát ra").fill("3")
    page.get_by_label("Hỏng (đã đổi phiếu khác)").fill("0")
    page.get_by_label("Thu về từ hòm phiếu").fill("3")
    page.get_by_label("Chưa dùng").fill(str(printed - 3))
    page.get_by_label("Đã tiêu hủy").fill("0")
    page.get_by_role("button", name="Lưu sổ theo dõi phiếu").click()
    expect(page.locator("#reconciliation")).to_contain_text("Số phiếu khớp")

    page.goto(f"/count/contest/{contest_id}")
    page.get_by_role("button", name="Chốt kết quả").click()
    expect(page.locator("#tally-status")).to_have_text("Đã chốt kết quả")
    with page.expect_download() as download:
        page.get_by_role("link", name="Biên bản kiểm phiếu (PDF)").click()
    text = " ".join(pdf_text(Path(download.value.path()).read_bytes()).split())
    assert "BIÊN BẢN KIỂM PHIẾU" in text and "Số phiếu hợp lệ: 3." in text
    assert old_name in text and NEW_NAME not in text
