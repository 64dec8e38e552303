"""A TDP counted end to end in a real browser with a USB-scanner-style keyboard flow: scan, mark,
refusals, double entry with one resolved difference, the ledger, the lock, and the minutes PDF read
back with pdftotext."""

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
TDP_NUMBER = 21  # used by this test only


def _prepare(live_server):
    with live_server.app.app_context():
        tdp = db.session.scalar(select(Tdp).where(Tdp.number == TDP_NUMBER))
        round_ = db.session.scalar(select(ElectionRound).where(ElectionRound.tdp_id == tdp.id))
        leader = next(c for c in round_.contests if c.position is Position.LEADER)
        for household_id in db.session.scalars(select(Household.id).where(Household.tdp_id == tdp.id)):
            db.session.add(Attendance(round_id=round_.id, household_id=household_id, method=SignInMethod.CODE,
                                      signed_in_at=utcnow()))
        run = printing.create_run(None, leader, 5)
        state.configure(None, leader, method=VotingMethod.SECRET_BALLOT, approvals=None, double_entry=True, place="",
                        board={"head": "Trần Văn Trưởng", "witnesses": ["Phạm Văn Chứng", "Đỗ Thị Kiến"]})
        state.sign_zero_report(None, leader)
        texts = [p.payload for p in printing.ballot_pages(run, printing.ballot_key(round_.election))]
        # The count is the board's: its head enters, rules and locks; the same person keeps the team's ledger.
        create_user(None, username="truongkp21", password="mat-khau-truong-ban", ward_id=tdp.ward_id,
                    duties=[Duty.COUNTING_HEAD, Duty.ELECTION_TEAM], tdp_numbers=[TDP_NUMBER])
        db.session.commit()
        result = leader.id, texts, run.quantity
        db.session.remove()
        return result


def _scan(page, text):
    page.locator("#scan").press_sequentially(text + "\n", delay=2)


def test_a_count_from_scan_to_signed_minutes(page, live_server):
    contest_id, texts, printed = _prepare(live_server)
    login(page, "truongkp21", "mat-khau-truong-ban")

    page.goto(f"/count/contest/{contest_id}/enter?pass=1")
    _scan(page, texts[0])
    expect(page.locator("#ballot")).to_be_visible()
    page.keyboard.press("2")  # the second name is struck
    expect(page.locator("#verdict")).to_have_text("Hợp lệ: giữ 1 tên")
    page.keyboard.type(texts[2] + "\n", delay=2)  # the next ballot scanned too early: ignored, nothing saved
    expect(page.locator("#message")).to_contain_text("chưa được lưu")
    expect(page.locator("#verdict")).to_have_text("Hợp lệ: giữ 1 tên")
    page.keyboard.press("Enter")
    expect(page.locator("#returned")).to_have_text("1")
    # One request per ballot: the save refuses what the separate check used to, and nothing is counted.
    _scan(page, texts[0])  # the same ballot again
    page.keyboard.press("Enter")
    expect(page.locator("#message")).to_contain_text("đã được nhập")
    expect(page.locator("#message")).to_have_class("message bad")
    _scan(page, texts[1][:-3] + "AAA")  # altered
    page.keyboard.press("Enter")
    expect(page.locator("#message")).to_contain_text("làm giả")
    expect(page.locator("#message")).to_have_class("message bad")
    expect(page.locator("#returned")).to_have_text("1")
    _scan(page, texts[1])  # nothing struck: two names kept for one seat
    expect(page.locator("#verdict")).to_contain_text("không hợp lệ")
    page.keyboard.press("Enter")
    expect(page.locator("#message")).to_contain_text("Mã phiếu")
    expect(page.locator("#returned")).to_have_text("2")

    page.goto(f"/count/contest/{contest_id}/enter?pass=2")  # the second clerk reads the first ballot otherwise
    _scan(page, texts[0])
    expect(page.locator("#ballot")).to_be_visible()
    page.keyboard.press("1")
    page.keyboard.press("Enter")
    expect(page.locator("#message")).to_contain_text("Đã lưu")
    expect(page.locator("#returned")).to_have_text("1")
    _scan(page, texts[1])
    expect(page.locator("#ballot")).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#returned")).to_have_text("2")  # this pass; one ballot reads differently

    page.goto(f"/count/contest/{contest_id}")
    expect(page.locator("#differences form")).to_have_count(1)
    row = page.locator("#differences form")
    row.get_by_label("Lượt 1").check()
    row.locator("input[name=note]").fill("Xem lại phiếu gốc: tên thứ hai bị gạch")
    row.get_by_role("button", name="Quyết định").click()
    expect(page.locator("#differences")).to_contain_text("Đã xử lý")

    page.goto(f"/ballots/contest/{contest_id}")
    page.get_by_label("Đã phát ra").fill("2")
    page.get_by_label("Hỏng (đã đổi phiếu khác)").fill("0")
    page.get_by_label("Thu về từ hòm phiếu").fill("2")
    page.get_by_label("Chưa dùng").fill(str(printed - 2))
    page.get_by_label("Đã tiêu hủy").fill("0")
    page.get_by_role("button", name="Lưu sổ theo dõi phiếu").click()
    expect(page.locator("#reconciliation")).to_contain_text("Số phiếu khớp")

    page.goto(f"/count/contest/{contest_id}")
    expect(page.locator("#problems")).not_to_contain_text("chặn chốt")  # a warning may remain
    page.get_by_role("button", name="Chốt kết quả").click()
    expect(page.locator("#tally-status")).to_have_text("Đã chốt kết quả")
    expect(page.locator("#outcome")).to_contain_text("Không có người trúng cử")

    with page.expect_download() as download:
        page.get_by_role("link", name="Biên bản kiểm phiếu (PDF)").click()
    text = " ".join(pdf_text(Path(download.value.path()).read_bytes()).split())
    assert "BIÊN BẢN KIỂM PHIẾU" in text and "Trần Văn Trưởng" in text and "Phạm Văn Chứng" in text
