"""Read-only queries over the steering committee."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.committee.models import CommitteeMember, Subcommittee
from app.extensions import db


def members(ward_id: int) -> list[CommitteeMember]:
    """The ward's committee members in the order they were added, with subcommittees, TDPs and logins."""
    return list(db.session.scalars(
        select(CommitteeMember).where(CommitteeMember.ward_id == ward_id).order_by(CommitteeMember.id)
        .options(selectinload(CommitteeMember.subcommittees), selectinload(CommitteeMember.tdps),
                 selectinload(CommitteeMember.user))))


def subcommittees(ward_id: int) -> list[Subcommittee]:
    return list(db.session.scalars(select(Subcommittee).where(Subcommittee.ward_id == ward_id)
                                   .order_by(Subcommittee.name).options(selectinload(Subcommittee.members))))


def member_for(user: User) -> CommitteeMember | None:
    """The committee member linked to this login, if any."""
    return db.session.scalar(select(CommitteeMember).where(CommitteeMember.user_id == user.id,
                                                          CommitteeMember.ward_id == user.ward_id))
