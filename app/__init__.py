"""Bầu cử Tổ dân phố: the application factory."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from config import CONFIGS, Config

if TYPE_CHECKING:  # importing app.rules must not pull in Flask
    from flask import Flask


def create_app(config: str | type[Config] | None = None, **overrides) -> Flask:
    """Build the app. `config` is a name from config.CONFIGS or a class; when None it comes from
    `APP_CONFIG` (default: development). Nothing runs at import time."""
    from flask import Flask

    app = Flask(__name__, instance_relative_config=True)
    from app.core.inputs import SafeJSONProvider

    app.json = SafeJSONProvider(app)  # no NaN, inf or recursion-limit nesting from request bodies (F9)
    config_cls = _resolve_config(config)
    if hasattr(config_cls, "validate"):
        config_cls.validate()
    app.config.from_object(config_cls)
    app.config.update(overrides)
    _private_instance(app)
    _secrets(app)
    _proxy_fix(app)
    _default_database(app)
    _register_converters(app)

    register_extensions(app)
    register_blueprints(app)
    register_request_hooks(app)
    register_cli(app)
    register_template_helpers(app)
    return app


def _resolve_config(config: str | type[Config] | None) -> type[Config]:
    if config is None:
        config = os.environ.get("APP_CONFIG", "development")
    if isinstance(config, str):
        try:
            return CONFIGS[config]
        except KeyError:
            raise RuntimeError(f"APP_CONFIG={config!r}: expected one of {', '.join(CONFIGS)}") from None
    return config


def _private_instance(app: Flask) -> None:
    """Everything the app writes (database, keys, uploads, print jobs, plan files, backups) is for its own
    account only: new files 0600 and folders 0700, and an existing instance folder is closed to others."""
    from app.ops.files import PRIVATE_UMASK, make_private_dir

    os.umask(PRIVATE_UMASK)
    instance = Path(app.instance_path)
    if instance.exists():
        make_private_dir(instance)


def _secrets(app: Flask) -> None:
    """SECRET_KEY and AUDIT_KEY come from the config or, when unset, from random keys kept in the instance
    folder (created once). Production refuses a weak key given in the environment or an override."""
    from app.ops.files import instance_key
    from config import check_secret

    for name, filename in (("SECRET_KEY", "secret_key"), ("AUDIT_KEY", "audit_key")):
        value = app.config.get(name) or None
        if app.config.get("STRICT_SECRETS"):
            check_secret(name, value)
        if value is None:
            value = instance_key(Path(app.instance_path), filename)
        app.config[name] = value
    if isinstance(app.config["AUDIT_KEY"], str):
        app.config["AUDIT_KEY"] = app.config["AUDIT_KEY"].encode("utf-8")


def _proxy_fix(app: Flask) -> None:
    """Trust X-Forwarded-For/-Proto only from the configured number of proxies; without one they are
    ignored (the client could write anything there)."""
    hops = int(app.config.get("PROXY_FIX_X_FOR") or 0)
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def _default_database(app: Flask) -> None:
    """An SQLite file in the instance folder unless a URL is configured; an SQLite file is made 0600."""
    from sqlalchemy.engine import make_url

    from app.ops.files import make_private_dir, make_private_file

    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        make_private_dir(Path(app.instance_path))
        path = Path(app.instance_path) / app.config["SQLITE_FILENAME"]
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() in ("sqlite", "postgresql"):
        # No pre-ping: a file opened in-process never drops a connection, and on PostgreSQL
        # app.core.db.configure_postgresql checks each connection without a round trip.
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options.pop("pool_pre_ping", None)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        path = Path(url.database)
        for existing in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            make_private_file(existing)


def _register_converters(app: Flask) -> None:
    from app.core.routing import IdConverter

    app.url_map.converters["id"] = IdConverter


def register_extensions(app: Flask) -> None:
    from app.auth.security import init_login
    from app.core.db import configure_postgresql, configure_sqlite
    from app.core.i18n import init_babel
    from app.dashboard import summaries  # noqa: F401  (a commit refreshes the TDP summaries it changed)
    from app.elections import preparation  # noqa: F401  (each new election gets its key and standards at once)
    from app.extensions import api, csrf, db, migrate

    db.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine, queue=app.config.get("SQLITE_WRITE_QUEUE", True))
        configure_postgresql(db.engine)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    init_login(app)
    init_babel(app)
    api.init_app(app, spec_kwargs={"info": {"description": "JSON API của Bầu cử Tổ dân phố."}})
    from app.core.routing import IdConverter, id_schema

    api.register_converter(IdConverter, id_schema)


def register_blueprints(app: Flask) -> None:
    from app.accounts.views import bp as accounts_bp
    from app.api import register_api
    from app.attendance.views import bp as attendance_bp
    from app.auth.views import bp as auth_bp
    from app.candidates.views import bp as candidates_bp
    from app.capture.views import bp as capture_bp
    from app.committee.views import bp as committee_bp
    from app.comparison.views import bp as comparison_bp
    from app.dashboard.views import bp as dashboard_bp
    from app.elections.views import bp as elections_bp
    from app.household.views import bp as household_bp
    from app.meeting.views import bp as meeting_bp
    from app.minutes.views import bp as minutes_bp
    from app.papers.views import bp as papers_bp
    from app.plan.views import bp as plan_bp
    from app.printing.views import bp as printing_bp
    from app.province.views import bp as province_bp
    from app.reader.views import bp as reader_bp
    from app.reports.views import bp as reports_bp
    from app.results.views import bp as results_bp
    from app.rolls.import_views import bp as roll_import_bp
    from app.rolls.views import bp as rolls_bp
    from app.setup.views import bp as setup_bp
    from app.tally.views import bp as tally_bp
    from app.wards.views import bp as wards_bp

    app.register_blueprint(setup_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(wards_bp)
    app.register_blueprint(rolls_bp)
    app.register_blueprint(roll_import_bp)
    app.register_blueprint(attendance_bp)
    app.register_blueprint(elections_bp)
    app.register_blueprint(candidates_bp)
    app.register_blueprint(plan_bp)
    app.register_blueprint(committee_bp)
    app.register_blueprint(printing_bp)
    app.register_blueprint(tally_bp)
    app.register_blueprint(reader_bp)
    app.register_blueprint(capture_bp)
    app.register_blueprint(comparison_bp)
    app.register_blueprint(household_bp)
    app.register_blueprint(dashboard_bp)
    app.register_blueprint(results_bp)
    app.register_blueprint(papers_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(minutes_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(meeting_bp)
    app.register_blueprint(province_bp)
    register_api(app)


def register_request_hooks(app: Flask) -> None:
    from app.auth.security import enforce_idle_timeout
    from app.auth.sessions import require_password_change
    from app.core.errors import register_error_handlers
    from app.core.headers import set_security_headers
    from app.core.limits import limit_request_body

    app.before_request(limit_request_body)
    app.before_request(enforce_idle_timeout)
    app.before_request(require_password_change)
    app.after_request(set_security_headers)
    register_error_handlers(app)


def register_cli(app: Flask) -> None:
    from app.audit.cli import audit_cli
    from app.auth.cli import users_cli
    from app.comparison.cli import comparison_cli
    from app.dashboard.summaries import dashboard_cli
    from app.demo.cli import demo_cli
    from app.elections.cli import election_cli
    from app.ops.cli import backup_command, restore_command
    from app.printing.cli import ballots_cli, jobs_cli
    from app.province.cli import province_cli
    from app.reader.cli import reader_cli
    from app.results.cli import results_cli
    from app.rolls.cli import rolls_cli
    from app.wards.cli import ward_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(election_cli)
    app.cli.add_command(audit_cli)
    app.cli.add_command(comparison_cli)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(rolls_cli)
    app.cli.add_command(ballots_cli)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(results_cli)
    app.cli.add_command(ward_cli)
    app.cli.add_command(reader_cli)
    app.cli.add_command(province_cli)
    app.cli.add_command(dashboard_cli)


def register_template_helpers(app: Flask) -> None:
    from app.auth.permissions import init_permissions
    from app.core.templating import init_templating

    init_templating(app)
    init_permissions(app)
