"""Headless Debian Chromium driven by Playwright against a live demo server on each backend."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import BACKENDS, _backend
from tests.live import demo_app, serve

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(params=BACKENDS)
def empty_server(request, tmp_path_factory):
    """A live server on a migrated, empty database of its own (a set-up changes it for good)."""
    from flask_migrate import upgrade

    from app.extensions import db

    for backend in _backend(request, tmp_path_factory, "empty"):
        application = backend.make_app()
        with application.app_context():
            upgrade()
            db.session.remove()
        yield from serve(application)


@pytest.fixture
def fresh_page(browser, empty_server):
    """A laptop-sized page on the empty server."""
    yield from watched_page(browser, empty_server.url)


@pytest.fixture(scope="session", params=BACKENDS)
def demo_backend(request, tmp_path_factory):
    yield from _backend(request, tmp_path_factory, "browser")


@pytest.fixture(scope="session")
def live_server(demo_backend):
    yield from serve(demo_app(demo_backend))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test` (it installs Debian's chromium)")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def watched_page(browser, base_url: str, **device):
    """A laptop-sized page on `base_url` (or the `device` given, e.g. PHONE) that fails the test on any script
    error or unexpected console error. A refused entry answers 409 or 422 on purpose, and Chromium logs every
    4xx; anything else is a fault."""
    options = {"viewport": {"width": 1366, "height": 768}} | device
    context = browser.new_context(base_url=base_url, locale="vi-VN", **options)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda msg: errors.append(msg.text)
          if msg.type == "error" and "status of 422" not in msg.text and "status of 409" not in msg.text else None)
    yield pg
    context.close()
    assert errors == [], f"browser console errors: {errors}"


@pytest.fixture
def page(browser, live_server):
    yield from watched_page(browser, live_server.url)


#: A 390×844 phone with a touch screen, as a TDP without a laptop counts and signs in.
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone(browser, live_server):
    yield from watched_page(browser, live_server.url, **PHONE)
