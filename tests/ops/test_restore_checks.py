"""`restore` refuses a backup that was changed outside the app (F13): another schema revision, extra
triggers, views or tables, users the app did not create, an audit chain rewritten and re-hashed; it shows
the counts and waits for confirmation. Nothing changes when it refuses."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
import sqlalchemy as sa

from app.audit.services import event_hash
from app.auth.models import Duty
from app.auth.services import create_user
from app.extensions import db
from app.ops import services
from tests.conftest import PG_URL
from tests.ops.test_backup import _fill, _state, private_app, scratch_database


def _backup_with_a_user(tmp_path):
    _fill()
    ward_id = db.session.execute(sa.text("SELECT id FROM wards")).scalar()
    create_user(None, username="canbo", password="mot-mat-khau-dai", duties=[Duty.WARD_ADMIN], ward_id=ward_id)
    db.session.commit()
    out = tmp_path / "goc.sqlite3"
    services.backup(db.engine.url, out)
    return out


def _crafted(tmp_path, original, name: str, *statements: str, rehash: bool = False):
    path = tmp_path / name
    shutil.copy(original, path)
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.executescript(statement)
    if rehash:  # the review's attack: recompute every SHA-256 after editing
        import json
        from datetime import datetime

        prev = "0" * 64
        rows = conn.execute("SELECT id, seq, at, actor, action, object_type, object_id, tdp_id, before, after "
                            "FROM audit_events ORDER BY seq").fetchall()
        for id_, seq, at, actor, action, otype, oid, tdp, before, after in rows:
            when = datetime.fromisoformat(at)
            if when.tzinfo is None:
                from datetime import UTC
                when = when.replace(tzinfo=UTC)
            digest = event_hash(prev, seq, when, actor, action, otype, oid, tdp,
                                json.loads(before) if before else None, json.loads(after) if after else None)
            conn.execute("UPDATE audit_events SET prev_hash = ?, hash = ? WHERE id = ?", (prev, digest, id_))
            prev = digest
        conn.execute("UPDATE audit_head SET last_hash = ?", (prev,))
    conn.commit()
    conn.close()
    return path


BACKDOOR = ("INSERT INTO users (username, full_name, password_hash, ward_id, active, created_at, "
            "session_version, must_change_password) SELECT 'backdoor', '', 'x', id, 1, "
            "'2026-12-01 00:00:00', 0, 0 FROM wards LIMIT 1; "
            "INSERT INTO user_duties (user_id, duty) SELECT id, 'ward_admin' FROM users WHERE username = 'backdoor';")


@pytest.mark.parametrize("name, statements, rehash, message", [
    ("backdoor.sqlite3", (BACKDOOR,), False, "backdoor"),
    ("trigger.sqlite3", ("CREATE TRIGGER stuff AFTER INSERT ON ballot_entries BEGIN SELECT 1; END;",), False,
     "trigger “stuff”"),
    ("view.sqlite3", ("CREATE VIEW v AS SELECT * FROM users;",), False, "view “v”"),
    ("table.sqlite3", ("CREATE TABLE spare (x);",), False, "table “spare”"),
    ("dropped-index.sqlite3", ("DROP INDEX ix_audit_events_action;",), False, "thiếu index"),
    ("future.sqlite3", ("UPDATE alembic_version SET version_num = '9999_future';",), False, "9999_future"),
    ("rehashed.sqlite3", ("UPDATE audit_events SET actor = 'admin' WHERE seq = 1;",), True, "HMAC"),
    ("forged-create.sqlite3", (BACKDOOR, "INSERT INTO audit_events (seq, at, actor, action, object_type, object_id, "
                               "prev_hash, hash, after) SELECT max(seq) + 1, '2026-12-01 00:00:00', 'system', "
                               "'user.create', 'user', (SELECT id FROM users WHERE username = 'backdoor'), '', '', "
                               "'{\"username\": \"backdoor\"}' FROM audit_events; "
                               "UPDATE audit_head SET seq = seq + 1;"), True, "HMAC"),
])
def test_restore_refuses_a_crafted_file_and_changes_nothing(tmp_path, name, statements, rehash, message):
    with private_app(f"sqlite:///{tmp_path / 'live.sqlite3'}", tmp_path) as application:
        original = _backup_with_a_user(tmp_path)
        crafted = _crafted(tmp_path, original, name, *statements, rehash=rehash)
        before = _state()
        result = application.test_cli_runner().invoke(args=["restore", str(crafted), "--yes"])
        assert result.exit_code != 0 and message in result.output, result.output
        assert "Chưa có gì thay đổi" in result.output
        assert _state() == before
        assert not (tmp_path / "backups").exists(), "no safety copy: nothing was about to change"


def test_restore_shows_the_counts_and_waits_for_confirmation(tmp_path):
    with private_app(f"sqlite:///{tmp_path / 'live.sqlite3'}", tmp_path) as application:
        original = _backup_with_a_user(tmp_path)
        result = application.test_cli_runner().invoke(args=["restore", str(original)], input="n\n")
        assert result.exit_code != 0
        assert "người dùng: 1" in result.output and "tổ dân phố: 3" in result.output
        assert "nguyên vẹn" in result.output and "Tiếp tục?" in result.output


def test_a_backup_from_another_installation_is_refused(tmp_path):
    with private_app(f"sqlite:///{tmp_path / 'live.sqlite3'}", tmp_path) as application:
        original = _backup_with_a_user(tmp_path)
        application.config["AUDIT_KEY"] = b"the key of some other ward's server"
        result = application.test_cli_runner().invoke(args=["restore", str(original), "--yes"])
        assert result.exit_code != 0 and "HMAC" in result.output


@pytest.mark.skipif(not PG_URL, reason="TEST_POSTGRES_URL is not set")
@pytest.mark.skipif(not (shutil.which("pg_dump") and shutil.which("pg_restore")), reason="pg_dump/pg_restore missing")
def test_a_postgresql_dump_with_a_trigger_or_another_revision_is_refused(tmp_path):
    with scratch_database() as url, private_app(url, tmp_path) as application:
        _fill()
        runner = application.test_cli_runner()
        clean = tmp_path / "clean.dump"
        assert runner.invoke(args=["backup", "--out", str(clean)]).exit_code == 0
        with db.engine.begin() as conn:
            conn.execute(sa.text("CREATE FUNCTION stuff() RETURNS trigger LANGUAGE plpgsql AS "
                                 "$$ BEGIN RETURN NEW; END $$"))
            conn.execute(sa.text("CREATE TRIGGER stuff AFTER INSERT ON ballot_entries FOR EACH ROW "
                                 "EXECUTE FUNCTION stuff()"))
        trigger = tmp_path / "trigger.dump"
        assert runner.invoke(args=["backup", "--out", str(trigger)]).exit_code == 0
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP TRIGGER stuff ON ballot_entries; DROP FUNCTION stuff()"))
            conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999_future'"))
        future = tmp_path / "future.dump"
        assert runner.invoke(args=["backup", "--out", str(future)]).exit_code == 0
        refused = runner.invoke(args=["restore", str(trigger), "--yes"])
        assert refused.exit_code != 0 and "stuff" in refused.output
        refused = runner.invoke(args=["restore", str(future), "--yes"])
        assert refused.exit_code != 0 and "9999_future" in refused.output
        ok = runner.invoke(args=["restore", str(clean)], input="n\n")
        assert "Tiếp tục?" in ok.output


@pytest.mark.skipif(not PG_URL, reason="TEST_POSTGRES_URL is not set")
def test_a_postgresql_dump_whose_counter_function_was_rewritten_is_refused(tmp_path):
    """The dashboard's counter triggers are the app's own (migration 0021): a dump keeps them, word for word."""
    with scratch_database() as url, private_app(url, tmp_path) as application:
        _fill()
        runner = application.test_cli_runner()
        clean = tmp_path / "clean.dump"
        assert runner.invoke(args=["backup", "--out", str(clean)]).exit_code == 0
        with db.engine.begin() as conn:
            conn.execute(sa.text("CREATE OR REPLACE FUNCTION household_counts_ins() RETURNS trigger "
                                 "LANGUAGE plpgsql AS $$ BEGIN DELETE FROM audit_events; RETURN NULL; END $$"))
        rewritten = tmp_path / "rewritten.dump"
        assert runner.invoke(args=["backup", "--out", str(rewritten)]).exit_code == 0
        refused = runner.invoke(args=["restore", str(rewritten), "--yes"])
        assert refused.exit_code != 0 and "household_counts_ins" in refused.output, refused.output
        ok = runner.invoke(args=["restore", str(clean)], input="n\n")
        assert "Tiếp tục?" in ok.output, ok.output
