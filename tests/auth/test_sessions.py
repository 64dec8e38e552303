"""Sessions end when they should (F11): a copied cookie dies at logout, a password change or disabling;
no login outlives the absolute lifetime; the client address comes from trusted proxies only."""

import time

import pytest
from sqlalchemy import select

from app.auth.models import User
from app.auth.sessions import LOGIN_AT_KEY
from tests.auth import own_app
from tests.conftest import FreshGlobalsClient
from tests.factories import PASSWORD, create_app_user, create_ward, login

NEW_PASSWORD = "mot-mat-khau-moi-dai"


def _client(app):
    app.test_client_class = FreshGlobalsClient  # no `g` (the loaded user) carried between requests
    return app.test_client()


def _logged_in(app, address: str = "127.0.0.1", **environ):
    client = _client(app)
    user = environ.pop("user")
    r = client.post("/login", data={"username": user.username, "password": PASSWORD},
                    environ_base={"REMOTE_ADDR": address, **environ})
    assert r.status_code == 302, r.get_data(as_text=True)
    return client


def _copy(app, client):
    thief = _client(app)
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def _home(client, **environ) -> int:
    return client.get("/", environ_base={"REMOTE_ADDR": "127.0.0.1", **environ}).status_code


def test_a_copied_cookie_stops_working_after_logout(app, session):
    user = create_app_user(create_ward())
    session.commit()
    victim = _logged_in(app, user=user)
    thief = _copy(app, victim)
    assert _home(thief) == 200
    victim.post("/logout")
    assert _home(thief) == 302
    assert _home(victim) == 302


def test_no_login_outlives_the_absolute_lifetime_however_active(app, session):
    user = create_app_user(create_ward())
    session.commit()
    client = _logged_in(app, user=user)
    with client.session_transaction() as s:
        s[LOGIN_AT_KEY] = time.time() - app.config["PERMANENT_SESSION_LIFETIME"].total_seconds() - 1
        s["last_seen"] = time.time()  # active a moment ago: the idle timeout alone would let it live
    assert _home(client) == 302


def test_a_spoofed_x_forwarded_for_does_not_carry_a_cookie_to_another_address(app, session):
    user = create_app_user(create_ward())
    session.commit()
    victim = _logged_in(app, "192.0.2.10", user=user)
    thief = _copy(app, victim)
    assert _home(thief, REMOTE_ADDR="192.0.2.10") == 200
    assert _home(thief, REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="192.0.2.10") == 302


def test_behind_a_configured_proxy_the_forwarded_address_is_the_client(backend, app_ctx, session):
    user = create_app_user(create_ward())
    session.commit()
    with own_app(backend.make_app(PROXY_FIX_X_FOR=1)) as application:
        client = _logged_in(application, "10.0.0.1", user=user, HTTP_X_FORWARDED_FOR="192.0.2.10")
        same = _client(application)
        same.set_cookie("session", client.get_cookie("session").value)
        assert _home(same, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.10") == 200
        assert _home(same, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5") == 302


def test_changing_ones_password_ends_every_other_session_and_the_token(app, client, runner, session):
    user = create_app_user(create_ward())
    session.commit()
    token = runner.invoke(args=["users", "token", user.username]).output.strip()
    other = _logged_in(app, user=user)
    login(client, user)
    r = client.post("/account/password", data={"old_password": PASSWORD, "new_password": NEW_PASSWORD,
                                               "confirm": NEW_PASSWORD})
    assert r.status_code == 302
    assert client.get("/").status_code == 200  # this session goes on
    assert _home(other) == 302
    fresh = _client(app)
    assert fresh.get("/api/v1/wards", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert login(fresh, user).status_code == 200  # the old password no longer works
    assert login(fresh, user, NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize("old, new, message", [
    ("sai-mat-khau-cu", NEW_PASSWORD, "Mật khẩu hiện tại không đúng."),
    (PASSWORD, "ngan", "10 đến 200"),
    (PASSWORD, "1234567890", "quá phổ biến"),
])
def test_a_refused_password_change_says_why_and_changes_nothing(client, session, old, new, message):
    user = create_app_user(create_ward())
    session.commit()
    login(client, user)
    r = client.post("/account/password", data={"old_password": old, "new_password": new, "confirm": new})
    assert r.status_code in (200, 422) and message in r.get_data(as_text=True)
    session.expire_all()
    assert session.get(User, user.id).session_version == 0
    assert client.get("/").status_code == 200


def test_disabling_a_user_ends_their_sessions_and_token_at_once(app, runner, session):
    ward = create_ward()
    user = create_app_user(ward)
    create_app_user(ward, username="admin.con.lai")  # the ward keeps an active admin (the last one cannot be disabled)
    session.commit()
    token = runner.invoke(args=["users", "token", user.username]).output.strip()
    browser = _logged_in(app, user=user)
    result = runner.invoke(args=["users", "disable", user.username])
    assert result.exit_code == 0, result.output
    assert _home(browser) == 302
    api = _client(app)
    assert api.get("/api/v1/wards", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert login(api, user).status_code == 200  # refused with the usual message
    runner.invoke(args=["users", "enable", user.username])
    assert login(api, user).status_code == 302


def test_a_user_loaded_from_an_old_cookie_without_the_session_version_is_refused(app, session):
    user = create_app_user(create_ward())
    session.commit()
    client = _logged_in(app, user=user)
    with client.session_transaction() as s:
        s.pop("_sv")
    assert _home(client) == 302
    assert session.scalar(select(User.session_version).where(User.id == user.id)) == 0
