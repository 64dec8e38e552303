"""The ward dashboard and the report in a real browser: a TDP's count locks and its row and the headline
counters move; the results report downloads as PDF and as a spreadsheet."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from app.elections.models import Contest, ElectionRound, Position
from app.extensions import db
from app.rolls.models import Household
from app.wards.models import Tdp
from tests.browser.test_smoke import login
from tests.dashboard.builders import finish
from tests.pdftools import pdf_text

pytestmark = pytest.mark.browser
TDP_NUMBER = 33  # used by this test only
#: Set to a folder to keep screenshots of the pages for a look.
SHOTS = os.environ.get("SCREENSHOT_DIR")


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _count_tdp(live_server) -> str:
    """Lock TDP 33's leader count straight in the database: 80% of households present, a clear winner."""
    with live_server.app.app_context():
        tdp = db.session.scalar(select(Tdp).where(Tdp.number == TDP_NUMBER))
        households = db.session.scalar(select(func.count()).select_from(Household).where(Household.tdp_id == tdp.id))
        contest = db.session.scalar(select(Contest).join(ElectionRound).where(
            ElectionRound.tdp_id == tdp.id, Contest.position == Position.LEADER))
        present = households * 4 // 5
        result = finish(contest, present, (present - 10, 10))
        db.session.commit()
        db.session.remove()
        return result["elected"][0]["name"]


def test_a_locked_count_moves_its_row_and_the_headline_counters(page, live_server):
    login(page)
    page.get_by_role("link", name="Tổng quan", exact=True).click()
    expect(page.locator("#dashboard tbody tr")).to_have_count(38)
    # the chart, or "chưa có số liệu" while no TDP has signed anyone in (D34)
    expect(page.locator("svg.turnout-chart rect.bar, #chart-empty")).not_to_have_count(0)
    before = int(page.locator("#elected-count").inner_text().split("/")[0])
    expect(page.locator(f"#tdp-{TDP_NUMBER}")).to_have_attribute("data-result", "pending")
    _shot(page, "dashboard-before")
    winner = _count_tdp(live_server)
    page.reload()
    row = page.locator(f"#tdp-{TDP_NUMBER}")
    expect(row).to_have_attribute("data-result", "partial")  # the leader is elected; the deputy not counted (D3)
    expect(row.locator("td.result")).to_contain_text(winner)
    expect(row.locator('[data-stage="quorum"]')).to_have_class("stage-cell done")
    expect(page.locator("#elected-count")).to_have_text(f"{before + 1}/38")
    expect(page.locator("svg.turnout-chart rect.bar")).to_have_count(38)
    expect(page.locator("svg.turnout-chart rect.bar.quorum")).not_to_have_count(0)
    _shot(page, "dashboard-after")
    row.get_by_role("link", name=str(TDP_NUMBER)).focus()  # the row's TDP link is reachable by keyboard
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/tdp/{db_id(live_server)}")


def db_id(live_server) -> int:
    with live_server.app.app_context():
        tdp_id = db.session.scalar(select(Tdp.id).where(Tdp.number == TDP_NUMBER))
        db.session.remove()
        return tdp_id


def test_the_results_report_downloads_as_pdf_and_as_a_spreadsheet(page, live_server, tmp_path):
    login(page)
    page.goto("/dashboard/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Báo cáo kết quả (PDF)").click()
    pdf = tmp_path / download.value.suggested_filename
    download.value.save_as(pdf)
    assert pdf.suffix == ".pdf"
    text = " ".join(pdf_text(pdf.read_bytes()).split())
    assert "BÁO CÁO" in text and "Phường Ngọc Thụy".upper() in text and "8.233" in text and "Cộng" in text
    page.goto("/reports/")
    expect(page.locator("#report-table tbody tr")).to_have_count(38)
    _shot(page, "report")
    with page.expect_download() as download:
        page.get_by_role("link", name="Báo cáo kết quả (Excel)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    page.goto("/reports/budget")
    expect(page.locator("#budget-total")).not_to_have_text("0")
    _shot(page, "budget")
    page.goto("/results/")
    expect(page.locator("#results-table tbody tr")).to_have_count(38)
    _shot(page, "results")
