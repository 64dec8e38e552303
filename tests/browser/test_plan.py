"""The checklist in a real browser: mark a TDP's overdue row done and see it leave the overdue list; type
the 2017 plan's impossible 31/11/2017 and take the suggested 30/11/2017 with the keyboard."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.plan.models import ChecklistItem, PlanTask
from app.wards.models import Tdp
from tests.browser.test_smoke import login

pytestmark = pytest.mark.browser
TDP_NUMBER = 12  # used by this test only


def _ids(live_server):
    with live_server.app.app_context():
        tdp_id = db.session.scalar(select(Tdp.id).where(Tdp.number == TDP_NUMBER))
        roll_row = db.session.scalar(select(ChecklistItem.id).join(PlanTask).where(
            PlanTask.code == "roll_posted", ChecklistItem.tdp_id == tdp_id))
        review_task = db.session.scalar(select(PlanTask.id).where(PlanTask.code == "ward_review"))
        db.session.remove()
        return tdp_id, roll_row, review_task


def test_marking_an_overdue_row_done_takes_it_off_the_overdue_list(page, live_server):
    tdp_id, row_id, _ = _ids(live_server)
    login(page)
    page.goto(f"/plan/overdue?tdp={tdp_id}")
    row = page.locator(f"#item-{row_id}")
    expect(row).to_contain_text("Niêm yết danh sách cử tri")
    expect(row).to_contain_text("quá hạn")
    before = page.locator("#checklist tbody tr").count()
    row.get_by_role("button", name="Đánh dấu xong").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã đánh dấu xong: Niêm yết danh sách cử tri")
    expect(page.locator(f"#item-{row_id}")).to_have_count(0)
    expect(page.locator("#checklist tbody tr")).to_have_count(before - 1)
    page.goto(f"/plan/all?tdp={tdp_id}")
    expect(page.locator(f"#item-{row_id} .status")).to_contain_text("Đã xong")


def test_31_11_2017_is_refused_with_its_reason_and_the_suggested_30_11_2017_is_taken(page, live_server):
    _, _, task_id = _ids(live_server)
    login(page)
    page.goto(f"/plan/tasks/{task_id}/edit")
    day = page.get_by_label("Ngày cố định (dd/mm/yyyy)")
    expect(day).to_have_value("30/11/2017")
    day.fill("31/11/2017")
    page.get_by_role("button", name="Lưu công việc").click()
    expect(page.locator("#due_on-error")).to_contain_text("Ngày 31/11/2017 không tồn tại: tháng 11 chỉ có 30 ngày")
    expect(page.locator("#due_on-error")).to_contain_text("Có phải ý bạn là 30/11/2017?")
    expect(page.get_by_label("Ngày cố định (dd/mm/yyyy)")).to_have_value("31/11/2017")
    suggestion = page.get_by_role("button", name="Dùng ngày 30/11/2017")
    suggestion.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Ngày cố định (dd/mm/yyyy)")).to_have_value("30/11/2017")
    page.get_by_role("button", name="Lưu công việc").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã lưu công việc")
    expect(page.locator("#checklist")).to_contain_text("30/11/2017")
