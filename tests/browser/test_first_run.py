"""End to end, in a real browser, from an empty database: a ward sets itself up with 3 TDPs imported from an Excel
list, creates an election under nd-59-2023 with its dates, creates an election-team account for one TDP; the
team member logs in, chooses a password when made to, and reaches the sign-in desk of that TDP."""

from __future__ import annotations

from datetime import timedelta

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from app.core.time import local_today
from app.rules import format_date

pytestmark = pytest.mark.browser
ADMIN_PASSWORD = "Bồ Đề giữ phiếu 2026"
TEAM_PASSWORD = "to-bau-cu-so-4-2027"



def _tdp_list(path) -> None:
    """The ward's TDP list as an office would type it in Excel: a title, a blank row, the header, 3 TDPs."""
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH TỔ DÂN PHỐ PHƯỜNG HÒA BÌNH"])
    sheet.append([])
    sheet.append(["Số tổ", "Tên tổ dân phố", "Chi bộ", "Ban công tác Mặt trận"])
    sheet.append([2, "Tổ dân phố số 2", "Chi bộ tổ 2", "Ban CTMT tổ 2"])
    sheet.append([4, "Tổ dân phố số 4", "Chi bộ tổ 4", ""])
    sheet.append([17, "Tổ dân phố số 17", "", ""])
    book.save(path)


def _log_in(page, username: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_from_an_empty_database_to_the_sign_in_desk_of_a_tdp(fresh_page, tmp_path):
    page = fresh_page
    xlsx = tmp_path / "to-dan-pho.xlsx"
    _tdp_list(xlsx)
    vote_day = local_today() + timedelta(days=30)

    # 1. Set-up: the ward, its first admin, the TDP list from Excel.
    page.goto("/")
    page.wait_for_url("**/setup/")
    page.locator("#name").fill("Phường Hòa Bình")
    page.locator("#province").fill("Thành phố Hà Nội")
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_url("**/setup/admin")
    page.locator("#username").fill("quantri")
    page.locator("#password").fill(ADMIN_PASSWORD)
    page.locator("#confirm").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Tạo tài khoản và đăng nhập").click()
    page.wait_for_url("**/ward/tdps")
    page.locator("#file").set_input_files(str(xlsx))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    page.wait_for_url("**/ward/tdps/import/*")
    expect(page.locator("#count-added")).to_have_text("3")
    expect(page.locator("#count-errors")).to_have_text("0")
    page.get_by_role("button", name="Xác nhận tạo các tổ dân phố").click()
    page.wait_for_url("**/dashboard/")

    # 2. The election under nd-59-2023, with its day and time.
    page.goto("/elections/")
    page.get_by_role("link", name="Tạo cuộc bầu cử").click()
    expect(page.get_by_label("Văn bản áp dụng")).to_have_value("nd-59-2023")
    page.get_by_label("Ngày bầu cử chung (dd/mm/yyyy)").fill(format_date(vote_day))
    page.get_by_label("Giờ bắt đầu (hh:mm)").fill("08:00")
    page.get_by_role("button", name="Tạo cuộc bầu cử").click()
    expect(page.locator(".flash-success")).to_contain_text("cho 3 tổ dân phố")
    expect(page.locator("#schedule-table tbody tr")).to_have_count(3)
    for number in (2, 4, 17):
        expect(page.get_by_label(f"Ngày bầu tổ {number}")).to_have_value(format_date(vote_day))

    # 3. An election-team account for TDP 4.
    page.get_by_role("link", name="Tài khoản", exact=True).click()
    page.get_by_role("link", name="Tạo tài khoản").click()
    page.get_by_label("Tên đăng nhập").fill("tobaucu4")
    page.get_by_label("Họ và tên").fill("Lê Thị Mai")
    page.get_by_label("Tổ bầu cử", exact=True).check()
    page.get_by_label("Tổ dân phố số 4", exact=True).check()
    page.get_by_role("button", name="Tạo tài khoản").click()
    one_time = page.locator("#secret-password").inner_text().strip()
    assert one_time
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/login")

    # 4. The team member logs in, must choose a password, then reaches TDP 4's sign-in desk by the links.
    _log_in(page, "tobaucu4", one_time)
    page.wait_for_url("**/account/password")
    page.get_by_label("Mật khẩu hiện tại").fill(one_time)
    page.get_by_label("Mật khẩu mới", exact=True).fill(TEAM_PASSWORD)
    page.get_by_label("Nhập lại mật khẩu mới").fill(TEAM_PASSWORD)
    page.get_by_role("button", name="Đổi mật khẩu").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã đổi mật khẩu")
    page.goto("/")
    page.get_by_role("link", name="Cử tri", exact=True).click()
    page.wait_for_selector("#tdp-table")
    expect(page.locator("#tdp-table tbody tr td:first-child")).to_have_text(["4"])  # only the member's TDP
    page.locator("#tdp-table tbody tr").first.get_by_role("link").first.click()
    page.get_by_role("link", name="Điểm danh").first.click()
    page.wait_for_url("**/signin")
    expect(page.locator("h1")).to_have_text("Điểm danh cử tri đại diện hộ")
    expect(page.locator("#entry")).to_be_visible()
    assert "Tổ dân phố số 4" in page.content()
    # the TDP has no roll yet: the desk says so instead of failing on an empty electorate
    expect(page.locator("#quorum-line")).to_contain_text("Tổ chưa có danh sách hộ")
