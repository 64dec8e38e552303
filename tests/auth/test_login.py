"""Login, logout, back-off after failures, idle timeout, CSRF and security headers."""

from datetime import timedelta

from sqlalchemy import select

from app.auth.models import Duty, User
from app.auth.services import AuthError, LoginPolicy, authenticate, login_delay
from app.core.db import utcnow
from tests.factories import PASSWORD, create_app_user, create_ward, login


def test_passwords_are_stored_as_argon2id_hashes(session):
    user = create_app_user(create_ward())
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_a_correct_password_logs_in_and_shows_the_ward(client, session):
    ward = create_ward()
    user = create_app_user(ward)
    session.commit()
    response = login(client, user)
    assert response.status_code == 302
    page = client.get("/")
    assert page.status_code == 200
    assert ward.name in page.get_data(as_text=True)


def test_a_wrong_password_gets_one_message_whether_or_not_the_user_exists(client, session):
    user = create_app_user(create_ward())
    session.commit()
    wrong = client.post("/login", data={"username": user.username, "password": "nope-nope"}).get_data(as_text=True)
    unknown = client.post("/login", data={"username": "ghost", "password": "nope-nope"}).get_data(as_text=True)
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in wrong
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in unknown


def test_repeated_failures_make_the_next_attempt_wait(session):
    user = create_app_user(create_ward())
    policy = LoginPolicy(free_attempts=3, max_delay=30)
    now = utcnow()
    for _ in range(3):
        try:
            authenticate(user.username, "wrong-password", policy, now=now)
        except AuthError:
            pass
    try:
        authenticate(user.username, PASSWORD, policy, now=now + timedelta(seconds=1))
    except AuthError as error:
        assert error.retry_after and error.retry_after > 0
        assert "đợi" in error.message
    else:
        raise AssertionError("the correct password was accepted during the back-off")
    assert authenticate(user.username, PASSWORD, policy, now=now + timedelta(seconds=60)) is user
    assert authenticate(user.username, PASSWORD, policy, now=now + timedelta(seconds=61)) is user  # pair cleared


def test_back_off_doubles_and_is_capped():
    assert [login_delay(n, 3, 30) for n in range(8)] == [0, 0, 0, 2, 4, 8, 16, 30]


def test_an_idle_session_is_logged_out(app, client, session):
    user = create_app_user(create_ward())
    session.commit()
    login(client, user)
    assert client.get("/").status_code == 200
    with client.session_transaction() as s:
        s["last_seen"] -= app.config["IDLE_TIMEOUT"].total_seconds() + 5
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_logout_requires_post_and_ends_the_session(client, session):
    user = create_app_user(create_ward())
    session.commit()
    login(client, user)
    assert client.get("/logout").status_code == 405
    client.post("/logout")
    assert client.get("/").status_code == 302


def test_login_redirect_never_leaves_the_site(client, session):
    user = create_app_user(create_ward())
    session.commit()
    response = client.post("/login?next=//evil.example/x", data={"username": user.username, "password": PASSWORD})
    assert response.headers["Location"] in ("/", "/dashboard/", "/start")  # never the other site


def test_every_page_sends_a_csp_without_inline_script(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "<script>" not in response.get_data(as_text=True)


def test_forms_refuse_a_post_without_csrf_token(backend, session):
    application = backend.make_app(WTF_CSRF_ENABLED=True)
    user = create_app_user(create_ward())
    session.commit()
    with application.test_client() as c:
        response = c.post("/login", data={"username": user.username, "password": PASSWORD})
        assert response.status_code == 400
        page = c.get("/login").get_data(as_text=True)
        assert 'name="csrf_token"' in page


def test_session_cookie_is_secure_in_production(monkeypatch):
    from config import ProductionConfig

    assert ProductionConfig.SESSION_COOKIE_SECURE and ProductionConfig.SESSION_COOKIE_HTTPONLY


def test_cli_creates_a_scoped_user_with_password_from_env(runner, session, monkeypatch):
    ward = create_ward()
    from tests.factories import create_tdp
    create_tdp(ward, 5)
    session.commit()
    monkeypatch.setenv("NEW_PW", "mat-khau-dai-du")
    result = runner.invoke(args=["users", "create", "Kiemphieu5", "--duty", "counting_member", "--duty",
                                 "election_team", "--tdp", "5", "--password-env", "NEW_PW"])
    assert result.exit_code == 0, result.output
    user = session.scalar(select(User).where(User.username == "kiemphieu5"))
    assert user.duties == {Duty.COUNTING_MEMBER, Duty.ELECTION_TEAM} and [t.number for t in user.tdps] == [5]


def test_cli_refuses_a_tdp_role_without_tdp_and_says_why(runner, session, monkeypatch):
    create_ward()
    session.commit()
    monkeypatch.setenv("NEW_PW", "mat-khau-dai-du")
    result = runner.invoke(args=["users", "create", "x", "--duty", "party_cell", "--password-env", "NEW_PW"])
    assert result.exit_code != 0
    assert "ít nhất một tổ dân phố" in result.output


def test_cli_token_authenticates_api_calls(runner, client, session):
    user = create_app_user(create_ward())
    session.commit()
    result = runner.invoke(args=["users", "token", user.username])
    token = result.output.strip()
    assert token.startswith("bctdp_")
    assert client.get("/api/v1/wards").status_code == 401
    ok = client.get("/api/v1/wards", headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200
    bad = client.get("/api/v1/wards", headers={"Authorization": "Bearer bctdp_forged"})
    assert bad.status_code == 401
