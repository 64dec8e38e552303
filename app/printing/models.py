"""Print runs, ballot serials, signing keys and the ballot ledger.

Secrecy by construction: a serial row holds the serial and its run, nothing else. No table here or
anywhere else pairs a serial with a household or a person (tests/printing/test_secrecy.py checks).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from app.core.db import str_enum, utcnow
from app.elections.models import Contest
from app.extensions import db


class BallotKey(db.Model):
    """The per-election HMAC key that signs ballot QR codes. It never leaves the server: no page, API,
    export or results package includes it."""

    __tablename__ = "ballot_keys"

    election_id: Mapped[int] = mapped_column(ForeignKey("elections.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[bytes] = deferred(mapped_column(LargeBinary(64)))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RunStatus(enum.StrEnum):
    ACTIVE = "active"
    VOID = "void"  #: hủy: its serials are refused from then on


class PrintRun(db.Model):
    """One printing of one contest's ballots, live or test, frozen to one election definition."""

    __tablename__ = "print_runs"
    __table_args__ = (CheckConstraint("quantity >= 1", name="quantity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    test: Mapped[bool] = mapped_column(default=False)
    status: Mapped[RunStatus] = mapped_column(str_enum(RunStatus, "run_status"), default=RunStatus.ACTIVE)
    #: ballots.payload.definition_hash of `definition`; printed into every QR code of the run.
    definition_hash: Mapped[str] = mapped_column(String(16))
    #: The frozen election definition: TDP, round, contest, seats, candidates in ballot order.
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    quantity: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    voided_at: Mapped[datetime | None]
    voided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    void_reason: Mapped[str | None] = mapped_column(String(255))

    contest: Mapped[Contest] = relationship()


class BallotSerial(db.Model):
    """Số sê-ri: one printed ballot. Unique everywhere, random, and linked to nothing but its run."""

    __tablename__ = "ballot_serials"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("print_runs.id", ondelete="CASCADE"), index=True)
    serial: Mapped[str] = mapped_column(String(16), unique=True)


class BallotLedger(db.Model):
    """Sổ theo dõi phiếu: what happened to a contest's live ballots, as the election team counts them.
    Printed comes from the active runs; signed-in from the attendance."""

    __tablename__ = "ballot_ledgers"
    __table_args__ = (UniqueConstraint("contest_id"),
                      CheckConstraint("issued >= 0 AND spoiled >= 0 AND returned >= 0 AND unused >= 0 "
                                      "AND destroyed >= 0", name="counts_non_negative"))

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    issued: Mapped[int] = mapped_column(default=0)  #: phát ra (not counting spoiled ones)
    spoiled: Mapped[int] = mapped_column(default=0)  #: hỏng, đã đổi phiếu khác
    returned: Mapped[int] = mapped_column(default=0)  #: thu về từ hòm phiếu
    unused: Mapped[int] = mapped_column(default=0)  #: chưa dùng
    destroyed: Mapped[int] = mapped_column(default=0)  #: đã tiêu hủy (among the unused and spoiled)
    updated_at: Mapped[datetime | None]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class PrintJob(db.Model):
    """A whole-ward printing job run in the background; the page polls its progress."""

    __tablename__ = "print_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("elections.id", ondelete="CASCADE"), index=True)
    test: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)  #: queued, running, done, failed, expired
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    message: Mapped[str | None] = mapped_column(String(500))
    #: The ZIP's file name under JOBS_DIR, once done.
    result_file: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    spare_percent: Mapped[int] = mapped_column(default=10)
    #: How many times a worker has taken the job; the fencing token of the current lease: a worker whose
    #: lease expired and was taken over finds its attempt number changed and stops writing.
    attempt: Mapped[int] = mapped_column(default=0)
    #: The running worker's lease: renewed after every PDF and by a heartbeat; once it is in the past the
    #: worker is taken for dead and any worker may take the job again (it starts its ZIP over).
    lease_until: Mapped[datetime | None]
    worker: Mapped[str | None] = mapped_column(String(120))  #: host:pid:thread of the current attempt
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    #: Once done: ballots per TDP and contest, [{"tdp": 5, "name": ..., "leader": 398, "deputy": 398}, ...].
    summary: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
