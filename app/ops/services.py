"""Consistent copies of the database and bringing one back: SQLite's online backup API (safe while the
app runs), or pg_dump / pg_restore with the database URL's parameters."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import URL, make_url

PG_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"


class OpsError(Exception):
    """A backup or restore that cannot go ahead; `message` is Vietnamese and says what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ToolMissing(OpsError):
    """pg_dump or pg_restore is not installed."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    sha256: str


def backend(url: URL | str) -> str:
    """"sqlite" or "postgresql"; anything else is refused."""
    name = make_url(url).get_backend_name()
    if name not in ("sqlite", "postgresql"):
        raise OpsError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu loại “{name}”.")
    return name


def default_backup_path(folder: Path, url: URL | str, now: datetime, prefix: str = "bau-cu-tdp") -> Path:
    """instance/backups/bau-cu-tdp-20171031-2130.sqlite3 (or .dump for PostgreSQL)."""
    suffix = ".sqlite3" if backend(url) == "sqlite" else ".dump"
    return folder / f"{prefix}-{now:%Y%m%d-%H%M%S}{suffix}"


def backup(url: URL | str, out: Path) -> BackupResult:
    """Write a consistent copy of the database to `out` (written beside it first, then moved into place).
    Raises OpsError, ToolMissing when pg_dump is not installed."""
    if not out.parent.exists():
        out.parent.mkdir(mode=0o700, parents=True)  # backups hold keys, hashes and citizen IDs
    partial = out.with_name(out.name + ".part")
    partial.unlink(missing_ok=True)
    try:
        if backend(url) == "sqlite":
            _sqlite_backup(sqlite_path(url), partial)
        else:
            _run("pg_dump", ["--format=custom", "--file", str(partial)], make_url(url))
        partial.chmod(0o600)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(out, out.stat().st_size, _sha256(out))


def check_backup(url: URL | str, source: Path) -> None:
    """Raise OpsError unless `source` looks like a backup this database can be restored from."""
    with source.open("rb") as handle:
        head = handle.read(16)
    if backend(url) == "sqlite":
        if not head.startswith(SQLITE_MAGIC):
            raise OpsError(f"{source} không phải bản sao lưu SQLite.")
        conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            _check_sqlite(conn, source)
        finally:
            conn.close()
    elif not head.startswith(PG_MAGIC):
        raise OpsError(f"{source} không phải bản sao lưu pg_dump dạng custom (-Fc).")


def restore(url: URL | str, source: Path) -> None:
    """Replace the whole database by the backup in `source`. The caller has asked for confirmation.
    Raises OpsError for a file that is not a backup of this kind of database, ToolMissing without pg_restore."""
    check_backup(url, source)
    if backend(url) == "sqlite":
        _sqlite_restore(source, sqlite_path(url))
    else:
        _run("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error",
                            str(source)], make_url(url))


def sqlite_path(url: URL | str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise OpsError("Cơ sở dữ liệu SQLite nằm trong bộ nhớ: không có gì để sao lưu hay khôi phục.")
    return Path(database)


def _sqlite_backup(source: Path, target: Path) -> None:
    if not source.is_file():
        raise OpsError(f"Không tìm thấy tệp cơ sở dữ liệu {source}.")
    src = sqlite3.connect(source, timeout=30)
    dest = sqlite3.connect(target)
    try:
        src.backup(dest)  # page by page under SQLite's locks: consistent even while the app writes
        dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        _check_sqlite(dest, target)
    finally:
        dest.close()
        src.close()


def _sqlite_restore(source: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        dest = sqlite3.connect(target, timeout=30)
        try:
            src.backup(dest)  # the backup API the other way: other connections see the new content at once
        finally:
            dest.close()
    finally:
        src.close()


def _check_sqlite(conn: sqlite3.Connection, path: Path) -> None:
    try:
        verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
        versioned = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'").fetchone()
    except sqlite3.DatabaseError as error:
        raise OpsError(f"{path} không đọc được như một cơ sở dữ liệu SQLite: {error}.") from None
    if verdict != "ok":
        raise OpsError(f"{path} bị hỏng (integrity_check: {verdict}).")
    if versioned is None:
        raise OpsError(f"{path} không phải cơ sở dữ liệu của Bầu cử Tổ dân phố (thiếu bảng alembic_version).")


def _run(tool: str, args: list[str], url: URL) -> None:
    """Run pg_dump or pg_restore against the URL's database; the password travels in PGPASSWORD, not argv."""
    program = shutil.which(tool)
    if program is None:
        raise ToolMissing(f"Không tìm thấy chương trình {tool}: hãy cài gói postgresql-client "
                          f"(Debian/Ubuntu: apt-get install postgresql-client) rồi chạy lại. Chưa có gì thay đổi.")
    from psycopg.conninfo import make_conninfo

    params = {"dbname": url.database, "host": url.host, "port": url.port, "user": url.username,
              **{k: v for k, v in url.query.items() if isinstance(v, str)}}
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    conninfo = make_conninfo(**{k: v for k, v in params.items() if v is not None})
    done = subprocess.run([program, "--dbname", conninfo, *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise OpsError(f"{tool} thất bại (mã {done.returncode}): " + " / ".join(detail))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
