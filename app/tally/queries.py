"""Read-only lookups over the count that other domains use."""

from __future__ import annotations

from sqlalchemy import bindparam, func, select

from app.extensions import db
from app.tally.models import BallotEntry, BundleEntry, ContestTally, TallyStatus


def serial_counted(serial: str) -> bool:
    """Was a ballot with this serial already entered (in any pass)?"""
    return db.session.scalar(select(BallotEntry.id).where(BallotEntry.serial == serial, BallotEntry.test.is_(False))
                             .limit(1)) is not None


def serial_counted_in(contest_id: int, serial: str, pass_no: int, *, test: bool = False) -> bool:
    return db.session.scalar(select(BallotEntry.id).where(
        BallotEntry.contest_id == contest_id, BallotEntry.test == test, BallotEntry.serial == serial,
        BallotEntry.pass_no == pass_no)) is not None


def tally_statuses(contest_ids: list[int]) -> dict[int, TallyStatus]:
    """Each contest's count status; contests never opened are SETUP. Creates nothing."""
    found = dict(db.session.execute(select(ContestTally.contest_id, ContestTally.status)
                                    .where(ContestTally.contest_id.in_(contest_ids))).all())
    return {cid: found.get(cid, TallyStatus.SETUP) for cid in contest_ids}


#: Built once: every saved ballot answers these totals (issue 15).
_PASS_COUNTS = (select(func.count(), func.count(BallotEntry.id).filter(BallotEntry.invalid_reason.is_(None)))
                .where(BallotEntry.contest_id == bindparam("contest_id"), BallotEntry.test == bindparam("test"),
                       BallotEntry.pass_no == bindparam("pass_no")))


def pass_counts(contest_id: int, test: bool, pass_no: int) -> tuple[int, int]:
    """(ballots entered, of which valid) in one pass: what the clerk of that pass has done."""
    row = db.session.execute(_PASS_COUNTS, {"contest_id": contest_id, "test": test, "pass_no": pass_no}).one()
    return row[0], row[1]


def bundles_of(contest_id: int) -> list[BundleEntry]:
    return list(db.session.scalars(select(BundleEntry).where(BundleEntry.contest_id == contest_id)
                                   .order_by(BundleEntry.pass_no, BundleEntry.bundle_no)))
