"""The declarative base with a constraint naming convention, and engine tuning per dialect."""

from __future__ import annotations

import fcntl
import os
import select
import sqlite3
import sys
import threading
import time
from datetime import UTC, datetime

from sqlalchemy import DateTime, Engine, Enum, MetaData, event, exc
from sqlalchemy.orm import DeclarativeBase, registry
from sqlalchemy.types import TypeDecorator

#: Named constraints keep Alembic migrations stable on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """A timestamp stored as UTC and always read back timezone-aware, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware one (use utcnow())")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


def utcnow() -> datetime:
    return datetime.now(UTC)


#: Seconds a writer waits for the database before SQLite's own error ("database is locked").
SQLITE_BUSY_SECONDS = 10
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLAC", "CREATE", "DROP", "ALTER")


class WriteQueue:
    """One SQLite writer at a time, the others waiting in line instead of in SQLite's busy handler.

    SQLite lets one connection write; the others, on finding the database locked, nap and retry (naps grow
    to 100 ms), so under a count's load most of a request was spent asleep and the unlucky waited half a
    second (issue 15). Here a writer takes, before its first write statement, a lock of its process (the
    threads wait on it and are woken as soon as it is free) and then a lock file shared with the other
    processes (`flock`; retried every millisecond), and gives both back after COMMIT or ROLLBACK. A thread
    that already writes on another connection, or that waited SQLITE_BUSY_SECONDS, goes on without the
    queue, so SQLite's own timeout still applies and nothing can wait for ever."""

    def __init__(self, path: str):
        self.path = path + "-writelock"
        self._pid = -1

    def _for_this_process(self) -> None:
        if self._pid != os.getpid():  # after a fork: a lock and a file description of our own
            self._lock, self._owner, self._pid = threading.Lock(), None, os.getpid()
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)

    def acquire(self) -> bool:
        """Wait for our turn; False when going on without the queue (see the class docstring)."""
        self._for_this_process()
        if self._owner == threading.get_ident():
            return False
        deadline = time.monotonic() + SQLITE_BUSY_SECONDS
        if not self._lock.acquire(timeout=SQLITE_BUSY_SECONDS):
            return False
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    self._lock.release()
                    return False
                time.sleep(0.001)
        self._owner = threading.get_ident()
        return True

    def release(self) -> None:
        self._owner = None
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        self._lock.release()


class _QueuedCursor(sqlite3.Cursor):
    def execute(self, sql, parameters=(), /):
        self.connection._before(sql)
        try:
            return super().execute(sql, parameters)
        finally:
            self.connection._after()

    def executemany(self, sql, seq_of_parameters, /):
        self.connection._before(sql)
        try:
            return super().executemany(sql, seq_of_parameters)
        finally:
            self.connection._after()


class QueuedConnection(sqlite3.Connection):
    """A sqlite3 connection that queues for the WriteQueue before it writes and leaves it at the end of the
    transaction (after the real COMMIT or ROLLBACK, so the next writer never finds the database locked)."""

    queue: WriteQueue
    _holding = False

    def cursor(self, factory=_QueuedCursor):
        return super().cursor(factory)

    def execute(self, sql, parameters=(), /):
        return self.cursor().execute(sql, parameters)

    def _before(self, sql: str) -> None:
        if not self._holding and sql.lstrip()[:6].upper() in _WRITES:
            self._holding = self.queue.acquire()

    def _after(self) -> None:
        if self._holding and not self.in_transaction:  # autocommit: the write is already committed
            self._leave()

    def _leave(self) -> None:
        self._holding = False
        self.queue.release()

    def commit(self):
        try:
            super().commit()
        finally:
            if self._holding:
                self._leave()

    def rollback(self):
        try:
            super().rollback()
        finally:
            if self._holding:
                self._leave()

    def close(self):
        try:
            super().close()
        finally:
            if self._holding:
                self._leave()


#: Seconds a thread may keep the interpreter lock while another waits for it, when SQLite writers queue (the
#: default is 0.005). The writer holding SQLite's one write lock gives the interpreter lock up during each
#: SQLite call and must take it back after; at 5 ms a turn it waited behind its process's other threads
#: after every statement, and every writer of the ward waited with it (the convoy of issue 15).
SQLITE_SWITCH_INTERVAL = 0.0005


def configure_sqlite(engine: Engine, *, queue: bool = True) -> None:
    """WAL for concurrent readers while a clerk writes; foreign keys on; writers queue (WriteQueue) for a
    database file, and wait instead of failing when busy."""
    if engine.dialect.name != "sqlite":
        return
    path = engine.url.database
    if queue and path not in (None, "", ":memory:") and not path.startswith("file:"):
        sys.setswitchinterval(min(sys.getswitchinterval(), SQLITE_SWITCH_INTERVAL))
        connection_class = type("QueuedConnection", (QueuedConnection,), {"queue": WriteQueue(path)})

        @event.listens_for(engine, "do_connect")
        def _queued(dialect, conn_rec, cargs, cparams):  # pragma: no cover - exercised on every SQLite connect
            cparams["factory"] = connection_class

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - exercised on every SQLite connect
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


#: A pooled PostgreSQL connection idle longer than this is pinged before use even when it looks alive (a
#: firewall may drop an idle connection without a word).
PING_AFTER_IDLE_SECONDS = 30.0


def _looks_alive(dbapi_connection) -> bool:
    """No round trip: an idle connection's socket has nothing to read. A server that restarts, or that ends
    the backend, sends an error and closes the socket, which makes it readable; so does anything else
    unread, which then also earns a real ping. False where this cannot be told (no poll())."""
    if getattr(dbapi_connection, "closed", True) or not hasattr(select, "poll"):
        return False
    try:
        poller = select.poll()
        poller.register(dbapi_connection.fileno(), select.POLLIN | select.POLLPRI)
        return not poller.poll(0)
    except (OSError, ValueError):
        return False


def configure_postgresql(engine: Engine) -> None:
    """Check a pooled connection before each use without a round trip (pool_pre_ping costs one per request):
    ping only one whose socket has something to read (the server restarted or ended it) or that sat idle
    over PING_AFTER_IDLE_SECONDS; a dead one is replaced, so the first request after a database restart
    does not fail (issue 15)."""
    if engine.dialect.name != "postgresql":
        return

    @event.listens_for(engine, "checkin")
    def _idle_from(_dbapi_connection, record):  # pragma: no cover - exercised on every PostgreSQL request
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _check_alive(dbapi_connection, record, _proxy):  # pragma: no cover - exercised on every PostgreSQL request
        idle_since = record.info.get("idle_since")
        if idle_since is None:  # made just now
            return
        if time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS and _looks_alive(dbapi_connection):
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise exc.DisconnectionError("connection found dead before use") from error


def str_enum(enum_cls, name: str) -> Enum:
    """Store a Python enum by its value as VARCHAR with a named CHECK, identical on SQLite and PostgreSQL."""
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum_cls),
        values_callable=lambda cls: [m.value for m in cls],
        validate_strings=True,
    )
