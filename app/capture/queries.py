"""What the camera page shows of each photo it sent: read and counted, waiting for a person (and why), or take
it again (and why), in Vietnamese."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.reader.models import BatchStatus, CountBatch, CountImage, ImageStatus

#: Why the reader sent a name to a person (reader.marks.Reason values).
REVIEW_REASONS = {
    "partial": _l("nét gạch chưa phủ hết tên"),
    "off_line": _l("nét gạch nằm trên hoặc dưới tên"),
    "circle_tick_scribble": _l("khoanh, đánh dấu hoặc viết vào tên"),
    "steep": _l("nét gạch quá dốc"),
    "poor_alignment": _l("ảnh lệch, chưa khớp với mẫu phiếu"),
    "ink_beside": _l("có thêm mực cạnh tên"),
    "faint": _l("nét quá mờ"),
}
#: The class the page gives each image status.
KINDS = {ImageStatus.PENDING: "pending", ImageStatus.ENTERED: "read", ImageStatus.REVIEW: "review",
         ImageStatus.RETAKE: "retake", ImageStatus.NO_CODE: "retake", ImageStatus.REJECTED: "failed",
         ImageStatus.REFUSED: "failed", ImageStatus.VOIDED: "failed"}
_CORNERS_FOUND = re.compile(r"^(\d) of 4 corner marks found$")


def batch_outcome(batch: CountBatch) -> dict:
    """The batch's images as the camera page lists them; `done` once the reader has finished the batch."""
    images = db.session.scalars(select(CountImage).where(CountImage.batch_id == batch.id).order_by(CountImage.id))
    return {"batch": batch.id, "done": batch.status in (BatchStatus.DONE, BatchStatus.FAILED),
            "message": batch.message, "images": [_image(image) for image in images]}


def _image(image: CountImage) -> dict:
    return {"id": image.id, "status": image.status.value, "kind": KINDS[image.status], "text": describe(image)}


def describe(image: CountImage) -> str:
    result = image.result or {}
    names = result.get("names") or []
    if image.status is ImageStatus.PENDING:
        return _("Đang đọc…")
    if image.status is ImageStatus.ENTERED:
        kept = [str(n["index"] + 1) for n in names if n.get("decision") == "untouched"]
        return (_("Đã đọc và vào số liệu: giữ tên số %(names)s.", names=", ".join(kept)) if kept
                else _("Đã đọc và vào số liệu: không giữ tên nào."))
    if image.status is ImageStatus.REVIEW:
        why = [_("tên số %(n)s: %(why)s", n=n["index"] + 1, why=REVIEW_REASONS.get(n.get("reason"), n.get("reason") or ""))
               for n in names if n.get("decision") == "review"]
        if result.get("outside_ink"):
            why.append(_("có chữ hoặc dấu ngoài các dòng tên"))
        return _("Cần người xem (%(why)s).", why="; ".join(why) or _("không rõ"))
    if image.status is ImageStatus.RETAKE:
        found = _CORNERS_FOUND.match(image.reason or "")
        if found:
            return _("Chụp lại: chỉ thấy %(n)s/4 dấu ở góc phiếu; đưa cả tờ phiếu vào khung.", n=found.group(1))
        return _("Chụp lại: %(m)s", m=image.message or image.reason or "")
    return image.message or image.reason or image.status.value


def batch_of(contest_id: int, batch_id: int) -> CountBatch | None:
    batch = db.session.get(CountBatch, batch_id)
    return batch if batch is not None and batch.contest_id == contest_id else None
