"""GET /api/v1/tdps/<id>/roll."""

from __future__ import annotations

from marshmallow import Schema, fields

from app.api.common import api_blueprint, document_errors
from app.auth.permissions import permission, require
from app.extensions import db
from app.rolls.queries import current_fingerprint, sorted_households
from app.wards.models import Tdp

blp = api_blueprint("rolls_api", __name__, "Household voter rolls")


class HouseholdSchema(Schema):
    id = fields.Int(required=True)
    code = fields.Str(required=True)
    address = fields.Str(required=True)
    sub_group = fields.Str(allow_none=True, metadata={"description": "Liên gia"})
    representative = fields.Str(required=True, metadata={"description": "Full name, NFC"})
    honorific = fields.Str(required=True, metadata={"description": "Ông or Bà"})
    birth_year = fields.Int(allow_none=True)


class RollSchema(Schema):
    tdp_id = fields.Int(required=True)
    fingerprint = fields.Str(required=True, metadata={"description": "SHA-256 of the canonical roll"})
    fingerprint_short = fields.Str(required=True)
    households = fields.List(fields.Nested(HouseholdSchema), required=True,
                             metadata={"description": "Active households in Vietnamese name order"})


@blp.route("/tdps/<id:tdp_id>/roll")
@permission("tdp.view")
@blp.response(200, RollSchema)
@document_errors(blp, 401, 403, 404)
def get_roll(tdp_id: int):
    """The TDP's roll: active households with their representatives, sorted, and the roll fingerprint.
    Citizen ID numbers are never included."""
    tdp = require(tdp=db.session.get(Tdp, tdp_id))
    fingerprint = current_fingerprint(tdp.id)
    return {"tdp_id": tdp.id, "fingerprint": fingerprint.hex, "fingerprint_short": fingerprint.short,
            "households": sorted_households(tdp.id)}
