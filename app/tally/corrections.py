"""Correcting the ballot entry: the clerk undoes the ballot just entered; the board's head voids one
entered ballot found again by its code. Both remove the entry (the ballot can then be entered again),
both are audited with the entry's id and the reason, never with the serial and the marks together."""

from __future__ import annotations

from datetime import UTC, timedelta

from sqlalchemy import select, update

from app.audit.services import record
from app.core.db import utcnow
from app.elections.models import Contest
from app.extensions import db
from app.reader.models import CountImage, ImageStatus
from app.tally.entry import _require_counting, identify
from app.tally.errors import TallyError
from app.tally.models import BallotEntry
from app.tally.state import tally_for

#: The clerk's own undo reaches back this far; an older mistake goes to the board's head (void).
UNDO_WINDOW = timedelta(minutes=10)


def _aware(moment):
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def undo_last(actor, contest: Contest, pass_no: int = 1, reason: str = "") -> BallotEntry:
    """Hoàn tác phiếu vừa nhập: remove the latest ballot `actor` entered in this contest and pass, if it
    was entered less than UNDO_WINDOW ago and the count is still open. Raises TallyError. Flushes."""
    tally = tally_for(contest)
    _require_counting(tally)
    last = db.session.scalar(select(BallotEntry).where(
        BallotEntry.contest_id == contest.id, BallotEntry.test == tally.rehearsal, BallotEntry.pass_no == pass_no,
        BallotEntry.clerk_id == getattr(actor, "id", None)).order_by(BallotEntry.id.desc()).limit(1))
    if last is None:
        raise TallyError("nothing_to_undo", "Bạn chưa nhập phiếu nào ở lượt này nên không có gì để hoàn tác.", status=409)
    if utcnow() - _aware(last.entered_at) > UNDO_WINDOW:
        raise TallyError("undo_too_late", "Chỉ hoàn tác được phiếu vừa nhập trong vòng 10 phút. Phiếu nhập trước đó "
                         "cần Trưởng ban kiểm phiếu hủy (quét lại mã phiếu, ghi lý do).", status=409)
    db.session.delete(last)
    db.session.flush()
    _take_back_place(tally, last)
    record(actor, "tally.ballot_undo", "contest", contest.id, tdp_id=contest.round.tdp_id,
           after={"entry": last.id, "pass": last.pass_no, "test": last.test,
                  "reason": reason.strip()[:255] or "Hoàn tác phiếu vừa nhập"})
    return last


def _take_back_place(tally, undone: BallotEntry) -> None:
    """The paper just undone lies on top of the current stack: when it was the last one laid, the next
    paper entered takes its place again, so undoing leaves no gap in the stacks."""
    if undone.stack_no is None or undone.stack_pos is None:  # not laid (pass 2, rehearsal) or in a scanned pile
        return
    size = tally.stack_size
    if (undone.stack_no - 1) * size + undone.stack_pos == tally.papers_laid:
        tally.papers_laid -= 1
        db.session.flush()


def void_entry(actor, contest: Contest, code: str, reason: str) -> list[BallotEntry]:
    """Hủy một phiếu đã nhập: the board's head scans the ballot again or types its printed code; every
    entry of that ballot (both passes) is removed so it can be entered again. Needs a reason and an open
    count. An image the reader entered the ballot from is marked voided (count_images.status), with the
    reason, so the scanning pages no longer call it entered. Raises TallyError. Flushes."""
    tally = tally_for(contest)
    _require_counting(tally)
    if not reason.strip():
        raise TallyError("reason_required", "Hãy ghi lý do hủy phiếu đã nhập.")
    serial = identify(contest, code, tally)
    entries = list(db.session.scalars(select(BallotEntry).where(
        BallotEntry.contest_id == contest.id, BallotEntry.test == tally.rehearsal, BallotEntry.serial == serial)))
    if not entries:
        raise TallyError("not_entered", "Phiếu này chưa được nhập nên không có gì để hủy.", status=404)
    db.session.execute(update(CountImage).where(CountImage.entry_id.in_([e.id for e in entries]))
                       .values(status=ImageStatus.VOIDED, reason="voided", entry_id=None,
                               message=f"Trưởng ban kiểm phiếu đã hủy phiếu này sau khi nhập: {reason.strip()[:255]}")
                       .execution_options(synchronize_session="fetch"))
    for found in entries:
        db.session.delete(found)
    db.session.flush()
    record(actor, "tally.ballot_void", "contest", contest.id, tdp_id=contest.round.tdp_id,
           after={"entries": sorted(e.id for e in entries), "test": tally.rehearsal, "reason": reason.strip()[:255]})
    return entries
