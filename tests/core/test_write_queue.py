"""SQLite writers queue for the database instead of napping in SQLite's busy handler (issue 15)."""

import os
import stat
import threading
import time

import sqlalchemy as sa

from app.core import db as core_db
from app.core.db import configure_sqlite


def _engine(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'queue.sqlite3'}")
    configure_sqlite(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, who TEXT)")
    return engine


def test_a_second_writer_waits_its_turn_and_writes_right_after_the_first_commits(tmp_path):
    engine = _engine(tmp_path)
    events = []
    first_has_written = threading.Event()

    def first():
        with engine.connect() as conn:
            conn.exec_driver_sql("INSERT INTO t (who) VALUES ('first')")
            first_has_written.set()
            time.sleep(0.3)  # a slow transaction holds the database
            events.append(("first commits", time.monotonic()))
            conn.commit()

    def second():
        first_has_written.wait()
        with engine.connect() as conn:
            conn.exec_driver_sql("INSERT INTO t (who) VALUES ('second')")
            events.append(("second wrote", time.monotonic()))
            assert conn.connection.dbapi_connection._holding  # it went through the queue
            conn.commit()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [name for name, _ in events] == ["first commits", "second wrote"]
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT who FROM t ORDER BY id").scalars().all() == ["first", "second"]
    lock_file = tmp_path / "queue.sqlite3-writelock"
    assert stat.S_IMODE(os.stat(lock_file).st_mode) == 0o600
    engine.dispose()


def test_the_queue_is_left_at_rollback_and_after_an_autocommitted_write(tmp_path):
    engine = _engine(tmp_path)
    with engine.connect() as conn:
        conn.exec_driver_sql("INSERT INTO t (who) VALUES ('x')")
        raw = conn.connection.dbapi_connection
        assert raw._holding
        conn.rollback()
        assert not raw._holding
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("INSERT INTO t (who) VALUES ('y')")
        assert not conn.connection.dbapi_connection._holding
    queue = raw.queue
    assert queue.acquire() is True  # nobody holds it any more
    queue.release()
    engine.dispose()


def test_a_thread_already_writing_on_another_connection_does_not_wait_for_itself(tmp_path, monkeypatch):
    monkeypatch.setattr(core_db, "SQLITE_BUSY_SECONDS", 1)
    engine = _engine(tmp_path)
    with engine.connect() as one:
        one.exec_driver_sql("INSERT INTO t (who) VALUES ('one')")
        queue = one.connection.dbapi_connection.queue
        began = time.monotonic()
        assert queue.acquire() is False  # the same thread: on without the queue, at once
        assert time.monotonic() - began < 0.5
        one.commit()
    engine.dispose()


def test_queued_writers_take_the_interpreter_lock_back_within_half_a_millisecond(tmp_path, monkeypatch):
    import sys

    monkeypatch.setattr(sys, "setswitchinterval", lambda value: calls.append(value))
    calls: list[float] = []
    configure_sqlite(sa.create_engine("sqlite://"))  # an in-memory database has no writers to queue: left alone
    assert calls == []
    engine = _engine(tmp_path)
    assert calls and calls[-1] <= core_db.SQLITE_SWITCH_INTERVAL
    engine.dispose()
