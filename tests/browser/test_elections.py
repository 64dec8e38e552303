"""A ward admin, in a real browser on a ward of its own (not the demo), creates this year's election with its
dates, sets three TDPs' schedule by pasting rows from Excel (a bad row first, previewed with its reason), and
sees the plan's deadlines follow."""

from __future__ import annotations

import pytest
from flask_migrate import upgrade
from playwright.sync_api import expect
from sqlalchemy import select

from app.auth.models import Duty
from app.auth.services import create_user
from app.elections.models import ElectionRound
from app.extensions import db
from app.wards.models import Tdp, Ward
from tests.browser.conftest import watched_page
from tests.conftest import BACKENDS, _backend
from tests.live import serve

pytestmark = pytest.mark.browser
PASSWORD = "mat-khau-bo-de-2027"


@pytest.fixture(scope="module", params=BACKENDS)
def ward_backend(request, tmp_path_factory):
    yield from _backend(request, tmp_path_factory, "elections")


@pytest.fixture(scope="module")
def ward_server(ward_backend):
    application = ward_backend.make_app()
    with application.app_context():
        upgrade()
        ward = Ward(name="Phường Bồ Đề", province="Thành phố Hà Nội")
        db.session.add(ward)
        db.session.flush()
        db.session.add_all([Tdp(ward_id=ward.id, number=n, name=f"Tổ dân phố số {n}") for n in (3, 8, 15)])
        create_user(None, username="quantri", password=PASSWORD, duties=[Duty.WARD_ADMIN], ward_id=ward.id)
        db.session.commit()
        db.session.remove()
    yield from serve(application)


@pytest.fixture
def ward_page(browser, ward_server):
    yield from watched_page(browser, ward_server.url)


def test_the_ward_admin_creates_an_election_and_sets_three_tdps_schedule_by_paste(ward_page, ward_server):
    page = ward_page
    page.goto("/login")
    page.get_by_label("Tên đăng nhập").fill("quantri")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/dashboard/")

    page.goto("/elections/")
    page.get_by_role("link", name="Tạo cuộc bầu cử").click()
    expect(page.get_by_label("Văn bản áp dụng")).to_have_value("nd-59-2023")
    page.get_by_label("Ngày bầu cử chung (dd/mm/yyyy)").fill("14/03/2027")
    page.get_by_label("Giờ bắt đầu (hh:mm)").fill("8h")
    page.get_by_label("Thời gian nhiệm kỳ").select_option("5")
    page.get_by_role("button", name="Tạo cuộc bầu cử").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã tạo cuộc bầu cử nhiệm kỳ 2027–2032 cho 3 tổ dân phố")
    expect(page.locator("#schedule-table tbody tr")).to_have_count(3)

    paste = page.get_by_label("Dán từ Excel")
    paste.fill("Tổ\tNgày bầu\tGiờ\tĐịa điểm\n"
               "3\t21/03/2027\t19:30\tNhà văn hóa tổ 3\n"
               "8\t31/11/2026\t08:00\tTrường tiểu học Bồ Đề\n"
               "15\t28/03/2027\t07:30\tSân đình Bồ Đề\n")
    page.get_by_role("button", name="Kiểm tra").click()
    expect(page.locator("#paste-summary")).to_contain_text("1 lỗi: chưa ghi gì")
    expect(page.locator("#preview-table")).to_contain_text("Ngày 31/11/2026 không tồn tại")
    expect(page.get_by_role("button", name="Áp dụng tất cả")).to_have_count(0)

    page.get_by_label("Dán từ Excel").fill("3\t21/03/2027\t19:30\tNhà văn hóa tổ 3\n"
                                           "8\t30/03/2027\t08:00\tTrường tiểu học Bồ Đề\n"
                                           "15\t28/03/2027\t07:30\tSân đình Bồ Đề\n")
    page.get_by_role("button", name="Kiểm tra").click()
    expect(page.locator("#paste-summary")).to_contain_text("Không có lỗi: 3 tổ sẽ thay đổi")
    page.get_by_role("button", name="Áp dụng tất cả").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã áp dụng lịch bầu cử: 3 tổ thay đổi")
    expect(page.get_by_label("Ngày bầu tổ 8")).to_have_value("30/03/2027")
    expect(page.get_by_label("Địa điểm tổ 15")).to_have_value("Sân đình Bồ Đề")

    # The keyboard moves down a column; the table saves one more change.
    page.get_by_label("Giờ tổ 3").focus()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Giờ tổ 8")).to_be_focused()
    page.keyboard.type("09:00")
    page.get_by_role("button", name="Lưu lịch bầu cử").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã lưu lịch bầu cử: 1 tổ thay đổi")

    page.get_by_role("link", name="2027–2032").click()
    expect(page.locator("table.data")).to_contain_text("30/03/2027 09:00")
    with ward_server.app.app_context():
        days = {r.tdp.number: (r.vote_date.isoformat(), r.place) for r in db.session.scalars(select(ElectionRound))}
        db.session.remove()
    assert days == {3: ("2027-03-21", "Nhà văn hóa tổ 3"), 8: ("2027-03-30", "Trường tiểu học Bồ Đề"),
                    15: ("2027-03-28", "Sân đình Bồ Đề")}
    page.goto("/plan/")
    expect(page.locator("body")).to_contain_text("Nghị định 59/2023")
