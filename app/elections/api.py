"""GET /api/v1/tdps/<id>/rounds."""

from __future__ import annotations

from marshmallow import Schema, fields

from app.api.common import api_blueprint, document_errors
from app.auth.permissions import permission, require
from app.elections.queries import rounds_for_tdp
from app.extensions import db
from app.wards.models import Tdp

blp = api_blueprint("elections_api", __name__, "Elections, rounds and contests")


class ContestSchema(Schema):
    id = fields.Int(required=True)
    position = fields.Str(required=True, metadata={"description": "leader (tổ trưởng) or deputy (tổ phó)"})
    seats = fields.Int(required=True)


class RoundSchema(Schema):
    id = fields.Int(required=True)
    election_id = fields.Int(required=True)
    term = fields.Str(required=True, attribute="election.term_label")
    rule_set = fields.Str(required=True, attribute="election.rule_set_id")
    number = fields.Int(required=True, metadata={"description": "1 for the first vote, 2 for a re-run ..."})
    vote_date = fields.Date(required=True)
    place = fields.Str(required=True)
    contests = fields.List(fields.Nested(ContestSchema), required=True)


@blp.route("/tdps/<id:tdp_id>/rounds")
@permission("tdp.view")
@blp.response(200, RoundSchema(many=True))
@document_errors(blp, 401, 403, 404)
def list_rounds(tdp_id: int):
    """The TDP's election rounds with their contests."""
    tdp = require(tdp=db.session.get(Tdp, tdp_id))
    return rounds_for_tdp(tdp.id)
