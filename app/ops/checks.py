"""What a backup must prove before it may replace the database (F13): it was written by this version of the
software (the alembic revision is the code's head), its schema is exactly what the migrations create (no
extra trigger, view or table), every user in it was created through the app (each has its `user.create`
audit event), and its audit chain verifies under this installation's key. SQLite files are checked in
full; PostgreSQL dumps by revision and by the object list of `pg_restore --list`."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.ops.services import OpsError

#: Tables whose row counts are shown before the confirmation.
COUNTED = (("wards", "phường"), ("tdps", "tổ dân phố"), ("households", "hộ"), ("users", "người dùng"),
           ("ballot_entries", "phiếu đã nhập"), ("audit_events", "bản ghi nhật ký"))
#: Object kinds a dump of this app never contains: a restore could hide behaviour in them.
FORBIDDEN_PG_KINDS = ("TRIGGER", "FUNCTION", "PROCEDURE", "VIEW", "MATERIALIZED VIEW", "RULE", "POLICY",
                      "EVENT TRIGGER", "AGGREGATE", "EXTENSION", "SERVER", "FOREIGN TABLE", "PUBLICATION",
                      "SUBSCRIPTION", "TRANSFORM", "CAST", "OPERATOR", "LANGUAGE")


@dataclass(frozen=True)
class Expected:
    """What this code's migrations produce: the head revision, and SQLite's schema objects."""

    head: str
    sqlite_schema: frozenset[tuple[str, str, str]] = field(default_factory=frozenset)
    tables: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class BackupReport:
    revision: str
    counts: tuple[tuple[str, int], ...]  #: (Vietnamese label, rows); empty for a PostgreSQL dump
    audit_events: int | None


def _normal_sql(sql: str | None) -> str:
    """Whitespace and quoting folded, and a CREATE TABLE's column and constraint clauses sorted: Alembic's
    batch mode on SQLite writes the same constraints in varying order."""
    text = re.sub(r"\s+", " ", (sql or "").replace('"', "")).strip()
    start = text.find("(")
    if not text.upper().startswith("CREATE TABLE") or start < 0 or not text.endswith(")"):
        return text
    clauses, depth, current = [], 0, []
    for char in text[start + 1:-1]:
        if char == "," and depth == 0:
            clauses.append("".join(current).strip())
            current = []
            continue
        depth += (char == "(") - (char == ")")
        current.append(char)
    clauses.append("".join(current).strip())
    return text[:start] + "(" + ", ".join(sorted(clauses)) + ")"


def sqlite_schema(conn: sqlite3.Connection) -> frozenset[tuple[str, str, str]]:
    """(type, name, normalised SQL) of every table, index, trigger and view, SQLite's own excepted."""
    rows = conn.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").fetchall()
    return frozenset((kind, name, _normal_sql(sql)) for kind, name, sql in rows)


_expected_cache: dict[str, Expected] = {}


def expected_for(app) -> Expected:
    """Migrate a scratch SQLite database with this code's migrations and describe it (once per process)."""
    from alembic.script import ScriptDirectory
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db

    directory = app.extensions["migrate"].directory
    head = ScriptDirectory(directory).get_current_head()
    if head in _expected_cache:
        return _expected_cache[head]
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "scratch.sqlite3"
        scratch_app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}", SQLALCHEMY_ENGINE_OPTIONS={})
        with scratch_app.app_context():
            upgrade(directory=directory)
            tables = frozenset(db.metadata.tables) | {"alembic_version"}
            db.session.remove()
            db.engine.dispose()
        conn = sqlite3.connect(path)
        try:
            schema = sqlite_schema(conn)
        finally:
            conn.close()
    _expected_cache[head] = Expected(head, schema, tables)
    return _expected_cache[head]


def _describe(kinds_names: set[tuple[str, str]]) -> str:
    return ", ".join(f"{kind} “{name}”" for kind, name in sorted(kinds_names)[:8])


def check_sqlite_backup(source: Path, expected: Expected, audit_key: bytes) -> BackupReport:
    """Raise OpsError (Vietnamese, naming what is wrong) unless the SQLite file may be restored."""
    conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        try:
            revisions = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
            schema = sqlite_schema(conn)
        except sqlite3.DatabaseError as error:
            raise OpsError(f"{source} không đọc được như một cơ sở dữ liệu SQLite: {error}.") from None
        if revisions != [expected.head]:
            raise OpsError(f"Bản sao lưu ở phiên bản lược đồ {', '.join(revisions) or '(trống)'}, phần mềm này ở "
                           f"{expected.head}: chỉ khôi phục bản sao lưu của đúng phiên bản phần mềm này. Chưa có gì "
                           "thay đổi.")
        extra = {(k, n) for k, n, _ in schema} - {(k, n) for k, n, _ in expected.sqlite_schema}
        missing = {(k, n) for k, n, _ in expected.sqlite_schema} - {(k, n) for k, n, _ in schema}
        changed = {(k, n) for k, n, s in schema - expected.sqlite_schema} - extra
        if extra or missing or changed:
            parts = []
            if extra:
                parts.append("có thêm " + _describe(extra))
            if missing:
                parts.append("thiếu " + _describe(missing))
            if changed:
                parts.append("khác định nghĩa " + _describe(changed))
            raise OpsError("Lược đồ của bản sao lưu khác lược đồ do phần mềm tạo ra (" + "; ".join(parts)
                           + "): tệp đã bị sửa ngoài ứng dụng. Chưa có gì thay đổi.")
        counts = tuple((label, conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
                       for table, label in COUNTED)
    finally:
        conn.close()
    engine = sa.create_engine(f"sqlite:///file:{source}?mode=ro&uri=true")
    try:
        with Session(engine) as session:
            _check_users(session, source)
            events = _check_chain(session, audit_key)
    finally:
        engine.dispose()
    return BackupReport(expected.head, counts, events)


def _check_users(session: Session, source: Path) -> None:
    """Every account must come from the app's own `user.create`, recorded in the (verified) audit chain."""
    from app.audit.models import AuditEvent
    from app.auth.models import User

    created = {(e.object_id, (e.after or {}).get("username")) for e in session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "user.create"))}
    strangers = [u.username for u in session.scalars(sa.select(User).order_by(User.id))
                 if (str(u.id), u.username) not in created]
    if strangers:
        raise OpsError(f"Bản sao lưu có người dùng không được tạo qua ứng dụng ({', '.join(strangers[:5])}): tệp "
                       "đã bị sửa ngoài ứng dụng. Chưa có gì thay đổi.")


def _check_chain(session: Session, audit_key: bytes) -> int:
    from app.audit.services import verify_chain

    report = verify_chain(session=session, key=audit_key)
    if report.broken_at is not None:
        raise OpsError(f"Nhật ký trong bản sao lưu không hợp lệ tại bản ghi số {report.broken_at}: {report.problem} "
                       "Chưa có gì thay đổi.")
    return report.checked


def check_pg_dump(program: str, source: Path, expected: Expected) -> BackupReport:
    """Check a pg_dump custom-format file without restoring it: the alembic revision it holds, and that it
    contains no object kind and no table the app does not create. Raises OpsError."""
    from app.dashboard.counters import postgresql_objects

    listing = _pg_restore_output(program, ["--list", str(source)])
    objects: set[tuple[str, str]] = set()
    for line in listing.splitlines():
        if not line or line.startswith(";"):
            continue
        # "215; 1259 16390 TABLE public users postgres"; "4712; 2620 184164 TRIGGER public households trg_x postgres"
        match = re.match(r"^\d+;\s+\d+\s+\d+\s+(.+?)\s+(\S+)\s+(\S+)\s+(\S+)\s*$", line)
        if match:
            kind = "TRIGGER" if match.group(1).split()[0] == "TRIGGER" else match.group(1)
            objects.add((kind, match.group(3)))
    ours = postgresql_objects()  # the dashboard counters' functions and triggers, checked word for word below
    forbidden = {(k, n) for k, n in objects if k in FORBIDDEN_PG_KINDS and (k, n) not in ours}
    forbidden |= _changed_counter_objects(program, source, {o for o in objects if o in ours}, ours)
    foreign = {(k, n) for k, n in objects if k == "TABLE" and n not in expected.tables}
    if forbidden or foreign:
        raise OpsError("Bản sao lưu có đối tượng phần mềm không tạo (" + _describe(forbidden | foreign)
                       + "): tệp đã bị sửa ngoài ứng dụng. Chưa có gì thay đổi.")
    data = _pg_restore_output(program, ["--data-only", "--table=alembic_version", "--file=-", str(source)])
    copy = re.search(r"^COPY [^\n]*alembic_version[^\n]*FROM stdin;\n(.*?)^\\\.$", data, re.S | re.M)
    revisions = copy.group(1).split() if copy else []
    if revisions != [expected.head]:
        raise OpsError(f"Bản sao lưu ở phiên bản lược đồ {', '.join(revisions) or '(không rõ)'}, phần mềm này ở "
                       f"{expected.head}: chỉ khôi phục bản sao lưu của đúng phiên bản phần mềm này. Chưa có gì thay đổi.")
    return BackupReport(expected.head, (), None)


def _changed_counter_objects(program: str, source: Path, present: set[tuple[str, str]],
                             ours: dict[tuple[str, str], str]) -> set[tuple[str, str]]:
    """Those of the app's own functions and triggers in the dump whose definition is not the app's."""
    if not present:
        return set()
    from app.dashboard.counters import normalise

    ddl = _pg_restore_output(program, ["--schema-only", "--file=-", str(source)])
    found: dict[tuple[str, str], str] = {}
    for schema, name, rest in re.findall(r"^CREATE FUNCTION (\w+)\.(\w+)\(\)(.*?\$\$;)$", ddl, re.S | re.M):
        found[("FUNCTION", f"{name}()")] = normalise(f"CREATE FUNCTION {name}(){rest}", schema)
    for name, rest in re.findall(r"^CREATE TRIGGER (\w+) (.*?;)$", ddl, re.M):
        schema = re.search(r" ON (\w+)\.", rest)
        found[("TRIGGER", name)] = normalise(f"CREATE TRIGGER {name} {rest}", schema.group(1) if schema else None)
    return {key for key in present if found.get(key) != ours[key]}


def _pg_restore_output(program: str, args: list[str]) -> str:
    done = subprocess.run([program, *args], capture_output=True, text=True)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise OpsError("pg_restore không đọc được bản sao lưu: " + " / ".join(detail))
    return done.stdout
