"""What every API blueprint shares: authentication, CSRF for cookie sessions, error schema."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import abort, current_app, g, request
from flask_login import current_user
from flask_smorest import Blueprint
from flask_smorest import abort as api_abort
from marshmallow import Schema, fields
from sqlalchemy.orm import joinedload

from app.auth.permissions import require
from app.core.domain import DomainError
from app.core.inputs import SafeArgumentsParser
from app.elections.models import Contest, ElectionRound
from app.extensions import csrf, db

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class ApiErrorSchema(Schema):
    code = fields.Int(required=True)
    status = fields.Str(required=True)
    message = fields.Str(required=True, metadata={"description": "Vietnamese explanation"})
    errors = fields.Dict()


def api_blueprint(name: str, import_name: str, description: str) -> Blueprint:
    """A flask-smorest blueprint under /api/v1 that demands a logged-in user or a bearer token.

    Bearer requests need no CSRF token; cookie-session requests that change data must send
    `X-CSRFToken`, like the forms do.
    """
    blp = Blueprint(name, import_name, url_prefix="/api/v1", description=description)
    blp.ARGUMENTS_PARSER = SafeArgumentsParser()  # bodies with NaN, 1e999 or deep nesting are a 400
    csrf.exempt(blp)

    @blp.before_request
    def _authenticate():
        if not current_user.is_authenticated:
            abort(401)
        bearer = request.headers.get("Authorization", "").lower().startswith("bearer ")
        if request.method in UNSAFE and not bearer and current_app.config.get("WTF_CSRF_ENABLED", True):
            csrf.protect()

    return blp


def document_errors(blp: Blueprint, *codes: int):
    """Declare the error responses a route can give, with the shared error schema."""

    def decorator(fn):
        for code in codes:
            fn = blp.alt_response(code, schema=ApiErrorSchema, description=_ERROR_TEXT.get(code, ""))(fn)
        return fn

    return decorator


_ERROR_TEXT = {
    400: "Body is not JSON, or has NaN, Infinity, a number beyond float range or nesting too deep",
    401: "Not authenticated",
    403: "Outside the user's TDPs",
    404: "No such object in the user's ward",
    409: "Conflict",
    413: "Body larger than 64 KB",
    422: "Input rejected, with a reason (marshmallow's field messages in `errors`)",
}


def refusal_errors(error: Exception) -> dict:
    """The `errors` of a refusal: a coded error (count, reader, audit) gives its stable reason code; a DomainError
    puts its message under the form field it names, as marshmallow does."""
    if isinstance(error, DomainError):
        return {error.field or "body": [error.message]}
    return {"reason": error.code}


@contextmanager
def api_transaction(*refused: type[Exception],
                    errors: Callable[[Exception], dict] = refusal_errors) -> Iterator[None]:
    """One write of an API route: committed when the block (or the decorated view) ends normally.

    An error of a `refused` class rolls the session back and answers the error's `status` (422 unless it says
    otherwise) with its Vietnamese `message` and `errors(error)`; any other exception, an `abort` included, rolls
    back and goes on. As a decorator, put it last (just above the function) so the commit comes before the answer
    is serialised, like a `db.session.commit()` before `return`."""
    try:
        yield
    except refused as error:
        db.session.rollback()
        api_abort(getattr(error, "status", 422), message=error.message, errors=errors(error))
    except BaseException:
        db.session.rollback()
        raise
    db.session.commit()


def scoped_contest(contest_id: int) -> Contest:
    """The contest with its round and TDP (one query), if the user may act on that TDP: 404 / 403 otherwise."""
    contest = db.session.get(Contest, contest_id, options=[joinedload(Contest.round).joinedload(ElectionRound.tdp)])
    if contest is None:
        abort(404)
    require(tdp=contest.round.tdp)
    return contest


def contest_first(view):
    """Load the contest into `g.contest` and check the user's TDP before the body is parsed, so that someone
    outside the TDP learns nothing from validation errors (403/404 first, 422 only for those allowed)."""

    @functools.wraps(view)
    def wrapped(*args, contest_id: int, **kwargs):
        g.contest = scoped_contest(contest_id)
        return view(*args, contest_id=contest_id, **kwargs)

    return wrapped
