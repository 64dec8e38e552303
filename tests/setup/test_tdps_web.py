"""The ward's TDP list: typed rows and imported files are checked row by row, previewed, and written all at once
or not at all; renames are audited; only the ward admin may do any of it."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.auth.models import Duty
from app.extensions import db
from app.wards.models import Tdp
from tests.factories import PASSWORD, create_app_user, create_tdp, create_ward, login
from tests.setup.builders import THREE_TDPS, tdp_xlsx


@pytest.fixture
def admin(client, session):
    ward = create_ward()
    user = create_app_user(ward, Duty.WARD_ADMIN)
    session.commit()
    login(client, user)
    return user


def tdps(session) -> list[tuple[int, str]]:
    return [(t.number, t.name) for t in session.scalars(select(Tdp).order_by(Tdp.number))]


def typed(*rows):
    columns = list(zip(*rows, strict=True)) if rows else [(), (), (), ()]
    return {"number": list(columns[0]), "name": list(columns[1]), "party_cell_name": list(columns[2]),
            "front_committee_name": list(columns[3])}


def upload(client, data: bytes, name: str = "to-dan-pho.xlsx"):
    response = client.post("/ward/tdps/import", data={"file": (io.BytesIO(data), name)},
                           content_type="multipart/form-data")
    return response


def preview_of(client, response):
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    token = response.headers["Location"].rsplit("/", 1)[1]
    return token, client.get(response.headers["Location"])


def test_typed_tdps_with_gaps_in_their_numbers_are_saved_together_and_audited(client, session, admin):
    response = client.post("/ward/tdps", data=typed(("1", "Tổ dân phố số 1", "Chi bộ 1", ""), ("", "", "", ""),
                                                    ("35", "", "", "Ban CTMT 35")))
    assert response.status_code == 302 and response.headers["Location"] == "/dashboard/"
    assert tdps(session) == [(1, "Tổ dân phố số 1"), (35, "Tổ dân phố số 35")]
    assert session.scalar(select(func.count()).where(AuditEvent.action == "tdp.create")) == 2


@pytest.mark.parametrize(("row", "message"), [
    (("31/11", "Tổ A", "", ""), "giống một ngày"),
    (("năm", "Tổ A", "", ""), "không phải là số"),
    (("", "Tổ A", "", ""), "Thiếu số tổ."),
    (("2", "Tổ A", "", ""), "Số tổ 2 trùng với dòng 1"),
    (("7", "x" * 121, "", ""), "dài quá 120 ký tự"),
])
def test_one_bad_typed_row_saves_no_row_and_says_why_next_to_it(client, session, admin, row, message):
    response = client.post("/ward/tdps", data=typed(("2", "Tổ dân phố số 2", "", ""), row))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and message in page and "Chưa lưu tổ nào" in page
    assert 'value="Tổ dân phố số 2"' in page  # the typed rows come back as typed
    assert tdps(session) == []


def test_a_typed_number_the_ward_already_has_is_refused(client, session, admin):
    create_tdp(admin_ward(session, admin), 4)
    session.commit()
    response = client.post("/ward/tdps", data=typed(("4", "Tổ bốn", "", "")))
    assert response.status_code == 422 and "Tổ dân phố số 4 đã có trong phường" in response.get_data(as_text=True)
    assert tdps(session) == [(4, "Tổ dân phố số 4")]


def admin_ward(session, admin):
    from app.wards.models import Ward

    return session.get(Ward, admin.ward_id)


def test_add_row_gives_more_empty_rows_and_keeps_what_was_typed(client, session, admin):
    response = client.post("/ward/tdps", data={**typed(("8", "Tổ 8", "", "")), "add_row": "Thêm dòng"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and page.count('name="number"') == 6 and 'value="Tổ 8"' in page
    assert tdps(session) == []


def test_an_imported_file_is_previewed_then_created_only_on_confirmation(client, session, admin):
    token, preview = preview_of(client, upload(client, tdp_xlsx(THREE_TDPS)))
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and 'id="count-added">3<' in page and "Không có vấn đề nào." in page
    assert tdps(session) == []  # nothing written by the preview
    digest = re.search(r'name="digest" type="hidden" value="([0-9a-f]+)"', page).group(1)
    done = client.post(f"/ward/tdps/import/{token}/confirm", data={"digest": digest})
    assert done.status_code == 302 and done.headers["Location"] == "/dashboard/"
    assert tdps(session) == [(1, "Tổ dân phố số 1"), (4, "Tổ dân phố số 4"), (12, "Tổ dân phố số 12")]
    first = session.scalars(select(Tdp).where(Tdp.number == 1)).one()
    assert (first.party_cell_name, first.front_committee_name) == ("Chi bộ tổ 1", "Ban CTMT tổ 1")
    assert client.get(f"/ward/tdps/import/{token}").status_code == 404  # the upload is gone


def test_a_file_with_errors_shows_each_by_row_and_column_and_cannot_be_confirmed(client, session, admin):
    rows = [(1, "Tổ 1"), ("31/11", "Tổ 2"), (1, "Tổ 1 cũ"), ("abc", "Tổ 4"), (5, "Tổ 5")]
    token, preview = preview_of(client, upload(client, tdp_xlsx(rows, header=["Số tổ", "Tên tổ"])))
    page = preview.get_data(as_text=True)
    assert preview.status_code == 422 and 'id="blocked"' in page and "Xác nhận tạo" not in page
    for code, row in (("number.date", 5), ("number.duplicate", 6), ("number.not_number", 7)):
        assert re.search(rf'data-code="{code}">\s*<td class="num">{row}</td>\s*<td><span class="mono">A</span> – '
                         r"Số tổ</td>", page), code
    refused = client.post(f"/ward/tdps/import/{token}/confirm", data={"digest": "0" * 64})
    assert refused.status_code == 302 and tdps(session) == []


def test_a_file_changed_since_the_preview_is_not_applied(client, session, admin):
    token, preview = preview_of(client, upload(client, tdp_xlsx(THREE_TDPS)))
    digest = re.search(r'name="digest" type="hidden" value="([0-9a-f]+)"', preview.get_data(as_text=True)).group(1)
    create_tdp(admin_ward(session, admin), 4)  # someone added TDP 4 meanwhile
    session.commit()
    response = client.post(f"/ward/tdps/import/{token}/confirm", data={"digest": digest})
    assert response.status_code == 302 and response.headers["Location"].endswith(token)
    assert tdps(session) == [(4, "Tổ dân phố số 4")]


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"\xd0\xcf\x11\xe0 old excel", "to.xls", "Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."),
    (b"PK\x03\x04 not really", "to.xlsx", "Không mở được tệp Excel"),
    ("So to;Tên to\n1;Tô mot\n".encode("cp1258"), "to.csv", "không ở bảng mã UTF-8"),
])
def test_an_unreadable_file_is_refused_in_vietnamese_and_writes_nothing(client, session, admin, data, name, message):
    response = upload(client, data, name)
    if response.status_code == 302:
        response = client.get(response.headers["Location"], follow_redirects=True)
    assert message in response.get_data(as_text=True)
    assert tdps(session) == []


def test_a_household_roll_uploaded_as_the_tdp_list_is_refused(client, session, admin):
    roll = tdp_xlsx([("050001", "Nguyễn Văn An", "Số 1 ngõ 2")], header=["Mã hộ", "Họ và tên chủ hộ", "Địa chỉ"])
    _, preview = preview_of(client, upload(client, roll))
    assert preview.status_code == 422 and "danh sách hộ gia đình" in preview.get_data(as_text=True)


def test_a_csv_list_with_mixed_number_spellings_imports(client, session, admin):
    csv = "Số tổ,Tên tổ dân phố\nTổ 3,Tổ dân phố số 3\n07,Tổ dân phố số 7\n".encode()
    token, preview = preview_of(client, upload(client, csv, "to.csv"))
    assert preview.status_code == 200 and 'id="count-added">2<' in preview.get_data(as_text=True)


def test_a_rename_is_saved_and_audited_with_before_and_after(client, session, admin):
    tdp = create_tdp(admin_ward(session, admin), 5)
    session.commit()
    response = client.post(f"/ward/tdps/{tdp.id}/edit", data={"name": "Tổ dân phố Ngọc Lâm 5",
                                                              "party_cell_name": "Chi bộ 5", "front_committee_name": "",
                                                              "decision": "Nghị quyết số 3/NQ-HĐND",
                                                              "effective_on": "01/03/2026"})
    assert response.status_code == 302
    session.refresh(tdp)
    assert (tdp.number, tdp.name, tdp.party_cell_name) == (5, "Tổ dân phố Ngọc Lâm 5", "Chi bộ 5")
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "tdp.update")).one()
    assert event.before["name"] == "Tổ dân phố số 5" and event.after["name"] == "Tổ dân phố Ngọc Lâm 5"
    blank = client.post(f"/ward/tdps/{tdp.id}/edit", data={"name": " "})
    assert blank.status_code == 422 and "Nhập tên tổ dân phố." in blank.get_data(as_text=True)


@pytest.mark.parametrize("duty", [Duty.ELECTION_TEAM, Duty.OBSERVER])
def test_only_the_ward_admin_may_add_or_rename_tdps(client, session, duty):
    ward = create_ward()
    tdp = create_tdp(ward, 5)
    user = create_app_user(ward, duty, [tdp])
    session.commit()
    login(client, user)
    assert client.post("/ward/tdps", data=typed(("6", "Tổ 6", "", ""))).status_code == 403
    assert client.post(f"/ward/tdps/{tdp.id}/edit", data={"name": "Tổ đổi tên"}).status_code == 403
    assert upload(client, tdp_xlsx(THREE_TDPS)).status_code == 403
    assert tdps(session) == [(5, "Tổ dân phố số 5")]


def test_a_tdp_of_another_ward_cannot_be_renamed(client, session, admin):
    stranger = create_tdp(create_ward("Phường Khác"), 5)
    session.commit()
    assert client.post(f"/ward/tdps/{stranger.id}/edit", data={"name": "Tổ của tôi"}).status_code == 404
    session.refresh(stranger)
    assert stranger.name == "Tổ dân phố số 5"


def test_tdp_forms_without_their_csrf_token_write_nothing(backend, client, session):
    ward = create_ward()
    user = create_app_user(ward, Duty.WARD_ADMIN)
    session.commit()
    guarded = backend.make_app(WTF_CSRF_ENABLED=True)
    try:
        browser = guarded.test_client()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', browser.get("/login").get_data(
            as_text=True)).group(1)
        assert browser.post("/login", data={"username": user.username, "password": PASSWORD,
                                            "csrf_token": token}).status_code == 302
        assert browser.post("/ward/tdps", data=typed(("6", "Tổ 6", "", ""))).status_code == 400
        refused = browser.post("/ward/tdps/import", data={"file": (io.BytesIO(tdp_xlsx(THREE_TDPS)), "to.xlsx")},
                               content_type="multipart/form-data")
        assert refused.status_code == 422 and "Thiếu mã bảo vệ biểu mẫu" in refused.get_data(as_text=True)
    finally:
        with guarded.app_context():
            db.engine.dispose()
    assert tdps(session) == []
