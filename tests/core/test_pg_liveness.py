"""PostgreSQL connections are checked before use without a round trip, and a dead one is replaced (issue 15)."""

import time

import pytest
import sqlalchemy as sa

from app.core import db as core_db
from app.core.db import configure_postgresql
from tests.conftest import PG_URL, _psycopg


@pytest.fixture
def admin(request):
    if request.config._pg_problem:
        pytest.skip(f"PostgreSQL run skipped: {request.config._pg_problem}")
    engine = sa.create_engine(_psycopg(PG_URL), isolation_level="AUTOCOMMIT")
    yield engine
    engine.dispose()


def _engine(checked: bool) -> sa.Engine:
    engine = sa.create_engine(_psycopg(PG_URL), pool_size=1, max_overflow=0)
    if checked:
        configure_postgresql(engine)
    return engine


def _backend_pid(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()


def _end_backend(admin: sa.Engine, pid: int) -> None:
    with admin.connect() as conn:
        assert conn.exec_driver_sql(f"SELECT pg_terminate_backend({pid})").scalar_one()
    time.sleep(0.3)  # the server's goodbye reaches the pooled connection's socket


@pytest.mark.parametrize("checked", [True, False])
def test_a_pooled_connection_the_server_ended_is_replaced_before_the_next_request_uses_it(admin, checked):
    engine = _engine(checked)
    try:
        first = _backend_pid(engine)
        _end_backend(admin, first)
        if not checked:  # the control: without the check, the next request meets the dead connection
            with pytest.raises(sa.exc.OperationalError):
                _backend_pid(engine)
            return
        assert _backend_pid(engine) != first
    finally:
        engine.dispose()


def test_a_connection_in_steady_use_costs_no_ping_and_one_idle_too_long_is_pinged(admin, monkeypatch):
    engine = _engine(True)
    pings = []
    real_ping = engine.dialect.do_ping
    monkeypatch.setattr(engine.dialect, "do_ping", lambda c: pings.append(1) or real_ping(c))
    try:
        for _ in range(20):
            _backend_pid(engine)
        assert pings == []
        monkeypatch.setattr(core_db, "PING_AFTER_IDLE_SECONDS", 0.0)
        _backend_pid(engine)
        assert pings == [1]
    finally:
        engine.dispose()
