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


#: Keys published in this repository or its documentation: production refuses them.
KNOWN_WEAK_SECRETS = frozenset({"dev-only-not-secret", "testing-not-secret", "change-me", "changeme", "secret",
                                "secret-key", "your-secret-key", "restart-test"})
#: Production refuses a SECRET_KEY or AUDIT_KEY shorter than this many bytes.
MIN_SECRET_BYTES = 32


class Config:
    #: None means "the random key kept in instance/secret_key" (created once, mode 0600), resolved by create_app.
    SECRET_KEY: str | None = os.environ.get("SECRET_KEY") or None
    #: HMAC key of the audit chain, kept outside the database. None means "instance/audit_key" (created once).
    AUDIT_KEY: str | None = os.environ.get("AUDIT_KEY") or None
    #: None means "an SQLite file in the instance folder", resolved by create_app.
    SQLALCHEMY_DATABASE_URI = _normalise_database_url(os.environ.get("DATABASE_URL"))
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLITE_FILENAME = "bau_cu_tdp.sqlite3"
    #: SQLite writers wait in line (app.core.db.WriteQueue) rather than nap in SQLite's busy handler; "0" turns
    #: it off (only to measure what it gives: bench/count_load.py --queue-ab).
    SQLITE_WRITE_QUEUE = os.environ.get("SQLITE_WRITE_QUEUE", "1") != "0"

    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    #: A session idle for longer than this is logged out.
    IDLE_TIMEOUT = timedelta(minutes=int(os.environ.get("IDLE_TIMEOUT_MINUTES", "30")))
    #: Absolute lifetime of a login, however active the session: after it the user signs in again.
    PERMANENT_SESSION_LIFETIME = timedelta(hours=int(os.environ.get("SESSION_LIFETIME_HOURS", "12")))
    #: Number of reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host are trusted
    #: (werkzeug ProxyFix). 0: the headers are ignored and the client address is the socket's.
    PROXY_FIX_X_FOR = int(os.environ.get("PROXY_FIX_X_FOR", "0"))
    #: Failed logins of one (username, address) pair before each further attempt from that pair waits.
    LOGIN_FREE_ATTEMPTS = 3
    LOGIN_MAX_DELAY_SECONDS = 30
    #: Failed logins counted per window; past the limits further attempts wait for the window to end.
    LOGIN_WINDOW = timedelta(minutes=15)
    #: Failures allowed from one client address per window (all usernames together).
    LOGIN_ADDRESS_LIMIT = int(os.environ.get("LOGIN_ADDRESS_LIMIT", "30"))
    #: Failures allowed from all addresses per window; past it only addresses that have not failed may try.
    LOGIN_GLOBAL_LIMIT = int(os.environ.get("LOGIN_GLOBAL_LIMIT", "300"))

    WTF_CSRF_TIME_LIMIT = None
    #: Hours a whole-ward print ZIP (ballots in a random order kept nowhere else) stays on disk.
    PRINT_JOB_KEEP_HOURS = float(os.environ.get("PRINT_JOB_KEEP_HOURS", "24"))
    #: Where print-job ZIPs go: a directory every app server can serve (shared storage when there are several);
    #: None means instance/print_jobs.
    JOBS_DIR = os.environ.get("JOBS_DIR") or None
    #: Print jobs running at once (each takes every core for its PDFs); more wait in the queue.
    JOBS_MAX_RUNNING = int(os.environ.get("JOBS_MAX_RUNNING", "2"))
    #: A worker that has not renewed its lease for this long is taken for dead; its job is taken again.
    JOBS_LEASE_SECONDS = float(os.environ.get("JOBS_LEASE_SECONDS", "60"))
    #: Run queued print jobs in a thread of the app server (one machine). Off (0) when `flask jobs worker`
    #: processes take the jobs (several app servers on PostgreSQL).
    JOBS_INPROCESS = os.environ.get("JOBS_INPROCESS", "1") not in ("0", "false", "no")

    #: Which copy of the app this is (results packages): "ward" — the ward's server, which issues each TDP's
    #: results key and imports packages; "laptop" — a TDP's offline laptop, whose election team pairs with
    #: the ward's code and exports signed packages. A fresh install (`make run`) is a ward copy; a TDP
    #: laptop is set up with COPY_ROLE=laptop. Anything else refuses to start.
    COPY_ROLE = os.environ.get("COPY_ROLE", "ward")

    #: No request body above this, whatever the route; app/core/limits.py sets tighter caps per route
    #: (JSON 64 KB, forms 256 KB, results package 1 MB, attachment 10 MB, roll file 20 MB).
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024

    API_TITLE = "Bầu cử Tổ dân phố API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"


class DevelopmentConfig(Config):
    pass


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-not-secret"
    AUDIT_KEY = "testing-audit-key-not-secret"
    WTF_CSRF_ENABLED = False
    LOGIN_MAX_DELAY_SECONDS = 0
    LOGIN_ADDRESS_LIMIT = 0  # 0: off, so suites that log in many times are not throttled
    LOGIN_GLOBAL_LIMIT = 0


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True

    #: Keys given in the environment or as overrides must be strong (checked by create_app).
    STRICT_SECRETS = True


def check_secret(name: str, value: str | bytes | None) -> None:
    """Refuse a key that is set but short or published. None passes: the instance keeps a random key."""
    if value is None:
        return
    raw = value.encode("utf-8") if isinstance(value, str) else value
    if len(raw) < MIN_SECRET_BYTES or (isinstance(value, str) and value.strip().lower() in KNOWN_WEAK_SECRETS):
        raise RuntimeError(
            f"{name} quá ngắn hoặc là khóa mẫu đã công bố: máy chủ sản xuất cần ít nhất {MIN_SECRET_BYTES} byte "
            f"ngẫu nhiên, ví dụ python3 -c 'import secrets; print(secrets.token_hex(32))'. "
            f"({name} is shorter than {MIN_SECRET_BYTES} bytes or a published default; production refuses it.)"
        )


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
