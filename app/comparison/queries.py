"""Read-only questions about the stacks of a contest's first pass."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.elections.models import Contest
from app.extensions import db
from app.tally.models import BallotEntry


@dataclass(frozen=True)
class Stack:
    stack: int
    first: int | None  #: None for an upload's pile (papers the reader entered: no positions)
    last: int | None
    papers: int

    @property
    def pile(self) -> bool:
        """Xấp ảnh quét: its papers are found by the serial printed on them, not by position."""
        return self.first is None


def stacks(contest: Contest) -> list[Stack]:
    """Each stack of the live first pass: its first and last position and how many papers lie on it."""
    rows = db.session.execute(
        select(BallotEntry.stack_no, func.min(BallotEntry.stack_pos), func.max(BallotEntry.stack_pos), func.count())
        .where(BallotEntry.contest_id == contest.id, BallotEntry.stack_no.is_not(None))
        .group_by(BallotEntry.stack_no).order_by(BallotEntry.stack_no)).all()
    return [Stack(*row) for row in rows]
