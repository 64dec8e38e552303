"""A ward with two TDPs voting on different days under the 2008 rule set, and its plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.auth.models import Duty, User
from app.elections.models import Election
from app.plan.models import Plan
from app.plan.services import create_plan
from app.wards.models import Tdp, Ward
from tests.factories import create_app_user, create_election, create_round, create_tdp, create_ward

VOTE_5, VOTE_6 = date(2017, 10, 15), date(2017, 10, 22)


@dataclass
class PlannedWard:
    ward: Ward
    tdp5: Tdp
    tdp6: Tdp
    election: Election
    plan: Plan
    admin: User


def planned_ward() -> PlannedWard:
    ward = create_ward()
    tdp5, tdp6 = create_tdp(ward, 5), create_tdp(ward, 6)
    election = create_election(ward)
    create_round(election, tdp5, VOTE_5)
    create_round(election, tdp6, VOTE_6)
    admin = create_app_user(ward, Duty.WARD_ADMIN)
    return PlannedWard(ward, tdp5, tdp6, election, create_plan(admin, election), admin)


def item_for(plan: Plan, code: str, tdp: Tdp | None = None):
    task = next(t for t in plan.tasks if t.code == code)
    return next(i for i in task.items if i.tdp_id == (tdp.id if tdp else None))
