"""Read-only queries about wards and TDPs, scoped to what a user may see."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.auth.models import User
from app.auth.security import scope_tdps
from app.extensions import db
from app.rolls.models import Household, HouseholdStatus
from app.wards.models import Tdp, Ward


@dataclass(frozen=True)
class TdpRow:
    id: int
    number: int
    name: str
    households: int


@dataclass(frozen=True)
class WardSummary:
    id: int
    name: str
    tdps: int
    households: int


def _active_household_counts():
    return (
        select(Household.tdp_id, func.count().label("n"))
        .where(Household.status == HouseholdStatus.ACTIVE)
        .group_by(Household.tdp_id)
        .subquery()
    )


def tdp_rows(user: User, ward_id: int) -> list[TdpRow]:
    """The ward's current (not dissolved) TDPs the user may see, by number, with their active household counts."""
    counts = _active_household_counts()
    stmt = (
        select(Tdp.id, Tdp.number, Tdp.name, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.tdp_id == Tdp.id)
        .where(Tdp.ward_id == ward_id, Tdp.dissolved_on.is_(None))
        .order_by(Tdp.number)
    )
    stmt = scope_tdps(stmt, user, Tdp.id)
    return [TdpRow(*row) for row in db.session.execute(stmt)]


def ward_summaries(user: User) -> list[WardSummary]:
    """The user's ward with its TDP and household counts (restricted to the user's TDPs)."""
    ward = db.session.get(Ward, user.ward_id)
    if ward is None:
        return []
    rows = tdp_rows(user, ward.id)
    return [WardSummary(ward.id, ward.name, len(rows), sum(r.households for r in rows))]
