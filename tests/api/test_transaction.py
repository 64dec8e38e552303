"""api_transaction: what an API write route commits, and how it answers a refusal."""

from __future__ import annotations

import pytest
from flask import abort
from sqlalchemy import func, select
from werkzeug.exceptions import HTTPException

from app.api.common import api_transaction
from app.core.domain import DomainError
from app.extensions import db
from app.tally.errors import TallyError
from app.wards.models import Ward


def _committed() -> list[str]:
    """The wards the database holds: what the session still had pending is dropped first."""
    db.session.rollback()
    return list(db.session.scalars(select(Ward.name).order_by(Ward.name)))


def _left_behind() -> list[str]:
    """The wards a later commit on the same session would write: none, once a refusal has rolled back."""
    db.session.commit()
    return list(db.session.scalars(select(Ward.name).order_by(Ward.name)))


def _answer(app, refusal: HTTPException) -> tuple[int, dict]:
    """The response the API's error handler makes of the refusal, as a client would get it."""
    response = app.make_response(app.handle_user_exception(refusal))
    return response.status_code, response.get_json()


def _refused(app, block) -> tuple[int, dict]:
    with app.test_request_context("/api/v1/contests/1/ballots", method="POST"):
        with pytest.raises(HTTPException) as caught:
            block()
        return _answer(app, caught.value)


def test_a_block_that_ends_normally_is_committed(session):
    with api_transaction(TallyError):
        session.add(Ward(name="Phường Bồ Đề"))
    assert _committed() == ["Phường Bồ Đề"]


def test_a_coded_refusal_is_its_status_with_the_vietnamese_message_and_reason_and_nothing_is_written(app_ctx):
    def block():
        with api_transaction(TallyError):
            db.session.add(Ward(name="Phường Bồ Đề"))
            db.session.flush()  # written to the database inside the transaction, then refused
            raise TallyError("not_open", "Chưa mở kiểm phiếu cho cuộc bầu này.")

    status, body = _refused(app_ctx, block)
    assert status == 422
    assert body["message"] == "Chưa mở kiểm phiếu cho cuộc bầu này."
    assert body["errors"] == {"reason": "not_open"}
    assert _left_behind() == []


def test_a_refusal_keeps_the_status_the_error_carries(app_ctx):
    def block():
        with api_transaction(TallyError):
            raise TallyError("duplicate", "Phiếu này đã được nhập.", status=409)

    status, body = _refused(app_ctx, block)
    assert (status, body["errors"]) == (409, {"reason": "duplicate"})


def test_a_domain_error_puts_its_message_under_its_field(app_ctx):
    def block():
        with api_transaction(DomainError):
            raise DomainError("Ngày bầu cử đã qua.", field="vote_date")

    status, body = _refused(app_ctx, block)
    assert (status, body["errors"]) == (422, {"vote_date": ["Ngày bầu cử đã qua."]})


def test_the_route_may_shape_the_errors_itself(app_ctx):
    def block():
        with api_transaction(DomainError, errors=lambda e: {"reason": "ledger", "field": e.field}):
            raise DomainError("Số phiếu tiêu hủy quá lớn.", field="destroyed")

    assert _refused(app_ctx, block)[1]["errors"] == {"reason": "ledger", "field": "destroyed"}


def test_an_abort_inside_the_block_rolls_back_and_keeps_its_status(app_ctx):
    def block():
        with api_transaction(TallyError):
            db.session.add(Ward(name="Phường Bồ Đề"))
            db.session.flush()
            abort(404)

    assert _refused(app_ctx, block)[0] == 404
    assert _left_behind() == []


def test_an_unexpected_error_rolls_back_and_is_not_turned_into_a_refusal(session):
    with pytest.raises(ValueError):
        with api_transaction(TallyError):
            session.add(Ward(name="Phường Bồ Đề"))
            session.flush()
            raise ValueError("a bug, not a refusal")
    assert session.scalar(select(func.count()).select_from(Ward)) == 0


def test_as_a_decorator_the_view_is_committed_after_it_returns_its_answer(session):
    @api_transaction(TallyError)
    def view(name):
        session.add(Ward(name=name))
        return {"name": name}

    assert view("Phường Bồ Đề") == {"name": "Phường Bồ Đề"}
    assert view("Phường Long Biên") == {"name": "Phường Long Biên"}  # a new transaction each call
    assert _committed() == ["Phường Bồ Đề", "Phường Long Biên"]
