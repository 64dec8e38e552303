"""A comparison audit (kiểm tra đối chiếu) of one counted contest and the papers it drew.

No row names a household: a draw holds a place in the counting stacks (counting order, never sign-in
order) and what the paper found there says."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import str_enum, utcnow
from app.elections.models import Contest
from app.extensions import db
from ballots.payload import short_serial


class AuditStatus(enum.StrEnum):
    PUBLISHED = "published"  #: N, m, k and α published; waiting for the witnesses' seed
    DRAWN = "drawn"  #: papers drawn; comparing
    PASSED = "passed"  #: every drawn paper compared; nothing that could help the outcome
    RECOUNT = "recount"  #: a difference that could help the outcome: full hand recount required
    RECOUNTED = "recounted"  #: the full hand recount is recorded


class ComparisonAudit(db.Model):
    """One audit per contest, sized from the locked result before the draw."""

    __tablename__ = "comparison_audits"

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), unique=True)
    status: Mapped[AuditStatus] = mapped_column(str_enum(AuditStatus, "comparison_status"),
                                                default=AuditStatus.PUBLISHED)
    #: N: papers with a recorded place in the stacks.
    papers: Mapped[int]
    #: m: the fewest wrong records that could reverse the announced outcome.
    margin: Mapped[int]
    #: α as an exact fraction "1/20".
    risk_limit: Mapped[str] = mapped_column(String(20))
    #: k: papers to draw (N for a full recount).
    draws: Mapped[int]
    #: The locked result's digest and what was announced: {"digest", "elected": [ids], "threshold", "votes"}.
    announced: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Digits typed from the witnesses' dice; the draw is reproducible from it alone.
    seed: Mapped[str | None] = mapped_column(String(80))
    #: Who threw the dice (two household witnesses and a board member).
    seed_witnesses: Mapped[list[str]] = mapped_column(JSON, default=list)
    drawn_at: Mapped[datetime | None]
    concluded_at: Mapped[datetime | None]
    #: The full hand recount: {"votes": {"<person>": n}, "valid", "invalid", "note", "confirmed": bool}.
    recount: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    contest: Mapped[Contest] = relationship()
    drawn: Mapped[list[AuditDraw]] = relationship(back_populates="audit", order_by="AuditDraw.ticket_order",
                                                  cascade="all, delete-orphan")


class AuditDraw(db.Model):
    """One drawn paper: its place, its ticket, and — once compared — what the paper says."""

    __tablename__ = "comparison_draws"
    __table_args__ = (UniqueConstraint("audit_id", "stack_no", "stack_pos"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(ForeignKey("comparison_audits.id", ondelete="CASCADE"), index=True)
    #: 1 for the smallest ticket.
    ticket_order: Mapped[int]
    stack_no: Mapped[int]
    stack_pos: Mapped[int]
    ticket: Mapped[str] = mapped_column(String(64))
    #: For a paper the reader entered (its stack is an upload's pile, in no order): the serial to look for in
    #: stack `stack_no`, as the count recorded it (printed on the paper as payload.short_serial). None for a
    #: paper laid by hand, found at position `stack_pos`.
    find_serial: Mapped[str | None] = mapped_column(String(16))
    compared: Mapped[bool] = mapped_column(default=False)
    #: False: no paper at that place (a discrepancy against the outcome).
    found: Mapped[bool | None]
    #: The serial printed on the paper found, as read by the board.
    paper_serial: Mapped[str | None] = mapped_column(String(16))
    paper_kept: Mapped[list[int] | None] = mapped_column(JSON)
    paper_invalid: Mapped[str | None] = mapped_column(String(20))
    #: app.rules.Lean value: none, helps, hurts, neutral.
    lean: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="")
    compared_at: Mapped[datetime | None]
    compared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    audit: Mapped[ComparisonAudit] = relationship(back_populates="drawn")

    @property
    def printed_serial(self) -> str | None:
        """The serial to look for as printed beside the ballot's QR (K7QF-2M9X-A3TB), for a pile's paper."""
        return short_serial(self.find_serial) if self.find_serial else None

    @property
    def where(self) -> str:
        """Where the auditors find the paper, in Vietnamese (the report, the command line, the API): "xấp K
        vị trí P" for a paper laid by hand, "xấp K — tìm phiếu số <serial as printed>" in a scanned pile."""
        if self.find_serial:
            return f"xấp {self.stack_no} — tìm phiếu số {self.printed_serial}"
        return f"xấp {self.stack_no} vị trí {self.stack_pos}"
