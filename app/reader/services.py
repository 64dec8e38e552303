"""Ballot images into the count: upload (ingest), read in the background (batch queue), machine entry.

The machine's read is one entry (pass 1) through the same `enter_ballot` a clerk's scan goes through
(genuine code, this contest, not counted before); the clerk keys pass 2 blind on the entry page. A name the
reader left unclear is never counted from the machine: the image waits for a person (app.reader.review).
Services flush; the view, CLI or worker commits."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from types import SimpleNamespace

from flask import current_app
from sqlalchemy import select

from app.audit.services import record
from app.elections.models import Contest
from app.extensions import db
from app.printing import services as printing
from app.reader.errors import NOT_INSTALLED, ReaderError
from app.reader.models import BatchStatus, CountBatch, CountImage, ImageStatus
from app.reader.pages import pages_of, skipped
from app.tally import entry as tally_entry
from app.tally.errors import TallyError
from app.tally.models import BallotEntry, TallyStatus
from app.tally.state import tally_for
from ballots import payload
from ballots.manifest import LAYOUT_VERSION

#: Who enters a ballot the reader decided: no clerk (the entry's clerk_id stays empty); the audit says "reader".
READER = SimpleNamespace(id=None, username="reader", is_authenticated=False)


def reader_installed() -> bool:
    from reader import available

    return available()


def _files(files) -> Iterable[tuple[str, bytes]]:
    """(name, bytes) from werkzeug FileStorage objects or (name, bytes) pairs."""
    for item in files:
        if isinstance(item, tuple):
            yield item[0], item[1]
        else:
            try:
                data = item.read()
            finally:
                item.close()  # a large upload is spooled to a temporary file
            yield item.filename or "", data


def reader_run(contest: Contest):
    """The active print run the reader reads this contest against (fiducials of the current layout); raises
    ReaderError when there is none, or when the active runs disagree on the candidate list."""
    runs = [r for r in printing.active_runs(contest) if r.definition.get("layout") == LAYOUT_VERSION]
    if not runs:
        raise ReaderError("no_reader_run", f"Chưa có đợt in nào của cuộc bầu này có dấu định vị cho máy đọc "
                          f"(bố cục phiên bản {LAYOUT_VERSION}): hãy in phiếu mới, hoặc nhập phiếu bằng bàn phím.")
    if len({r.definition_hash for r in runs}) > 1:
        raise ReaderError("runs_differ", "Các đợt in của cuộc bầu này có danh sách khác nhau: hãy hủy đợt in cũ trước.")
    return runs[-1]


def ingest(actor, contest: Contest, files, pile: int | str | None = None) -> CountBatch:
    """Store the uploaded images (files, multi-page PDFs and TIFFs split into pages) as one batch, queued for
    the reader. Pages already stored for this contest (same SHA-256) are skipped. The batch's pages are
    inserted in a random order with random ids, and their SHA-256s enter the TDP's audit chain sorted, so
    nothing keeps the order they were scanned in. The batch is a pile (xấp): it takes a new stack number
    from the count (tally.entry.open_pile), or, with `pile`, joins the pile of an earlier upload of this
    contest (the camera page's photos, one per upload, go on one pile). Raises ReaderError naming the file or
    the field (nothing is written); flushes, the caller commits and then calls `start`."""
    if not reader_installed():
        raise ReaderError("reader_missing", NOT_INSTALLED, status=503)
    tally = tally_for(contest)
    if tally.status is TallyStatus.FINAL:
        raise ReaderError("locked", "Kết quả đã chốt; không nhận thêm ảnh phiếu.")
    try:
        tally_entry._require_counting(tally)
    except TallyError as error:
        raise ReaderError(error.code, error.message, status=error.status) from None
    reader_run(contest)
    joined = _pile(contest, pile)
    pages: dict[str, tuple[bytes, str]] = {}
    names = 0
    for name, data in _files(files):
        if skipped(name) or (not name and not data):  # an empty file input still sends an empty part
            continue
        names += 1
        for page in pages_of(name, data):
            pages.setdefault(hashlib.sha256(page.data).hexdigest(), (page.data, page.media_type))
    if not names:
        raise ReaderError("no_files", "Chưa chọn ảnh phiếu nào (trường “files”).", status=400)
    known = set(db.session.scalars(select(CountImage.sha256).where(CountImage.contest_id == contest.id,
                                                                  CountImage.sha256.in_(list(pages)))))
    new = [sha for sha in pages if sha not in known]
    if not new:
        raise ReaderError("duplicate", "Mọi ảnh này đã được tải lên trước đây (trùng mã SHA-256).", status=409)
    secrets.SystemRandom().shuffle(new)
    batch = CountBatch(contest_id=contest.id, status=BatchStatus.QUEUED, total=len(new), done=0,
                       created_by_id=getattr(actor, "id", None),
                       stack_no=_stack_for(tally, joined))
    db.session.add(batch)
    db.session.flush()
    db.session.add_all([CountImage(contest_id=contest.id, batch_id=batch.id, sha256=sha, data=pages[sha][0],
                                   media_type=pages[sha][1], status=ImageStatus.PENDING, decisions={})
                        for sha in new])
    db.session.flush()
    record(actor, "count.images", "contest", contest.id, tdp_id=contest.round.tdp_id,
           after={"batch": batch.id, "stack": batch.stack_no, "images": len(new),
                  "skipped_duplicates": len(pages) - len(new),
                  "sha256": sorted(new)})
    return batch


def _stack_for(tally, joined: int | None) -> int | None:
    """The batch's stack: the pile it joins, or a new one; none in a rehearsal (test ballots are laid nowhere)."""
    if tally.rehearsal:
        return None
    return joined if joined is not None else tally_entry.open_pile(tally)


def _pile(contest: Contest, pile: int | str | None) -> int | None:
    """The stack number of an earlier upload's pile that `pile` names, or None for a new pile."""
    if pile is None or (isinstance(pile, str) and not pile.strip()):
        return None
    try:
        number = int(pile)
    except (TypeError, ValueError):
        number = None
    if number is None or not db.session.scalar(select(CountBatch.id).where(CountBatch.contest_id == contest.id,
                                                                          CountBatch.stack_no == number).limit(1)):
        raise ReaderError("pile", f"Xấp “{pile}” (trường “pile”) không phải xấp của một lần tải ảnh lên trước của cuộc "
                          "bầu này: để trống để bắt đầu một xấp mới.", status=422)
    return number


# --- reading one image -----------------------------------------------------------------------------------


@dataclass
class Reading:
    """What the worker needs for one contest, built once per batch."""

    contest: Contest
    sheets: dict
    key: bytes
    candidates: list[int]  #: person ids in ballot order


def reading_for(contest: Contest) -> Reading:
    from app.reader.crops import template_for
    from reader.read import Sheet

    run = reader_run(contest)
    key = printing.ballot_key(contest.round.election)
    sheet = Sheet(template_for(run), key, run.definition_hash)
    return Reading(contest, {contest.id: sheet}, key, [int(c["person"]) for c in run.definition["candidates"]])


def read_one(reading: Reading, image: CountImage) -> None:
    """Read one pending image and write what the count makes of it: entered (pass 1, by the reader), waiting
    for review, or a status saying what to do with the paper. Flushes."""
    import cv2
    import numpy as np

    from reader.read import CODE_OUT_OF_FRAME, Status, read_image

    pixels = cv2.imdecode(np.frombuffer(image.data or b"", np.uint8), cv2.IMREAD_GRAYSCALE)
    if pixels is None:
        image.status, image.reason, image.message = ImageStatus.RETAKE, "not_an_image", "Ảnh không đọc được."
        db.session.flush()
        return
    try:
        read = read_image(pixels, reading.sheets)
    except Exception:  # a reader fault on one odd image must not stop the batch (it would be retried for ever)
        current_app.logger.exception("reader failed on image %s", image.id)
        image.status, image.reason = ImageStatus.RETAKE, "reader_error"
        image.message = "Máy đọc gặp lỗi với ảnh này: hãy quét lại hoặc nhập phiếu bằng bàn phím."
        db.session.flush()
        return
    image.result = result_json(read)
    if read.status is not Status.READ:
        status = {Status.RETAKE: ImageStatus.RETAKE, Status.NO_CODE: ImageStatus.NO_CODE}.get(
            read.status, ImageStatus.REJECTED)
        image.status, image.reason = status, read.reason or read.status.value
        image.message = CODE_OUT_OF_FRAME_MESSAGE if read.reason == CODE_OUT_OF_FRAME else STATUS_MESSAGES[status]
        db.session.flush()
        return
    image.serial = read.fields.serial
    if read.needs_review:
        image.status, image.reason, image.message = ImageStatus.REVIEW, None, None
        db.session.flush()
        return
    kept = [reading.candidates[n.index] for n in read.names if n.decision.value == "untouched"]
    enter(reading, image, kept, None)


def enter(reading: Reading, image: CountImage, kept: list[int], invalid_reason: str | None) -> None:
    """Make the image's pass-1 entry (by the reader, no clerk) through the count's own checks; a refusal
    (already counted, count not open, ...) is kept on the image with its message. Flushes."""
    text = payload.encode(payload.PayloadFields(**image.result["code"]), reading.key)
    try:
        with db.session.begin_nested():
            saved = tally_entry.enter_ballot(READER, reading.contest, text, kept=kept, invalid_reason=invalid_reason,
                                             pass_no=1, pile=image.batch.stack_no)
    except TallyError as error:
        image.status, image.reason, image.message = ImageStatus.REFUSED, error.code, error.message
        if error.code == "already_counted":  # the paper was scanned again: it belongs where it was counted
            image.message += _where_counted(reading.contest, image.serial)
        db.session.flush()
        return
    image.status, image.reason, image.message, image.entry_id = ImageStatus.ENTERED, None, None, saved.id
    db.session.flush()


def _where_counted(contest: Contest, serial: str | None) -> str:
    """Where the paper counted under `serial` lies, for the refusal of a second scan of it."""
    counted = db.session.scalar(select(BallotEntry).where(BallotEntry.contest_id == contest.id,
                                                          BallotEntry.test.is_(False), BallotEntry.pass_no == 1,
                                                          BallotEntry.serial == serial)) if serial else None
    if counted is None or counted.stack_no is None:
        return ""
    if counted.stack_pos is None:
        return f" Phiếu đã được tính ở xấp {counted.stack_no}: hãy đặt tờ phiếu này vào lại xấp {counted.stack_no}."
    return (f" Phiếu đã được tính ở xấp {counted.stack_no}, vị trí {counted.stack_pos}: hãy đặt tờ phiếu này vào "
            "lại chỗ đó.")


#: A photo whose page is found but whose code is cut off by the image's edge (and does not read).
CODE_OUT_OF_FRAME_MESSAGE = "Mã QR của phiếu bị cắt ra ngoài ảnh: hãy quét hoặc chụp lại cả tờ phiếu."
STATUS_MESSAGES = {
    ImageStatus.RETAKE: "Không thấy đủ dấu định vị ở góc phiếu: hãy quét hoặc chụp lại tờ phiếu này.",
    ImageStatus.NO_CODE: "Không đọc được mã QR: hãy nhập phiếu này bằng tay (gõ mã ngắn in trên phiếu).",
    ImageStatus.REJECTED: "Mã QR không phải phiếu thật của cuộc bầu này: hãy để riêng tờ phiếu và báo Trưởng ban.",
}


def result_json(read) -> dict:
    """The reader's result as stored: status, reason, features, each name's decision with its reason and
    features, the ink outside the names, and the verified code's fields (to enter it)."""
    fields = read.fields
    return {
        "status": read.status.value, "reason": read.reason, "features": read.features,
        "outside_ink": bool(read.names) and read.writing_outside_names,
        "names": [{"index": n.index, "decision": n.decision.value, "reason": n.reason.value if n.reason else None,
                   "features": n.features} for n in read.names],
        "code": None if fields is None else {"definition": fields.definition, "tdp_id": fields.tdp_id,
                                             "contest_id": fields.contest_id, "test": fields.test,
                                             "serial": fields.serial},
    }
