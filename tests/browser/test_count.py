"""A TDP counted end to end in a real browser with a USB-scanner-style keyboard flow: scan, mark,
refusals, double entry with one resolved difference, the ledger, the lock, and the minutes PDF read
back with pdftotext."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from app.extensions import db
from tests.browser.steps import head, keep_ledger, lock_count, open_count, sign_in_to_count
from tests.pdftools import pdf_text

pytestmark = pytest.mark.browser
TDP_NUMBER = 21  # used by this test only


def _prepare(live_server):
    with live_server.app.app_context():
        # The count is the board's: its head enters, rules and locks; the same person keeps the team's ledger.
        count = open_count(TDP_NUMBER, 5, double_entry=True, counter=head(TDP_NUMBER))
        db.session.commit()
        result = count.leader.id, count.payloads(), count.run.quantity
        db.session.remove()
        return result


def _scan(page, text):
    page.locator("#scan").press_sequentially(text + "\n", delay=2)


def test_a_count_from_scan_to_signed_minutes(page, live_server):
    contest_id, texts, printed = _prepare(live_server)
    sign_in_to_count(page, head(TDP_NUMBER), contest_id, "/enter?pass=1")
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

    keep_ledger(page, contest_id, handed_out=2, printed=printed)
    lock_count(page, contest_id)
    expect(page.locator("#outcome")).to_contain_text("Không có người trúng cử")

    with page.expect_download() as download:
        page.get_by_role("link", name="Biên bản kiểm phiếu (PDF)").click()
    text = " ".join(pdf_text(Path(download.value.path()).read_bytes()).split())
    assert "BIÊN BẢN KIỂM PHIẾU" in text and "Trần Văn Trưởng" in text and "Phạm Văn Chứng" in text
