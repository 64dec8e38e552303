"""A ward admin logs in through a real browser and sees the 38 TDPs of the demo ward."""

import pytest

from app.rules import fold, name_sort_key

pytestmark = pytest.mark.browser


def login(page, username="admin", password="ngocthuy-admin"):
    page.goto("/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_ward_admin_logs_in_and_sees_38_tdps(page):
    login(page)
    page.wait_for_url("**/dashboard/")  # ward-wide roles land on the overview
    page.get_by_role("link", name="Cử tri", exact=True).click()
    page.wait_for_selector("#tdp-table")
    assert page.locator("#tdp-table tbody tr").count() == 38
    assert page.locator("#tdp-count").inner_text() == "38"
    assert page.locator("#household-count").inner_text() == "8.233"
    assert page.locator("h1").inner_text() == "Phường Ngọc Thụy"


def test_a_tdp_page_lists_households_in_vietnamese_order_and_searches_without_diacritics(page):
    login(page)
    page.goto("/")
    page.get_by_role("link", name="Tổ dân phố số 5", exact=True).click()
    page.wait_for_selector("#household-table")
    names = page.locator("#household-table tbody tr td:nth-child(2)").all_inner_texts()
    bare = [n.split(" ", 1)[1] for n in names]  # drop "Ông"/"Bà"
    assert bare == sorted(bare, key=name_sort_key)
    target = bare[7]
    page.get_by_label("Tìm theo mã hộ hoặc tên (không cần dấu)").fill(fold(target))
    page.keyboard.press("Enter")
    page.wait_for_url("**q=*")
    found = page.locator("#household-table tbody tr td:nth-child(2)").all_inner_texts()
    assert any(target in n for n in found)
    assert all(fold(target) in fold(n) for n in found)


def test_a_scoped_user_sees_only_their_tdp(page):
    login(page, "tobaucu5", "ngocthuy-tobaucu")
    page.wait_for_url("**/rounds/*/meeting")  # the election team lands on its meeting (D19)
    page.goto("/")
    page.wait_for_selector("#tdp-table")
    assert page.locator("#tdp-table tbody tr").count() == 1
    assert "Tổ dân phố số 5" in page.locator("#tdp-table").inner_text()


def test_the_interface_switches_to_english(page):
    login(page)
    page.goto("/?lang=en")
    assert page.get_by_role("link", name="Elections", exact=True).count() == 1
    assert page.locator("html").get_attribute("lang") == "en"
