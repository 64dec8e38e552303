"""A failed meeting as a recorded outcome, the household ballot round that may follow it, and its
collection teams. No row pairs a ballot with a household: teams receive counted stacks (how many
papers), never serial ranges; the delivery-and-return list names households, not ballots."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import str_enum, utcnow
from app.elections.models import ElectionRound
from app.extensions import db


class NextStep(enum.StrEnum):
    PENDING = "pending"  #: not decided yet
    RESCHEDULE = "reschedule"  #: hold the meeting again on another day
    HOUSEHOLD_ROUND = "household_round"  #: take ballots to the households (nd-59-2023 Art. 4)


class MeetingFailure(db.Model):
    """Hội nghị không đủ số hộ tham dự: when it was found, how many came, how many were needed."""

    __tablename__ = "meeting_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("election_rounds.id", ondelete="CASCADE"), unique=True)
    found_at: Mapped[datetime] = mapped_column(default=utcnow)
    electorate: Mapped[int]
    present: Mapped[int]
    #: The fewest present that would have made quorum (more than half).
    required: Mapped[int]
    next_step: Mapped[NextStep] = mapped_column(str_enum(NextStep, "meeting_next_step"), default=NextStep.PENDING)
    rescheduled_to: Mapped[date | None]
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    round: Mapped[ElectionRound] = relationship()


class RoundKind(enum.StrEnum):
    CANDIDATES = "candidates"  #: an election: the round's contests, ballots and count as at a meeting
    #: A yes/no question (renaming or merging a TDP): its own contest (Position.QUESTION) of printed ballots,
    #: counted as any; approved with more than half of ALL households.
    QUESTION = "question"


class Recipients(enum.StrEnum):
    ALL = "all"  #: every household on the roll (default; "confirm with the ward")
    ABSENT = "absent"  #: only households that did not sign in at the failed meeting


class HouseholdRound(db.Model):
    """The plan and outcome of one household ballot round."""

    __tablename__ = "household_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("election_rounds.id", ondelete="CASCADE"), unique=True)
    kind: Mapped[RoundKind] = mapped_column(str_enum(RoundKind, "household_round_kind"), default=RoundKind.CANDIDATES)
    #: For a QUESTION round: the text printed on the ballot ("Đồng ý đổi tên TDP số 5 thành …?").
    question: Mapped[str] = mapped_column(Text, default="")
    period_start: Mapped[date]
    period_end: Mapped[date]
    recipients: Mapped[Recipients] = mapped_column(str_enum(Recipients, "household_recipients"),
                                                   default=Recipients.ALL)
    #: Who carries the sealed box ("confirm with the ward"); printed on the team list.
    box_carrier: Mapped[str] = mapped_column(String(200), default="")
    #: The decision reaches the ward People's Committee and Front by this day (Art. 4(7)).
    decision_due: Mapped[date]
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    closed_at: Mapped[datetime | None]

    round: Mapped[ElectionRound] = relationship()
    teams: Mapped[list[CollectionTeam]] = relationship(back_populates="household_round", order_by="CollectionTeam.number",
                                                       cascade="all, delete-orphan")


class CollectionTeam(db.Model):
    """Tổ thu phiếu: two or more election-team members, the households they visit, the counted stacks
    they take, the box's seal numbers, and their closing reconciliation."""

    __tablename__ = "collection_teams"
    __table_args__ = (UniqueConstraint("household_round_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    household_round_id: Mapped[int] = mapped_column(ForeignKey("household_rounds.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    #: Person ids of the election-team members.
    members: Mapped[list[int]] = mapped_column(JSON, default=list)
    #: Household ids the team visits, in roll order.
    households: Mapped[list[int]] = mapped_column(JSON, default=list)
    #: Sizes of the counted stacks issued to the team (never serials).
    stacks: Mapped[list[int]] = mapped_column(JSON, default=list)
    seal_start: Mapped[str] = mapped_column(String(40), default="")
    seal_end: Mapped[str] = mapped_column(String(40), default="")
    #: Closing: {"delivered", "returned", "unused", "spoiled"}. What the ballots say is the count's business.
    closing: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    closed_at: Mapped[datetime | None]

    household_round: Mapped[HouseholdRound] = relationship(back_populates="teams")

    @property
    def received(self) -> int:
        return sum(self.stacks)
