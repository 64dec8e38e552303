"""The final list of a contest: publish it with its posting date, read it in ballot order, freeze it for printing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.audit.services import record
from app.candidates.models import Candidate, ConsultationOutcome, NominationSource, VettingDecision
from app.candidates.policy import CandidateError, ensure_changeable, is_frozen, list_of, rule_set_of
from app.core.db import utcnow
from app.elections.models import Contest
from app.extensions import db
from app.rules import InvalidInput, RuleWarning, check_candidate_count, check_notice_periods, format_date, name_sort_key

__all__ = ["FinalCandidate", "final_list", "freeze", "is_frozen", "publish", "unfreeze", "unpublish"]


@dataclass(frozen=True)
class FinalCandidate:
    """One line of a published list, as ballots print it."""

    candidate_id: int
    person_id: int
    honorific: str  #: "Ông" or "Bà"
    full_name: str
    birth_year: int | None
    address: str
    source: NominationSource


def ballot_order(candidates: list[Candidate]) -> list[Candidate]:
    """Vietnamese name order: given name, family name, middle names, earlier birth first."""
    return sorted(candidates, key=lambda c: (name_sort_key(c.person.full_name,
                                                           c.person.birth_date or c.person.birth_year), c.id))


def _on_list(candidate: Candidate) -> bool:
    return (candidate.withdrawn_at is None and candidate.decision is VettingDecision.APPROVED
            and candidate.outcome is not ConsultationOutcome.WITHDRAWN)


def _approved(contest: Contest) -> list[Candidate]:
    rows = db.session.scalars(select(Candidate).where(Candidate.contest_id == contest.id))
    return ballot_order([c for c in rows if _on_list(c)])


def _line(c: Candidate) -> FinalCandidate:
    person = c.person
    return FinalCandidate(c.id, person.id, person.honorific, person.full_name,
                          person.birth_year or (person.birth_date.year if person.birth_date else None),
                          c.address, c.source)


def final_list(contest: Contest) -> list[FinalCandidate]:
    """The published list in ballot order: approved candidates the meeting kept. Empty until published."""
    row = list_of(contest)
    if row is None or row.published_on is None:
        return []
    return [_line(c) for c in _approved(contest)]


def draft_list(contest: Contest) -> list[FinalCandidate]:
    """What the list would be if published now, in ballot order."""
    return [_line(c) for c in _approved(contest)]


def notice_warnings(contest: Contest, *, as_of: date | None = None) -> tuple[RuleWarning, ...]:
    """Late (or, with `as_of`, missing) postings of the list and the public notice under the rule set."""
    row = list_of(contest)
    return check_notice_periods(contest.round.vote_date, row.published_on if row else None,
                                row.notice_posted_on if row else None, rule_set_of(contest), as_of=as_of)


def publish(actor, contest: Contest, posted_on: date, notice_on: date | None = None) -> tuple[RuleWarning, ...]:
    """Approve and post the contest's final list on `posted_on`; returns the rule set's notice-period warnings
    (late postings warn, they do not block).

    Raises CandidateError while a standing candidate awaits the party cell's decision or an approved one the
    meeting's opinion, when the final list has too few or too many people for the rule set, or when a date
    falls after election day; ListFrozen/ListPublished when the list may not change."""
    ensure_changeable(contest)
    vote_date = contest.round.vote_date
    for day, field in ((posted_on, "posted_on"), (notice_on, "notice_on")):
        if day is not None and day > vote_date:
            raise CandidateError(f"Ngày {format_date(day)} sau ngày bầu cử {format_date(vote_date)}.", field)
    rows = list(db.session.scalars(select(Candidate).where(Candidate.contest_id == contest.id,
                                                           Candidate.withdrawn_at.is_(None))))
    undecided = [c.person.full_name for c in rows if c.decision is None]
    if undecided:
        raise CandidateError("Chi bộ chưa thẩm định: " + ", ".join(undecided) + ".", "posted_on",
                             "candidates.undecided")
    unconsulted = [c.person.full_name for c in rows if c.decision is VettingDecision.APPROVED and c.outcome is None]
    if unconsulted:
        raise CandidateError("Chưa ghi ý kiến của hội nghị cử tri về: " + ", ".join(unconsulted) + ".",
                             "posted_on", "candidates.unconsulted")
    final = _approved(contest)
    try:
        check_candidate_count(len(final), contest.seats, rule_set_of(contest))
    except InvalidInput as error:
        raise CandidateError(error.message, "posted_on", error.code) from None
    row = list_of(contest, create=True)
    row.published_on, row.notice_posted_on = posted_on, notice_on
    row.published_at, row.published_by_id = utcnow(), getattr(actor, "id", None)
    db.session.flush()
    record(actor, "candidate_list.publish", "contest", contest.id, tdp_id=contest.round.tdp_id,
           after={"posted_on": posted_on, "notice_on": notice_on,
                  "candidates": [c.person.full_name for c in final]})
    return notice_warnings(contest)


def unpublish(actor, contest: Contest, reason: str) -> None:
    """Take a posted list down so it can change again. Raises CandidateError without a reason or when not
    posted, ListFrozen while ballots are printed."""
    ensure_changeable(contest, published_ok=True)
    row = list_of(contest)
    if row is None or row.published_on is None:
        raise CandidateError("Danh sách chưa được niêm yết.", "reason")
    if not reason.strip():
        raise CandidateError("Hãy ghi lý do hủy niêm yết.", "reason")
    before = {"posted_on": row.published_on, "notice_on": row.notice_posted_on}
    row.published_on = row.notice_posted_on = row.published_at = row.published_by_id = None
    db.session.flush()
    record(actor, "candidate_list.unpublish", "contest", contest.id, tdp_id=contest.round.tdp_id, before=before,
           after={"reason": reason.strip()})


def freeze(contest: Contest, actor) -> None:
    """Lock the list because its ballots are being printed. Idempotent (the first print's time stays).
    Raises CandidateError when the list is not published: ballots print only a published list."""
    row = list_of(contest)
    if row is None or row.published_on is None:
        raise CandidateError("Danh sách người ứng cử chưa được niêm yết; chưa thể in phiếu bầu.",
                             code="candidates.not_published")
    if row.frozen_at is not None:
        return
    row.frozen_at, row.frozen_by_id = utcnow(), getattr(actor, "id", None)
    db.session.flush()
    record(actor, "candidate_list.freeze", "contest", contest.id, tdp_id=contest.round.tdp_id,
           after={"candidates": [c.full_name for c in final_list(contest)]})


def unfreeze(contest: Contest, actor, reason: str) -> None:
    """Unlock the list after the printed ballots were voided; `reason` is required. No-op when not frozen."""
    if not reason.strip():
        raise CandidateError("Hãy ghi lý do mở khóa danh sách (phiếu đã in bị hủy).", "reason")
    row = list_of(contest)
    if row is None or row.frozen_at is None:
        return
    before = {"frozen_at": row.frozen_at}
    row.frozen_at = row.frozen_by_id = None
    db.session.flush()
    record(actor, "candidate_list.unfreeze", "contest", contest.id, tdp_id=contest.round.tdp_id, before=before,
           after={"reason": reason.strip()})
