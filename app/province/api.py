"""GET /api/v1/province/dashboard: the province page as JSON (every ward's counters, the city's, a page of TDPs)."""

from __future__ import annotations

from flask import abort
from marshmallow import Schema, fields, validate

from app.api.common import api_blueprint, document_errors
from app.auth.permissions import permission
from app.core.db import utcnow
from app.core.time import LOCAL_TZ
from app.dashboard.api import CountersSchema, TdpStageSchema, counters_json, row_json
from app.province import queries
from app.province.views import recognition_days

blp = api_blueprint("province_api", __name__, "The province/city dashboard")


class ProvinceQuery(Schema):
    q = fields.Str(load_default="", validate=validate.Length(max=queries.MAX_SEARCH),
                   metadata={"description": "TDP name (contains, any case) or number"})
    ward = fields.Int(load_default=None, validate=validate.Range(min=1), metadata={"description": "Only this ward"})
    page = fields.Int(load_default=1, validate=validate.Range(min=1, max=10**9 - 1),
                      metadata={"description": "Page of 50 TDPs; past the last: the last"})


class WardSummarySchema(Schema):
    ward_id = fields.Int(required=True)
    name = fields.Str(required=True)
    election_id = fields.Int(allow_none=True, metadata={"description": "Null: the ward has no election yet"})
    counters = fields.Nested(CountersSchema, allow_none=True)


class ProvinceTdpSchema(TdpStageSchema):
    ward_id = fields.Int(required=True)


class ProvinceDashboardSchema(Schema):
    generated_at = fields.DateTime(required=True, metadata={"description": "Vietnam time (+07:00)"})
    counters = fields.Nested(CountersSchema, required=True, metadata={"description": "The whole city"})
    wards = fields.List(fields.Nested(WardSummarySchema), required=True)
    tdps = fields.List(fields.Nested(ProvinceTdpSchema), required=True, metadata={"description": "This page"})
    matching = fields.Int(required=True, metadata={"description": "TDPs matching the filter, over every page"})
    page = fields.Int(required=True)
    pages = fields.Int(required=True)


@blp.route("/province/dashboard")
@permission("province.view")
@blp.arguments(ProvinceQuery, location="query")
@blp.response(200, ProvinceDashboardSchema)
@document_errors(blp, 401, 403, 404, 422)
def province_dashboard(args):
    """Every ward of this server with its headline counters, the city's, and one page of 50 TDPs (by ward, then
    number), filtered by `q` and `ward`. Province accounts only; read only."""
    wards = queries.wards()
    ids = [i for i, _ in wards]
    if args["ward"] is not None and args["ward"] not in ids:
        abort(404, description=f"Không có phường mã {args['ward']} trên máy chủ này.")
    chosen = queries.Filter(" ".join(args["q"].split()), args["ward"], args["page"])
    board = queries.dashboard(ids, chosen, recognition_days())
    summaries = {w.ward_id: w for w in board.wards}
    return {
        "generated_at": utcnow().astimezone(LOCAL_TZ),
        "counters": counters_json(board.counters),
        "wards": [{"ward_id": i, "name": name, "election_id": summaries[i].election_id if i in summaries else None,
                   "counters": counters_json(summaries[i].counters) if i in summaries else None}
                  for i, name in wards],
        "tdps": [{**row_json(r), "ward_id": board.ward_of[r.id]} for r in board.rows],
        "matching": board.matching, "page": board.page, "pages": board.pages,
    }
