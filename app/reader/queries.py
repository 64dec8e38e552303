"""What the scanning pages read: counts per image status, recent batches, images that need a hand."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.elections.models import Contest
from app.extensions import db
from app.reader.models import NEEDS_HAND, CountBatch, CountImage, ImageStatus

#: Vietnamese labels of the image statuses (the page and the progress JSON's "labels").
STATUS_LABELS = {
    ImageStatus.PENDING: _l("đang chờ đọc"),
    ImageStatus.ENTERED: _l("đã vào số liệu"),
    ImageStatus.REVIEW: _l("chờ người xem"),
    ImageStatus.RETAKE: _l("cần quét/chụp lại"),
    ImageStatus.NO_CODE: _l("không đọc được mã QR"),
    ImageStatus.REJECTED: _l("không phải phiếu của cuộc bầu này"),
    ImageStatus.REFUSED: _l("bị từ chối khi nhập"),
}


def summary(contest: Contest) -> dict[str, int]:
    """Images per status for the contest (every status present, zero when none)."""
    rows = db.session.execute(select(CountImage.status, func.count()).where(CountImage.contest_id == contest.id)
                              .group_by(CountImage.status)).all()
    counts = {s.value: 0 for s in ImageStatus}
    counts.update({status.value: n for status, n in rows})
    return counts


def recent_batches(contest: Contest, limit: int = 20) -> list[CountBatch]:
    return list(db.session.scalars(select(CountBatch).where(CountBatch.contest_id == contest.id)
                                   .order_by(CountBatch.id.desc()).limit(limit)))


def needs_hand(contest: Contest) -> list[CountImage]:
    """Images that a person must deal with outside the review grid (re-upload, or key the ballot by hand),
    in random-id order (never upload order)."""
    return list(db.session.scalars(select(CountImage).where(CountImage.contest_id == contest.id,
                                                            CountImage.status.in_(NEEDS_HAND))
                                   .order_by(CountImage.id)))


def batch_json(batch: CountBatch) -> dict:
    rows = db.session.execute(select(CountImage.status, func.count()).where(CountImage.batch_id == batch.id)
                              .group_by(CountImage.status)).all()
    return {"batch": batch.id, "status": batch.status.value, "done": batch.done, "total": batch.total,
            "message": batch.message, "images": {status.value: n for status, n in rows}}
