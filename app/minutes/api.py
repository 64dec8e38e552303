"""POST /api/v1/minutes/verify."""

from __future__ import annotations

from flask_login import current_user
from marshmallow import Schema, fields, validate

from app.api.common import api_blueprint, document_errors
from app.auth.permissions import permission
from app.minutes.services import MESSAGES, scoped, verify_minutes_qr

blp = api_blueprint("minutes_api", __name__, "Minutes: checking a paper copy's QR code against the stored result")


class MinutesVerifyIn(Schema):
    payload = fields.Str(required=True, validate=validate.Length(max=4096),
                         metadata={"description": "The text of the QR code printed on the minutes (BB1:...)"})


class MinutesVerifyOut(Schema):
    ok = fields.Bool(required=True, metadata={"description": "Genuine and still matching the stored result"})
    reason = fields.Str(allow_none=True, metadata={
        "description": "None when ok, else one of " + ", ".join(r for r in MESSAGES if r)})
    message = fields.Str(required=True, metadata={"description": "Vietnamese explanation"})
    kind = fields.Str(allow_none=True, metadata={"description": "counting or meeting"})
    object_id = fields.Int(allow_none=True, metadata={"description": "The contest id (counting) or round id (meeting)"})
    matches_stored = fields.Bool(required=True, metadata={
        "description": "The stored result still has the digest the paper carries"})


@blp.route("/minutes/verify", methods=["POST"])
@permission("ward.view")
@blp.arguments(MinutesVerifyIn)
@blp.response(200, MinutesVerifyOut)
@document_errors(blp, 400, 401, 413, 422)
def verify_minutes(body):
    """Is this paper copy of the minutes genuine, and does the stored result still match it? A code of
    another ward, or of a TDP outside the caller's scope, is reported as unknown."""
    check = scoped(verify_minutes_qr(body["payload"]), current_user)
    return {"ok": check.ok, "reason": check.reason, "message": check.message, "kind": check.kind,
            "object_id": check.object, "matches_stored": check.matches_stored}
