"""Data files are private (F21): the instance folder 0700, the database, keys and backups 0600, and
whatever the app creates later (uploads, print jobs, plan files) is closed to other accounts too."""

import os
import stat
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade

from app import create_app
from app.extensions import db


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def instance(tmp_path, monkeypatch):
    folder = tmp_path / "instance"
    monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self: str(folder))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    from config import DevelopmentConfig

    monkeypatch.setattr(DevelopmentConfig, "SQLALCHEMY_DATABASE_URI", None)
    monkeypatch.setattr(DevelopmentConfig, "SECRET_KEY", None)
    monkeypatch.setattr(DevelopmentConfig, "AUDIT_KEY", None)
    return folder


def test_the_database_keys_and_backups_are_readable_by_the_app_alone(instance):
    application = create_app("development")
    with application.app_context():
        upgrade()
        db.session.remove()
        result = application.test_cli_runner().invoke(args=["backup"])
        assert result.exit_code == 0, result.output
        db.engine.dispose()
    assert _mode(instance) == 0o700
    for name in ("bau_cu_tdp.sqlite3", "secret_key", "audit_key"):
        assert _mode(instance / name) == 0o600, name
    assert _mode(instance / "backups") == 0o700
    [backup] = (instance / "backups").glob("*.sqlite3")
    assert _mode(backup) == 0o600
    for later in ("uploads", "print_jobs", "plan_files"):  # created by other modules with plain mkdir/open
        (instance / later).mkdir()
        (instance / later / "f").write_bytes(b"x")
        assert (_mode(instance / later), _mode(instance / later / "f")) == (0o700, 0o600)


def test_an_existing_world_readable_instance_is_closed_at_start(instance):
    instance.mkdir(mode=0o755)
    instance.chmod(0o755)
    database = instance / "bau_cu_tdp.sqlite3"
    database.write_bytes(b"")
    database.chmod(0o644)
    create_app("development")
    assert (_mode(instance), _mode(database)) == (0o700, 0o600)
