"""A roll whose code column Excel turned into numbers, and rolls typed in TCVN3 or VNI, on a real database."""

import io
import re

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.rolls.importing.services import ImportBlocked, ImportTarget, import_roll, preview_import
from app.rolls.models import Household, HouseholdStatus, Person
from tests.factories import create_app_user, create_household, create_tdp, create_ward, login
from tests.rolls.data.files import HEADER, TODAY, xlsx_bytes

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Việt", "Phạm Thị Hương", "Đinh Xuân Bình", "Hoàng Văn Nam"]


@pytest.fixture
def ward(session):
    ward = create_ward()
    create_tdp(ward, 5)
    create_tdp(ward, 6)
    session.commit()
    return ward


@pytest.fixture
def roll(session, ward):
    """TDP 5 as stored: six households with codes 050001 … 050006."""
    tdp = _tdp(ward, 5)
    for i, name in enumerate(NAMES, 1):
        create_household(tdp, f"0500{i:02d}", representative=name, address=f"Số {i}")
    session.commit()
    return tdp


def _tdp(ward, number):
    return next(t for t in ward.tdps if t.number == number)


def _eaten_rows(extra: int = 1):
    """The same households with their codes as Excel numbers (50001 …), plus `extra` new ones."""
    rows = [HEADER] + [[i, 50000 + i, name, 1960, "Nam", f"Số {i}", None] for i, name in enumerate(NAMES, 1)]
    rows += [[7 + k, 50007 + k, f"Vũ Văn Mới {k}", 1970, "Nam", "Số mới", None] for k in range(extra)]
    return rows


def _state(session):
    return (sorted(session.execute(select(Household.code, Household.status)).all()),
            session.scalar(select(func.count()).select_from(Person)),
            session.scalar(select(func.count()).select_from(AuditEvent)))


def test_a_code_column_turned_into_numbers_is_an_error_and_never_a_silent_replace(session, ward, roll):
    before = _state(session)
    preview = preview_import(xlsx_bytes(_eaten_rows()), "roll.xlsx", ImportTarget(ward.id, roll.id), today=TODAY)
    lost = [p for p in preview.problems if p.code == "code.zeros_lost"]
    assert [p.row for p in lost] == [4, 5, 6, 7, 8, 9] and all(p.is_error for p in lost)
    assert "“50001” là mã “050001”" in lost[0].message
    assert preview.zeros_fix == (6, "50001", "050001")
    assert not preview.can_apply
    with pytest.raises(ImportBlocked):
        import_roll(preview, None)
    session.commit()
    assert _state(session) == before


def test_restoring_the_zeros_matches_every_household_and_pads_the_new_ones(session, ward, roll):
    preview = preview_import(xlsx_bytes(_eaten_rows()), "roll.xlsx", ImportTarget(ward.id, roll.id), today=TODAY,
                             pad_codes=True)
    assert preview.errors == 0 and preview.zeros_fix is None
    assert any(p.code == "code.zeros_restored" and "50001 → 050001" in p.message for p in preview.problems)
    diff = preview.diff
    assert (len(diff.additions), len(diff.removals), len(diff.changes) + diff.unchanged) == (1, 0, 6)
    assert not any(c.new_person for c in diff.changes)
    import_roll(preview, None)
    session.commit()
    codes = session.scalars(select(Household.code).where(Household.status == HouseholdStatus.ACTIVE)).all()
    assert sorted(codes) == [f"0500{i:02d}" for i in range(1, 8)]


def _names(session):
    return sorted(session.scalars(select(Person.full_name)).all())


@pytest.mark.parametrize("names", [
    ["§inh Xu©n B×nh", "NguyÔn V¨n An", "TrÇn ThÞ H\u00ad¬ng", "Lª V¨n ViÖt"],
    ["Ñinh Xuaân Bình", "Nguyeãn Vaên An", "Traàn Thò Höông", "Leâ Vaên Vieät"],
], ids=["tcvn3", "vni"])
def test_a_legacy_roll_imports_with_the_names_in_unicode_and_shows_the_conversion(session, ward, names):
    tdp = _tdp(ward, 5)
    rows = [HEADER] + [[i, f"0500{i:02d}", name, 1960, "Nam", "Ph\u00adêng 5" if names[0][0] == "§" else "Phöôøng 5",
                        None] for i, name in enumerate(names, 1)]
    preview = preview_import(xlsx_bytes(rows, text_columns=(1,)), "roll.xlsx", ImportTarget(ward.id, tdp.id),
                             today=TODAY)
    assert preview.errors == 0
    shown = [p.message for p in preview.problems if p.code == "encoding.converted"]
    assert any(f"“{names[0]}” → “Đinh Xuân Bình”" in m for m in shown)
    import_roll(preview, None)
    session.commit()
    assert _names(session) == sorted(["Đinh Xuân Bình", "Nguyễn Văn An", "Trần Thị Hương", "Lê Văn Việt"])
    assert set(session.scalars(select(Household.address))) == {"Phường 5"}
    assert session.scalar(select(Person.search_name).where(Person.full_name == "Đinh Xuân Bình")) == "dinh xuan binh"


def test_a_file_mixing_tcvn3_and_unicode_is_refused_and_writes_nothing(session, ward, roll):
    before = _state(session)
    rows = [HEADER, [1, "050001", "Nguyễn Văn An", 1960, "Nam", "Số 1", None],
            [2, "050002", "§inh Xu©n B×nh", 1960, "Nam", "Số 2", None]]
    preview = preview_import(xlsx_bytes(rows), "roll.xlsx", ImportTarget(ward.id, roll.id), today=TODAY)
    mixed = [p for p in preview.problems if p.code == "encoding.mixed"]
    assert len(mixed) == 1 and mixed[0].is_error
    assert "dòng 5 viết bằng TCVN3 (.VnTime) (“§inh Xu©n B×nh”)" in mixed[0].message
    assert "dòng 4 viết bằng Unicode" in mixed[0].message
    with pytest.raises(ImportBlocked):
        import_roll(preview, None)
    session.commit()
    assert _state(session) == before


def test_a_decomposed_name_is_stored_composed_without_a_warning(session, ward):
    import unicodedata

    tdp = _tdp(ward, 5)
    rows = [HEADER, [1, "050001", unicodedata.normalize("NFD", "Nguyễn Thị Ánh"), 1960, "Nữ", "Số 1", None]]
    preview = preview_import(xlsx_bytes(rows), "roll.xlsx", ImportTarget(ward.id, tdp.id), today=TODAY)
    assert preview.problems == ()
    import_roll(preview, None)
    session.commit()
    assert _names(session) == ["Nguyễn Thị Ánh"]


# --- through the pages -------------------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def upload_folder(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "ROLL_IMPORT_FOLDER", str(tmp_path / "uploads"))


def _csrf(page: str) -> dict:
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    return {"csrf_token": found[1]} if found else {}


def test_the_one_click_fix_re_previews_with_zeros_and_then_imports(client, session, ward, roll):
    login(client, create_app_user(ward))
    uploaded = client.post("/rolls/import/", data={"file": (io.BytesIO(xlsx_bytes(_eaten_rows())), "roll.xlsx"),
                                                   "target": str(roll.id)}, content_type="multipart/form-data")
    preview_url = uploaded.headers["Location"]
    page = client.get(preview_url).get_data(as_text=True)
    assert 'id="zeros-fix"' in page and "50001 → 050001" in page and 'id="confirm-form"' not in page
    assert client.post(f"{preview_url}/zeros", data=_csrf(page)).status_code == 302
    page = client.get(preview_url).get_data(as_text=True)
    assert 'id="zeros-fix"' not in page
    digest = re.search(r'name="digest" type="hidden" value="([0-9a-f]{64})"', page)[1]
    assert client.post(f"{preview_url}/confirm", data={"digest": digest, **_csrf(page)}).status_code == 302
    assert session.scalar(select(func.count()).select_from(Household).where(Household.code == "050007")) == 1
    assert session.scalar(select(func.count()).select_from(Household).where(Household.code == "50001")) == 0


def test_the_household_page_corrects_a_code_and_address_with_an_audit_record(client, session, ward, roll):
    household = session.scalar(select(Household).where(Household.code == "050002"))
    login(client, create_app_user(ward))
    url = f"/households/{household.id}"
    page = client.get(url).get_data(as_text=True)
    done = client.post(url, data={"details-code": "050020", "details-address": "Số 20, ngõ 3",
                                  "details-submit": "1", **_csrf(page)})
    assert done.status_code == 302
    session.expire_all()
    assert (household.code, household.address) == ("050020", "Số 20, ngõ 3")
    event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.action == "household.details"


def test_the_household_page_refuses_a_code_another_household_has(client, session, ward, roll):
    household = session.scalar(select(Household).where(Household.code == "050002"))
    other = create_household(_tdp(ward, 6), "060001", representative="Vũ Thị Lan", address="Số 1")
    session.commit()
    login(client, create_app_user(ward))
    url = f"/households/{household.id}"
    for taken in ("050001", other.code):
        page = client.get(url).get_data(as_text=True)
        refused = client.post(url, data={"details-code": taken, "details-address": "Số 2", "details-submit": "1",
                                         **_csrf(page)})
        assert refused.status_code == 422
        assert f"Mã hộ “{taken}” đã có trong phường" in refused.get_data(as_text=True)
    session.expire_all()
    assert (household.code, household.address) == ("050002", "Số 2")
