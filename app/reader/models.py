"""Ảnh phiếu của cuộc kiểm phiếu: batches of uploaded scans or photos and one row per ballot image.

Secrecy (DOMAIN.md): nothing here may order the images of a batch by upload, or link one to a voter or to
sign-in order. So an image has a random id (no sequence), no file name (a scanner numbers its files), no
page number and no timestamp of its own: the batch is the finest time there is. The images of a batch are
inserted and read in a random order, and their SHA-256s enter the audit chain sorted, not as uploaded."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import str_enum, utcnow
from app.extensions import db


def random_id() -> str:
    return secrets.token_hex(16)


class BatchStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"  #: nothing could be read (no print run with reader marks, reader not installed)


class ImageStatus(enum.StrEnum):
    """What became of one ballot image in the count."""

    PENDING = "pending"  #: waiting for the reader
    ENTERED = "entered"  #: counted: the pass-1 entry came from this image (by the machine, or after review)
    REVIEW = "review"  #: read, but some name (or ink outside the names) waits for a person
    RETAKE = "retake"  #: the page's corner marks were not found: scan or photograph it again
    NO_CODE = "no_code"  #: the page is there but its QR does not read: key the ballot by hand
    REJECTED = "rejected"  #: the QR reads but is not a genuine ballot of this count
    REFUSED = "refused"  #: read, but the count refused the entry (already counted, count not open, ...)
    VOIDED = "voided"  #: was entered, then the board's head voided the entry (tally.void_entry); see `message`


#: Image statuses the count page lists with a way out (re-upload, or key the ballot by hand).
NEEDS_HAND = (ImageStatus.RETAKE, ImageStatus.NO_CODE, ImageStatus.REJECTED, ImageStatus.REFUSED)


class CountBatch(db.Model):
    """One upload (a folder, a PDF, a TIFF, one camera shot) read in the background; the page polls it."""

    __tablename__ = "count_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    status: Mapped[BatchStatus] = mapped_column(str_enum(BatchStatus, "count_batch_status"),
                                                default=BatchStatus.QUEUED, index=True)
    total: Mapped[int] = mapped_column(default=0)
    done: Mapped[int] = mapped_column(default=0)
    message: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: The fencing token of the current lease (as print jobs): a worker whose lease was taken over stops.
    attempt: Mapped[int] = mapped_column(default=0)
    lease_until: Mapped[datetime | None]
    worker: Mapped[str | None] = mapped_column(String(120))
    #: Xấp K: the pile of papers of this upload, which the clerk keeps banded apart and labels K. A paper the
    #: reader enters from this batch lies in stack K and is found there by its printed serial (the images keep
    #: no order, so there is no position). K is taken from the count's own stack numbers (ContestTally), so it
    #: never names a stack laid by hand. None for batches stored before piles existed.
    stack_no: Mapped[int | None]


class CountImage(db.Model):
    """One ballot image: its bytes until purged, its SHA-256 for ever, the reader's result and what the count
    made of it. No file name, page number, upload position or time (see the module docstring)."""

    __tablename__ = "count_images"
    __table_args__ = (UniqueConstraint("contest_id", "sha256"),
                      Index("ix_count_images_contest_status", "contest_id", "status"))

    #: Random, so the primary key says nothing about upload order.
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_id)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    batch_id: Mapped[int] = mapped_column(ForeignKey("count_batches.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    #: The image as stored (JPEG/PNG as uploaded; a PDF or TIFF page as PNG); None once purged. Kept in the
    #: database so every app server reads it and a backup carries it with the count it is evidence for.
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    media_type: Mapped[str] = mapped_column(String(40), default="image/png")
    status: Mapped[ImageStatus] = mapped_column(str_enum(ImageStatus, "count_image_status"),
                                                default=ImageStatus.PENDING)
    #: A reason code (reader.read status reason, reader.marks.Reason, or the count's TallyError code).
    reason: Mapped[str | None] = mapped_column(String(60))
    message: Mapped[str | None] = mapped_column(Text)
    #: The reader's result: {"status", "reason", "features", "names": [{"index", "decision", "reason",
    #: "features"}], "outside_ink"}.
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: The verified serial (set only when the code is genuine), so a double-entry difference shows its image.
    serial: Mapped[str | None] = mapped_column(String(16), index=True)
    #: A person's decisions on the names the reader left unclear: {"<index>": "struck"|"untouched",
    #: "outside": "ok"|"invalid"}; who decided each is in the audit chain.
    decisions: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    #: The pass-1 entry this image became (entered by the reader: the entry has no clerk).
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("ballot_entries.id", ondelete="SET NULL"))
    #: The bytes were deleted after the recognition and complaint period (the SHA-256 and decisions stay).
    purged: Mapped[bool] = mapped_column(default=False)

    batch: Mapped[CountBatch] = relationship()
