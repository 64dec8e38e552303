"""Fixtures: the app on each database backend (SQLite always; PostgreSQL when TEST_POSTGRES_URL is set,
mandatory when REQUIRE_POSTGRES=1), a client, builders, and a clean database per test.

Tests that touch the database take the `app` fixture (directly or through `client`/`session`), so each
runs once per backend. Between tests every table is emptied rather than rolled back: views commit for
real, and the concurrency tests need several real connections.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask, g, has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade

from app import create_app
from app.extensions import db

BACKENDS = ["sqlite", "postgresql"]
PG_URL = os.environ.get("TEST_POSTGRES_URL", "")
REQUIRE_PG = os.environ.get("REQUIRE_POSTGRES") == "1"


def _pg_reachable() -> str | None:
    """None when PostgreSQL answers, else why not."""
    if not PG_URL:
        return "TEST_POSTGRES_URL is not set"
    try:
        engine = sa.create_engine(_psycopg(PG_URL))
        with engine.connect():
            pass
        engine.dispose()
    except sa.exc.OperationalError as error:
        return f"PostgreSQL at {PG_URL} is unreachable: {error.orig}"
    return None


def _psycopg(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def pytest_configure(config):
    config._pg_problem = _pg_reachable()
    if REQUIRE_PG and config._pg_problem:
        raise pytest.UsageError(f"REQUIRE_POSTGRES=1 but {config._pg_problem}")


def pytest_report_header(config):
    problem = config._pg_problem
    return "PostgreSQL: " + ("used (" + PG_URL + ")" if problem is None else "SKIPPED — " + problem)


#: Apps made by a test beside the session's app; their engines are disposed after that test.
_extra_apps: list[Flask] = []


@pytest.fixture(autouse=True)
def _close_extra_apps():
    yield
    while _extra_apps:
        application = _extra_apps.pop()
        with application.app_context():
            db.session.remove()
            for engine in db.engines.values():
                engine.dispose()


class Backend:
    """A fresh, private database on one backend: an SQLite file or a PostgreSQL schema."""

    def __init__(self, kind: str, workdir: Path, label: str):
        self.kind = kind
        if kind == "sqlite":
            self.url = f"sqlite:///{workdir / (label + '.sqlite3')}"
            self.engine_options: dict = {}
        else:
            self.schema = f"t_{label}_{uuid.uuid4().hex[:8]}"
            self.url = _psycopg(PG_URL)
            admin = sa.create_engine(self.url)
            with admin.begin() as conn:
                conn.execute(sa.text(f'CREATE SCHEMA "{self.schema}"'))
            admin.dispose()
            self.engine_options = {"connect_args": {"options": f"-csearch_path={self.schema}"},
                                   "pool_pre_ping": True}

    def make_app(self, *, track: bool = True, **overrides) -> Flask:
        """An app on this database. Unless `track` is off, its connections are closed after the test that made
        it (PostgreSQL warns about a connection left open at garbage collection, in whatever test runs then)."""
        application = create_app("testing", SQLALCHEMY_DATABASE_URI=self.url,
                                 SQLALCHEMY_ENGINE_OPTIONS=self.engine_options, **overrides)
        if track:
            _extra_apps.append(application)
        return application

    def drop(self) -> None:
        if self.kind == "postgresql":
            admin = sa.create_engine(self.url)
            with admin.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE'))
            admin.dispose()


def _backend(request, tmp_path_factory, label: str) -> Iterator[Backend]:
    kind = request.param
    if kind == "postgresql" and request.config._pg_problem:
        pytest.skip(f"PostgreSQL run skipped: {request.config._pg_problem}")
    backend = Backend(kind, tmp_path_factory.mktemp(label), label)
    yield backend
    backend.drop()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request, tmp_path_factory) -> Iterator[Backend]:
    yield from _backend(request, tmp_path_factory, "main")


@pytest.fixture(scope="session")
def app(backend: Backend) -> Iterator[Flask]:
    """The app on a migrated database of the current backend (session-wide; emptied after each test)."""
    application = backend.make_app(track=False)
    with application.app_context():
        upgrade()
        db.session.remove()
    yield application
    with application.app_context():
        db.engine.dispose()


def _empty_database(application: Flask) -> None:
    with application.app_context():
        db.session.remove()
        tables = [t.name for t in db.metadata.sorted_tables if t.name != "alembic_version"]
        with db.engine.connect() as conn:
            sqlite = conn.dialect.name == "sqlite"
            if sqlite:  # FK checks make DELETE slow; the pragma only works outside a transaction
                conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
                conn.commit()
            if sqlite:
                for table in tables:
                    conn.execute(sa.text(f'DELETE FROM "{table}"'))
            else:
                conn.execute(sa.text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
            conn.execute(sa.text("INSERT INTO audit_head (id, seq, last_hash) VALUES (1, 0, :h)"), {"h": "0" * 64})
            conn.commit()
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()

@pytest.fixture
def app_ctx(app: Flask) -> Iterator[Flask]:
    """An application context on an empty database; emptied again afterwards."""
    with app.app_context():
        yield app
        db.session.remove()
    _empty_database(app)


@pytest.fixture
def session(app_ctx):
    """The scoped SQLAlchemy session inside an app context."""
    return db.session


class FreshGlobalsClient(FlaskClient):
    """A test client whose requests start with an empty `g`, as real requests do.

    The test's app context stays pushed (so tests and views share one session), which would otherwise
    carry `g` — the logged-in user, the locale — from one request into the next.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            g.__dict__.clear()
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app_ctx):
    app_ctx.test_client_class = FreshGlobalsClient
    return app_ctx.test_client()


@pytest.fixture
def runner(app_ctx):
    return app_ctx.test_cli_runner()
