"""The pick-a-resident field in a real browser (D28): "pham van tuan" finds "Phạm Văn Tuấn" as the sign-in
desk's search does; ↑ ↓ and Enter put the household code in the field."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.auth.models import Duty
from app.auth.services import create_user
from app.elections.models import ElectionRound
from app.extensions import db
from app.rolls.queries import sorted_households
from app.rules import fold
from app.wards.models import Tdp
from tests.browser.test_smoke import login

pytestmark = pytest.mark.browser
TDP_NUMBER = 31  # used by this test only


def _prepare(live_server):
    with live_server.app.app_context():
        tdp = db.session.scalar(select(Tdp).where(Tdp.number == TDP_NUMBER))
        round_ = db.session.scalar(select(ElectionRound).where(ElectionRound.tdp_id == tdp.id))
        target = next(r for r in sorted_households(tdp.id) if fold(r.representative) != r.representative.lower())
        create_user(None, username="tobaucu31", password="mat-khau-to-bau-cu", ward_id=tdp.ward_id,
                    duties=[Duty.ELECTION_TEAM], tdp_numbers=[TDP_NUMBER])
        db.session.commit()
        result = round_.id, target.code, target.representative
        db.session.remove()
        return result


def test_the_resident_picker_matches_names_typed_without_diacritics(page, live_server):
    round_id, code, name = _prepare(live_server)
    login(page, "tobaucu31", "mat-khau-to-bau-cu")
    page.goto(f"/candidates/rounds/{round_id}/team")
    field = page.locator("input[data-picker]")
    field.fill(fold(name))
    options = page.locator("#roster li:not([hidden])")
    expect(options.first).to_be_visible()
    texts = options.all_inner_texts()
    assert any(t.startswith(code) for t in texts), texts
    assert all(all(w in fold(t) for w in fold(name).split()) for t in texts)  # every typed word, any order
    index = next(i for i, t in enumerate(texts) if t.startswith(code))
    for _ in range(index):
        field.press("ArrowDown")
    field.press("Enter")
    expect(field).to_have_value(code)
    expect(page.locator("#roster")).to_be_hidden()
