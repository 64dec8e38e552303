"""Read-only queries over elections, rounds and contests."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.elections.models import Election, ElectionRound
from app.extensions import db


def rounds_for_tdp(tdp_id: int) -> list[ElectionRound]:
    """The TDP's rounds, newest election first, with their contests loaded."""
    stmt = (
        select(ElectionRound)
        .join(Election)
        .where(ElectionRound.tdp_id == tdp_id)
        .options(selectinload(ElectionRound.contests), selectinload(ElectionRound.election))
        .order_by(Election.created_at.desc(), ElectionRound.number)
    )
    return list(db.session.scalars(stmt))


def elections_for_ward(ward_id: int) -> list[Election]:
    return list(db.session.scalars(select(Election).where(Election.ward_id == ward_id).order_by(Election.id.desc())))


def terms_joined(tdp_ids: list[int]) -> list[str]:
    """The terms of the elections in which these TDPs have a round (what a newly added TDP joined)."""
    if not tdp_ids:
        return []
    return sorted(set(db.session.scalars(select(Election.term_label).join(ElectionRound)
                                         .where(ElectionRound.tdp_id.in_(tdp_ids)))))
