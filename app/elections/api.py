"""GET /api/v1/tdps/<id>/rounds, POST /api/v1/elections, PATCH /api/v1/rounds/<id>."""

from __future__ import annotations

from fractions import Fraction

from flask import abort
from flask_login import current_user
from flask_smorest import abort as api_abort
from marshmallow import Schema, ValidationError, fields, validate

from app.api.common import api_blueprint, api_transaction, document_errors
from app.auth.permissions import permission, require
from app.elections import schedule
from app.elections.models import ElectionRound
from app.elections.queries import rounds_for_tdp
from app.elections.services import CURRENT_RULE_SET, ElectionError, NewElection, create_election
from app.extensions import db
from app.rules import RULE_SETS, InvalidDate, SingleStrike, format_date, parse_date
from app.wards.models import Tdp, Ward

blp = api_blueprint("elections_api", __name__, "Elections, rounds and contests")

#: marshmallow's own messages, in Vietnamese.
_VI = {"required": "Thiếu trường bắt buộc.", "null": "Trường này không được để trống (null).",
       "invalid": "Giá trị không hợp lệ."}


def _vi(**extra) -> dict:
    return {**_VI, **extra}


class VnDate(fields.String):
    """A day written dd/mm/yyyy, read by the app's strict parser (31/11/2026 is refused with a suggestion)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("metadata", {})["description"] = "dd/mm/yyyy, ví dụ 14/03/2027"
        super().__init__(error_messages=_vi(invalid="Ngày phải là chuỗi dd/mm/yyyy, ví dụ 14/03/2027."), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return parse_date(text)
        except InvalidDate as error:
            raise ValidationError(error.message) from None


class VnTime(fields.String):
    """A start time written hh:mm (also 8h, 19h30)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("metadata", {})["description"] = "hh:mm, ví dụ 08:00 hoặc 19:30"
        super().__init__(error_messages=_vi(invalid="Giờ phải là chuỗi hh:mm, ví dụ 08:00."), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return schedule.parse_time(text)
        except ValueError as error:
            raise ValidationError(str(error)) from None


class _Strict(Schema):
    error_messages = {"unknown": "Trường không được hỗ trợ.", "type": "Dữ liệu phải là một đối tượng JSON."}


class ContestSchema(Schema):
    id = fields.Int(required=True)
    position = fields.Str(required=True, metadata={"description": "leader (tổ trưởng) or deputy (tổ phó)"})
    seats = fields.Int(required=True)


class RoundSchema(Schema):
    id = fields.Int(required=True)
    election_id = fields.Int(required=True)
    tdp_id = fields.Int(required=True)
    tdp_number = fields.Int(required=True, attribute="tdp.number")
    term = fields.Str(required=True, attribute="election.term_label")
    rule_set = fields.Str(required=True, attribute="election.rule_set_id")
    number = fields.Int(required=True, metadata={"description": "1 for the first vote, 2 for a re-run ..."})
    vote_date = fields.Date(required=True)
    starts_at = fields.Time(allow_none=True, format="%H:%M")
    place = fields.Str(required=True)
    contests = fields.List(fields.Nested(ContestSchema), required=True)


class ElectionIn(_Strict):
    rule_set = fields.Str(load_default=CURRENT_RULE_SET, error_messages=_vi(), validate=validate.OneOf(
        list(RULE_SETS), error="Không có bộ quy tắc “{input}”. Các bộ quy tắc hiện có: {choices}."))
    vote_date = VnDate(required=True)
    starts_at = VnTime(load_default=None, allow_none=True)
    term_label = fields.Str(load_default="", error_messages=_vi(), validate=validate.Length(
        max=20, error="Không được dài quá {max} ký tự."), metadata={"description": "2027–2032; empty: from term_years"})
    term_years = fields.Str(load_default=None, allow_none=True, error_messages=_vi(), validate=validate.OneOf(
        ["2.5", "5"], error="Thời gian nhiệm kỳ phải là 2.5 hoặc 5 (năm)."))
    name = fields.Str(load_default="", error_messages=_vi(), validate=validate.Length(
        max=160, error="Không được dài quá {max} ký tự."))
    place = fields.Str(load_default="", error_messages=_vi(), validate=validate.Length(
        max=255, error="Không được dài quá {max} ký tự."))
    deputy_seats = fields.Int(strict=True, load_default=1, error_messages=_vi(invalid="Hãy ghi một số nguyên."),
                              validate=validate.Range(0, 2, error="Số tổ phó phải từ {min} đến {max}."))
    plan_template = fields.Str(load_default="nd-59-2023", allow_none=True, error_messages=_vi())
    history_ack = fields.Bool(load_default=False, error_messages=_vi(invalid="Hãy ghi true hoặc false."),
                              metadata={"description": "true: an older rule set, for history or a re-count"})
    single_strike = fields.Str(load_default="invalid", error_messages=_vi(), validate=validate.OneOf(
        ["invalid", "against"], error="Hãy ghi invalid hoặc against."), metadata={
        "description": "with a single candidate, a struck name: an invalid ballot, or a valid ballot against"})


class ElectionOut(Schema):
    id = fields.Int(required=True)
    name = fields.Str(required=True)
    term = fields.Str(required=True, attribute="term_label")
    rule_set = fields.Str(required=True, attribute="rule_set_id")
    default_vote_date = fields.Date(allow_none=True)
    default_starts_at = fields.Time(allow_none=True, format="%H:%M")
    single_strike = fields.Str(required=True, attribute="single_strike.value")
    rounds = fields.List(fields.Nested(RoundSchema), required=True)


class RoundPatch(_Strict):
    vote_date = VnDate()
    starts_at = VnTime(allow_none=True)
    place = fields.Str(error_messages=_vi(), validate=validate.Length(max=255, error="Không được dài quá {max} ký tự."))
    deputy_seats = fields.Int(strict=True, error_messages=_vi(invalid="Hãy ghi một số nguyên."),
                              validate=validate.Range(0, 2, error="Số tổ phó phải từ {min} đến {max}."))


@blp.route("/tdps/<id:tdp_id>/rounds")
@permission("tdp.view")
@blp.response(200, RoundSchema(many=True))
@document_errors(blp, 401, 403, 404)
def list_rounds(tdp_id: int):
    """The TDP's election rounds with their contests."""
    tdp = require(tdp=db.session.get(Tdp, tdp_id))
    return rounds_for_tdp(tdp.id)


@blp.route("/elections", methods=["POST"])
@permission("elections.manage")
@blp.arguments(ElectionIn)
@blp.response(201, ElectionOut)
@document_errors(blp, 400, 401, 403, 413, 422)
@api_transaction(ElectionError)
def post_election(body):
    """Create an election in the user's ward: one round per TDP on `vote_date`, the contests the rule set asks
    for, and the plan from `plan_template` (null: none). 422 with a Vietnamese reason for an impossible day, an
    older rule set without `history_ack`, a term already used."""
    ward = db.session.get(Ward, current_user.ward_id) or abort(404)
    data = NewElection(rule_set_id=body["rule_set"], vote_date=body["vote_date"], starts_at=body["starts_at"],
                       term_label=body["term_label"], name=body["name"], place=body["place"],
                       term_years=Fraction(body["term_years"]) if body["term_years"] else None,
                       deputy_seats=body["deputy_seats"], plan_template=body["plan_template"] or None,
                       history_ack=body["history_ack"], single_strike=SingleStrike(body["single_strike"]))
    return create_election(current_user, ward, data)


@blp.route("/rounds/<id:round_id>", methods=["PATCH"])
@permission("elections.manage")
@blp.arguments(RoundPatch)
@blp.response(200, RoundSchema)
@document_errors(blp, 400, 401, 403, 404, 409, 413, 422)
@api_transaction(ElectionError)
def patch_round(body, round_id: int):
    """Change a TDP's first-round vote day, start time, venue or elected deputies; fields left out keep their
    value. The plan's deadlines follow. 422 for a day after the TDP's candidate list was posted (with the
    reason); 409 for a re-run round, whose day is set when it is opened."""
    round_ = db.session.get(ElectionRound, round_id)
    if round_ is None:
        abort(404)
    require(tdp=round_.tdp)
    if round_.number != 1:
        message = "Đây là vòng bầu lại: ngày và địa điểm được đặt khi mở vòng bầu lại."
        api_abort(409, message=message, errors={"body": [message]})
    row = schedule.RowInput(
        1, str(round_.tdp.number),
        format_date(body["vote_date"]) if "vote_date" in body else schedule.UNCHANGED,
        (f"{body['starts_at']:%H:%M}" if body["starts_at"] else "") if "starts_at" in body else schedule.UNCHANGED,
        body.get("place", schedule.UNCHANGED), body.get("deputy_seats", schedule.UNCHANGED))
    preview = schedule.check_rows(round_.election, [row])
    if preview.problems:
        errors: dict[str, list[str]] = {}
        for p in preview.problems:
            errors.setdefault(p.column, []).append(p.message)
        api_abort(422, message=preview.problems[0].message, errors=errors)
    schedule.apply_schedule(current_user, round_.election, preview)
    return round_
