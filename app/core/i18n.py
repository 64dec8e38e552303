"""Vietnamese first, English second: locale selection for Flask-Babel."""

from __future__ import annotations

from flask import Flask, current_app, request, session

from app.extensions import babel


def select_locale() -> str:
    """The language chosen in this session (?lang=en switches), else Vietnamese."""
    languages = current_app.config["LANGUAGES"]
    asked = request.args.get("lang")
    if asked in languages:
        session["lang"] = asked
    chosen = session.get("lang")
    return chosen if chosen in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def init_babel(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(app.root_path) + "/translations")
