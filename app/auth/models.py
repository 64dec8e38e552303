"""User table, the duties a user holds, and the user↔TDP scope table."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import str_enum, utcnow
from app.extensions import db
from app.wards.models import Tdp, Ward


class Duty(enum.StrEnum):
    """A duty a person holds in the election, as the law splits them; a user may hold several."""

    WARD_ADMIN = "ward_admin"  #: Ban chỉ đạo bầu cử phường
    ELECTION_TEAM = "election_team"  #: Tổ bầu cử
    COUNTING_HEAD = "counting_head"  #: Trưởng ban kiểm phiếu
    COUNTING_MEMBER = "counting_member"  #: Thành viên, thư ký ban kiểm phiếu
    PARTY_CELL = "party_cell"  #: Chi bộ
    OBSERVER = "observer"  #: chỉ xem
    #: Cán bộ tỉnh/thành phố — chỉ xem: the province or city that every ward now reports to (since 1/7/2025).
    #: Belongs to no ward (users.ward_id NULL), holds no other duty, and reads only the province pages.
    PROVINCE = "province"

    @property
    def is_ward_wide(self) -> bool:
        """Ward admins and observers act on every TDP; the other duties only on the user's TDPs."""
        return self in (Duty.WARD_ADMIN, Duty.OBSERVER)


#: The duties held inside a ward: every duty but the province reader's.
WARD_DUTIES = tuple(d for d in Duty if d is not Duty.PROVINCE)


user_tdps = Table(
    "user_tdps",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("tdp_id", ForeignKey("tdps.id", ondelete="CASCADE"), primary_key=True),
)


class UserDuty(db.Model):
    """One duty held by one user."""

    __tablename__ = "user_duties"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    duty: Mapped[Duty] = mapped_column(str_enum(Duty, "duty"), primary_key=True)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    full_name: Mapped[str] = mapped_column(String(120), default="")
    #: Argon2id hash.
    password_hash: Mapped[str] = mapped_column(String(255))
    #: NULL only for a province account (Duty.PROVINCE), which reads every ward of this server.
    ward_id: Mapped[int | None] = mapped_column(ForeignKey("wards.id", ondelete="CASCADE"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    #: SHA-256 of the API token; the token itself is shown once and never stored.
    api_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: Bumped by logout, a password change and disabling: every session opened before is refused.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    #: Set when an administrator sets the password: the user must choose a new one before anything else.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    last_login_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    ward: Mapped[Ward | None] = relationship()
    tdps: Mapped[list[Tdp]] = relationship(secondary=user_tdps, order_by="Tdp.number", lazy="selectin")
    duty_rows: Mapped[list[UserDuty]] = relationship(lazy="selectin", cascade="all, delete-orphan",
                                                     order_by="UserDuty.duty")

    @property
    def duties(self) -> frozenset[Duty]:
        """The duties this user holds (Ban chỉ đạo, tổ bầu cử, ban kiểm phiếu, chi bộ, quan sát)."""
        return frozenset(row.duty for row in self.duty_rows)

    @duties.setter
    def duties(self, duties) -> None:
        wanted = {Duty(d) for d in duties}
        self.duty_rows = [r for r in self.duty_rows if r.duty in wanted] + [
            UserDuty(duty=d) for d in sorted(wanted - {r.duty for r in self.duty_rows})]

    @property
    def is_ward_wide(self) -> bool:
        """Holds a duty that spans the whole ward (ward admin or observer)."""
        return any(d.is_ward_wide for d in self.duties)

    @property
    def is_province(self) -> bool:
        """A province/city reader: no ward, every ward of this server read-only, only the province pages."""
        return Duty.PROVINCE in self.duties

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    def __repr__(self) -> str:
        return f"<User {self.username} {','.join(sorted(self.duties))}>"


class LoginFailure(db.Model):
    """Failed logins counted per key in a time window, shared by every worker: one row per
    (submitted username, address) pair, per address, and one for all addresses. Usernames are counted
    whether or not they exist, so the counters reveal nothing; keys are hashed, so no typed text is kept."""

    __tablename__ = "login_failures"

    #: "pair:", "addr:" or "all" followed by a SHA-256 prefix of the username and address.
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    #: Start of the current counting window.
    first_at: Mapped[datetime]
    last_at: Mapped[datetime] = mapped_column(index=True)
