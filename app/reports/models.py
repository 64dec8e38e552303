"""Unit costs for the cost estimate, one row per election."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import utcnow
from app.extensions import db


class BudgetSettings(db.Model):
    """Đơn giá dự toán (đồng). The defaults are a starting point only: each ward types its own prices."""

    __tablename__ = "budget_settings"
    __table_args__ = (CheckConstraint("ballot_unit_cost >= 0 AND paper_sheet_cost >= 0 AND meeting_per_tdp >= 0 "
                                      "AND decoration_per_tdp >= 0 AND ward_decoration >= 0", name="costs_non_negative"),)

    election_id: Mapped[int] = mapped_column(ForeignKey("elections.id", ondelete="CASCADE"), primary_key=True)
    #: In ấn một phiếu bầu.
    ballot_unit_cost: Mapped[int] = mapped_column(default=300)
    #: Một tờ giấy A4: two A5 ballots are cut from one sheet.
    paper_sheet_cost: Mapped[int] = mapped_column(default=200)
    #: Hội nghị bầu cử của một tổ: nước uống, âm thanh, hòm phiếu, văn phòng phẩm.
    meeting_per_tdp: Mapped[int] = mapped_column(default=2_000_000)
    #: Khánh tiết, trang trí hội trường của một tổ.
    decoration_per_tdp: Mapped[int] = mapped_column(default=500_000)
    #: Trang trí, khẩu hiệu, băng rôn của phường.
    ward_decoration: Mapped[int] = mapped_column(default=5_000_000)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
