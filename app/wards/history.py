"""TDP names over time: the name a TDP had on a given day, and the rename that closes one name and opens the next."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select

from app.extensions import db
from app.wards.models import Tdp, TdpName


def names_of(tdp_id: int) -> list[TdpName]:
    """The TDP's names, oldest first (empty when it was never renamed)."""
    rows = db.session.scalars(select(TdpName).where(TdpName.tdp_id == tdp_id))
    return sorted(rows, key=lambda r: (r.valid_from is not None, r.valid_from or date.min, r.id))


def tdp_name_on(tdp: Tdp, day: date | None) -> str:
    """The TDP's name as it was on `day` (the election's vote date): what its papers print. The current name
    when `day` is empty or the TDP was never renamed."""
    if day is None:
        return tdp.name
    name = db.session.scalar(
        select(TdpName.name).where(TdpName.tdp_id == tdp.id,
                                   or_(TdpName.valid_from.is_(None), TdpName.valid_from <= day),
                                   or_(TdpName.valid_to.is_(None), TdpName.valid_to > day))
        .order_by(TdpName.id.desc()).limit(1))
    return name if name is not None else tdp.name


def open_name(tdp: Tdp, *, new_name: str, effective_on: date, decision: str) -> None:
    """Close the current name the day before `effective_on` and open `new_name` from that day (flushes).

    The caller has checked that `effective_on` is after the current name's first day (`last_start`)."""
    rows = names_of(tdp.id)
    current = next((r for r in reversed(rows) if r.valid_to is None), None)
    if current is None:
        current = TdpName(tdp_id=tdp.id, name=tdp.name, number=tdp.number, valid_from=None, decision="")
        db.session.add(current)
    current.valid_to = effective_on
    db.session.add(TdpName(tdp_id=tdp.id, name=new_name, number=tdp.number, valid_from=effective_on,
                           valid_to=None, decision=decision))
    db.session.flush()


def close_name(tdp: Tdp, *, effective_on: date, decision: str) -> None:
    """End the TDP's current name the day before `effective_on` (the TDP is merged into another): a closing
    row with the decision and no name after it. Flushes."""
    rows = names_of(tdp.id)
    current = next((r for r in reversed(rows) if r.valid_to is None), None)
    if current is None:
        current = TdpName(tdp_id=tdp.id, name=tdp.name, number=tdp.number, valid_from=None)
        db.session.add(current)
    current.valid_to = effective_on
    current.decision = current.decision or ""
    db.session.add(TdpName(tdp_id=tdp.id, name=tdp.name, number=tdp.number, valid_from=effective_on,
                           valid_to=effective_on, decision=decision))
    db.session.flush()


def last_start(tdp_id: int) -> date | None:
    """The first day of the TDP's current name (None: since the beginning)."""
    rows = names_of(tdp_id)
    return rows[-1].valid_from if rows else None
