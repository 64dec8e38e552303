"""Election, round and contest tables."""

from __future__ import annotations

import enum
from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import str_enum, utcnow
from app.extensions import db
from app.rules.validity import SingleStrike
from app.wards.models import Tdp, Ward


class ElectionState(enum.StrEnum):
    PREPARING = "preparing"  #: chuẩn bị
    VOTING = "voting"  #: đang bầu cử
    CLOSED = "closed"  #: đã kết thúc


class DeputyMode(enum.StrEnum):
    ELECTED = "elected"  #: tổ phó do hộ gia đình bầu
    APPOINTED = "appointed"  #: tổ phó do tổ trưởng chọn


class ThresholdBase(enum.StrEnum):
    ELECTORATE = "electorate"
    PRESENT = "present"
    VALID = "valid"


class Position(enum.StrEnum):
    LEADER = "leader"  #: tổ trưởng
    DEPUTY = "deputy"  #: tổ phó
    #: Lấy ý kiến hộ gia đình: a yes/no question put to the households by ballot (issue 14), printed, counted
    #: and locked as a contest of its round, but no seat: it is not among ElectionRound.contests.
    QUESTION = "question"


class Election(db.Model):
    """One term's election across a ward (e.g. nhiệm kỳ 2017–2020), run under one legal rule set."""

    __tablename__ = "elections"

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("wards.id", ondelete="CASCADE"), index=True)
    #: "2017–2020"
    term_label: Mapped[str] = mapped_column(String(20))
    #: A name the ward gives it ("Bầu cử tổ trưởng, tổ phó nhiệm kỳ 2027–2030"); empty: named by its term.
    name: Mapped[str] = mapped_column(String(160), default="", server_default="")
    #: The vote day and start time every TDP gets at creation; TDPs still on it follow when it changes.
    default_vote_date: Mapped[date | None]
    default_starts_at: Mapped[time | None]
    #: An id from app.rules.RULE_SETS, e.g. "nqlt-09-2008".
    rule_set_id: Mapped[str] = mapped_column(String(20))
    state: Mapped[ElectionState] = mapped_column(
        str_enum(ElectionState, "election_state"), default=ElectionState.PREPARING
    )
    deputy_mode: Mapped[DeputyMode] = mapped_column(str_enum(DeputyMode, "deputy_mode"), default=DeputyMode.ELECTED)
    deputy_seats: Mapped[int] = mapped_column(default=1)
    #: None follows the rule set's default base for "more than half" (the whole electorate).
    threshold_base: Mapped[ThresholdBase | None] = mapped_column(str_enum(ThresholdBase, "threshold_base"))
    #: With a single candidate, a ballot on which that name is struck: invalid (the default) or a valid ballot
    #: against the candidate. Settable until the first real ballot is entered.
    single_strike: Mapped[SingleStrike] = mapped_column(str_enum(SingleStrike, "single_strike"),
                                                        default=SingleStrike.INVALID, server_default="invalid")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    ward: Mapped[Ward] = relationship()
    rounds: Mapped[list[ElectionRound]] = relationship(back_populates="election")


class ElectionRound(db.Model):
    """One TDP's vote on one day; a re-run is round 2, 3 ..."""

    __tablename__ = "election_rounds"
    __table_args__ = (
        UniqueConstraint("election_id", "tdp_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("elections.id", ondelete="CASCADE"), index=True)
    tdp_id: Mapped[int] = mapped_column(ForeignKey("tdps.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(default=1)
    vote_date: Mapped[date]
    starts_at: Mapped[time | None]
    place: Mapped[str] = mapped_column(String(255), default="")

    election: Mapped[Election] = relationship(back_populates="rounds")
    tdp: Mapped[Tdp] = relationship()
    #: The round's elections (leader, deputies). A household yes/no question's contest (Position.QUESTION)
    #: belongs to the round too but stays out of this list, so nothing that fills seats, prints "the whole
    #: TDP", re-runs or recognises results ever meets it; app.household finds it by its position.
    contests: Mapped[list[Contest]] = relationship(
        back_populates="round", order_by="Contest.id",
        primaryjoin="and_(ElectionRound.id == Contest.round_id, Contest.position != 'question')")


class Contest(db.Model):
    """A round's vote for one position: the leader (1 seat) or the deputies."""

    __tablename__ = "contests"
    __table_args__ = (
        UniqueConstraint("round_id", "position"),
        CheckConstraint("seats >= 1", name="seats_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("election_rounds.id", ondelete="CASCADE"), index=True)
    position: Mapped[Position] = mapped_column(str_enum(Position, "position"))
    seats: Mapped[int] = mapped_column(default=1)

    round: Mapped[ElectionRound] = relationship(back_populates="contests")
