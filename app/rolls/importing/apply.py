"""Write a previewed import: Core bulk statements for the rows, then the audit events. Flushes, never commits.

On PostgreSQL the new households of an import that is previewed and applied in one pass
(services.apply_import) are written by a `NewHouseholdWriter` while the rest of the file is still being
validated: the database inserts and checks one chunk while this process reads the next.
"""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, func, insert, select, text, update
from sqlalchemy.exc import DBAPIError

from app.audit.services import record
from app.extensions import db
from app.rolls.models import Household, HouseholdStatus, Person, RepresentativeChange
from app.rules import fold

from .diff import Current, Values, merge
from .headers import Field

if TYPE_CHECKING:
    from .services import ImportPreview
    from .validate import RollRow

#: The reason written on each representative change an import makes.
REASON = "Nhập lại danh sách"

persons, households, rep_changes = Person.__table__, Household.__table__, RepresentativeChange.__table__
#: pg_advisory_xact_lock class of roll imports ("roll" on a phone keypad); the object is the ward's id.
IMPORT_LOCK = 7655


def one_import_at_a_time(ward_id: int) -> None:
    """On PostgreSQL, wait until no other import of the ward's roll is in progress, and hold that until this
    transaction ends. Two imports of one ward would otherwise take the same TDPs' counter rows and household
    codes in different orders (a deadlock, one of them refused). A one-pass import takes it before reading
    the roll, so it compares the file with what the other import committed. Nothing on SQLite, where one
    transaction writes at a time anyway."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:kind, :ward)"), {"kind": IMPORT_LOCK, "ward": ward_id})


def write(preview: ImportPreview, actor, *, written: NewHouseholdWriter | None = None) -> None:
    """One `roll.import` audit event and one per changed, revived or removed household (no citizen IDs in
    any of them); then removals, changes and revivals as executemany UPDATEs, a RepresentativeChange per
    new representative, and new people and households as executemany INSERTs. Flushes; the caller commits
    or rolls back the whole.

    `written`: the finished writer that already wrote the preview's new households (not revived ones);
    they are not written again."""
    diff, tdp_ids = preview.diff, preview.tdp_ids
    added = [a for a in diff.additions if a.revived is None]
    if written is not None and written.count != len(added):  # the same rows, the same roll: a bug otherwise
        raise RuntimeError(f"the writer wrote {written.count} new households, the diff has {len(added)}")
    with_ids = Field.CITIZEN_ID in preview.parsed.fields
    actor_id = getattr(actor, "id", None)
    session = db.session
    session.flush()  # pending ORM changes go first: expire_all() below would otherwise discard them
    if written is None:
        one_import_at_a_time(preview.target.ward_id)
    # The audit chain is appended first: on SQLite that write takes the database's write lock, which
    # _new_person_ids relies on.
    _audit(preview, actor)
    if diff.removals:
        session.execute(update(households).where(households.c.id == bindparam("b_id"))
                        .values(status=HouseholdStatus.REMOVED),
                        [{"b_id": c.id} for c in diff.removals])

    # Existing households: changes and revivals. A new representative is a new person row.
    existing: list[tuple[Current, Values, bool]] = (
        [(c.current, c.values, c.new_person) for c in diff.changes]
        + [(a.revived, a.values, a.new_person) for a in diff.additions if a.revived is not None])
    fresh = [(c, v) for c, v, new in existing if new]
    new_ids = _insert_people([(tdp_ids[c.tdp], v) for c, v in fresh], with_ids)
    representative = {c.id: pid for (c, _), pid in zip(fresh, new_ids, strict=True)}
    same = [(c, v) for c, v, new in existing if not new]
    if same:
        columns = _person_columns(with_ids)
        session.execute(update(persons).where(persons.c.id == bindparam("b_id")).values(
            {k: bindparam("b_" + k) for k in columns}),
            [{"b_id": c.person_id, **{"b_" + k: val for k, val in _person_row(v, with_ids).items()}}
             for c, v in same])
    if existing:
        session.execute(update(households).where(households.c.id == bindparam("b_id")).values(
            address=bindparam("b_address"), sub_group=bindparam("b_sub_group"),
            representative_id=bindparam("b_rep"), status=HouseholdStatus.ACTIVE, merged_into_id=None),
            [{"b_id": c.id, "b_address": v.address, "b_sub_group": v.sub_group,
              "b_rep": representative.get(c.id, c.person_id)} for c, v, _ in existing])
    if fresh:
        session.execute(insert(rep_changes), [
            {"household_id": c.id, "previous_person_id": c.person_id, "new_person_id": representative[c.id],
             "reason": REASON, "changed_by_id": actor_id} for c, _ in fresh])

    if written is not None:
        session.expire_all()
        return
    ids = _insert_people([(tdp_ids[a.row.tdp], a.values) for a in added], with_ids)
    if added and _postgresql():
        _copy_households(_driver_connection(), [(tdp_ids[a.row.tdp], a.row.code, a.values) for a in added], ids)
    elif added:
        session.execute(insert(households), [
            {"tdp_id": tdp_ids[a.row.tdp], "code": a.row.code, "address": a.values.address,
             "sub_group": a.values.sub_group, "representative_id": pid}
            for a, pid in zip(added, ids, strict=True)])
    session.expire_all()  # ORM objects loaded earlier must not shadow the rows just written


def _person_columns(with_ids: bool) -> tuple[str, ...]:
    base = ("full_name", "search_name", "birth_date", "birth_year", "gender")
    return base + ("citizen_id",) if with_ids else base


@lru_cache(maxsize=16384)
def _fold_word(word: str) -> str:
    return fold(word)


def search_name(name: str) -> str:
    """fold(name), a word at a time: names share few distinct words, so the cache answers most of them."""
    return " ".join([_fold_word(w) for w in name.split(" ")])


def _person_row(v: Values, with_ids: bool) -> dict[str, Any]:
    row = {"full_name": v.name, "search_name": search_name(v.name), "birth_date": v.birth_date,
           "birth_year": v.birth_year, "gender": v.gender}
    if with_ids:
        row["citizen_id"] = v.citizen_id
    return row


def _insert_people(people: list[tuple[int, Values]], with_ids: bool) -> list[int]:
    """Insert people with one Core executemany and return their ids, in order.

    Not ORM bulk: the ORM would split the batch by which columns are None. Not INSERT ... RETURNING in
    parameter order either: SQLite cannot batch it (no implicit sentinel: one INSERT per row) and
    psycopg re-parses each 1,000-row statement (measured in bench/roll_import.py). The ids are drawn
    first instead (see _new_person_ids).
    """
    if not people:
        return []
    ids = _new_person_ids(len(people))
    if _postgresql():
        _copy_people(_driver_connection(), people, ids, with_ids)
        return ids
    db.session.execute(insert(persons), [{"id": person_id, "tdp_id": tdp_id, **_person_row(v, with_ids)}
                                         for (tdp_id, v), person_id in zip(people, ids, strict=True)])
    return ids


def _copy_people(raw, people: list[tuple[int, Values]], ids: list[int], with_ids: bool) -> None:
    """COPY new persons: (TDP id, values) each, with the ids drawn for them."""
    columns = ("id", "tdp_id", *_person_columns(with_ids))
    if with_ids:
        rows = ((pid, tdp_id, v.name, search_name(v.name), v.birth_date, v.birth_year, v.gender, v.citizen_id)
                for (tdp_id, v), pid in zip(people, ids, strict=True))
    else:
        rows = ((pid, tdp_id, v.name, search_name(v.name), v.birth_date, v.birth_year, v.gender)
                for (tdp_id, v), pid in zip(people, ids, strict=True))
    _copy_rows(raw, persons, columns, rows)


def _copy_households(raw, new: list[tuple[int, str, Values]], representatives: list[int]) -> None:
    """COPY new active households: (TDP id, code, values) each, with their representatives' person ids."""
    _copy_rows(raw, households, ("tdp_id", "code", "address", "sub_group", "representative_id", "status"),
               ((tdp_id, code, v.address, v.sub_group, pid, HouseholdStatus.ACTIVE.value)
                for (tdp_id, code, v), pid in zip(new, representatives, strict=True)))


def _postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


#: The PostgreSQL type of each column the import copies that is not text (varchar, or an enum kept as one).
_COPY_TYPES = {"id": "int4", "tdp_id": "int4", "representative_id": "int4", "birth_year": "int4", "birth_date": "date"}


def _driver_connection():
    """The session's psycopg connection, in the session's transaction."""
    return db.session.connection().connection.driver_connection


def _copy_rows(raw, table, columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
    """PostgreSQL COPY … FROM STDIN in binary, in the session's own transaction, each row sent as it is made:
    no list of a million parameter dicts (measured in bench/roll_import.py: COPY ×1.7–1.9 the rate of
    executemany, PERF-NOTES ×4.7 for the rows alone). Binary, because psycopg then formats no text: this
    process's CPU for 100,000 rows fell from 0.16 to 0.04 s (the server's share did not move measurably; most
    of it is the per-row foreign-key checks). The rows are written as they are; the database checks them."""
    statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)"
    with _as_sqlalchemy(statement), raw.cursor() as cursor, cursor.copy(statement) as copy:
        copy.set_types([_COPY_TYPES.get(column, "text") for column in columns])
        for row in rows:
            copy.write_row(row)


@contextmanager
def _as_sqlalchemy(statement: str):
    """A psycopg error on the raw connection raised as SQLAlchemy would raise it (IntegrityError for a
    duplicate code, OperationalError for a lost connection), so callers catch SQLAlchemyError as for any
    statement."""
    import psycopg

    try:
        yield
    except psycopg.Error as error:
        raise DBAPIError.instance(statement, None, error, psycopg.Error) from error


def _new_person_ids(count: int) -> list[int]:
    """`count` unused ids for persons. PostgreSQL draws them from the column's sequence, safe under
    concurrency. SQLite gives new rows the ids after the largest, and only one transaction can write at a
    time; this one already wrote (the audit append comes first in write()), so those ids are its own."""
    if db.session.get_bind().dialect.name == "sqlite":
        first = db.session.scalar(select(func.coalesce(func.max(persons.c.id), 0))) + 1
        return list(range(first, first + count))
    raw = _driver_connection()
    return _draw_ids(raw, _person_sequence(raw), count)


def _person_sequence(raw) -> str:
    """The name of the sequence behind persons.id. Looked up once: pg_get_serial_sequence() inside the SELECT
    list of _draw_ids ran once per row (measured: 0.30 s of the server's CPU for 100,000 ids, against 0.05 s
    for nextval alone)."""
    statement = "SELECT pg_get_serial_sequence(%s, %s)"
    with _as_sqlalchemy(statement), raw.cursor() as cursor:
        cursor.execute(statement, (persons.name, persons.c.id.name))
        return cursor.fetchone()[0]


def _draw_ids(raw, sequence: str, count: int) -> list[int]:
    statement = "SELECT nextval(%s::regclass) FROM generate_series(1, %s)"
    with _as_sqlalchemy(statement), raw.cursor() as cursor:  # psycopg's rows, without a Result around each
        cursor.execute(statement, (sequence, count))
        return [person_id for (person_id,) in cursor.fetchall()]


class _SwitchInterval:
    """sys.setswitchinterval() for as long as any writer runs, restored when the last one stops (several
    imports may run at once in one process under a threaded server)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._users = 0
        self._saved: float | None = None

    def enter(self, interval: float | None) -> None:
        with self._lock:
            self._users += 1
            if self._users == 1 and interval is not None:
                self._saved = sys.getswitchinterval()
                sys.setswitchinterval(interval)

    def leave(self) -> None:
        with self._lock:
            self._users -= 1
            if self._users == 0 and self._saved is not None:
                sys.setswitchinterval(self._saved)
                self._saved = None


_switch_interval = _SwitchInterval()


class NewHouseholdWriter:
    """Writes new households (a person and a household per row, by COPY) on a thread of its own while the
    caller goes on validating the file: PostgreSQL only, in the session's transaction.

    The caller hands over each validated row that is not in the roll yet (`add`) and, once the whole
    preview is known, either `finish`es (the rest is written; a database error is raised here) or
    `abandon`s (nothing more is written) and then rolls the session back. Between creating the writer and
    either call, the caller must not use the session: the thread owns its connection.

    Measured with bench/roll_import.py --compare-two-pass (100,000 new households, PostgreSQL): 3.57–3.73 s as
    a preview followed by its write, 3.19–3.25 s in one pass; the database's work (two thirds of it the
    foreign-key checks of each row, bench/roll_write_costs.py) now starts once the first chunk is validated.
    """

    #: Rows a chunk: each chunk is one nextval() query and two COPY statements.
    CHUNK_ROWS = 4096
    #: The interpreter's thread switch interval while a writer runs (None: leave it). psycopg releases the GIL
    #: for each call into libpq (every 32 KB of COPY data, every wait for the server); taking it back from
    #: the validating thread costs up to the switch interval, 5 ms by default: chunks took twice as long
    #: beside validation as alone.
    SWITCH_INTERVAL: float | None = 0.0001

    def __init__(self, tdp_ids: Mapping[int, int], fields: frozenset[Field]):
        db.session.flush()
        self._raw = _driver_connection()
        self._sequence = _person_sequence(self._raw)
        self._tdp_ids, self._fields = tdp_ids, fields
        self._with_ids = Field.CITIZEN_ID in fields
        self._chunk_rows = self.CHUNK_ROWS
        self._pending: list[RollRow] = []
        self._queue: queue.SimpleQueue[list[RollRow] | None] = queue.SimpleQueue()
        self._stop = self._closed = False
        self._error: BaseException | None = None
        self.count = 0  #: rows handed over
        self.chunks_written = 0
        self._thread = threading.Thread(target=self._run, name="roll-import-writer", daemon=True)
        _switch_interval.enter(self.SWITCH_INTERVAL)
        try:
            self._thread.start()
        except BaseException:
            _switch_interval.leave()
            raise

    def add(self, row: RollRow) -> None:
        self._pending.append(row)
        self.count += 1
        if len(self._pending) >= self._chunk_rows:
            self._queue.put(self._pending)
            self._pending = []

    def finish(self) -> None:
        """Write what is left and wait for the thread; raise the database's error if a write failed."""
        if self._pending:
            self._queue.put(self._pending)
            self._pending = []
        self._close()
        if self._error is not None:
            raise self._error

    def abandon(self) -> None:
        """Stop: write nothing more, wait for the chunk being written, ignore its outcome."""
        self._stop = True
        self._pending = []
        self._close()

    def _close(self) -> None:
        """Wait until the thread has stopped, even through Ctrl-C (raised once it has): the caller rolls back
        next, and the thread must not write on after that, outside any transaction the session knows."""
        if self._closed:
            return
        self._queue.put(None)
        interrupted: BaseException | None = None
        while True:
            try:
                self._thread.join()
                break
            except BaseException as error:  # noqa: BLE001 - re-raised below, once the thread is done
                self._stop = True
                interrupted = interrupted or error
        self._closed = True
        _switch_interval.leave()
        if interrupted is not None:
            raise interrupted

    def _run(self) -> None:
        while (chunk := self._queue.get()) is not None:
            if self._stop or self._error is not None:
                continue  # drain: the caller is told at finish()
            try:
                self._write(chunk)
                self.chunks_written += 1
            except BaseException as error:  # raised in the caller's thread by finish()
                self._error = error

    def _write(self, chunk: list[RollRow]) -> None:
        ids = _draw_ids(self._raw, self._sequence, len(chunk))
        tdp_ids, fields = self._tdp_ids, self._fields
        values = [merge(row, None, fields)[0] for row in chunk]
        _copy_people(self._raw, [(tdp_ids[r.tdp], v) for r, v in zip(chunk, values, strict=True)], ids,
                     self._with_ids)
        _copy_households(self._raw, [(tdp_ids[r.tdp], r.code, v) for r, v in zip(chunk, values, strict=True)], ids)


def _public(v: Values | Current, fields: tuple[str, ...]) -> dict[str, Any]:
    """The audited part of a household: never the citizen ID, only that it changed."""
    names = {"representative": "name"}
    out = {f: getattr(v, names.get(f, f)) for f in fields if f != "citizen_id"}
    return {k: (val.isoformat() if hasattr(val, "isoformat") else val) for k, val in out.items()}


def _audit(preview: ImportPreview, actor) -> None:
    diff, target = preview.diff, preview.target
    record(actor, "roll.import", "tdp" if target.tdp_id else "ward", target.tdp_id or target.ward_id,
           tdp_id=target.tdp_id, after={
               "file_name": preview.file_name, "file_sha256": preview.file_sha256, "sheet": preview.sheet,
               "added": len(diff.additions), "changed": len(diff.changes), "removed": len(diff.removals),
               "unchanged": diff.unchanged,
               "fingerprints": {str(n): {"before": b.hex, "after": a.hex} for n, (b, a) in diff.fingerprints.items()},
           })
    ids = preview.tdp_ids
    for c in diff.changes:
        _audit_change(actor, c.current, c.values, c.fields, c.new_person, ids)
    for a in diff.additions:
        if a.revived is not None:
            fields = ("address", "sub_group", "representative", "birth_date", "birth_year", "gender")
            _audit_change(actor, a.revived, a.values, fields, a.new_person, ids, action="roll.import.restore",
                          status=a.revived.status)
    for c in diff.removals:
        record(actor, "roll.import.remove", "household", c.id, tdp_id=ids[c.tdp],
               before={"code": c.code, "status": c.status, "representative": c.name},
               after={"status": HouseholdStatus.REMOVED.value})


def _audit_change(actor, current: Current, values: Values, fields: tuple[str, ...], new_person: bool,
                  tdp_ids, *, action: str = "roll.import.change", status: str | None = None) -> None:
    before = {"code": current.code, **_public(current, fields)}
    after = {"code": current.code, **_public(values, fields)}
    if status is not None:
        before["status"], after["status"] = status, HouseholdStatus.ACTIVE.value
    if "citizen_id" in fields:
        after["citizen_id_changed"] = True
    if new_person:
        after["new_representative"] = True
    record(actor, action, "household", current.id, tdp_id=tdp_ids[current.tdp], before=before, after=after)
