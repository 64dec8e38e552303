"""The merge and split pages: a preview lists what would move and the suspected duplicates without writing, the
confirmation applies exactly that preview, and a refusal is a message on the form, not an error page."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from app.extensions import db
from app.printing import services as printing
from app.rolls.models import Household, HouseholdStatus
from app.wards.models import Tdp
from tests.electionkit import published
from tests.factories import create_app_user, create_household, create_tdp, create_ward, login

DECISION = "Nghị quyết số 9/NQ-HĐND ngày 20/03/2026"


def _ward_with_two(session):
    ward = create_ward()
    into, absorbed = create_tdp(ward, 3), create_tdp(ward, 4)
    create_household(into, "030001", representative="Nguyễn Văn An")
    create_household(absorbed, "040001", representative="Lê Văn Cường")
    create_household(absorbed, "040002", representative="Nguyễn Văn An")  # also in TDP 3
    admin = create_app_user(ward)
    session.commit()
    return ward, into, absorbed, admin


def _active(tdp_id: int) -> list[str]:
    return sorted(db.session.scalars(select(Household.code).where(Household.tdp_id == tdp_id,
                                                                  Household.status == HouseholdStatus.ACTIVE)))


def _token(client, url: str) -> str:
    """The form's CSRF token (empty where the test config turns CSRF off); the GET must show the form."""
    page = client.get(url)
    assert page.status_code == 200
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]*)"', page.get_data(as_text=True))
    return found[1] if found else ""


def _digest(page: str) -> str:
    return re.search(r'name="digest" type="hidden" value="([0-9a-f]+)"', page)[1]


def test_the_merge_page_previews_without_writing_then_merges_and_the_absorbed_tdp_leaves_the_list(client, session):
    ward, into, absorbed, admin = _ward_with_two(session)
    login(client, admin)
    form = {"csrf_token": _token(client, "/ward/tdps/merge"), "into": str(into.id), "absorbed": str(absorbed.id),
            "decision": DECISION, "effective_on": "01/04/2026", "preview": "1"}
    preview = client.post("/ward/tdps/merge", data=form)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and 'id="merge-preview"' in page
    assert "1 hộ của Tổ dân phố số 4 chuyển sang Tổ dân phố số 3" in page and "cùng người đại diện" in page
    session.expire_all()
    assert _active(absorbed.id) == ["040001", "040002"]
    digest = _digest(page)
    done = client.post("/ward/tdps/merge", data={**form, "digest": digest, "confirm": "1", "preview": ""})
    assert done.status_code == 302, done.get_data(as_text=True)
    session.expire_all()
    assert _active(into.id) == ["030001", "040001"] and _active(absorbed.id) == []
    listing = client.get("/ward/tdps").get_data(as_text=True)
    table = listing.split('id="tdp-list"')[1].split("</table>")[0]
    assert "Tổ dân phố số 3" in table and "Tổ dân phố số 4" not in table
    assert 'id="dissolved-tdps"' in listing
    kept_page = client.get(f"/tdp/{absorbed.id}").get_data(as_text=True)  # its history stays readable
    assert 'id="dissolved"' in kept_page and DECISION in kept_page
    home = client.get("/", follow_redirects=True).get_data(as_text=True)  # the ward's TDPs (Cử tri)
    assert "Tổ dân phố số 3" in home and "Tổ dân phố số 4" not in home


def test_a_confirmation_that_does_not_match_the_preview_is_not_applied(client, session):
    ward, into, absorbed, admin = _ward_with_two(session)
    login(client, admin)
    form = {"csrf_token": _token(client, "/ward/tdps/merge"), "into": str(into.id), "absorbed": str(absorbed.id),
            "decision": DECISION, "effective_on": "01/04/2026", "confirm": "1", "digest": "forged"}
    response = client.post("/ward/tdps/merge", data=form)
    assert response.status_code == 200 and "đã thay đổi từ lúc xem trước" in response.get_data(as_text=True)
    session.expire_all()
    assert _active(absorbed.id) == ["040001", "040002"]


def test_the_split_page_takes_codes_and_ticked_boxes_and_names_unknown_codes(client, session):
    ward = create_ward()
    tdp = create_tdp(ward, 5)
    made = [create_household(tdp, f"05000{i}", representative=f"Trần Văn Hộ {chr(65 + i)}") for i in range(1, 6)]
    admin = create_app_user(ward)
    session.commit()
    login(client, admin)
    url = f"/ward/tdps/{tdp.id}/split"
    form = {"csrf_token": _token(client, url), "number": "15", "name": "Tổ dân phố số 15", "decision": DECISION,
            "effective_on": "01/04/2026", "codes": "050001-050002, 050009", "household": [str(made[3].id)],
            "preview": "1"}
    unknown = client.post(url, data=form)
    assert unknown.status_code == 422 and "050009" in unknown.get_data(as_text=True)
    preview = client.post(url, data={**form, "codes": "050001-050002"})
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "3 hộ chuyển sang tổ mới, 2 hộ ở lại" in page
    assert session.scalar(select(func.count()).select_from(Tdp).where(Tdp.ward_id == ward.id)) == 1
    digest = _digest(page)
    done = client.post(url, data={**form, "codes": "050001-050002", "digest": digest, "confirm": "1", "preview": ""})
    assert done.status_code == 302, done.get_data(as_text=True)
    session.expire_all()
    new = session.scalar(select(Tdp).where(Tdp.ward_id == ward.id, Tdp.number == 15))
    assert _active(new.id) == ["050001", "050002", "050004"] and _active(tdp.id) == ["050003", "050005"]


def test_the_split_page_refuses_a_tdp_whose_ballots_are_printed_with_a_message(client, session):
    kit = published()
    printing.create_run(None, kit.leader, 14)
    admin = create_app_user(kit.ward)
    session.commit()
    login(client, admin)
    url = f"/ward/tdps/{kit.tdp.id}/split"
    response = client.post(url, data={"csrf_token": _token(client, url), "number": "15", "decision": DECISION,
                                      "effective_on": "01/04/2026", "codes": "050001", "preview": "1"})
    assert response.status_code == 422 and "đã in phiếu thật" in response.get_data(as_text=True)
    session.expire_all()
    assert session.scalar(select(Tdp.id).where(Tdp.ward_id == kit.ward.id, Tdp.number == 15)) is None
