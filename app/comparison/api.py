"""GET /api/v1/contests/<id>/audit (the audit's figures, places and outcomes) and POST …/audit/draw."""

from __future__ import annotations

from flask import g
from flask_login import current_user
from flask_smorest import abort as api_abort
from marshmallow import Schema, fields, validate

from app.api.common import api_blueprint, api_transaction, document_errors
from app.api.common import contest_first as _contest_first
from app.api.common import scoped_contest as _contest
from app.auth.permissions import permission
from app.comparison import services
from app.elections.models import Contest

blp = api_blueprint("comparison_api", __name__, "The comparison audit after the count")


class DrawOut(Schema):
    order = fields.Int(required=True)
    stack = fields.Int(required=True)
    position = fields.Int(required=True, metadata={"description": "The position in a stack laid by hand; in a "
                          "scanned pile (find_serial set) only the paper's rank by serial, which keys the ticket"})
    find_serial = fields.Str(allow_none=True, metadata={"description": "For a paper the reader entered: the serial "
                             "to look for in the pile `stack`, as printed beside the QR; null for a paper laid by hand"})
    where = fields.Str(required=True, metadata={"description": "Where to find the paper, in Vietnamese"})
    ticket = fields.Str(required=True, metadata={"description": "SHA-256 of \"<seed>,<stack>,<position>\""})
    compared = fields.Bool(required=True)
    lean = fields.Str(allow_none=True, metadata={"description": "none, neutral, hurts or helps (the outcome)"})


class AuditOut(Schema):
    contest_id = fields.Int(required=True)
    status = fields.Str(required=True, metadata={"description": "published, drawn, passed, recount, recounted"})
    papers = fields.Int(required=True, metadata={"description": "N"})
    margin = fields.Int(required=True, metadata={"description": "m"})
    risk_limit = fields.Str(required=True, metadata={"description": "α as a fraction, e.g. 1/20"})
    draws = fields.Int(required=True, metadata={"description": "k"})
    seed = fields.Str(allow_none=True)
    drawn = fields.List(fields.Nested(DrawOut), required=True)


class DrawIn(Schema):
    seed = fields.Str(required=True, validate=validate.Length(max=80))
    witnesses = fields.List(fields.Str(validate=validate.Length(max=120)), required=True,
                            validate=validate.Length(min=2, max=5))


def _audit(contest: Contest):
    audit = services.audit_of(contest)
    if audit is None:
        api_abort(409, message="Chưa công bố cỡ mẫu kiểm tra đối chiếu cho cuộc bầu này.",
                  errors={"reason": "not_published"})
    return audit


def _out(audit) -> dict:
    return {"contest_id": audit.contest_id, "status": audit.status.value, "papers": audit.papers,
            "margin": audit.margin, "risk_limit": audit.risk_limit, "draws": audit.draws, "seed": audit.seed,
            "drawn": [{"order": d.ticket_order, "stack": d.stack_no, "position": d.stack_pos, "ticket": d.ticket,
                       "find_serial": d.printed_serial, "where": d.where,
                       "compared": d.compared, "lean": d.lean} for d in audit.drawn]}


@blp.route("/contests/<id:contest_id>/audit")
@permission("tdp.view")
@blp.response(200, AuditOut)
@document_errors(blp, 401, 403, 404, 409)
def get_audit(contest_id: int):
    """The contest's comparison audit: N, m, k, α, the seed and each drawn place; 409 before it is published."""
    audit = _audit(_contest(contest_id))
    return _out(audit)


@blp.route("/contests/<id:contest_id>/audit/draw", methods=["POST"])
@permission("comparison.run")
@_contest_first
@blp.arguments(DrawIn)
@blp.response(200, AuditOut)
@document_errors(blp, 400, 401, 403, 404, 409, 422)
@api_transaction(services.ComparisonError)
def post_draw(body, contest_id: int):
    """Draw the places from the witnesses' seed (once); 422 for a short seed or too few witnesses."""
    audit = _audit(g.contest)
    services.draw_papers(current_user, audit, body["seed"], body["witnesses"])
    return _out(audit)
