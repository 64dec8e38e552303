"""Two copies of the app, each on its own database of the same backend: a TDP's laptop (COPY_ROLE=laptop)
and the ward (COPY_ROLE=ward)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask
from flask_migrate import upgrade

from app.extensions import db
from tests.conftest import BACKENDS, FreshGlobalsClient, _backend, _empty_database


@dataclass
class Copies:
    laptop: Flask
    ward: Flask


@pytest.fixture(scope="module", params=BACKENDS)
def two_copies(request, tmp_path_factory):
    backends = [_backend(request, tmp_path_factory, label) for label in ("laptop", "wardcopy")]
    laptop, ward = (next(gen) for gen in backends)
    apps = Copies(laptop.make_app(COPY_ROLE="laptop"), ward.make_app(COPY_ROLE="ward"))
    for application in (apps.laptop, apps.ward):
        application.test_client_class = FreshGlobalsClient
        with application.app_context():
            upgrade()
            db.session.remove()
    yield apps
    for application in (apps.laptop, apps.ward):
        with application.app_context():
            db.engine.dispose()
    for gen in backends:
        next(gen, None)


@pytest.fixture
def copies(two_copies):
    """Both copies, emptied after the test."""
    yield two_copies
    for application in (two_copies.laptop, two_copies.ward):
        _empty_database(application)
