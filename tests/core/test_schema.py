"""The migrations produce exactly the models' schema; SQLite runs with WAL and foreign keys."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import app.models  # noqa: F401
from app.extensions import db


def test_migrations_produce_exactly_the_models_schema(app_ctx):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_sqlite_runs_in_wal_mode_with_foreign_keys(app_ctx):
    if db.engine.dialect.name != "sqlite":
        return
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_household_needs_a_representative_and_one_person_represents_one_household(session):
    from app.rolls.models import Household
    from tests.factories import create_household, create_tdp, create_ward

    tdp = create_tdp(create_ward())
    first = create_household(tdp, "000001")
    session.commit()
    twin = Household(tdp_id=tdp.id, code="000002", representative_id=first.representative_id)
    session.add(twin)
    try:
        session.flush()
    except sa.exc.IntegrityError:
        session.rollback()
    else:
        raise AssertionError("two households shared one representative")
    orphan = Household(tdp_id=tdp.id, code="000003")
    session.add(orphan)
    try:
        session.flush()
    except sa.exc.IntegrityError:
        session.rollback()
    else:
        raise AssertionError("a household without a representative was accepted")


def test_household_codes_are_unique_within_a_tdp(session):
    from tests.factories import create_household, create_tdp, create_ward

    tdp = create_tdp(create_ward())
    create_household(tdp, "000001")
    session.commit()
    try:
        create_household(tdp, "000001")
    except sa.exc.IntegrityError:
        session.rollback()
    else:
        raise AssertionError("duplicate household code accepted")
