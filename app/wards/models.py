"""Ward and TDP tables, and the TDP names over time."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import str_enum, utcnow
from app.extensions import db


class Ward(db.Model):
    """Phường (or xã): the unit that runs the election across its TDPs."""

    __tablename__ = "wards"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    #: Tỉnh/thành phố the ward belongs to (since 1/7/2025 there is no district level); printed in headers.
    province: Mapped[str] = mapped_column(String(120), default="")
    #: Quận/huyện: only for papers of terms before 1/7/2025; empty for a ward today, and then never printed.
    district: Mapped[str] = mapped_column(String(120), default="")
    #: Cơ quan ban hành: the authority that issues the ward's papers ("UBND phường Bồ Đề").
    issuing_authority: Mapped[str] = mapped_column(String(160), default="", server_default="")
    #: Nơi nhận báo cáo: the recipient of the ward's reports ("UBND thành phố Hà Nội (qua Sở Nội vụ)").
    report_recipient: Mapped[str] = mapped_column(String(200), default="", server_default="")

    tdps: Mapped[list[Tdp]] = relationship(back_populates="ward", order_by="Tdp.number")

    def __repr__(self) -> str:
        return f"<Ward {self.id} {self.name!r}>"


class Tdp(db.Model):
    """Tổ dân phố: the residential group whose households elect a leader and deputies."""

    __tablename__ = "tdps"
    __table_args__ = (UniqueConstraint("ward_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("wards.id", ondelete="CASCADE"), index=True)
    #: The TDP's number within its ward ("Tổ dân phố số 5").
    number: Mapped[int]
    name: Mapped[str] = mapped_column(String(120))
    #: Chi bộ: the party cell that vets candidates.
    party_cell_name: Mapped[str] = mapped_column(String(160), default="")
    #: Ban công tác Mặt trận: drafts the candidate list.
    front_committee_name: Mapped[str] = mapped_column(String(160), default="")
    #: Giải thể: the day the TDP was merged into another (its households moved); empty while it exists. A
    #: dissolved TDP leaves the ward's current pages but keeps its history and its past elections' papers.
    dissolved_on: Mapped[date | None] = mapped_column(Date)
    #: The decision that dissolved it ("Nhập vào Tổ dân phố số 3 theo Nghị quyết số 7/NQ-HĐND ...").
    dissolved_decision: Mapped[str] = mapped_column(String(200), default="", server_default="")

    ward: Mapped[Ward] = relationship(back_populates="tdps")

    @property
    def dissolved(self) -> bool:
        return self.dissolved_on is not None

    def __repr__(self) -> str:
        return f"<Tdp {self.id} no. {self.number}>"


class TdpName(db.Model):
    """One period of a TDP's name and number (the commune People's Council renames TDPs by decision).

    A TDP with no rows has always had its current name; its first rename writes the row of the old name
    (valid_from empty: since the beginning) and the row of the new one. Papers take the name valid on the
    vote date (`app.wards.history.tdp_name_on`)."""

    __tablename__ = "tdp_names"

    id: Mapped[int] = mapped_column(primary_key=True)
    tdp_id: Mapped[int] = mapped_column(ForeignKey("tdps.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    number: Mapped[int]
    #: First day of the name; empty for the name the TDP had before the software knew of any change.
    valid_from: Mapped[date | None] = mapped_column(Date)
    #: First day the name no longer holds (exclusive); empty while it is the current name.
    valid_to: Mapped[date | None] = mapped_column(Date)
    #: The decision that gave the name ("Nghị quyết số 12/NQ-HĐND ngày 01/03/2026"); empty for the first name.
    decision: Mapped[str] = mapped_column(String(200), default="")

    def __repr__(self) -> str:
        return f"<TdpName tdp {self.tdp_id} {self.name!r} {self.valid_from}–{self.valid_to}>"


class LeaderStatus(enum.StrEnum):
    """The state of the post of tổ trưởng between elections."""

    ELECTED = "elected"  #: trúng cử and recognised by the ward
    EXTENDED = "extended"  #: kéo dài nhiệm kỳ by the province's decision, until a date
    INTERIM = "interim"  #: tổ trưởng lâm thời appointed by the commune chair, at most 6 months
    VACANT = "vacant"  #: khuyết: nobody holds the post


class LeaderPost(db.Model):
    """One recorded change of a TDP's leader post (the latest row is in force, unless a later recognised
    election result supersedes it)."""

    __tablename__ = "leader_posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    tdp_id: Mapped[int] = mapped_column(ForeignKey("tdps.id", ondelete="CASCADE"), index=True)
    status: Mapped[LeaderStatus] = mapped_column(str_enum(LeaderStatus, "leader_status"))
    #: Who holds the post (empty when vacant).
    holder: Mapped[str] = mapped_column(String(120), default="")
    #: The day the status took effect.
    since: Mapped[date] = mapped_column(Date)
    #: The last day of an extended term or an interim appointment: the next election is due by then.
    until: Mapped[date | None] = mapped_column(Date)
    #: The decision (số, ngày, cơ quan) that extended the term or appointed the interim leader.
    decision: Mapped[str] = mapped_column(String(200), default="")
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
