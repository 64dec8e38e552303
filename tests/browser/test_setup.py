"""First run in a real browser: an empty database, the set-up in three steps with the TDP list imported from an
.xlsx written by openpyxl, and the new ward admin lands on the ward overview."""

from __future__ import annotations

import pytest

from tests.setup.builders import STRONG, THREE_TDPS, tdp_xlsx

pytestmark = pytest.mark.browser


def test_a_ward_sets_itself_up_from_an_empty_database_with_an_excel_list_of_3_tdps(fresh_page, tmp_path):
    page = fresh_page
    xlsx = tmp_path / "danh-sach-to-dan-pho.xlsx"
    xlsx.write_bytes(tdp_xlsx(THREE_TDPS))

    page.goto("/")
    page.wait_for_url("**/setup/")
    assert page.get_by_role("button", name="Thử với dữ liệu mẫu").count() == 1
    page.locator("#name").fill("Phường Bồ Đề")
    page.locator("#province").fill("Thành phố Hà Nội")
    page.get_by_role("button", name="Tiếp tục").click()

    page.wait_for_url("**/setup/admin")
    assert "Ủy ban nhân dân phường Bồ Đề" in page.content()
    page.locator("#full_name").fill("Nguyễn Thị Hoa")
    page.locator("#username").fill("hoa.bode")
    page.locator("#password").fill(STRONG)
    page.locator("#confirm").fill(STRONG)
    page.get_by_role("button", name="Tạo tài khoản và đăng nhập").click()

    page.wait_for_url("**/ward/tdps")
    assert page.locator("[aria-current=step]").inner_text() == "3. Danh sách tổ dân phố"
    page.locator("#file").set_input_files(str(xlsx))
    page.get_by_role("button", name="Tải lên và xem trước").click()

    page.wait_for_url("**/ward/tdps/import/*")
    assert page.locator("#count-added").inner_text() == "3"
    assert page.locator("#count-errors").inner_text() == "0"
    page.get_by_role("button", name="Xác nhận tạo các tổ dân phố").click()

    page.wait_for_url("**/dashboard/")  # the ward overview, as the new admin
    assert "hoa.bode" in page.locator(".account .who").inner_text()
    page.get_by_role("link", name="Cử tri", exact=True).click()
    page.wait_for_selector("#tdp-table")
    assert page.locator("h1").inner_text() == "Phường Bồ Đề"
    assert page.locator("#tdp-table tbody tr td:first-child").all_inner_texts() == ["1", "4", "12"]
    assert page.request.get("/setup/").status == 404  # the set-up is over


def test_typed_tdps_with_an_added_row_and_a_bad_number_are_corrected_in_place(fresh_page):
    page = fresh_page
    page.goto("/setup/")
    page.locator("#name").fill("Xã Sóc Sơn")
    page.locator("#province").fill("Thành phố Hà Nội")
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_url("**/setup/admin")
    page.locator("#username").fill("quantri")
    page.locator("#password").fill(STRONG)
    page.locator("#confirm").fill(STRONG)
    page.get_by_role("button", name="Tạo tài khoản và đăng nhập").click()
    page.wait_for_url("**/ward/tdps")

    rows = page.locator("#typed-table tbody tr")
    assert rows.count() == 5
    page.get_by_role("button", name="Thêm dòng").click()  # script: one more row, no reload
    assert rows.count() == 6
    rows.nth(0).locator("input[name=number]").fill("2")
    rows.nth(0).locator("input[name=name]").fill("Thôn Đông")
    rows.nth(5).locator("input[name=number]").fill("31/11")
    rows.nth(5).locator("input[name=name]").fill("Thôn Tây")
    page.get_by_role("button", name="Lưu các tổ dân phố").click()
    page.wait_for_selector("#typed-table .error")
    assert "giống một ngày" in page.locator("#typed-table").inner_text()
    bad = page.locator("#typed-table input[aria-invalid=true]")
    assert bad.count() == 1
    bad.fill("7")
    page.get_by_role("button", name="Lưu các tổ dân phố").click()
    page.wait_for_url("**/dashboard/")
    page.goto("/")
    assert page.locator("#tdp-table tbody tr td:first-child").all_inner_texts() == ["2", "7"]
