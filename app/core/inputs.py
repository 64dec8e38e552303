"""Untrusted numbers and JSON: ids bounded to the database's INTEGER, JSON without NaN, inf or deep nesting.

Each of these reached the database or `int()` unchecked and answered 500 (review F9): `?tdp=10**20`
overflows SQLite's int64 and PostgreSQL's int4, `1e999` parses to inf and `int(inf)` overflows, 100,000
nested `[` exhaust the recursion limit inside `json.loads`.
"""

from __future__ import annotations

import json
import math
import re

from flask import abort
from flask.json.provider import DefaultJSONProvider
from webargs import core as webargs_core
from webargs.flaskparser import FlaskParser, is_json_request

from app.core.routing import MAX_ID

_DIGITS = re.compile(r"[0-9]{1,12}")


def parse_id(text: str | None) -> int | None:
    """A database id written in ASCII digits (1..2^31-1), or None for anything else."""
    if text is None or not _DIGITS.fullmatch(text.strip()):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


def id_arg(text: str) -> int:
    """A `type=` for `request.args.get`: an id; 404 for a number no row can have; ValueError (→ the default)
    for text that is not a number at all, as `type=int` did."""
    if not _DIGITS.fullmatch(text.strip()) and not text.strip().isdecimal():
        raise ValueError(text)
    number = parse_id(text)
    if number is None:
        abort(404)
    return number


def json_id(value, *, low: int = 1, high: int = MAX_ID) -> int:
    """An integer from a JSON body within [low, high]: an int, or a string of digits. ValueError otherwise
    (also for true/false, 1.5, inf and NaN), which the views already answer with 422."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise ValueError(value)
        value = int(value)
    elif isinstance(value, str):
        if not _DIGITS.fullmatch(value.strip()):
            raise ValueError(value)
        value = int(value)
    elif not isinstance(value, int):
        raise TypeError(value)
    if not low <= value <= high:
        raise ValueError(value)
    return value


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(text)
    return number


def _no_constant(name: str):
    raise ValueError(name)


def loads(text: str | bytes):
    """`json.loads` that refuses NaN, Infinity, numbers beyond float range and nesting beyond the recursion
    limit, each as `json.JSONDecodeError` (a ValueError), so every caller's existing handling applies."""
    if isinstance(text, bytes | bytearray):
        text = text.decode("utf-8")
    try:
        return json.loads(text, parse_float=_finite, parse_constant=_no_constant)
    except RecursionError:
        raise json.JSONDecodeError("JSON nested too deeply", text[:20] or " ", 0) from None
    except json.JSONDecodeError:
        raise
    except ValueError as error:  # from _finite / _no_constant, or an int of more than 4,300 digits
        raise json.JSONDecodeError(f"number not allowed: {str(error)[:20]}", text[:20] or " ", 0) from None


class SafeJSONProvider(DefaultJSONProvider):
    """Flask's JSON with `loads` above: `request.get_json()` gives 400 (or None when silent) for such bodies."""

    def loads(self, s, **kwargs):
        return loads(s)


class SafeArgumentsParser(FlaskParser):
    """The API's argument parser (webargs) with the same `loads`: such a body is a 400 with a message."""

    def _raw_load_json(self, req):
        if not is_json_request(req):
            return webargs_core.missing
        try:
            return loads(req.get_data(cache=True))
        except UnicodeDecodeError as exc:
            raise json.JSONDecodeError(f"Bytes decoding error : {exc.reason}", " ", exc.start) from exc
