"""No usable default secret (F12): without SECRET_KEY every config signs with a random key kept in the
instance folder; production refuses short or published keys."""

import os
import stat
import time

import pytest
from flask import Flask
from flask.sessions import SecureCookieSessionInterface

from app import create_app
from tests.auth import own_app
from tests.conftest import FreshGlobalsClient
from tests.factories import create_app_user, create_ward

STRONG = "9f1c2b7e4d5a6c8b0e3f2a1d4c7b8e9f0a1b2c3d"


@pytest.fixture
def instance(tmp_path, monkeypatch):
    folder = tmp_path / "instance"
    monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self: str(folder))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    return folder


def _dev_app(**overrides):
    from config import DevelopmentConfig

    overrides.setdefault("SQLALCHEMY_DATABASE_URI", "sqlite://")
    return create_app(DevelopmentConfig, **overrides)


def test_without_secret_key_the_app_creates_a_private_random_key_once(instance, monkeypatch):
    from config import DevelopmentConfig

    monkeypatch.setattr(DevelopmentConfig, "SECRET_KEY", None)
    monkeypatch.setattr(DevelopmentConfig, "AUDIT_KEY", None)
    first = _dev_app()
    key = first.config["SECRET_KEY"]
    assert isinstance(key, bytes) and len(key) == 32 and key != b"dev-only-not-secret"
    assert _dev_app().config["SECRET_KEY"] == key  # kept across restarts and shared by workers
    for name in ("secret_key", "audit_key"):
        assert stat.S_IMODE(os.stat(instance / name).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(instance).st_mode) == 0o700
    assert first.config["AUDIT_KEY"] != key


def test_a_cookie_signed_with_the_old_published_key_logs_nobody_in(instance, backend, app_ctx, session,
                                                                    monkeypatch):
    from config import DevelopmentConfig

    monkeypatch.setattr(DevelopmentConfig, "SECRET_KEY", None)
    user = create_app_user(create_ward())
    session.commit()
    dev = _dev_app(SQLALCHEMY_DATABASE_URI=backend.url, SQLALCHEMY_ENGINE_OPTIONS=backend.engine_options)
    forger = Flask("forger")
    forger.secret_key = "dev-only-not-secret"
    environ = {"REMOTE_ADDR": "127.0.0.1", "HTTP_USER_AGENT": "Mozilla/5.0"}
    with dev.test_request_context("/", environ_base=environ):
        ident = dev.login_manager._session_identifier_generator()  # the attacker knows the algorithm
    payload = {"_user_id": str(user.id), "_fresh": True, "_id": ident, "_sv": 0, "_login_at": time.time()}
    cookie = SecureCookieSessionInterface().get_signing_serializer(forger).dumps(payload)
    dev.test_client_class = FreshGlobalsClient
    with own_app(dev):
        client = dev.test_client()
        client.set_cookie("session", cookie)
        assert client.get("/", environ_base=environ).status_code == 302


@pytest.mark.parametrize("name, value", [
    ("SECRET_KEY", "x"), ("SECRET_KEY", "dev-only-not-secret"), ("SECRET_KEY", "short-but-not-known"),
    ("AUDIT_KEY", "x" * 10),
])
def test_production_refuses_a_short_or_published_key(instance, name, value):
    keys = {"SECRET_KEY": STRONG, "AUDIT_KEY": STRONG, name: value}
    with pytest.raises(RuntimeError, match=name):
        create_app("production", SQLALCHEMY_DATABASE_URI="sqlite://", **keys)


def test_production_accepts_a_strong_key_or_keeps_its_own(instance, monkeypatch):
    from config import ProductionConfig

    assert create_app("production", SQLALCHEMY_DATABASE_URI="sqlite://", SECRET_KEY=STRONG,
                      AUDIT_KEY=STRONG).config["SECRET_KEY"] == STRONG
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", None)
    monkeypatch.setattr(ProductionConfig, "AUDIT_KEY", None)
    own = create_app("production", SQLALCHEMY_DATABASE_URI="sqlite://")
    assert own.config["SECRET_KEY"] == (instance / "secret_key").read_bytes()
