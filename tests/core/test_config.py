"""Configuration: production fails fast, the default database is an SQLite file in the instance folder."""

import pytest

from app import create_app
from config import ProductionConfig, _normalise_database_url


def test_production_refuses_to_start_with_a_weak_secret_key(monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "x")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production")


def test_the_default_database_is_an_sqlite_file_in_the_instance_folder(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    from config import DevelopmentConfig

    monkeypatch.setattr(DevelopmentConfig, "SQLALCHEMY_DATABASE_URI", None)
    application = create_app("development")
    uri = application.config["SQLALCHEMY_DATABASE_URI"]
    assert uri.startswith("sqlite:///") and uri.endswith("instance/bau_cu_tdp.sqlite3")


@pytest.mark.parametrize("given, expected", [
    ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ("sqlite:///x.db", "sqlite:///x.db"),
    (None, None),
])
def test_any_postgresql_url_spelling_is_accepted(given, expected):
    assert _normalise_database_url(given) == expected


def test_an_unknown_config_name_is_explained():
    with pytest.raises(RuntimeError, match="APP_CONFIG"):
        create_app("staging")
