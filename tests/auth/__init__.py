"""Authentication, sessions and accounts."""

from contextlib import contextmanager


@contextmanager
def own_app(application):
    """An extra app on the test database whose connections are closed afterwards (PostgreSQL would
    otherwise report an unclosed connection at garbage collection)."""
    try:
        yield application
    finally:
        from app.extensions import db

        with application.app_context():
            db.session.remove()
            db.engine.dispose()
