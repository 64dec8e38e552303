"""A ward admin creates an election-team account for one TDP in the browser; its holder logs in with the
one-time password, is made to choose their own, and reaches that TDP's sign-in desk."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.elections.models import ElectionRound
from app.extensions import db
from app.wards.models import Tdp
from tests.browser.test_smoke import login

pytestmark = pytest.mark.browser
TDP_NUMBER = 27  # used by this test only


def _round_id(live_server) -> int:
    with live_server.app.app_context():
        tdp_id = db.session.scalar(select(Tdp.id).where(Tdp.number == TDP_NUMBER))
        round_id = db.session.scalar(select(ElectionRound.id).where(ElectionRound.tdp_id == tdp_id))
        db.session.remove()
        return round_id


def test_an_account_created_on_the_page_logs_in_changes_its_password_and_reaches_its_sign_in_desk(page, live_server):
    round_id = _round_id(live_server)
    login(page)
    page.wait_for_url("**/dashboard/")
    page.get_by_role("link", name="Tài khoản", exact=True).click()
    page.get_by_role("link", name="Tạo tài khoản").click()
    page.get_by_label("Tên đăng nhập").fill("tobaucu27")
    page.get_by_label("Họ và tên").fill("Phạm Thị Hoa")
    page.get_by_label("Tổ bầu cử", exact=True).check()
    page.get_by_label("Tìm tổ dân phố").fill(str(TDP_NUMBER))
    expect(page.get_by_label("Tổ dân phố số 5", exact=True)).to_be_hidden()  # the search narrows the list
    page.get_by_label(f"Tổ dân phố số {TDP_NUMBER}", exact=True).check()
    page.get_by_role("button", name="Tạo tài khoản").click()
    password = page.locator("#secret-password").inner_text()
    assert "Chỉ hiện một lần" in page.content()
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/login")

    login(page, "tobaucu27", password)
    page.wait_for_url("**/account/password")
    page.goto(f"/rounds/{round_id}/signin")  # nothing else opens before the password is changed
    page.wait_for_url("**/account/password")
    page.get_by_label("Mật khẩu hiện tại").fill(password)
    page.get_by_label("Mật khẩu mới", exact=True).fill("hoa-phuong-do-2027")
    page.get_by_label("Nhập lại mật khẩu mới").fill("hoa-phuong-do-2027")
    page.get_by_role("button", name="Đổi mật khẩu").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã đổi mật khẩu")

    page.goto(f"/rounds/{round_id}/signin")
    expect(page.locator("h1")).to_have_text("Điểm danh cử tri đại diện hộ")
    expect(page.locator("#entry")).to_be_visible()
    assert f"số {TDP_NUMBER}" in page.content()
