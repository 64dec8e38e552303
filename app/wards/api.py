"""GET /api/v1/wards and /api/v1/wards/<id>/tdps."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from marshmallow import Schema, fields

from app.api.common import api_blueprint, document_errors
from app.auth.permissions import permission
from app.extensions import db
from app.wards.models import Ward
from app.wards.queries import tdp_rows, ward_summaries

blp = api_blueprint("wards_api", __name__, "Wards and their residential groups (TDP)")


class WardSchema(Schema):
    id = fields.Int(required=True)
    name = fields.Str(required=True)
    tdps = fields.Int(required=True, metadata={"description": "Number of TDPs the caller may see"})
    households = fields.Int(required=True, metadata={"description": "Active households in those TDPs"})


class TdpSchema(Schema):
    id = fields.Int(required=True)
    number = fields.Int(required=True)
    name = fields.Str(required=True)
    households = fields.Int(required=True)


@blp.route("/wards")
@permission("ward.view")
@blp.response(200, WardSchema(many=True))
@document_errors(blp, 401)
def list_wards():
    """The caller's ward with its number of TDPs and households."""
    return ward_summaries(current_user)


@blp.route("/wards/<id:ward_id>/tdps")
@permission("ward.view")
@blp.response(200, TdpSchema(many=True))
@document_errors(blp, 401, 404)
def list_tdps(ward_id: int):
    """The ward's TDPs (only the caller's own for TDP-scoped roles), by number."""
    ward = db.session.get(Ward, ward_id)
    if ward is None or ward.id != current_user.ward_id:
        abort(404)
    return tdp_rows(current_user, ward.id)
