"""Steering committee members, subcommittees and the TDPs each member follows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.core.db import utcnow
from app.extensions import db
from app.wards.models import Tdp

member_subcommittees = Table(
    "committee_member_subcommittees",
    db.metadata,
    Column("member_id", ForeignKey("committee_members.id", ondelete="CASCADE"), primary_key=True),
    Column("subcommittee_id", ForeignKey("subcommittees.id", ondelete="CASCADE"), primary_key=True),
)

member_tdps = Table(
    "committee_member_tdps",
    db.metadata,
    Column("member_id", ForeignKey("committee_members.id", ondelete="CASCADE"), primary_key=True),
    Column("tdp_id", ForeignKey("tdps.id", ondelete="CASCADE"), primary_key=True),
)


class Subcommittee(db.Model):
    """Tiểu ban: tuyên truyền, an ninh, nhân sự …"""

    __tablename__ = "subcommittees"
    __table_args__ = (UniqueConstraint("ward_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("wards.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    duty: Mapped[str] = mapped_column(String(255), default="")

    members: Mapped[list[CommitteeMember]] = relationship(secondary=member_subcommittees,
                                                          back_populates="subcommittees",
                                                          order_by="CommitteeMember.id")


class CommitteeMember(db.Model):
    """Thành viên Ban chỉ đạo bầu cử phường, optionally linked to a login."""

    __tablename__ = "committee_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("wards.id", ondelete="CASCADE"), index=True)
    full_name: Mapped[str] = mapped_column(String(120))
    #: Chức vụ: "Phó Chủ tịch UBND phường – Trưởng ban".
    title: Mapped[str] = mapped_column(String(160), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    #: The login that sees this member's TDPs under "Việc của tôi"; one member per login.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User | None] = relationship()
    subcommittees: Mapped[list[Subcommittee]] = relationship(secondary=member_subcommittees,
                                                             back_populates="members", order_by="Subcommittee.name")
    tdps: Mapped[list[Tdp]] = relationship(secondary=member_tdps, order_by="Tdp.number")
