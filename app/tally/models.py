"""Count state per contest, ballot entries, bundle entries and resolved differences.

No row here names a household or a person who voted: a ballot entry holds the ballot's serial, the
clerk who entered it, when, and what the ballot says."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import str_enum, utcnow
from app.elections.models import Contest
from app.extensions import db


class VotingMethod(enum.StrEnum):
    SECRET_BALLOT = "secret_ballot"  #: bỏ phiếu kín
    SHOW_OF_HANDS = "show_of_hands"  #: biểu quyết giơ tay


class TallyStatus(enum.StrEnum):
    SETUP = "setup"  #: before the zero report is signed
    COUNTING = "counting"
    FINAL = "final"  #: locked by the board head


class ContestTally(db.Model):
    """Kiểm phiếu: the count of one contest, its board, its method and its lock."""

    __tablename__ = "contest_tallies"

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), unique=True)
    method: Mapped[VotingMethod] = mapped_column(str_enum(VotingMethod, "voting_method"),
                                                 default=VotingMethod.SECRET_BALLOT)
    #: Under nd-59-2023 the method needs more than half of those present; how many approved.
    method_approvals: Mapped[int | None]
    #: Two clerks enter every ballot or bundle independently; differences go to the board head.
    double_entry: Mapped[bool] = mapped_column(default=False)
    #: Tập dượt: before the zero report the team may rehearse with test ballots; only those are accepted
    #: then, they are counted apart, and the live count never sees them.
    rehearsal: Mapped[bool] = mapped_column(default=False)
    status: Mapped[TallyStatus] = mapped_column(str_enum(TallyStatus, "tally_status"), default=TallyStatus.SETUP)
    #: Ban kiểm phiếu: {"head": ..., "secretary": ..., "members": [...], "witnesses": [..2..]}
    board: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    counting_place: Mapped[str] = mapped_column(String(255), default="")
    zero_report_at: Mapped[datetime | None]
    zero_report_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    finalized_at: Mapped[datetime | None]
    finalized_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: The result as locked: counts, decision, digest; the minutes print from it.
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: Papers laid so far on the first pass's stacks (the per-contest counter behind BallotEntry.stack_no/pos).
    papers_laid: Mapped[int] = mapped_column(default=0, server_default="0")
    #: Papers per stack before a new stack is started (a banded stack gets a printed slip).
    stack_size: Mapped[int] = mapped_column(default=50, server_default="50")

    contest: Mapped[Contest] = relationship()


class BallotEntry(db.Model):
    """One ballot as a clerk entered it in one pass; a serial is counted at most once per pass."""

    __tablename__ = "ballot_entries"
    __table_args__ = (
        UniqueConstraint("contest_id", "test", "pass_no", "serial"),
        CheckConstraint("pass_no IN (1, 2)", name="pass_no_range"),
        Index("ix_ballot_entries_serial", "serial"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    #: Entered during a rehearsal, from a test ballot.
    test: Mapped[bool] = mapped_column(default=False)
    pass_no: Mapped[int] = mapped_column(default=1)
    serial: Mapped[str] = mapped_column(String(16))
    #: Person ids of the candidates whose names were kept, in ballot order.
    kept: Mapped[list[int]] = mapped_column(JSON, default=list)
    #: An app.rules.InvalidReason value, or None for a valid ballot.
    invalid_reason: Mapped[str | None] = mapped_column(String(20))
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    entered_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Where the paper was laid in the first pass, in counting order (never sign-in or hand-out order):
    #: stack number and position in it, set by the server from ContestTally.papers_laid. The comparison
    #: audit draws papers by these. None for the second pass and rehearsal entries.
    stack_no: Mapped[int | None]
    stack_pos: Mapped[int | None]


class BundleKind(enum.StrEnum):
    BUNDLE = "bundle"  #: xấp phiếu đếm tay
    SHOW_OF_HANDS = "show_of_hands"  #: kết quả giơ tay


class BundleEntry(db.Model):
    """Counts of a bundle of ballots counted by hand (or of a show of hands), with its control total."""

    __tablename__ = "bundle_entries"
    __table_args__ = (UniqueConstraint("contest_id", "pass_no", "kind", "bundle_no"),
                      CheckConstraint("pass_no IN (1, 2)", name="pass_no_range"),
                      CheckConstraint("ballots >= 0", name="ballots_non_negative"))

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    pass_no: Mapped[int] = mapped_column(default=1)
    kind: Mapped[BundleKind] = mapped_column(str_enum(BundleKind, "bundle_kind"))
    bundle_no: Mapped[int]
    #: Control total: ballots in the bundle (for a show of hands: those who voted).
    ballots: Mapped[int]
    #: {"<person id>": votes}
    votes: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    #: {"<InvalidReason value>": count}
    invalid: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    entered_at: Mapped[datetime] = mapped_column(default=utcnow)


class Resolution(db.Model):
    """The board head's ruling on a difference between the two passes, for one ballot or one bundle."""

    __tablename__ = "tally_resolutions"
    __table_args__ = (UniqueConstraint("contest_id", "item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    #: "ballot:<serial>" or "bundle:<kind>:<no>"
    item: Mapped[str] = mapped_column(String(60))
    #: The pass whose reading stands (1 or 2).
    chosen_pass: Mapped[int]
    note: Mapped[str] = mapped_column(Text)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolved_at: Mapped[datetime] = mapped_column(default=utcnow)
