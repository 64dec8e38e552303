"""The JSON API under /api/v1: blueprints from each domain, documented by flask-smorest's OpenAPI."""

from __future__ import annotations

from flask import Flask

from app.extensions import api


def register_api(app: Flask) -> None:
    from app.attendance.api import blp as attendance_blp
    from app.candidates.api import blp as candidates_blp
    from app.comparison.api import blp as comparison_blp
    from app.dashboard.api import blp as dashboard_blp
    from app.elections.api import blp as elections_blp
    from app.minutes.api import blp as minutes_blp
    from app.printing.api import blp as ballots_blp
    from app.province.api import blp as province_blp
    from app.reader.api import blp as reader_blp
    from app.rolls.api import blp as rolls_blp
    from app.tally.api import blp as tally_blp
    from app.wards.api import blp as wards_blp

    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "description": "`flask --app wsgi users token USERNAME`"}
    )
    api.spec.components.security_scheme("cookieAuth", {"type": "apiKey", "in": "cookie", "name": "session"})
    api.spec.options["security"] = [{"bearerAuth": []}, {"cookieAuth": []}]
    for blp in (wards_blp, elections_blp, rolls_blp, attendance_blp):
        api.register_blueprint(blp)
    api.register_blueprint(candidates_blp)
    api.register_blueprint(ballots_blp)
    api.register_blueprint(tally_blp)
    api.register_blueprint(reader_blp)
    api.register_blueprint(comparison_blp)
    api.register_blueprint(dashboard_blp)
    api.register_blueprint(minutes_blp)
    api.register_blueprint(province_blp)
