"""GET /api/v1/contests/<id>/candidates."""

from __future__ import annotations

from flask import abort
from marshmallow import Schema, fields

from app.api.common import api_blueprint, document_errors
from app.auth.permissions import permission, require
from app.candidates.models import ConsultationOutcome, VettingDecision
from app.candidates.policy import list_of
from app.candidates.queries import statuses
from app.elections.models import Contest
from app.extensions import db

blp = api_blueprint("candidates_api", __name__, "Candidates and final lists")


class CandidateSchema(Schema):
    id = fields.Int(required=True)
    person_id = fields.Int(required=True)
    full_name = fields.Str(required=True, metadata={"description": "Full name, NFC"})
    honorific = fields.Str(required=True, metadata={"description": "Ông or Bà"})
    birth_year = fields.Int(allow_none=True)
    source = fields.Str(required=True, metadata={
        "description": "front_committee, incumbent, self_at_meeting or households_at_meeting"})
    vetting_decision = fields.Str(allow_none=True, metadata={"description": "approved, rejected, or null (pending)"})
    consultation = fields.Str(allow_none=True, metadata={"description": "kept, withdrawn, or null (not recorded)"})
    withdrawn = fields.Bool(required=True)
    on_final_list = fields.Bool(required=True, metadata={"description": "Approved and kept by the meeting"})
    published = fields.Bool(required=True, metadata={"description": "On the posted final list"})


class ContestCandidatesSchema(Schema):
    contest_id = fields.Int(required=True)
    position = fields.Str(required=True, metadata={"description": "leader (tổ trưởng) or deputy (tổ phó)"})
    seats = fields.Int(required=True)
    published_on = fields.Date(allow_none=True, metadata={"description": "Posting date of the final list"})
    frozen = fields.Bool(required=True, metadata={"description": "Ballots are printed: the list cannot change"})
    candidates = fields.List(fields.Nested(CandidateSchema), required=True, metadata={
        "description": "Ballot order (Vietnamese name order); withdrawn candidates last"})


def _row(candidate, published: bool) -> dict:
    person = candidate.person
    on_list = (candidate.withdrawn_at is None and candidate.decision is VettingDecision.APPROVED
               and candidate.outcome is not ConsultationOutcome.WITHDRAWN)
    return {"id": candidate.id, "person_id": person.id, "full_name": person.full_name, "honorific": person.honorific,
            "birth_year": person.birth_year or (person.birth_date.year if person.birth_date else None),
            "source": candidate.source.value,
            "vetting_decision": candidate.decision.value if candidate.decision else None,
            "consultation": candidate.outcome.value if candidate.outcome else None,
            "withdrawn": candidate.withdrawn_at is not None, "on_final_list": on_list,
            "published": on_list and published}


@blp.route("/contests/<id:contest_id>/candidates")
@permission("tdp.view")
@blp.response(200, ContestCandidatesSchema)
@document_errors(blp, 401, 403, 404)
def list_candidates(contest_id: int):
    """The contest's candidates in ballot order, each with its source, vetting decision and whether it is on
    the published final list."""
    contest = db.session.get(Contest, contest_id) or abort(404)
    require(tdp=contest.round.tdp)
    row, status = list_of(contest), statuses([contest])[0]
    published = row is not None and row.published_on is not None
    return {"contest_id": contest.id, "position": contest.position.value, "seats": contest.seats,
            "published_on": row.published_on if row else None, "frozen": status.stage.frozen,
            "candidates": [_row(c, published) for c in status.candidates]}
