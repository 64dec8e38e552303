"""Results keys, imported results packages, recognition decisions and re-run reasons."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column

from app.core.db import str_enum, utcnow
from app.extensions import db


class KeyOrigin(enum.StrEnum):
    ISSUED = "issued"  #: cấp tại máy của phường
    PAIRED = "paired"  #: nhập vào máy của tổ từ mã phường cấp


class ResultsKey(db.Model):
    """Mã kết quả: the HMAC-SHA256 key a TDP's laptop signs its results packages with. The ward issues
    it and shows it once as a short code; the laptop's copy stores the same key after `results pair`.
    The ward's copy never stores a paired key over an issued one, and imports only under an issued key."""

    __tablename__ = "results_keys"

    tdp_id: Mapped[int] = mapped_column(ForeignKey("tdps.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[bytes] = deferred(mapped_column(LargeBinary(32)))
    origin: Mapped[KeyOrigin] = mapped_column(str_enum(KeyOrigin, "results_key_origin"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class ResultsKeyRecord(db.Model):
    """Lịch sử mã kết quả: one row for every key this copy has held for a TDP — its fingerprint (never the
    key), how it came (issued here or paired from a code), who and when, and who replaced it and when. The
    row with no `replaced_at` describes the key in `results_keys`; any replacement stays visible."""

    __tablename__ = "results_key_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    tdp_id: Mapped[int] = mapped_column(ForeignKey("tdps.id", ondelete="CASCADE"), index=True)
    origin: Mapped[KeyOrigin] = mapped_column(str_enum(KeyOrigin, "results_key_origin"))
    #: "A1B2-C3D4-E5F6-0718": app.results.codes.fingerprint of the key, read aloud to compare two copies.
    fingerprint: Mapped[str] = mapped_column(String(19))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    replaced_at: Mapped[datetime | None]
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class ResultsPackage(db.Model):
    """Gói kết quả: a TDP's signed count of one contest, imported from the TDP's own copy of the app.
    At most one per contest: a second, different one is a conflict, never an overwrite."""

    __tablename__ = "results_packages"

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), unique=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("election_rounds.id", ondelete="CASCADE"), index=True)
    tdp_id: Mapped[int] = mapped_column(ForeignKey("tdps.id", ondelete="CASCADE"), index=True)
    #: SHA-256 of the signed body: the very same file imported twice is recognised.
    package_digest: Mapped[str] = mapped_column(String(64), unique=True)
    #: SHA-256 over the result in natural terms (figures, names, outcome): equal results, equal key.
    result_key: Mapped[str] = mapped_column(String(64))
    minutes_digest: Mapped[str] = mapped_column(String(64))
    electorate: Mapped[int]
    present: Mapped[int]
    returned: Mapped[int]
    valid: Mapped[int]
    invalid: Mapped[int]
    #: An app.rules.Outcome value, and an app.rules.NextStep value.
    outcome: Mapped[str] = mapped_column(String(20))
    next_step: Mapped[str] = mapped_column(String(20))
    rerun_deadline: Mapped[date | None]
    #: [{"name": "Ông …", "votes": n}] of those elected, best first.
    winners: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    #: The whole package as received, signature included.
    body: Mapped[dict[str, Any]] = deferred(mapped_column(JSON))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Recognition(db.Model):
    """Quyết định công nhận kết quả bầu: the ward's decision that puts the winners in office."""

    __tablename__ = "recognitions"
    __table_args__ = (UniqueConstraint("election_id", "tdp_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("elections.id", ondelete="CASCADE"), index=True)
    tdp_id: Mapped[int] = mapped_column(ForeignKey("tdps.id", ondelete="CASCADE"), index=True)
    #: The round whose vote the decision recognises (its vote date starts the deadline).
    round_id: Mapped[int] = mapped_column(ForeignKey("election_rounds.id", ondelete="CASCADE"), index=True)
    #: "125" of "Số: 125/QĐ-UBND"; empty when not yet numbered.
    decision_number: Mapped[str] = mapped_column(String(30), default="")
    recognised_on: Mapped[date]
    #: Cần xem lại: set when a result this decision rests on was unlocked (why, by whom); cleared when the
    #: decision is recorded again.
    review_note: Mapped[str | None] = mapped_column(String(255))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class RerunKind(enum.StrEnum):
    NO_WINNER = "no_winner"  #: không ai đủ quá nửa số phiếu
    RULE_BREACH = "rule_breach"  #: bầu cử vi phạm quy định, phải tổ chức lại
    OTHER = "other"


class RerunReason(db.Model):
    """Why a round (number 2 or more) had to be held: the ward counts re-runs for breaking the rules."""

    __tablename__ = "rerun_reasons"

    round_id: Mapped[int] = mapped_column(ForeignKey("election_rounds.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[RerunKind] = mapped_column(str_enum(RerunKind, "rerun_kind"))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
