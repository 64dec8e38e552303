"""GET /api/v1/rounds/<id>/attendance."""

from __future__ import annotations

from flask import abort
from marshmallow import Schema, fields

from app.api.common import api_blueprint, document_errors
from app.attendance import services
from app.auth.permissions import permission, require
from app.elections.models import ElectionRound
from app.extensions import db

blp = api_blueprint("attendance_api", __name__, "Sign-in and quorum at the meeting")


class AttendanceSchema(Schema):
    round_id = fields.Int(required=True)
    present = fields.Int(required=True)
    electorate = fields.Int(required=True, metadata={"description": "Active households of the TDP"})
    quorum_needed = fields.Int(required=True, metadata={"description": "Smallest number present for a quorum"})
    quorum_reached = fields.Bool(required=True)
    missing = fields.Int(required=True)


@blp.route("/rounds/<id:round_id>/attendance")
@permission("tdp.view")
@blp.response(200, AttendanceSchema)
@document_errors(blp, 401, 403, 404)
def get_attendance(round_id: int):
    """How many household representatives are present and whether the rule set's quorum is reached."""
    round_ = db.session.get(ElectionRound, round_id) or abort(404)
    require(tdp=round_.tdp)
    q = services.quorum(round_)
    return {"round_id": round_.id, "present": q.present, "electorate": q.electorate, "quorum_needed": q.needed,
            "quorum_reached": q.reached, "missing": q.missing}
