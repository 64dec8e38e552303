"""Reads for the accounts page: the ward's users, filtered by TDP and duty."""

from __future__ import annotations

from sqlalchemy import select

from app.auth.models import Duty, User, UserDuty, user_tdps
from app.extensions import db
from app.wards.models import Tdp


def ward_users(ward_id: int, *, tdp_id: int | None = None, duty: Duty | None = None) -> list[User]:
    """The ward's users by username; with `tdp_id` those scoped to that TDP, with `duty` those holding it."""
    query = select(User).where(User.ward_id == ward_id).order_by(User.username)
    if tdp_id is not None:
        query = query.where(User.id.in_(select(user_tdps.c.user_id).where(user_tdps.c.tdp_id == tdp_id)))
    if duty is not None:
        query = query.where(User.id.in_(select(UserDuty.user_id).where(UserDuty.duty == duty)))
    return list(db.session.scalars(query))


def ward_tdps(ward_id: int) -> list[Tdp]:
    """The ward's current TDPs (a dissolved one gets no new accounts)."""
    return list(db.session.scalars(select(Tdp).where(Tdp.ward_id == ward_id, Tdp.dissolved_on.is_(None))
                                   .order_by(Tdp.number)))


def user_in_ward(user_id: int, ward_id: int) -> User | None:
    user = db.session.get(User, user_id)
    return user if user is not None and user.ward_id == ward_id else None
