"""GET /api/v1/wards/<id>/dashboard: each TDP's stage and result, and the ward's headline counters."""

from __future__ import annotations

from flask import abort, current_app
from flask_login import current_user
from marshmallow import Schema, fields

from app.api.common import api_blueprint, document_errors
from app.auth.permissions import permission
from app.dashboard.services import DEFAULT_RECOGNITION_DAYS, build, visible_tdps
from app.dashboard.stages import Stage, percent
from app.extensions import db
from app.wards.models import Ward

blp = api_blueprint("dashboard_api", __name__, "The ward dashboard")


class WinnerSchema(Schema):
    name = fields.Str(required=True)
    votes = fields.Int(required=True)


class SeatSchema(Schema):
    position = fields.Str(required=True, metadata={"description": "leader or deputy"})
    state = fields.Str(required=True, metadata={"description": "pending, elected, no_winner or rerun_pending"})
    round = fields.Int(required=True, metadata={"description": "The round of the post's latest contest"})
    winners = fields.List(fields.Nested(WinnerSchema), required=True)
    deadline = fields.Date(allow_none=True, metadata={"description": "Re-run (or ward decision) deadline"})


class TdpStageSchema(Schema):
    id = fields.Int(required=True)
    number = fields.Int(required=True)
    name = fields.Str(required=True)
    households = fields.Int(required=True)
    round = fields.Int(allow_none=True, metadata={"description": "Latest round: 1, or 2+ for a re-run"})
    vote_date = fields.Date(allow_none=True)
    stages = fields.Dict(keys=fields.Str(), values=fields.Bool(allow_none=True), required=True,
                         metadata={"description": "Stage → done; null when this copy cannot know (counted on the "
                                                  "TDP's laptop). Stages: " + ", ".join(s.value for s in Stage)})
    result = fields.Str(required=True, metadata={"description": "pending, partial (leader elected, another post "
                                                                "not counted yet), elected (every post filled), "
                                                                "no_winner or rerun_pending (any post)"})
    seats = fields.List(fields.Nested(SeatSchema), required=True, metadata={"description": "Each post's status"})
    leader_elected = fields.Bool(required=True)
    leaders = fields.List(fields.Nested(WinnerSchema), required=True)
    deputies = fields.List(fields.Nested(WinnerSchema), required=True)
    present = fields.Int(required=True)
    turnout = fields.Str(required=True, metadata={"description": "Present / all households, e.g. \"87,5%\""})
    rerun_deadline = fields.Date(allow_none=True)
    reruns = fields.Int(required=True)
    rule_breach = fields.Bool(required=True)
    recognised_on = fields.Date(allow_none=True)
    recognition_due = fields.Date(allow_none=True)


class AwaitingSchema(Schema):
    number = fields.Int(required=True)
    name = fields.Str(required=True)
    deadline = fields.Date(allow_none=True)


class CountersSchema(Schema):
    tdps = fields.Int(required=True)
    elected = fields.Int(required=True, metadata={"description": "TDPs whose leader is elected (\"38/38\")"})
    present = fields.Int(required=True)
    electorate = fields.Int(required=True, metadata={"description": "All households of the TDPs"})
    turnout = fields.Str(required=True)
    reruns = fields.Int(required=True)
    rule_breach_reruns = fields.Int(required=True)
    recognised = fields.Int(required=True)
    complete = fields.Int(required=True, metadata={"description": "TDPs with every post filled"})
    awaiting_rerun = fields.List(fields.Nested(AwaitingSchema), required=True)


class DashboardSchema(Schema):
    ward_id = fields.Int(required=True)
    election_id = fields.Int(allow_none=True)
    term = fields.Str(allow_none=True)
    counters = fields.Nested(CountersSchema, required=True)
    tdps = fields.List(fields.Nested(TdpStageSchema), required=True)


def _winners(pairs) -> list[dict]:
    return [{"name": name, "votes": votes} for name, votes in pairs]


@blp.route("/wards/<id:ward_id>/dashboard")
@permission("ward.view")
@blp.response(200, DashboardSchema)
@document_errors(blp, 401, 404)
def ward_dashboard(ward_id: int):
    """The ward dashboard: per TDP the stages done and the result; the headline counters. TDP-scoped
    roles see only their TDPs."""
    ward = db.session.get(Ward, ward_id)
    if ward is None or ward.id != current_user.ward_id:
        abort(404)
    board = build([ward.id], visible_tdps(current_user),
                  recognition_days=current_app.config.get("RECOGNITION_WORKING_DAYS", DEFAULT_RECOGNITION_DAYS))
    election = board.elections.get(ward.id)
    return {
        "ward_id": ward.id, "election_id": election.id if election else None,
        "term": election.term_label if election else None,
        "counters": counters_json(board.counters),
        "tdps": [row_json(r) for r in board.rows],
    }


def counters_json(c) -> dict:
    """The headline counters as CountersSchema gives them (the ward's, a province's ward's, the city's)."""
    return {"tdps": c.tdps, "elected": c.elected, "present": c.present, "electorate": c.electorate,
            "turnout": percent(c.turnout), "reruns": c.reruns, "rule_breach_reruns": c.rule_breach_reruns,
            "recognised": c.recognised, "complete": c.complete,
            "awaiting_rerun": [{"number": r.number, "name": r.name, "deadline": r.rerun_deadline} for r in c.awaiting]}


def row_json(r) -> dict:
    """One TDP's dashboard row as TdpStageSchema gives it."""
    return {"id": r.id, "number": r.number, "name": r.name, "households": r.households,
            "round": r.round_number, "vote_date": r.vote_date,
            "stages": {s.value: v for s, v in r.stages.items()}, "result": r.result.value,
            "leader_elected": r.leader_elected, "leaders": _winners(r.winners.get("leader", ())),
            "deputies": _winners(r.winners.get("deputy", ())), "present": r.present,
            "turnout": percent(r.turnout), "rerun_deadline": r.rerun_deadline, "reruns": r.reruns,
            "rule_breach": r.rule_breach, "recognised_on": r.recognised_on,
            "recognition_due": r.recognition_due,
            "seats": [{"position": s.position, "state": s.state.value, "round": s.round_number,
                       "winners": _winners(s.winners), "deadline": s.deadline} for s in r.seats]}
