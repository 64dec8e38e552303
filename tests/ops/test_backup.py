"""`flask backup` and `flask restore`: a consistent copy while the app runs, and the data back after a
restore. Runs on private databases (a temporary SQLite file, a scratch PostgreSQL database), never on the
shared test database."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from sqlalchemy import func, select

from app import create_app
from app.audit.models import AuditEvent
from app.extensions import db
from app.ops import services
from app.wards.models import Tdp, Ward
from tests.conftest import PG_URL, _psycopg
from tests.factories import create_tdp, create_ward


@contextmanager
def private_app(url: str, tmp_path):
    application = create_app("testing", SQLALCHEMY_DATABASE_URI=url, BACKUP_FOLDER=str(tmp_path / "backups"))
    with application.app_context():
        upgrade()
        try:
            yield application
        finally:
            db.session.remove()
            db.engine.dispose()


def _fill() -> str:
    ward = create_ward("Phường Ngọc Thụy")
    for number in (1, 2, 3):
        create_tdp(ward, number)
    db.session.commit()
    return ward.name


def _spoil(ward_name: str) -> None:
    ward = db.session.scalar(select(Ward).where(Ward.name == ward_name))
    ward.name = "Đã bị sửa"
    db.session.delete(ward.tdps[0])
    db.session.commit()


def _state() -> tuple[list[str], int]:
    db.session.remove()
    return list(db.session.scalars(select(Ward.name))), db.session.scalar(select(func.count()).select_from(Tdp))


def test_an_sqlite_backup_restored_after_changes_brings_the_data_back(tmp_path):
    with private_app(f"sqlite:///{tmp_path / 'live.sqlite3'}", tmp_path) as application:
        name = _fill()
        before = _state()
        runner = application.test_cli_runner()
        out = tmp_path / "sao-luu.sqlite3"
        made = runner.invoke(args=["backup", "--out", str(out)])
        assert made.exit_code == 0, made.output
        assert "Đã sao lưu" in made.output and out.read_bytes().startswith(services.SQLITE_MAGIC)
        _spoil(name)
        assert _state() != before
        restored = runner.invoke(args=["restore", str(out), "--yes"])
        assert restored.exit_code == 0, restored.output
        assert _state() == before
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "ops.restore")) is not None
        assert list((tmp_path / "backups").glob("truoc-khoi-phuc-*.sqlite3")), "the replaced data is kept"


def test_the_backup_is_consistent_while_another_connection_is_writing(tmp_path):
    path = tmp_path / "live.sqlite3"
    with private_app(f"sqlite:///{path}", tmp_path):
        name = _fill()
        writer = sqlite3.connect(path, isolation_level=None)
        try:
            writer.execute("BEGIN IMMEDIATE")
            writer.execute("UPDATE wards SET name = 'giữa chừng'")
            result = services.backup(db.engine.url, tmp_path / "copy.sqlite3")
        finally:
            writer.execute("ROLLBACK")
            writer.close()
        copy = sqlite3.connect(result.path)
        try:
            assert copy.execute("SELECT name FROM wards").fetchall() == [(name,)]
            assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        finally:
            copy.close()
        assert len(result.sha256) == 64 and result.size == result.path.stat().st_size


def test_restore_asks_first_and_changes_nothing_when_the_answer_is_no(tmp_path):
    with private_app(f"sqlite:///{tmp_path / 'live.sqlite3'}", tmp_path) as application:
        name = _fill()
        out = tmp_path / "b.sqlite3"
        services.backup(db.engine.url, out)
        _spoil(name)
        spoiled = _state()
        answer = application.test_cli_runner().invoke(args=["restore", str(out)], input="n\n")
        assert answer.exit_code != 0 and "Tiếp tục?" in answer.output
        assert _state() == spoiled


def test_restore_refuses_a_file_that_is_not_a_backup_of_this_app(tmp_path):
    with private_app(f"sqlite:///{tmp_path / 'live.sqlite3'}", tmp_path) as application:
        _fill()
        before = _state()
        text = tmp_path / "ghi-chu.txt"
        text.write_text("không phải cơ sở dữ liệu")
        other = tmp_path / "khac.sqlite3"
        conn = sqlite3.connect(other)
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
        conn.close()
        runner = application.test_cli_runner()
        refused = runner.invoke(args=["restore", str(text), "--yes"])
        assert refused.exit_code != 0 and "không phải bản sao lưu SQLite" in refused.output
        foreign = runner.invoke(args=["restore", str(other), "--yes"])
        assert foreign.exit_code != 0 and "alembic_version" in foreign.output
        assert _state() == before
        assert not (tmp_path / "backups").exists(), "nothing was copied or replaced"


def test_a_missing_pg_dump_is_explained_instead_of_failing_with_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setattr(services.shutil, "which", lambda name: None)
    with pytest.raises(services.ToolMissing, match="pg_dump.*postgresql-client"):
        services.backup("postgresql+psycopg://postgres@127.0.0.1:5432/khong_co", tmp_path / "x.dump")
    assert not list(tmp_path.iterdir())


@contextmanager
def scratch_database():
    """A PostgreSQL database of its own, dropped afterwards: the shared test schema is never touched."""
    base = sa.engine.make_url(_psycopg(PG_URL))
    name = f"ops_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.skipif(not PG_URL, reason="TEST_POSTGRES_URL is not set")
@pytest.mark.skipif(not (shutil.which("pg_dump") and shutil.which("pg_restore")), reason="pg_dump/pg_restore missing")
def test_a_postgresql_backup_restored_after_changes_brings_the_data_back(tmp_path):
    with scratch_database() as url, private_app(url, tmp_path) as application:
        name = _fill()
        before = _state()
        runner = application.test_cli_runner()
        made = runner.invoke(args=["backup"])
        assert made.exit_code == 0, made.output
        [dump] = (tmp_path / "backups").glob("bau-cu-tdp-*.dump")
        assert dump.read_bytes().startswith(services.PG_MAGIC)
        _spoil(name)
        assert _state() != before
        restored = runner.invoke(args=["restore", str(dump), "--yes"])
        assert restored.exit_code == 0, restored.output
        assert _state() == before
