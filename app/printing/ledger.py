"""The ballot ledger of a contest and its reconciliation (đối chiếu số phiếu), with what to do."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.attendance.services import present_count
from app.audit.services import record
from app.core.db import utcnow
from app.core.domain import DomainError
from app.elections.models import Contest
from app.extensions import db
from app.printing.models import BallotLedger
from app.printing.services import printed_count
from app.rules import BallotAccount, RuleWarning, reconcile

FIELDS = ("issued", "spoiled", "returned", "unused", "destroyed")

#: What to do about each broken rule, for the election team.
REMEDIES = {
    "reconcile.printed": "Đếm lại số phiếu chưa dùng và phiếu hỏng; kiểm tra có đợt in nào chưa được ghi hoặc đã hủy.",
    "reconcile.returned_exceeds_issued": "Có phiếu lạ trong hòm: đối chiếu số sê-ri với các đợt in, "
                                         "lập biên bản và báo Ban chỉ đạo.",
    "reconcile.issued_exceeds_signed_in": "Phát phiếu nhiều hơn số cử tri đã điểm danh: kiểm tra lại điểm danh "
                                          "hoặc số phiếu đã phát.",
    "reconcile.returned": "Kiểm phiếu chưa xong hoặc còn phiếu chưa nhập: nhập nốt rồi đối chiếu lại.",
    "ledger.destroyed": "Số phiếu tiêu hủy không được vượt quá số phiếu chưa dùng và phiếu hỏng.",
}


class LedgerError(DomainError):
    """A ledger change refused; `field` names the count that is wrong."""


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    remedy: str


@dataclass(frozen=True)
class LedgerView:
    ledger: BallotLedger
    printed: int
    signed_in: int
    valid: int | None  #: None until the count has results
    invalid: int | None
    problems: tuple[Problem, ...]
    #: The meeting has started (someone signed in) or the team has begun the ledger: before that the
    #: reconciliation is not yet due, and a freshly printed run is no error (D8).
    started: bool = True


def ledger_for(contest: Contest) -> BallotLedger:
    ledger = db.session.scalar(select(BallotLedger).where(BallotLedger.contest_id == contest.id))
    if ledger is None:
        ledger = BallotLedger(contest_id=contest.id, issued=0, spoiled=0, returned=0, unused=0, destroyed=0)
        db.session.add(ledger)
        db.session.flush()
    return ledger


def update_ledger(actor, contest: Contest, counts: dict[str, int]) -> BallotLedger:
    """Set the team's counts; each must be a whole number ≥ 0. Audited with before and after. Flushes."""
    ledger = ledger_for(contest)
    before = {f: getattr(ledger, f) for f in FIELDS}
    for field in FIELDS:
        value = counts.get(field, before[field])
        if not isinstance(value, int) or value < 0:
            raise LedgerError("Số phiếu phải là số nguyên không âm.", field)
        setattr(ledger, field, value)
    if ledger.destroyed > ledger.unused + ledger.spoiled:
        raise LedgerError(REMEDIES["ledger.destroyed"], "destroyed")
    ledger.updated_at = utcnow()
    ledger.updated_by_id = getattr(actor, "id", None)
    db.session.flush()
    record(actor, "ballots.ledger", "contest", contest.id, tdp_id=contest.round.tdp_id, before=before,
           after={f: getattr(ledger, f) for f in FIELDS})
    return ledger


def view(contest: Contest, valid: int | None = None, invalid: int | None = None) -> LedgerView:
    """The ledger with every reconciliation rule checked; before the count (valid is None) the
    returned = valid + invalid rule is not yet applied."""
    ledger = ledger_for(contest)
    printed, signed_in = printed_count(contest), present_count(contest.round)
    account = BallotAccount(printed=printed, issued=ledger.issued, unused=ledger.unused, spoiled=ledger.spoiled,
                            signed_in=signed_in, returned=ledger.returned,
                            valid=valid if valid is not None else 0, invalid=invalid if invalid is not None else 0)
    warnings: list[RuleWarning] = [w for w in reconcile(account)
                                   if valid is not None or w.code != "reconcile.returned"]
    problems = tuple(Problem(w.code, w.message, REMEDIES.get(w.code, "")) for w in warnings)
    started = signed_in > 0 or any(getattr(ledger, f) for f in FIELDS)
    return LedgerView(ledger, printed, signed_in, valid, invalid, problems, started)
