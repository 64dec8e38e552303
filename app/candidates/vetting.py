"""The party cell's vetting (thẩm định): the election's checklist, each candidate's findings, the decision."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.audit.services import record
from app.candidates.checklist import DEFAULT_ITEMS, Finding, age_finding, blocking, describe
from app.candidates.models import Candidate, ItemKind, ItemResult, VettingAnswer, VettingDecision, VettingItem
from app.candidates.policy import CandidateError, ensure_changeable
from app.candidates.services import check_room
from app.core.db import utcnow
from app.elections.models import Election
from app.extensions import db

__all__ = ["add_item", "checklist", "decide", "findings", "remove_item", "save_answers", "update_item"]


def checklist(election: Election, *, actor=None) -> list[VettingItem]:
    """The election's active checklist items in order; the default standards are created (and audited)
    the first time an election's checklist is needed. Flushes."""
    items = _active(election)
    if items or db.session.scalar(select(VettingItem.id).where(VettingItem.election_id == election.id).limit(1)):
        return items
    try:
        with db.session.begin_nested():
            db.session.add_all(VettingItem(election_id=election.id, key=d.key, label=d.label, kind=ItemKind(d.kind),
                                           mandatory=d.mandatory, position=i) for i, d in enumerate(DEFAULT_ITEMS))
    except IntegrityError:  # another request created them first
        return _active(election)
    record(actor, "vetting_checklist.defaults", "election", election.id,
           after={"items": [d.label for d in DEFAULT_ITEMS]})
    return _active(election)


def _active(election: Election) -> list[VettingItem]:
    return list(db.session.scalars(select(VettingItem).where(VettingItem.election_id == election.id,
                                                             VettingItem.active.is_(True))
                                   .order_by(VettingItem.position, VettingItem.id)))


def findings(candidate: Candidate, items: list[VettingItem]) -> list[Finding]:
    """One finding per checklist item; the age item is computed from the birth and the round's vote date."""
    answers = {a.item_id: a for a in candidate.answers}
    person, vote_date = candidate.person, candidate.contest.round.vote_date
    result = []
    for item in items:
        if item.kind is ItemKind.AGE:
            value, note = age_finding(person.birth_date, person.birth_year, vote_date)
            result.append(Finding(item.id, item.label, item.mandatory, value, note, True, True))
            continue
        answer = answers.get(item.id)
        result.append(Finding(item.id, item.label, item.mandatory,
                              answer.result.value if answer else ItemResult.UNKNOWN.value,
                              answer.note if answer else "", False, answer is not None))
    return result


def save_answers(actor, candidate: Candidate, answers: Mapping[int, tuple[ItemResult, str]]) -> bool:
    """Record the party cell's finding for each manual item (computed items ignore input). A decision already
    taken is cleared when a finding changes, so it must be taken again. Returns whether anything changed.
    Raises CandidateError for a withdrawn candidate, ListFrozen/ListPublished when the list may not change."""
    ensure_changeable(candidate.contest)
    if candidate.withdrawn_at is not None:
        raise CandidateError("Người này đã rút khỏi danh sách.")
    items = {i.id: i for i in checklist(candidate.contest.round.election, actor=actor)}
    existing = {a.item_id: a for a in candidate.answers}
    changed = {}
    for item_id, (result, note) in answers.items():
        item = items.get(item_id)
        if item is None or item.kind is not ItemKind.MANUAL:
            continue
        note = note.strip()[:500]
        answer = existing.get(item_id)
        if answer is not None and (answer.result, answer.note) == (result, note):
            continue
        if answer is None:
            answer = VettingAnswer(item_id=item_id)
            candidate.answers.append(answer)
        answer.result, answer.note = result, note
        answer.answered_at, answer.answered_by_id = utcnow(), getattr(actor, "id", None)
        changed[item.label] = {"result": result.value, "note": note}
    if not changed:
        return False
    cleared = candidate.decision.value if candidate.decision else None
    _clear_decision(candidate)
    db.session.flush()
    record(actor, "candidate.vetting_answers", "candidate", candidate.id, tdp_id=candidate.contest.round.tdp_id,
           after={"items": changed, "decision_cleared": cleared})
    return True


def _clear_decision(candidate: Candidate) -> None:
    candidate.decision, candidate.decided_at, candidate.decided_by_id = None, None, None
    candidate.override_reason = candidate.override_at = candidate.override_by_id = None


def decide(actor, candidate: Candidate, decision: VettingDecision, reasons: str,
           override_reason: str = "") -> Candidate:
    """Record the party cell's decision with its reasons, who and when.

    Approving a candidate who does not meet every mandatory item needs `override_reason`, which is then
    recorded with who and when (and audited on its own). Raises CandidateError without reasons, for a
    withdrawn candidate, for an approval that is blocked, or one that would overfill the list;
    ListFrozen/ListPublished when the list may not change."""
    ensure_changeable(candidate.contest)
    if candidate.withdrawn_at is not None:
        raise CandidateError("Người này đã rút khỏi danh sách.", "decision")
    if not reasons.strip():
        raise CandidateError("Hãy ghi ý kiến, lý do của chi bộ.", "reasons")
    blockers = []
    if decision is VettingDecision.APPROVED:
        if candidate.decision is VettingDecision.REJECTED:
            check_room(candidate.contest)
        blockers = blocking(findings(candidate, checklist(candidate.contest.round.election, actor=actor)))
        if blockers and not override_reason.strip():
            raise CandidateError(
                f"Chưa thể nhất trí: {candidate.person.full_name} chưa đạt tiêu chuẩn bắt buộc: {describe(blockers)}. "
                "Nếu chi bộ vẫn nhất trí, hãy ghi lý do vào ô “Lý do nhất trí ngoại lệ”; lý do, người quyết định "
                "và thời điểm sẽ được lưu lại.", "override_reason", "candidates.mandatory_unmet")
    before = {"decision": candidate.decision.value if candidate.decision else None}
    _clear_decision(candidate)
    now, actor_id = utcnow(), getattr(actor, "id", None)
    candidate.decision, candidate.decision_reasons = decision, reasons.strip()
    candidate.decided_at, candidate.decided_by_id = now, actor_id
    if blockers:
        candidate.override_reason = override_reason.strip()
        candidate.override_at, candidate.override_by_id = now, actor_id
    db.session.flush()
    tdp_id = candidate.contest.round.tdp_id
    record(actor, "candidate.vetting_decision", "candidate", candidate.id, tdp_id=tdp_id, before=before,
           after={"decision": decision.value, "reasons": candidate.decision_reasons,
                  "override": candidate.override_reason})
    if blockers:
        record(actor, "candidate.vetting_override", "candidate", candidate.id, tdp_id=tdp_id,
               after={"unmet": [f.label for f in blockers], "reason": candidate.override_reason})
    return candidate


def add_item(actor, election: Election, label: str, mandatory: bool) -> VettingItem:
    """Add a standard to the election's checklist. Raises CandidateError for an empty label."""
    if not label.strip():
        raise CandidateError("Hãy nhập nội dung tiêu chuẩn.", "label")
    checklist(election, actor=actor)
    count = db.session.scalar(select(func.count()).select_from(VettingItem)
                              .where(VettingItem.election_id == election.id)) or 0
    top = db.session.scalar(select(func.max(VettingItem.position)).where(VettingItem.election_id == election.id))
    item = VettingItem(election_id=election.id, key=f"custom-{count + 1}", label=label.strip(), mandatory=mandatory,
                       position=(top or 0) + 1)
    db.session.add(item)
    db.session.flush()
    record(actor, "vetting_item.add", "vetting_item", item.id, after={"label": item.label, "mandatory": mandatory})
    return item


def update_item(actor, item: VettingItem, label: str, mandatory: bool) -> VettingItem:
    """Change an item's wording or whether it is mandatory. Raises CandidateError for an empty label."""
    if not label.strip():
        raise CandidateError("Hãy nhập nội dung tiêu chuẩn.", "label")
    before = {"label": item.label, "mandatory": item.mandatory}
    item.label, item.mandatory = label.strip(), mandatory
    db.session.flush()
    record(actor, "vetting_item.update", "vetting_item", item.id, before=before,
           after={"label": item.label, "mandatory": mandatory})
    return item


def remove_item(actor, item: VettingItem) -> None:
    """Stop asking an item; answers already given stay on record."""
    item.active = False
    db.session.flush()
    record(actor, "vetting_item.remove", "vetting_item", item.id, before={"label": item.label})
