"""POST /api/v1/ballots/verify."""

from __future__ import annotations

from flask_login import current_user
from marshmallow import Schema, fields, validate

from app.api.common import api_blueprint, document_errors
from app.auth.permissions import can, permission
from app.elections.models import Contest
from app.extensions import db
from app.printing.verify import VerifyReason, verify

blp = api_blueprint("ballots_api", __name__, "Ballots: verification of scanned QR codes")


class VerifyIn(Schema):
    payload = fields.Str(required=True, validate=validate.Length(max=4096),
                         metadata={"description": "The text read from the ballot's QR code"})


class VerifyOut(Schema):
    genuine = fields.Bool(required=True)
    reason = fields.Str(allow_none=True, metadata={"description": "A code from " + ", ".join(r.value for r in VerifyReason)})
    message = fields.Str(allow_none=True, metadata={"description": "Vietnamese explanation"})
    tdp_id = fields.Int(allow_none=True)
    tdp_number = fields.Int(allow_none=True)
    contest_id = fields.Int(allow_none=True)
    position = fields.Str(allow_none=True)
    test = fields.Bool(allow_none=True)
    serial = fields.Str(allow_none=True)
    counted = fields.Bool(required=True, metadata={"description": "The serial was already counted"})


@blp.route("/ballots/verify", methods=["POST"])
@permission("ward.view")
@blp.arguments(VerifyIn)
@blp.response(200, VerifyOut)
@document_errors(blp, 400, 401, 413, 422)
def verify_ballot(body):
    """Is this ballot genuine? The signature, the print run (not void), the election definition and
    the serial are checked; a ballot of a TDP outside the caller's scope is reported as unknown."""
    result = verify(body["payload"], counted=_counted)
    contest = db.session.get(Contest, result.contest_id) if result.contest_id else None
    if contest is not None and not can(current_user, "tdp.view", contest.round.tdp_id) \
            or contest is not None and contest.round.tdp.ward_id != current_user.ward_id:
        return {"genuine": False, "reason": VerifyReason.UNKNOWN_CONTEST.value,
                "message": "Phiếu không thuộc phạm vi của bạn.", "counted": False}
    return {"genuine": result.genuine, "reason": result.reason.value if result.reason else None,
            "message": result.message, "tdp_id": result.tdp_id,
            "tdp_number": contest.round.tdp.number if contest else None, "contest_id": result.contest_id,
            "position": contest.position.value if contest else None, "test": result.test,
            "serial": result.serial, "counted": result.counted}


def _counted(serial: str) -> bool:
    from app.tally.queries import serial_counted

    return serial_counted(serial)
