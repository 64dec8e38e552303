"""The import pages: upload, preview, map columns, confirm; scope and stale previews are enforced."""

import io
import re

import pytest
from sqlalchemy import func, select

from app.auth.models import Duty
from app.rolls.models import Household, RepresentativeChange
from tests.factories import create_app_user, create_household, create_tdp, create_ward, login
from tests.rolls.data.files import MESSY, clean_rows, csv_bytes, xlsx_bytes


@pytest.fixture(autouse=True)
def upload_folder(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "ROLL_IMPORT_FOLDER", str(tmp_path / "uploads"))
    return tmp_path / "uploads"


@pytest.fixture
def ward(session):
    ward = create_ward()
    create_tdp(ward, 5)
    create_tdp(ward, 6)
    session.commit()
    return ward


def _tdp(ward, number):
    return next(t for t in ward.tdps if t.number == number)


def _upload(client, data, target, name="roll.xlsx", **extra):
    return client.post("/rolls/import/", data={"file": (io.BytesIO(data), name), "target": str(target), **extra},
                       content_type="multipart/form-data")


def _digest(page: str) -> str:
    return re.search(r'name="digest" type="hidden" value="([0-9a-f]{64})"', page)[1]


def _households(session):
    return session.scalar(select(func.count()).select_from(Household))


def test_upload_preview_and_confirm_import_the_file_and_go_to_the_tdp_page(client, session, ward, upload_folder):
    tdp = _tdp(ward, 5)
    login(client, create_app_user(ward))
    session.commit()
    assert client.get(f"/rolls/import/?tdp_id={tdp.id}").status_code == 200
    uploaded = _upload(client, xlsx_bytes(clean_rows()), tdp.id)
    assert uploaded.status_code == 302
    preview_url = uploaded.headers["Location"]
    page = client.get(preview_url).get_data(as_text=True)
    assert 'id="count-added">3<' in page and 'id="count-errors">0<' in page
    assert "Nguyễn Văn An" in page and 'id="confirm-form"' in page
    assert _households(session) == 0  # nothing written before confirming
    done = client.post(f"{preview_url}/confirm", data={"digest": _digest(page)})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/tdp/{tdp.id}")
    assert _households(session) == 3
    assert "Đã nhập danh sách: thêm 3 hộ" in client.get(done.headers["Location"]).get_data(as_text=True)
    assert list(upload_folder.iterdir()) == []  # the stored file is gone
    assert client.get(preview_url).status_code == 404


def test_a_database_refusal_at_confirm_shows_a_message_and_writes_nothing(client, session, ward):
    tdp = _tdp(ward, 5)
    login(client, create_app_user(ward))
    session.commit()
    preview_url = _upload(client, xlsx_bytes(clean_rows()), tdp.id).headers["Location"]
    page = client.get(preview_url).get_data(as_text=True)
    # Someone adds 050003 between the roll's reading and the write: the confirm's own write is refused.
    from app.rolls.importing import services

    real = services._current

    def roll_then_a_concurrent_add(*args, **kwargs):
        roll = real(*args, **kwargs)
        create_household(tdp, "050003", representative="Người khác")
        session.commit()
        return roll

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(services, "_current", roll_then_a_concurrent_add)
        done = client.post(f"{preview_url}/confirm", data={"digest": _digest(page)})
    assert done.status_code == 302 and done.headers["Location"].endswith(preview_url)
    assert _households(session) == 1  # only the other one's household
    assert "Không ghi được danh sách; dữ liệu chưa bị thay đổi" in client.get(preview_url).get_data(as_text=True)


def test_a_reimport_through_the_pages_records_the_representative_change(client, session, ward):
    tdp = _tdp(ward, 5)
    create_household(tdp, "050002", representative="Trần Thị Bình")
    user = create_app_user(ward, Duty.ELECTION_TEAM, [tdp])
    session.commit()
    login(client, user)
    rows = clean_rows()
    rows[2][2] = "Phạm Văn Dũng"
    preview_url = _upload(client, xlsx_bytes(rows), tdp.id).headers["Location"]
    page = client.get(preview_url).get_data(as_text=True)
    assert "Trần Thị Bình → <strong>Phạm Văn Dũng</strong>" in page
    assert client.post(f"{preview_url}/confirm", data={"digest": _digest(page)}).status_code == 302
    change = session.scalar(select(RepresentativeChange))
    assert change.reason == "Nhập lại danh sách" and change.changed_by_id == user.id


def test_a_file_with_errors_shows_its_problems_and_no_confirm_button(client, session, ward):
    login(client, create_app_user(ward))
    session.commit()
    preview_url = _upload(client, csv_bytes(MESSY), "ward", name="roll.csv").headers["Location"]
    response = client.get(preview_url)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="count-errors">7<' in page and 'id="count-warnings">3<' in page
    assert 'data-code="birth.day_not_in_month"' in page and "30/11/1970" in page
    assert 'class="flash-error" data-code="age.under_18"' in page
    assert 'class="flash-warning" data-code="code.leading_zero"' in page
    assert 'id="confirm-form"' not in page and 'id="blocked"' in page
    forced = client.post(f"{preview_url}/confirm", data={"digest": "0" * 64})
    assert forced.status_code == 200 and _households(session) == 0


def test_an_election_team_user_cannot_import_into_another_tdp(client, session, ward):
    user = create_app_user(ward, Duty.ELECTION_TEAM, [_tdp(ward, 5)])
    session.commit()
    login(client, user)
    assert _upload(client, xlsx_bytes(clean_rows()), _tdp(ward, 6).id).status_code == 403
    assert client.get(f"/rolls/import/?tdp_id={_tdp(ward, 6).id}").status_code == 403
    assert _upload(client, xlsx_bytes(clean_rows()), "ward").status_code == 403
    assert _households(session) == 0


@pytest.mark.parametrize("role", [Duty.OBSERVER, Duty.COUNTING_MEMBER])
def test_roles_that_do_not_keep_the_roll_cannot_open_the_import(client, session, ward, role):
    login(client, create_app_user(ward, role, [_tdp(ward, 5)]))
    session.commit()
    assert client.get("/rolls/import/").status_code == 403


def test_an_unknown_layout_is_mapped_by_hand_then_previewed_again(client, session, ward):
    tdp = _tdp(ward, 5)
    create_household(tdp, "050009", representative="Người đã có")
    login(client, create_app_user(ward))
    session.commit()
    data = xlsx_bytes([["TT", "Số định danh hộ", "Tên cử tri", "Nơi ở"], [1, "050001", "Nguyễn Văn An", "Số 1"]])
    preview_url = _upload(client, data, tdp.id).headers["Location"]
    page = client.get(preview_url).get_data(as_text=True)
    assert 'data-code="header.missing"' in page and "B – Số định danh hộ" in page
    assert 'id="count-removed">0<' in page  # no diff until the columns are known
    mapped = client.post(f"{preview_url}/mapping", data={"map-code": "B", "map-name": "C", "map-address": "D"})
    assert mapped.status_code == 302
    page = client.get(preview_url).get_data(as_text=True)
    assert 'id="count-added">1<' in page and 'id="count-removed">1<' in page and 'id="confirm-form"' in page
    client.post(f"{preview_url}/confirm", data={"digest": _digest(page)})
    assert session.scalar(select(Household.address).where(Household.code == "050001")) == "Số 1"


def test_a_preview_that_went_stale_is_shown_again_instead_of_being_applied(client, session, ward):
    tdp = _tdp(ward, 5)
    login(client, create_app_user(ward))
    session.commit()
    preview_url = _upload(client, xlsx_bytes(clean_rows()), tdp.id).headers["Location"]
    digest = _digest(client.get(preview_url).get_data(as_text=True))
    create_household(tdp, "050009", representative="Người mới thêm")  # the roll changes meanwhile
    session.commit()
    response = client.post(f"{preview_url}/confirm", data={"digest": digest})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "đã thay đổi từ lúc xem trước" in page
    assert 'id="count-removed">1<' in page
    assert _households(session) == 1


def test_a_csv_not_in_utf8_is_sent_back_to_the_upload_form_with_the_reason(client, session, ward):
    login(client, create_app_user(ward))
    session.commit()
    data = "Ma ho;Ho ten\r\n050001;Lê Văn Tâm\r\n".encode("cp1258")
    preview_url = _upload(client, data, _tdp(ward, 5).id, name="roll.csv").headers["Location"]
    response = client.get(preview_url, follow_redirects=True)
    assert "CSV UTF-8" in response.get_data(as_text=True)
    assert response.request.path == "/rolls/import/"


def test_an_upload_over_the_limit_is_refused(client, session, ward, app, monkeypatch):
    monkeypatch.setitem(app.config, "ROLL_IMPORT_MAX_BYTES", 1000)
    login(client, create_app_user(ward))
    session.commit()
    assert _upload(client, b"x" * 5000, _tdp(ward, 5).id, name="roll.csv").status_code == 413


def test_another_sessions_upload_cannot_be_seen_or_confirmed(client, session, ward, app):
    tdp = _tdp(ward, 5)
    login(client, create_app_user(ward))
    session.commit()
    preview_url = _upload(client, xlsx_bytes(clean_rows()), tdp.id).headers["Location"]
    other = app.test_client()
    login(other, create_app_user(ward))
    session.commit()
    assert other.get(preview_url).status_code == 404
    assert other.post(f"{preview_url}/confirm", data={"digest": "0" * 64}).status_code == 404


def test_cancel_drops_the_uploaded_file(client, session, ward, upload_folder):
    login(client, create_app_user(ward))
    session.commit()
    preview_url = _upload(client, xlsx_bytes(clean_rows()), _tdp(ward, 5).id).headers["Location"]
    assert client.post(f"{preview_url}/cancel").status_code == 302
    assert list(upload_folder.iterdir()) == [] and client.get(preview_url).status_code == 404


def test_the_upload_still_checks_its_csrf_token_though_the_global_check_waits_for_the_size_limit(
        client, session, ward, app, monkeypatch):
    login(client, create_app_user(ward))
    session.commit()
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    refused = _upload(client, xlsx_bytes(clean_rows()), _tdp(ward, 5).id)
    assert refused.status_code == 200 and "Location" not in refused.headers
    page = client.get("/rolls/import/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    accepted = _upload(client, xlsx_bytes(clean_rows()), _tdp(ward, 5).id, csrf_token=token)
    assert accepted.status_code == 302
    assert client.post(f"{accepted.headers['Location']}/confirm", data={"digest": "0" * 64}).status_code == 400
