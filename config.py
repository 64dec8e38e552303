"""Settings: one class per environment; production fails fast without its secrets."""

from __future__ import annotations

import os
from datetime import timedelta


def _normalise_database_url(url: str | None) -> str | None:
    """Accept the usual `postgres://` and `postgresql://` spellings; we drive PostgreSQL with psycopg 3."""
    if not url:
        return None
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Config:
    SECRET_KEY: str | None = os.environ.get("SECRET_KEY")
    #: None means "an SQLite file in the instance folder", resolved by create_app.
    SQLALCHEMY_DATABASE_URI = _normalise_database_url(os.environ.get("DATABASE_URL"))
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLITE_FILENAME = "bau_cu_tdp.sqlite3"

    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    #: A session idle for longer than this is logged out.
    IDLE_TIMEOUT = timedelta(minutes=int(os.environ.get("IDLE_TIMEOUT_MINUTES", "30")))
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    #: Failed logins before each further attempt is slowed down.
    LOGIN_FREE_ATTEMPTS = 3
    LOGIN_MAX_DELAY_SECONDS = 30

    WTF_CSRF_TIME_LIMIT = None

    #: No request body above this, whatever the route; app/core/limits.py sets tighter caps per route
    #: (JSON 64 KB, forms 256 KB, results package 1 MB, attachment 10 MB, roll file 20 MB).
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024

    API_TITLE = "Bầu cử Tổ dân phố API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"


class DevelopmentConfig(Config):
    SECRET_KEY = Config.SECRET_KEY or "dev-only-not-secret"


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-not-secret"
    WTF_CSRF_ENABLED = False
    LOGIN_MAX_DELAY_SECONDS = 0


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True

    @classmethod
    def validate(cls) -> None:
        if not cls.SECRET_KEY:
            raise RuntimeError(
                "SECRET_KEY chưa được đặt: máy chủ sản xuất không khởi động khi thiếu khóa bí mật. "
                "(SECRET_KEY is not set; production refuses to start without it.)"
            )


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
