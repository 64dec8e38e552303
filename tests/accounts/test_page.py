"""The ward admin's accounts page: every action through the page, each refusal on its field, the last-admin
guard, and passwords and tokens that are shown once and actually work."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.auth.models import Duty, User
from tests.factories import PASSWORD, create_app_user, create_tdp, create_ward, login


@pytest.fixture
def ward_admin(client, session):
    ward = create_ward()
    tdps = [create_tdp(ward, n) for n in (3, 5, 12)]
    admin = create_app_user(ward, Duty.WARD_ADMIN, username="quantri")
    session.commit()
    login(client, admin)
    return ward, tdps, admin


def _other_client(client):
    return client.application.test_client()


def _secret(html: str, name: str) -> str:
    return re.search(rf'id="secret-{name}">([^<]+)<', html).group(1)


def _field_block(html: str, field: str) -> str:
    """The page from a field's input to the start of the next field: where its error messages belong."""
    start = html.index(f'name="{field}"')
    ends = [i for i in (html.find(marker, start) for marker in ('<fieldset', '<div class="field', '</form>')) if i > 0]
    return html[start:min(ends)]


def _actions(session) -> list[str]:
    return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def _user(session, username: str) -> User:
    session.expire_all()
    return session.scalar(select(User).where(User.username == username))


def _create(client, **fields):
    data = {"username": "tobaucu05", "full_name": "Trần Thị Bình", "duties": ["election_team"], "tdps": ["5"],
            "password_mode": "generate", "must_change": "y"}
    data.update(fields)
    return client.post("/accounts/new", data=data)


def test_a_generated_password_is_shown_once_logs_in_and_must_be_changed_first(client, session, ward_admin):
    r = _create(client)
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    password = _secret(r.get_data(as_text=True), "password")
    assert re.fullmatch(r"[a-z]+-[a-z]+-[a-z]+-[2-9]{3}", password)
    user = _user(session, "tobaucu05")
    assert user.duties == {Duty.ELECTION_TEAM} and [t.number for t in user.tdps] == [5]
    assert user.must_change_password and user.full_name == "Trần Thị Bình"
    assert password not in client.get(f"/accounts/{user.id}").get_data(as_text=True)  # never shown again
    other = _other_client(client)
    r = other.post("/login", data={"username": "tobaucu05", "password": password})
    assert r.headers["Location"].endswith("/account/password")
    assert other.get("/").headers["Location"].endswith("/account/password")
    assert "user.create" in _actions(session)


def test_a_typed_password_can_skip_the_forced_change(client, session, ward_admin):
    r = _create(client, password_mode="typed", password="mat-khau-cua-to-5", must_change="")
    assert r.status_code == 200
    other = _other_client(client)
    assert other.post("/login", data={"username": "tobaucu05", "password": "mat-khau-cua-to-5"}).status_code == 302
    assert other.get("/").status_code == 200


@pytest.mark.parametrize("fields, field, message", [
    ({"password_mode": "typed", "password": "1234567890"}, "password", "quá phổ biến"),
    ({"password_mode": "typed", "password": "ngan"}, "password", "ít nhất 10 ký tự"),
    ({"password_mode": "typed", "password": ""}, "password", "Nhập mật khẩu"),
    ({"username": "quantri"}, "username", "đã có người dùng"),
    ({"username": "có dấu"}, "username", "chỉ gồm chữ"),
    ({"tdps": []}, "tdps", "ít nhất một tổ dân phố"),
    ({"duties": []}, "duties", "ít nhất một nhiệm vụ"),
    ({"duties": ["superuser"]}, "duties", "Lựa chọn “superuser” không hợp lệ"),
    ({"tdps": ["99"]}, "tdps", "Lựa chọn “99” không hợp lệ"),
])
def test_a_refused_account_says_why_on_its_field_and_creates_nothing(client, session, ward_admin, fields, field,
                                                                     message):
    before = session.scalar(select(User.id).order_by(User.id.desc()))
    r = _create(client, **fields)
    assert r.status_code == 422
    assert message in _field_block(r.get_data(as_text=True), field)
    session.expire_all()
    assert session.scalar(select(User.id).order_by(User.id.desc())) == before


def test_editing_duties_and_tdps_changes_scope_and_is_audited(client, session, ward_admin):
    ward, tdps, _admin = ward_admin
    user = create_app_user(ward, Duty.OBSERVER, username="quansat")
    session.commit()
    r = client.post(f"/accounts/{user.id}", data={"full_name": "Lê Văn Cường",
                                                   "duties": ["election_team", "party_cell"], "tdps": ["3", "12"]})
    assert r.status_code == 302
    user = _user(session, "quansat")
    assert user.duties == {Duty.ELECTION_TEAM, Duty.PARTY_CELL} and [t.number for t in user.tdps] == [3, 12]
    assert user.full_name == "Lê Văn Cường"
    r = client.post(f"/accounts/{user.id}", data={"duties": ["observer"], "tdps": []})
    user = _user(session, "quansat")
    assert r.status_code == 302 and user.duties == {Duty.OBSERVER} and user.tdps == []
    assert {"user.full_name", "user.duties", "user.tdps"} <= set(_actions(session))


def test_a_tdp_duty_without_tdps_is_refused_and_nothing_changes(client, session, ward_admin):
    ward, tdps, _admin = ward_admin
    user = create_app_user(ward, Duty.ELECTION_TEAM, [tdps[1]], username="tobaucu")
    session.commit()
    r = client.post(f"/accounts/{user.id}", data={"duties": ["election_team"], "tdps": []})
    assert r.status_code == 422 and "ít nhất một tổ dân phố" in r.get_data(as_text=True)
    assert [t.number for t in _user(session, "tobaucu").tdps] == [5]


def test_disabling_needs_the_box_ticked_then_ends_the_users_sessions_and_enabling_restores_login(
        client, session, ward_admin):
    ward, tdps, _admin = ward_admin
    user = create_app_user(ward, Duty.ELECTION_TEAM, [tdps[0]], username="tobaucu")
    session.commit()
    other = _other_client(client)
    login(other, user)
    assert other.get("/").status_code == 200
    r = client.post(f"/accounts/{user.id}/active", data={"active": "0"})
    assert r.status_code == 422 and "Hãy đánh dấu ô xác nhận." in r.get_data(as_text=True)
    assert _user(session, "tobaucu").active
    assert client.post(f"/accounts/{user.id}/active", data={"active": "0", "confirm": "y"}).status_code == 302
    assert not _user(session, "tobaucu").active
    assert other.get("/").status_code == 302  # the open session ended
    assert login(_other_client(client), user).status_code == 200  # and login is refused
    assert client.post(f"/accounts/{user.id}/active", data={"active": "1"}).status_code == 302
    assert login(_other_client(client), user).status_code == 302
    assert ["user.disable", "user.enable"] == [a for a in _actions(session) if a in ("user.disable", "user.enable")]


def test_a_ward_admin_cannot_disable_themselves(client, session, ward_admin):
    _ward, _tdps, admin = ward_admin
    r = client.post(f"/accounts/{admin.id}/active", data={"active": "0", "confirm": "y"})
    html = r.get_data(as_text=True)
    danger_zone = html[html.index("danger-zone"):]
    assert r.status_code == 422 and "không thể tự khóa" in danger_zone[:danger_zone.index("</section>")]
    assert _user(session, "quantri").active


def test_the_last_active_ward_admin_keeps_the_duty_until_another_admin_exists(client, session, ward_admin):
    ward, _tdps, admin = ward_admin
    r = client.post(f"/accounts/{admin.id}", data={"duties": ["observer"], "tdps": []})
    assert r.status_code == 422 and "ít nhất một tài khoản Ban chỉ đạo phường" in r.get_data(as_text=True)
    assert _user(session, "quantri").duties == {Duty.WARD_ADMIN}
    second = create_app_user(ward, Duty.WARD_ADMIN, username="quantri2")
    session.commit()
    assert client.post(f"/accounts/{second.id}/active", data={"active": "0", "confirm": "y"}).status_code == 302
    r = client.post(f"/accounts/{admin.id}", data={"duties": ["observer"], "tdps": []})  # second is disabled
    assert r.status_code == 422
    client.post(f"/accounts/{second.id}/active", data={"active": "1"})
    r = client.post(f"/accounts/{admin.id}", data={"duties": ["ward_admin", "observer"], "tdps": []})
    assert r.status_code == 302
    r = client.post(f"/accounts/{admin.id}", data={"duties": ["observer"], "tdps": []})
    assert r.status_code == 302 and _user(session, "quantri").duties == {Duty.OBSERVER}


def test_a_reset_password_is_shown_once_replaces_the_old_one_and_must_be_changed(client, session, ward_admin):
    ward, tdps, _admin = ward_admin
    user = create_app_user(ward, Duty.COUNTING_HEAD, [tdps[2]], username="truongban")
    session.commit()
    assert client.post(f"/accounts/{user.id}/password", data={}).status_code == 422
    assert login(_other_client(client), user).status_code == 302  # unconfirmed: the old password still works
    r = client.post(f"/accounts/{user.id}/password", data={"confirm": "y"})
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    password = _secret(r.get_data(as_text=True), "password")
    assert login(_other_client(client), user).status_code == 200  # old password refused
    other = _other_client(client)
    assert login(other, user, password).headers["Location"].endswith("/account/password")
    assert "user.password_set" in _actions(session)


def test_an_issued_token_works_once_shown_and_revoking_it_ends_api_access(client, session, ward_admin):
    ward, tdps, _admin = ward_admin
    user = create_app_user(ward, Duty.ELECTION_TEAM, [tdps[0]], username="mayquet")
    session.commit()
    r = client.post(f"/accounts/{user.id}/token", data={"confirm": "y"})
    token = _secret(r.get_data(as_text=True), "token")
    api = _other_client(client)
    assert api.get("/api/v1/wards", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert "Có" in client.get("/accounts/").get_data(as_text=True)
    assert client.post(f"/accounts/{user.id}/token/revoke").status_code == 302
    assert api.get("/api/v1/wards", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert {"user.api_token", "user.api_token_revoked"} <= set(_actions(session))


def test_the_list_filters_by_tdp_and_duty_and_ignores_nonsense(client, session, ward_admin):
    ward, tdps, _admin = ward_admin
    create_app_user(ward, Duty.ELECTION_TEAM, [tdps[0]], username="to3team")
    create_app_user(ward, Duty.COUNTING_HEAD, [tdps[0]], username="to3head")
    create_app_user(ward, Duty.ELECTION_TEAM, [tdps[1]], username="to5team")
    session.commit()

    def names(query):
        r = client.get("/accounts/" + query)
        assert r.status_code == 200
        return re.findall(r'/accounts/\d+">([^<]+)<', r.get_data(as_text=True))

    assert names("") == ["quantri", "to3head", "to3team", "to5team"]
    assert names(f"?tdp={tdps[0].id}") == ["to3head", "to3team"]
    assert names("?duty=election_team") == ["to3team", "to5team"]
    assert names(f"?tdp={tdps[0].id}&duty=election_team") == ["to3team"]
    assert names("?tdp=10000000000000000000&duty=%3Cx%3E") == names("")


def test_accounts_of_another_ward_are_not_found(client, session, ward_admin):
    elsewhere = create_ward("Phường Khác")
    stranger = create_app_user(elsewhere, Duty.WARD_ADMIN, username="nguoila")
    tdp = create_tdp(elsewhere, 1)
    session.commit()
    assert client.get(f"/accounts/{stranger.id}").status_code == 404
    assert client.post(f"/accounts/{stranger.id}/active", data={"active": "0", "confirm": "y"}).status_code == 404
    assert client.post(f"/accounts/{stranger.id}/password", data={"confirm": "y"}).status_code == 404
    assert client.get(f"/accounts/slips/{tdp.id}").status_code == 404
    assert "nguoila" not in client.get("/accounts/").get_data(as_text=True)
    assert _user(session, "nguoila").active


@pytest.mark.parametrize("duty", [d for d in Duty if d is not Duty.WARD_ADMIN])
def test_only_the_ward_admin_reaches_the_accounts_page(client, session, duty):
    ward = create_ward()
    tdp = create_tdp(ward, 1)
    user = create_app_user(ward, duty, [] if duty.is_ward_wide else [tdp])
    session.commit()
    login(client, user, PASSWORD)
    assert client.get("/accounts/").status_code == 403
    assert client.post("/accounts/new", data={"username": "x", "duties": ["ward_admin"]}).status_code == 403
    assert client.post(f"/accounts/{user.id}/password", data={"confirm": "y"}).status_code == 403


def test_an_admin_resets_no_own_password_and_issues_no_token_to_a_disabled_account(client, session, ward_admin):
    ward, _tdps, admin = ward_admin
    user = create_app_user(ward, Duty.OBSERVER, username="dakhoa")
    session.commit()
    r = client.post(f"/accounts/{admin.id}/password", data={"confirm": "y"})
    assert r.status_code == 422 and "Đổi mật khẩu" in r.get_data(as_text=True)
    client.post(f"/accounts/{user.id}/active", data={"active": "0", "confirm": "y"})
    r = client.post(f"/accounts/{user.id}/token", data={"confirm": "y"})
    assert r.status_code == 422 and "mở khóa trước khi cấp mã API" in r.get_data(as_text=True)
    assert _user(session, "dakhoa").api_token_hash is None
    assert client.get("/").status_code == 200  # the admin's own session is untouched
