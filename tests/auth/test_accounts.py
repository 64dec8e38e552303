"""Accounts from the command line (F6): set a password (the user must change it before anything else),
disable and enable, revoke a token; the password policy; the demo is refused in production."""

import pytest
from sqlalchemy import select

from app import create_app
from app.auth.models import User
from app.wards.models import Ward
from tests.auth import own_app
from tests.factories import PASSWORD, create_app_user, create_ward, login

NEW = "mot-mat-khau-tam-thoi"
MINE = "mat-khau-rieng-cua-toi"


def test_passwd_sets_a_password_the_user_must_change_before_doing_anything(client, runner, session, monkeypatch):
    user = create_app_user(create_ward())
    session.commit()
    monkeypatch.setenv("PW", NEW)
    result = runner.invoke(args=["users", "passwd", user.username, "--password", "PW"])
    assert result.exit_code == 0, result.output
    assert login(client, user).status_code == 200  # the old password is gone
    r = login(client, user, NEW)
    assert r.headers["Location"].endswith("/account/password")
    for path in ("/", "/dashboard/", "/results/"):
        blocked = client.get(path)
        assert blocked.status_code == 302 and blocked.headers["Location"].endswith("/account/password")
    assert client.get("/api/v1/wards").status_code == 403
    client.post("/account/password", data={"old_password": NEW, "new_password": MINE, "confirm": MINE})
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("password, message", [
    ("ngan-qua", "ít nhất 10 ký tự"),
    ("1234567890", "quá phổ biến"),
    ("aaaaaaaaaaaa", "quá phổ biến"),
    ("{user}-2017-abc", "tên đăng nhập"),
])
def test_passwd_refuses_a_weak_password_and_changes_nothing(runner, session, monkeypatch, password, message):
    user = create_app_user(create_ward())
    session.commit()
    before = user.password_hash
    monkeypatch.setenv("PW", password.format(user=user.username))
    result = runner.invoke(args=["users", "passwd", user.username, "--password", "PW"])
    assert result.exit_code != 0 and message in result.output
    session.expire_all()
    assert session.get(User, user.id).password_hash == before


def test_passwd_prompts_when_no_variable_is_given(client, runner, session):
    user = create_app_user(create_ward())
    session.commit()
    result = runner.invoke(args=["users", "passwd", user.username, "--keep"], input=f"{NEW}\n{NEW}\n")
    assert result.exit_code == 0, result.output
    assert login(client, user, NEW).status_code == 302
    assert client.get("/").status_code == 200  # --keep: no forced change


def test_users_create_applies_the_password_policy(runner, session, monkeypatch):
    create_ward()
    session.commit()
    monkeypatch.setenv("PW", "12345678")
    result = runner.invoke(args=["users", "create", "moi", "--duty", "observer", "--password-env", "PW"])
    assert result.exit_code != 0 and "10 ký tự" in result.output
    assert session.scalar(select(User).where(User.username == "moi")) is None


def test_revoke_token_ends_api_access(client, runner, session):
    user = create_app_user(create_ward())
    session.commit()
    token = runner.invoke(args=["users", "token", user.username]).output.strip()
    assert client.get("/api/v1/wards", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    result = runner.invoke(args=["users", "revoke-token", user.username])
    assert result.exit_code == 0 and "Đã thu hồi" in result.output
    assert client.get("/api/v1/wards", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_commands_on_an_unknown_user_say_so(runner, session):
    for command in ("passwd", "disable", "enable", "revoke-token"):
        result = runner.invoke(args=["users", command, "khong-co-ai"], input="x\nx\n")
        assert result.exit_code != 0 and "Không có người dùng" in result.output


def test_demo_load_is_refused_under_the_production_config(backend, app_ctx, session):
    production = create_app("production", SQLALCHEMY_DATABASE_URI=backend.url,
                             SQLALCHEMY_ENGINE_OPTIONS=backend.engine_options, SECRET_KEY="s" * 16 + "k" * 24,
                             AUDIT_KEY="a" * 40)
    with own_app(production), production.app_context():
        result = production.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code != 0 and "production" in result.output
    assert session.scalar(select(Ward.id)) is None


def test_old_password_still_needed_to_change_ones_own(client, session):
    user = create_app_user(create_ward())
    session.commit()
    login(client, user)
    r = client.post("/account/password", data={"old_password": "khong-dung-dau", "new_password": MINE,
                                               "confirm": MINE})
    assert "Mật khẩu hiện tại không đúng." in r.get_data(as_text=True)
    client.post("/logout")
    assert login(client, user, PASSWORD).status_code == 302
