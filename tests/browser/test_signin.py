"""The sign-in desk in a real browser: by code, by name with the keyboard, by a USB scanner typing an
invitation's QR text; the quorum line flips exactly when more than half are present."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.attendance import services
from app.auth.models import Duty
from app.auth.services import create_user
from app.elections.models import ElectionRound
from app.extensions import db
from app.rolls.queries import sorted_households
from app.wards.models import Tdp
from tests.browser.test_smoke import login

pytestmark = pytest.mark.browser
TDP_NUMBER = 9  # used by this test only


def _prepare(live_server):
    """Sign in all but three of the households needed for a quorum, straight in the database."""
    with live_server.app.app_context():
        tdp = db.session.scalar(select(Tdp).where(Tdp.number == TDP_NUMBER))
        round_ = db.session.scalar(select(ElectionRound).where(ElectionRound.tdp_id == tdp.id))
        rows = sorted_households(tdp.id)
        quorum = services.quorum(round_)
        for row in rows[: quorum.needed - 3]:
            household = services.household_in_round(round_, row.id)
            services.sign_in(None, round_, household, services.SignInMethod.CODE)
        create_user(None, username="tobaucu09", password="mat-khau-to-bau-cu", ward_id=tdp.ward_id,
                    duties=[Duty.ELECTION_TEAM], tdp_numbers=[TDP_NUMBER])  # the TDP's own team does this work
        db.session.commit()
        left = rows[quorum.needed - 3:]
        result = round_.id, quorum.needed, quorum.electorate, left
        db.session.remove()
        return result


def test_signing_in_by_code_name_and_scanner_flips_the_quorum_line(page, live_server):
    round_id, needed, electorate, left = _prepare(live_server)
    login(page, "tobaucu09", "mat-khau-to-bau-cu")
    page.goto(f"/rounds/{round_id}/signin")
    entry = page.locator("#entry")
    assert page.locator("#present").inner_text() == str(needed - 3)
    assert "Chưa đủ" in page.locator("#quorum-line").inner_text()

    entry.fill(left[0].code)  # typed code
    entry.press("Enter")
    expect(page.locator("#present")).to_have_text(str(needed - 2))
    assert "Đã điểm danh" in page.locator("#message").inner_text()

    from app.rules import fold
    target = left[1]
    entry.fill(fold(target.representative))  # a name typed without diacritics
    entry.press("Enter")
    expect(page.locator("#message")).not_to_have_text("")
    if page.locator("#matches").is_visible():  # several people share the name: pick with the arrows
        options = page.locator("#matches li").all_inner_texts()
        index = next(i for i, text in enumerate(options) if text.startswith(target.code))
        for _ in range(index):
            entry.press("ArrowDown")
        entry.press("Enter")
    expect(page.locator("#present")).to_have_text(str(needed - 1))
    assert "Chưa đủ quá nửa: cần thêm 1 hộ" in page.locator("#quorum-line").inner_text()

    # A USB scanner types the invitation's QR text and presses Enter.
    entry.press_sequentially(services.invitation_text(round_id, left[2].code) + "\n", delay=5)
    expect(page.locator("#present")).to_have_text(str(needed))
    assert "Đã đủ quá nửa" in page.locator("#quorum-line").inner_text()
    assert page.locator("#quorum").get_attribute("class").split().count("reached") == 1

    entry.fill(left[0].code)  # the same household again is refused, and the count stays
    entry.press("Enter")
    expect(page.locator("#message")).to_have_class("message bad")
    assert "đã điểm danh lúc " in page.locator("#message").inner_text()  # with the time of the first (D24)
    assert page.locator("#present").inner_text() == str(needed)
    assert page.locator("#electorate").inner_text() == str(electorate)
