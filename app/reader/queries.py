"""What the scanning pages read: counts per image status, recent batches, images that need a hand."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.elections.models import Contest
from app.extensions import db
from app.reader.models import NEEDS_HAND, CountBatch, CountImage, ImageStatus
from app.tally.models import BallotEntry

#: Vietnamese labels of the image statuses (the page and the progress JSON's "labels").
STATUS_LABELS = {
    ImageStatus.PENDING: _l("đang chờ đọc"),
    ImageStatus.ENTERED: _l("đã vào số liệu"),
    ImageStatus.REVIEW: _l("chờ người xem"),
    ImageStatus.RETAKE: _l("cần quét/chụp lại"),
    ImageStatus.NO_CODE: _l("không đọc được mã QR"),
    ImageStatus.REJECTED: _l("không phải phiếu của cuộc bầu này"),
    ImageStatus.REFUSED: _l("bị từ chối khi nhập"),
    ImageStatus.VOIDED: _l("đã bị hủy sau khi nhập"),
}

#: What became of a voided image's ballot since (voided_images): not entered again, entered again by hand (a
#: clerk keyed it), or entered again by the reader from another image of the same paper.
AFTER_VOID = {
    "none": _l("chưa nhập lại"),
    "hand": _l("đã nhập lại bằng bàn phím"),
    "reader": _l("đã nhập lại từ một ảnh khác"),
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


def after_void(images: list[CountImage]) -> dict[str, str]:
    """image id → AFTER_VOID key, for voided images: is the ballot's serial counted again in the live first
    pass, and was that entry made by the reader from another image, or keyed by hand?"""
    serials = {i.serial for i in images if i.status is ImageStatus.VOIDED and i.serial}
    if not serials:
        return {i.id: "none" for i in images if i.status is ImageStatus.VOIDED}
    contest_id = images[0].contest_id
    entered = dict(db.session.execute(select(BallotEntry.serial, BallotEntry.id).where(
        BallotEntry.contest_id == contest_id, BallotEntry.test.is_(False), BallotEntry.pass_no == 1,
        BallotEntry.serial.in_(sorted(serials)))).all())
    from_images = set(db.session.scalars(select(CountImage.entry_id).where(
        CountImage.entry_id.in_(list(entered.values())))))
    return {i.id: ("none" if i.serial not in entered else "reader" if entered[i.serial] in from_images else "hand")
            for i in images if i.status is ImageStatus.VOIDED}


def voided_images(contest: Contest) -> list[tuple[CountImage, str]]:
    """The contest's images whose entry the board's head voided, each with what happened since (AFTER_VOID
    key), in random-id order."""
    images = list(db.session.scalars(select(CountImage).where(CountImage.contest_id == contest.id,
                                                              CountImage.status == ImageStatus.VOIDED)
                                     .order_by(CountImage.id)))
    after = after_void(images)
    return [(image, after[image.id]) for image in images]


def batch_json(batch: CountBatch) -> dict:
    """A batch's progress, its pile number, its images per status, and each voided image with what happened
    since (the scanning page, the API)."""
    rows = db.session.execute(select(CountImage.status, func.count()).where(CountImage.batch_id == batch.id)
                              .group_by(CountImage.status)).all()
    voided = list(db.session.scalars(select(CountImage).where(CountImage.batch_id == batch.id,
                                                              CountImage.status == ImageStatus.VOIDED)
                                     .order_by(CountImage.id)))
    after = after_void(voided)
    return {"batch": batch.id, "stack": batch.stack_no, "status": batch.status.value, "done": batch.done,
            "total": batch.total, "message": batch.message, "images": {status.value: n for status, n in rows},
            "voided": [{"image": i.id, "message": i.message, "after": after[i.id]} for i in voided]}
