"""The ward's paper settings: signers, extra legal bases and recipients of each kind of paper."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class WardPapers(db.Model):
    """Cài đặt văn bản của phường: what the ward wrote for its papers; absent keys take the defaults."""

    __tablename__ = "ward_papers"

    ward_id: Mapped[int] = mapped_column(ForeignKey("wards.id", ondelete="CASCADE"), primary_key=True)
    #: Dòng cơ quan ban hành, one per line ("ỦY BAN NHÂN DÂN\nPHƯỜNG BỒ ĐỀ"); empty: from the issuing authority.
    issuer_header: Mapped[str] = mapped_column(String(300), default="")
    #: kind → {"capacity": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Nguyễn Văn A"}
    signers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: kind → extra "Căn cứ …" lines, printed after the rule set's own.
    extra_bases: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: kind → the "Nơi nhận" lines; absent: the defaults.
    recipients: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
