"""Why a TDP had to vote again: recorded per re-run round, so the ward can count re-runs for breaking the
rules (the 2017 target: none). Opening a re-run with its reason goes through app.tally's own service."""

from __future__ import annotations

from datetime import date

from app.audit.services import record
from app.core.db import utcnow
from app.elections.models import ElectionRound
from app.extensions import db
from app.results.errors import ResultsError
from app.results.models import RerunKind, RerunReason
from app.tally import services as tally
from app.tally.errors import TallyError


def record_reason(actor, round_: ElectionRound, kind: RerunKind, note: str) -> RerunReason:
    """Record or correct the reason of a re-run round (number 2 or more); breaking the rules needs a note."""
    if round_.number < 2:
        raise ResultsError("not_rerun", "Chỉ ghi lý do cho lần bầu lại (lần thứ hai trở đi).")
    if kind is RerunKind.RULE_BREACH and not note.strip():
        raise ResultsError("note_required", "Hãy ghi rõ quy định nào bị vi phạm.")
    row = db.session.get(RerunReason, round_.id)
    before = None if row is None else {"kind": row.kind.value, "note": row.note}
    if row is None:
        row = RerunReason(round_id=round_.id)
        db.session.add(row)
    row.kind, row.note, row.recorded_at, row.recorded_by_id = kind, note.strip(), utcnow(), getattr(actor, "id", None)
    db.session.flush()
    record(actor, "election.rerun_reason", "round", round_.id, tdp_id=round_.tdp_id, before=before,
           after={"kind": kind.value, "note": row.note})
    return row


def open_with_reason(actor, round_: ElectionRound, vote_date: date, place: str, kind: RerunKind,
                     note: str) -> ElectionRound:
    """Open the next round (app.tally.services.open_rerun: its deadline and date checks) and record why."""
    try:
        new = tally.open_rerun(actor, round_, vote_date, place)
    except TallyError as error:
        raise ResultsError(error.code, error.message) from None
    record_reason(actor, new, kind, note)
    return new


def submit(actor, round_: ElectionRound, kind: RerunKind, note: str, *, can_open: bool, vote_date: date | None = None,
           place: str = "") -> ElectionRound | None:
    """The re-run page's one action: open the next round with its reason when `round_` left a seat unfilled
    (`can_open`), else record or correct `round_`'s own reason. Returns the round opened, if any."""
    if can_open:
        return open_with_reason(actor, round_, vote_date, place, kind, note)
    record_reason(actor, round_, kind, note)
    return None
