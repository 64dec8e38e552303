"""POST /api/v1/contests/<id>/ballots and GET /api/v1/contests/<id>/result."""

from __future__ import annotations

from flask import g
from flask_login import current_user
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.api.common import api_blueprint, api_transaction, document_errors
from app.api.common import contest_first as _contest_first
from app.api.common import scoped_contest as _contest
from app.auth.permissions import permission
from app.rules import InvalidReason
from app.tally import entry
from app.tally.errors import TallyError
from app.tally.result import count_view

blp = api_blueprint("tally_api", __name__, "The count: ballot entry and results")


class BallotIn(Schema):
    payload = fields.Str(required=True, validate=validate.Length(max=512))
    kept = fields.List(fields.Int(strict=True), load_default=list,
                       metadata={"description": "Person ids of the candidates whose names were left unstruck"})
    invalid_reason = fields.Str(load_default=None, allow_none=True,
                                validate=validate.OneOf([r.value for r in InvalidReason]))
    pass_no = fields.Int(load_default=1, validate=validate.OneOf([1, 2]), data_key="pass")
    typed_reason = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=255),
                              metadata={"description": "Why the QR would not scan, when `payload` is the typed "
                                                       "short code printed on the ballot"})

    @validates_schema
    def _one_of(self, data, **_):
        if data.get("kept") and data.get("invalid_reason"):
            raise ValidationError("Give either kept names or an invalid reason, not both.")


class BallotOut(Schema):
    id = fields.Int(required=True)
    serial = fields.Str(required=True)
    valid = fields.Bool(required=True)
    invalid_reason = fields.Str(allow_none=True)
    kept = fields.List(fields.Int(), required=True)
    stack = fields.Int(allow_none=True, metadata={"description": "First pass: the stack the paper is laid on"})
    position = fields.Int(allow_none=True, metadata={"description": "First pass: its position in that stack"})


class CandidateResult(Schema):
    person_id = fields.Int(required=True)
    name = fields.Str(required=True)
    votes = fields.Int(required=True)
    share_of_electorate = fields.Str(required=True, metadata={"description": "Percentage of the whole electorate, 2 decimals"})
    elected = fields.Bool(required=True)


class ResultOut(Schema):
    contest_id = fields.Int(required=True)
    status = fields.Str(required=True, metadata={"description": "setup, counting or final"})
    electorate = fields.Int(required=True)
    present = fields.Int(required=True)
    returned = fields.Int(required=True)
    valid = fields.Int(required=True)
    invalid = fields.Dict(keys=fields.Str(), values=fields.Int(), required=True)
    threshold = fields.Int(allow_none=True, metadata={"description": "Votes needed: more than half of the base"})
    outcome = fields.Str(allow_none=True)
    rerun_deadline = fields.Date(allow_none=True)
    note = fields.Str(allow_none=True)
    candidates = fields.List(fields.Nested(CandidateResult), required=True)


@blp.route("/contests/<id:contest_id>/ballots", methods=["POST"])
@permission("tally.enter")
@_contest_first
@blp.arguments(BallotIn)
@blp.response(201, BallotOut)
@document_errors(blp, 400, 401, 403, 404, 409, 413, 422)
@api_transaction(TallyError)
def post_ballot(body, contest_id: int):
    """Enter one scanned ballot: 201 when counted; 409 for a serial already counted; 422 with a reason
    code for anything not genuine, not of this contest, a test ballot, or a count not open."""
    saved = entry.enter_ballot(current_user, g.contest, body["payload"], kept=body["kept"],
                               invalid_reason=body["invalid_reason"], pass_no=body["pass_no"],
                               typed_reason=body["typed_reason"])
    # read before the commit, which expires `saved` (reading it again would cost a query)
    return {"id": saved.id, "serial": saved.serial, "valid": saved.invalid_reason is None,
            "invalid_reason": saved.invalid_reason, "kept": saved.kept, "stack": saved.stack_no,
            "position": saved.stack_pos}


@blp.route("/contests/<id:contest_id>/result")
@permission("tdp.view")
@blp.response(200, ResultOut)
@document_errors(blp, 401, 403, 404)
def get_result(contest_id: int):
    """The contest's count so far and its result under the election's rule set (provisional until final)."""
    contest = _contest(contest_id)
    view = count_view(contest)
    d = view.decision
    return {
        "contest_id": contest.id, "status": view.tally.status.value, "electorate": view.electorate,
        "present": view.present, "returned": view.totals.returned, "valid": view.totals.valid,
        "invalid": {r.value: n for r, n in view.totals.invalid.items()},
        "threshold": d.threshold if d else None, "outcome": d.outcome.value if d else None,
        "rerun_deadline": d.rerun_deadline if d else None, "note": view.decision_note,
        "candidates": [{"person_id": c.person_id, "name": c.name, "votes": view.totals.votes.get(c.person_id, 0),
                        "share_of_electorate": f"{float(d.shares[str(c.person_id)] * 100):.2f}" if d else "0.00",
                        "elected": bool(d and str(c.person_id) in d.elected)} for c in view.candidates],
    }


# The count's lifecycle for a scanning station (open, zero report, differences, ledger, reconciliation, lock)
# lives in its own module and adds its routes to this blueprint.
from app.tally import api_count  # noqa: E402,F401
