"""A ward admin logs in through a real browser and sees the 38 TDPs of the demo ward."""

import pytest

pytestmark = pytest.mark.browser


def login(page, username="admin", password="ngocthuy-admin"):
    page.goto("/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_ward_admin_logs_in_and_sees_38_tdps(page):
    login(page)
    page.wait_for_selector("#tdp-table")
    assert page.locator("#tdp-table tbody tr").count() == 38
    assert page.locator("#tdp-count").inner_text() == "38"
    assert page.locator("#household-count").inner_text() == "8.233"
    assert page.locator("h1").inner_text() == "Phường Ngọc Thụy"


def test_a_tdp_page_lists_households_in_vietnamese_order_and_searches_without_diacritics(page):
    login(page)
    page.get_by_role("link", name="Tổ dân phố số 5", exact=True).click()
    page.wait_for_selector("#household-table")
    first_name = page.locator("#household-table tbody tr").first.locator("td").nth(1).inner_text()
    given = first_name.split()[-1]
    page.get_by_label("Tìm theo mã hộ hoặc tên (không cần dấu)").fill(given.lower().replace("ă", "a"))
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    rows = page.locator("#household-table tbody tr")
    assert rows.count() >= 1
    assert given in rows.first.inner_text()


def test_a_scoped_user_sees_only_their_tdp(page):
    login(page, "tobaucu5", "ngocthuy-tobaucu")
    page.wait_for_selector("#tdp-table")
    assert page.locator("#tdp-table tbody tr").count() == 1
    assert "Tổ dân phố số 5" in page.locator("#tdp-table").inner_text()


def test_the_interface_switches_to_english(page):
    login(page)
    page.goto("/?lang=en")
    assert page.get_by_role("link", name="Elections").count() == 1
