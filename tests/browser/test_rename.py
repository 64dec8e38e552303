"""A TDP renamed by the ward after its ballots were printed: the printed ballots still count, the counting
minutes carry the name the TDP had on the vote date, and the edit page lists both names with the decision."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from app.extensions import db
from tests.browser.steps import head, keep_ledger, lock_count, open_count, sign_in_to_count
from tests.browser.test_smoke import login
from tests.pdftools import pdf_text

pytestmark = pytest.mark.browser
TDP_NUMBER = 36  # used by this test only
NEW_NAME = "Tổ dân phố Gia Quất 36"
DECISION = "Nghị quyết số 12/NQ-HĐND ngày 20/02/2026 của HĐND phường"


def _prepare(live_server):
    """Everyone signed in, 4 ballots printed, the count open with its zero report signed; a counting head."""
    with live_server.app.app_context():
        count = open_count(TDP_NUMBER, 4, double_entry=False, counter=head(TDP_NUMBER))
        db.session.commit()
        result = count.tdp.id, count.tdp.name, count.leader.id, count.payloads(), count.run.quantity
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

    sign_in_to_count(page, head(TDP_NUMBER), contest_id, "/enter?pass=1")  # ballots printed before the rename
    for text in texts[:3]:
        page.locator("#scan").press_sequentially(text + "\n", delay=2)
        expect(page.locator("#ballot")).to_be_visible()
        page.keyboard.press("2")  # the second name is struck: one name kept, valid
        expect(page.locator("#verdict")).to_have_text("Hợp lệ: giữ 1 tên")
        page.keyboard.press("Enter")
        expect(page.locator("#message")).to_contain_text("Đã lưu")
    expect(page.locator("#returned")).to_have_text("3")

    keep_ledger(page, contest_id, handed_out=3, printed=printed)
    lock_count(page, contest_id)
    with page.expect_download() as download:
        page.get_by_role("link", name="Biên bản kiểm phiếu (PDF)").click()
    text = " ".join(pdf_text(Path(download.value.path()).read_bytes()).split())
    assert "BIÊN BẢN KIỂM PHIẾU" in text and "Số phiếu hợp lệ: 3." in text
    assert old_name in text and NEW_NAME not in text
