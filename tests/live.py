"""A real HTTP server on loopback around a demo-loaded app, for browser and API-fuzzing tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator

from flask_migrate import upgrade
from werkzeug.serving import make_server

from app.demo.services import load_demo
from app.extensions import db


def _closing(wsgi_app):
    """Each response read whole and its iterable closed before a byte is sent: a browser that drops a connection
    mid-response (a reload, a navigation) would otherwise leave a static file open until garbage collection,
    and its ResourceWarning would fail whichever test happens to be running then. (No route streams.)"""
    def app(environ, start_response):
        body = wsgi_app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
    return app


class LiveServer:
    def __init__(self, application):
        self.app = application
        self._server = make_server("127.0.0.1", 0, _closing(application), threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> LiveServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)


def demo_app(backend, **overrides):
    """A migrated database of `backend` holding the demo ward."""
    application = backend.make_app(**overrides)
    with application.app_context():
        upgrade()
        load_demo(historic=True)  # the browser tests walk the 2017 ward
        db.session.commit()
        db.session.remove()
    return application


def serve(application) -> Iterator[LiveServer]:
    server = LiveServer(application).start()
    try:
        yield server
    finally:
        server.stop()
        with application.app_context():
            db.engine.dispose()
