"""Merge one TDP into another (sáp nhập tổ dân phố) by the council's decision: the households move with their
representatives, a household present in both (same code, or same representative) is kept once, and the absorbed
TDP's name is closed in its history, which stays with its past elections. Audited, flushed; the caller commits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select, update

from app.audit.services import record
from app.elections.models import ElectionRound
from app.extensions import db
from app.rolls.models import Household, HouseholdStatus, Person
from app.rules import format_date, normalize_name
from app.wards import history
from app.wards.guards import busy_message, busy_rounds
from app.wards.models import Tdp
from app.wards.services import DECISION_MAX, WardError


@dataclass(frozen=True)
class Duplicate:
    """A household of the absorbed TDP that the receiving TDP already has."""

    absorbed: Household
    kept: Household
    #: "code" (same household code) or "representative" (same representative: name and birth year)
    by: str


@dataclass
class MergePlan:
    moved: list[Household] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    #: Same household code, different representatives: the codes must be corrected before merging.
    conflicts: list[tuple[Household, Household]] = field(default_factory=list)

    @property
    def can_apply(self) -> bool:
        return not self.conflicts


def _person_key(person: Person) -> tuple[str, int | None]:
    return person.search_name, person.birth_date.year if person.birth_date else person.birth_year


def _active(tdp_id: int) -> list[Household]:
    return list(db.session.scalars(select(Household).where(Household.tdp_id == tdp_id,
                                                           Household.status == HouseholdStatus.ACTIVE)
                                   .order_by(Household.code)))


def plan_merge(into: Tdp, absorbed: Tdp) -> MergePlan:
    """What merging `absorbed` into `into` would do; writes nothing."""
    kept = _active(into.id)
    by_code = {h.code: h for h in kept}
    by_person = {_person_key(h.representative): h for h in kept}
    plan = MergePlan()
    for household in _active(absorbed.id):
        same_code = by_code.get(household.code)
        same_person = by_person.get(_person_key(household.representative))
        if same_code is not None and _person_key(same_code.representative) == _person_key(household.representative):
            plan.duplicates.append(Duplicate(household, same_code, "code"))
        elif same_code is not None:
            plan.conflicts.append((household, same_code))
        elif same_person is not None:
            plan.duplicates.append(Duplicate(household, same_person, "representative"))
        else:
            plan.moved.append(household)
    return plan


def check_merge(into: Tdp, absorbed: Tdp, *, effective_on: date, decision: str) -> tuple[str, MergePlan]:
    """The cleaned decision and the plan, when the merge may be made as given; raises WardError (with its form
    field) otherwise. Writes nothing: the preview runs it."""
    decision = normalize_name(decision or "")
    if into.id == absorbed.id or into.ward_id != absorbed.ward_id:
        raise WardError("Chỉ nhập được hai tổ dân phố khác nhau của cùng một phường.", "absorbed")
    for tdp, name in ((into, "into"), (absorbed, "absorbed")):
        if tdp.dissolved:
            raise WardError(f"{tdp.name} đã giải thể từ ngày {format_date(tdp.dissolved_on)}.", name)
    if not decision:
        raise WardError("Ghi nghị quyết hoặc quyết định nhập tổ (số, ngày).", "decision")
    if len(decision) > DECISION_MAX:
        raise WardError(f"Quyết định dài quá {DECISION_MAX} ký tự.", "decision")
    start = history.last_start(absorbed.id)
    if start is not None and effective_on <= start:
        raise WardError(f"Tên hiện tại của {absorbed.name} có hiệu lực từ {format_date(start)}: ngày nhập tổ phải "
                        "sau ngày đó.", "effective_on")
    upcoming = db.session.scalar(select(ElectionRound.vote_date).where(ElectionRound.tdp_id == absorbed.id,
                                                                       ElectionRound.vote_date >= effective_on)
                                 .order_by(ElectionRound.vote_date).limit(1))
    if upcoming is not None:
        raise WardError(f"{absorbed.name} có cuộc bầu ngày {format_date(upcoming)}, không trước ngày nhập tổ: "
                        "hãy hoàn tất hoặc bỏ cuộc bầu đó trước.", "effective_on")
    busy = busy_rounds([into.id, absorbed.id])
    if busy:
        raise WardError(busy_message({into.id: into.name, absorbed.id: absorbed.name}, busy), "absorbed")
    plan = plan_merge(into, absorbed)
    if not plan.can_apply:
        codes = ", ".join(h.code for h, _ in plan.conflicts)
        raise WardError(f"Mã hộ trùng nhau nhưng khác người đại diện: {codes}. Hãy sửa mã hộ trước khi nhập tổ.",
                        "absorbed")
    return decision, plan


def merge_tdps(actor, into: Tdp, absorbed: Tdp, *, effective_on: date, decision: str) -> MergePlan:
    """Merge `absorbed` into `into` from `effective_on`; `absorbed` is dissolved from that day (it leaves the
    ward's current pages, keeps its history and past elections). Raises WardError (nothing written) for TDPs of
    two wards, a dissolved TDP, a missing decision, an absorbed TDP with an election on or after that day,
    either TDP in an election under way (ballots printed or count started), or household codes that clash with
    different representatives. Flushes; audited."""
    decision, plan = check_merge(into, absorbed, effective_on=effective_on, decision=decision)
    moved_ids = [h.id for h in plan.moved]
    if moved_ids:
        db.session.execute(update(Person).where(Person.id.in_([h.representative_id for h in plan.moved]))
                           .values(tdp_id=into.id))
        db.session.execute(update(Household).where(Household.id.in_(moved_ids)).values(tdp_id=into.id),
                           execution_options={"synchronize_session": "fetch"})
    for dup in plan.duplicates:
        dup.absorbed.status, dup.absorbed.merged_into_id = HouseholdStatus.MERGED, dup.kept.id
    closing = f"Nhập vào {into.name} theo {decision}"
    history.close_name(absorbed, effective_on=effective_on, decision=closing)
    absorbed.dissolved_on, absorbed.dissolved_decision = effective_on, closing[:DECISION_MAX]
    db.session.flush()
    record(actor, "tdp.merge", "tdp", absorbed.id, tdp_id=into.id,
           after={"into": into.id, "absorbed": absorbed.id, "effective_on": effective_on.isoformat(),
                  "decision": decision, "moved": len(plan.moved),
                  "duplicates": [[d.absorbed.code, d.kept.code, d.by] for d in plan.duplicates]})
    return plan
