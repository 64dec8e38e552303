"""Vietnamese first, English second: locale selection for Flask-Babel."""

from __future__ import annotations

from babel import Locale
from flask import Flask, current_app, request, session

from app.extensions import babel

#: One Locale object per language, parsed once: Flask-Babel takes a Locale as it is, where a code is parsed
#: again (and its locale data looked up on disk) on every request that shows a message (issue 15).
_LOCALES: dict[str, Locale] = {}


def select_locale() -> Locale:
    """The language chosen in this session (?lang=en switches), else Vietnamese."""
    languages = current_app.config["LANGUAGES"]
    asked = request.args.get("lang")
    if asked in languages:
        session["lang"] = asked
    chosen = session.get("lang")
    code = chosen if chosen in languages else current_app.config["BABEL_DEFAULT_LOCALE"]
    locale = _LOCALES.get(code)
    if locale is None:
        locale = _LOCALES[code] = Locale.parse(code)
    return locale


def init_babel(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(app.root_path) + "/translations")
