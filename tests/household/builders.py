"""A TDP under nd-59-2023 whose meeting failed quorum, with an election team to form collection teams."""

from __future__ import annotations

from sqlalchemy import select

from app.candidates import services as candidate_services
from app.candidates.models import Candidate
from app.extensions import db
from app.rolls.models import Household
from tests.electionkit import published, sign_in


def failed_meeting(households: int = 40, present: int = 12, team_size: int = 4):
    """`households` on the roll, `present` signed in (no quorum), and `team_size` election-team members."""
    kit = published(households=households, rule_set="nd-59-2023")
    sign_in(kit, present)
    standing = set(db.session.scalars(select(Candidate.person_id).where(Candidate.round_id == kit.round.id)))
    codes = db.session.execute(select(Household.code, Household.representative_id)
                               .where(Household.tdp_id == kit.tdp.id).order_by(Household.code.desc())).all()
    kit.team = []
    for code, person in codes:
        if person in standing:
            continue
        member = candidate_services.add_member(None, kit.round, candidate_services.PersonChoice(household_code=code),
                                               candidate_services.TeamRole.MEMBER)
        kit.team.append(member.person_id)
        if len(kit.team) == team_size:
            break
    kit.standing = sorted(standing)
    return kit
