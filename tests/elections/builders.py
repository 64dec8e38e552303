"""A ward with TDPs and an admin, and an election created through the service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from app.auth.models import Duty, User
from app.elections.models import Election
from app.elections.services import NewElection, create_election
from app.wards.models import Tdp, Ward
from tests.factories import create_app_user, create_tdp, create_ward

VOTE_DAY = date(2027, 3, 14)


@dataclass
class World:
    ward: Ward
    tdps: dict[int, Tdp]
    admin: User


def ward_with_tdps(*numbers: int) -> World:
    ward = create_ward()
    tdps = {n: create_tdp(ward, n) for n in numbers or (1, 2, 3)}
    return World(ward, tdps, create_app_user(ward, Duty.WARD_ADMIN))


def new_election(world: World, **changes) -> Election:
    data = {"rule_set_id": "nd-59-2023", "vote_date": VOTE_DAY, "starts_at": time(8, 0),
            "plan_template": "nd-59-2023", **changes}
    return create_election(world.admin, world.ward, NewElection(**data))
