"""Household, person and representative tables."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from app.core.db import str_enum, utcnow
from app.extensions import db


class Gender(enum.StrEnum):
    MALE = "male"
    FEMALE = "female"


class HouseholdStatus(enum.StrEnum):
    ACTIVE = "active"
    MOVED = "moved"  #: chuyển đi
    MERGED = "merged"  #: nhập hộ
    REMOVED = "removed"  #: không còn trong danh sách (bỏ khi nhập lại danh sách)


class Person(db.Model):
    """A resident of a TDP: a household representative, a nominee, or both."""

    __tablename__ = "persons"
    __table_args__ = (
        CheckConstraint("birth_year IS NULL OR (birth_year BETWEEN 1880 AND 2100)", name="birth_year_range"),
        Index("ix_persons_tdp_search", "tdp_id", "search_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: No index of its own: the composite index (tdp_id, search_name) serves lookups by TDP.
    tdp_id: Mapped[int] = mapped_column(ForeignKey("tdps.id", ondelete="CASCADE"))
    #: Stored in Unicode NFC, trimmed, single-spaced.
    full_name: Mapped[str] = mapped_column(String(120))
    #: Lower-case, without diacritics ("nguyen van an"): for search that ignores tones and case.
    search_name: Mapped[str] = mapped_column(String(120))
    #: The full date when known; otherwise only `birth_year`.
    birth_date: Mapped[date | None]
    birth_year: Mapped[int | None]
    gender: Mapped[Gender | None] = mapped_column(str_enum(Gender, "gender"))
    #: Số CCCD: personal data, deferred so no list or export loads it by accident.
    citizen_id: Mapped[str | None] = deferred(mapped_column(String(20)))

    @property
    def honorific(self) -> str:
        """"Ông" or "Bà" as printed before the name on ballots and lists."""
        return "Bà" if self.gender is Gender.FEMALE else "Ông"

    def __repr__(self) -> str:
        return f"<Person {self.id}>"


class Household(db.Model):
    """Hộ gia đình: the voting unit, represented by exactly one person."""

    __tablename__ = "households"
    __table_args__ = (UniqueConstraint("tdp_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: No index of its own: the unique (tdp_id, code) serves lookups by TDP.
    tdp_id: Mapped[int] = mapped_column(ForeignKey("tdps.id", ondelete="CASCADE"))
    #: Mã hộ: unique within the TDP; kept as text so leading zeros survive.
    code: Mapped[str] = mapped_column(String(40))
    address: Mapped[str] = mapped_column(String(255), default="")
    #: Liên gia: an optional sub-group of neighbouring households.
    sub_group: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[HouseholdStatus] = mapped_column(
        str_enum(HouseholdStatus, "household_status"), default=HouseholdStatus.ACTIVE
    )
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("households.id", ondelete="SET NULL"))
    #: The current representative (cử tri đại diện hộ). NOT NULL and UNIQUE: exactly one per household,
    #: and nobody represents two households.
    representative_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"), unique=True)

    representative: Mapped[Person] = relationship(foreign_keys=[representative_id], lazy="joined")

    def __repr__(self) -> str:
        return f"<Household {self.id} {self.code!r}>"


class RepresentativeChange(db.Model):
    """History of a household's representatives: who replaced whom, why, by whom."""

    __tablename__ = "representative_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"), index=True)
    previous_person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    new_person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"))
    reason: Mapped[str] = mapped_column(Text, default="")
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
