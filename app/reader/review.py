"""Xem tên chưa rõ: the names the reader left unclear, decided by a person; once every unclear item of a
ballot is decided, the ballot becomes its pass-1 entry (the clear names as the reader decided them).

A name left unclear is never counted from the machine. Each decision is audited with who made it."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.audit.services import record
from app.elections.models import Contest
from app.extensions import db
from app.reader import services
from app.reader.errors import ReaderError
from app.reader.models import CountImage, ImageStatus
from app.rules import InvalidReason
from app.tally.models import TallyStatus
from app.tally.state import tally_for

#: The ballot-wide item: ink in the names' frame outside every name's row (maybe writing added).
OUTSIDE = "outside"
#: A person's decisions: on a name, struck / not struck / the ballot is invalid (writing added);
#: on the ink outside the names, nothing to worry about / the ballot is invalid.
NAME_DECISIONS = ("struck", "untouched", "invalid")
OUTSIDE_DECISIONS = ("ok", "invalid")

#: Vietnamese labels of the reader's reason codes (the review grid's filter).
REASON_LABELS = {
    "partial": _l("Gạch chưa hết tên"),
    "off_line": _l("Nét nằm trên/dưới tên"),
    "circle_tick_scribble": _l("Khoanh, đánh dấu, viết nguệch ngoạc"),
    "steep": _l("Nét quá dốc"),
    "poor_alignment": _l("Ảnh lệch, khó so vị trí"),
    "ink_beside": _l("Có mực bên cạnh tên"),
    "faint": _l("Nét quá mờ"),
    OUTSIDE: _l("Có chữ/mực ngoài các dòng tên"),
}


@dataclass(frozen=True)
class Item:
    image_id: str
    key: str  #: the name's index as text, or OUTSIDE
    name: str  #: the printed name (empty for OUTSIDE)
    reason: str
    coverage: float  #: how much of the name the fitted line covers, 0..1 (1 for OUTSIDE)


def open_keys(image: CountImage) -> list[str]:
    """The image's items still waiting for a person."""
    return [k for k in unclear_keys(image) if k not in (image.decisions or {})]


def unclear_keys(image: CountImage) -> list[str]:
    result = image.result or {}
    keys = [str(n["index"]) for n in result.get("names", []) if n["decision"] == "review"]
    return keys + ([OUTSIDE] if result.get("outside_ink") else [])


def items(contest: Contest, reason: str | None = None) -> list[Item]:
    """Every open item of the contest's images waiting for review, the most covered first (a nearly full
    strike next to a nearly full strike), optionally only those with reason code `reason`."""
    names = _names(contest)
    found = []
    for image in db.session.scalars(select(CountImage).where(CountImage.contest_id == contest.id,
                                                             CountImage.status == ImageStatus.REVIEW)
                                    .order_by(CountImage.id)):
        by_index = {str(n["index"]): n for n in image.result.get("names", [])}
        for key in open_keys(image):
            if key == OUTSIDE:
                found.append(Item(image.id, key, "", OUTSIDE, 1.0))
                continue
            n = by_index[key]
            found.append(Item(image.id, key, names[int(key)] if int(key) < len(names) else "", n["reason"] or "",
                              float(n["features"].get("covered", 0.0))))
    if reason:
        found = [i for i in found if i.reason == reason]
    return sorted(found, key=lambda i: (-i.coverage, i.reason, i.image_id, i.key))


def _names(contest: Contest) -> list[str]:
    try:
        run = services.reader_run(contest)
    except ReaderError:
        return []
    return [c.get("name") or c.get("full_name") or "" for c in run.definition["candidates"]]


def decide(actor, contest: Contest, image_id: str, key: str, decision: str) -> CountImage:
    """Record a person's decision on one unclear item (audited with who); when none is left open, enter the
    ballot (pass 1, by the reader and this review). Raises ReaderError for an unknown image or item, a
    decision not allowed for it, an item decided already, or a locked count. Flushes."""
    image = db.session.get(CountImage, image_id)
    if image is None or image.contest_id != contest.id:
        raise ReaderError("not_found", "Không có ảnh phiếu này.", status=404)
    if tally_for(contest).status is TallyStatus.FINAL:
        raise ReaderError("locked", "Kết quả đã chốt; không sửa được.")
    if image.status is not ImageStatus.REVIEW or key not in unclear_keys(image):
        raise ReaderError("not_open", "Mục này không chờ người xem.", status=409)
    if key in (image.decisions or {}):
        raise ReaderError("decided", "Mục này đã có người quyết định.", status=409)
    allowed = OUTSIDE_DECISIONS if key == OUTSIDE else NAME_DECISIONS
    if decision not in allowed:
        raise ReaderError("bad_decision", f"Quyết định “{decision}” không hợp lệ cho mục này (chọn một trong: "
                          f"{', '.join(allowed)}).")
    image.decisions = {**(image.decisions or {}), key: decision}
    db.session.flush()
    record(actor, "count.images.review", "count_image", image.id, tdp_id=contest.round.tdp_id,
           after={"item": key, "decision": decision})
    if decision == "invalid" or not open_keys(image):
        _enter_reviewed(contest, image)
    return image


def _enter_reviewed(contest: Contest, image: CountImage) -> None:
    """Kept names: the reader's clear "untouched" and the person's "untouched"; any "invalid" makes the ballot
    invalid for writing added. Items still open on an invalid ballot no longer matter."""
    reading = services.reading_for(contest)
    decisions = image.decisions or {}
    kept = []
    for n in image.result["names"]:
        final = decisions.get(str(n["index"])) if n["decision"] == "review" else n["decision"]
        if final == "untouched":
            kept.append(reading.candidates[n["index"]])
    invalid = "invalid" in decisions.values()
    services.enter(reading, image, [] if invalid else kept, InvalidReason.ADDED_WRITING.value if invalid else None)
