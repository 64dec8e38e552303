"""Attendance rows: one per household present at a round, kept (not deleted) when undone."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import str_enum, utcnow
from app.extensions import db
from app.rolls.models import Household


class SignInMethod(enum.StrEnum):
    CODE = "code"  #: mã hộ gõ tay
    NAME = "name"  #: tìm theo tên
    QR = "qr"  #: quét mã QR trên giấy mời


class Attendance(db.Model):
    """A household's representative signed in at a round's meeting (điểm danh)."""

    __tablename__ = "attendances"
    __table_args__ = (
        # A household is present at most once per round; undone rows step aside.
        Index("uq_attendances_round_household_present", "round_id", "household_id", unique=True,
              sqlite_where=text("undone_at IS NULL"), postgresql_where=text("undone_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("election_rounds.id", ondelete="CASCADE"), index=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"), index=True)
    method: Mapped[SignInMethod] = mapped_column(str_enum(SignInMethod, "sign_in_method"))
    signed_in_at: Mapped[datetime] = mapped_column(default=utcnow)
    signed_in_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    undone_at: Mapped[datetime | None]
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    undo_reason: Mapped[str | None] = mapped_column(String(255))

    household: Mapped[Household] = relationship()
