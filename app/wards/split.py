"""Split one TDP into two (tách tổ dân phố) by the council's decision: the chosen households move, with their
representatives, to a new TDP; both keep their history in `tdp_names`. Audited, flushed; the caller commits."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select, update

from app.audit.services import record
from app.extensions import db
from app.rolls.models import Household, HouseholdStatus, Person
from app.rules import format_date, normalize_name
from app.wards import history, services
from app.wards.guards import busy_message, busy_rounds
from app.wards.merge import _active, _person_key
from app.wards.models import Tdp, TdpName
from app.wards.services import DECISION_MAX, WardError
from app.wards.tdp_list import TdpEntry, check_rows

_SEPARATORS = re.compile(r"[\s,;]+")
_RANGE = re.compile(r"^(.+?)\s*(?:\.\.|[-–—])\s*(.+)$")
#: The longest code list a form or command takes (a TDP has at most a few thousand households).
MAX_SELECTION_CHARS = 100_000


@dataclass(frozen=True)
class SplitInput:
    """The new TDP and the decision that creates it."""

    number: str
    name: str
    effective_on: date | None
    decision: str
    party_cell_name: str = ""
    front_committee_name: str = ""


@dataclass
class Selection:
    """The households chosen for the new TDP, read from a code list with ranges ("050001, 050010-050020")."""

    households: list[Household] = field(default_factory=list)
    #: Codes listed more than once (or inside two ranges): each household moves once.
    repeated: list[str] = field(default_factory=list)
    #: Codes or ranges that match no active household of the TDP: the list must be corrected.
    unknown: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SplitPlan:
    selection: Selection
    staying: int
    #: A chosen household and one staying behind with the same representative (name and birth year): probably
    #: one household listed twice; the split would leave it in both TDPs.
    duplicates: list[tuple[Household, Household]]

    @property
    def moving(self) -> list[Household]:
        return self.selection.households


def _numeric_between(code: str, low: str, high: str) -> bool:
    if low.isdigit() and high.isdigit():
        return code.isdigit() and int(low) <= int(code) <= int(high)
    return low <= code <= high


def select_households(households: list[Household], text: str = "", ids: list[int] | None = None) -> Selection:
    """The households named by codes and ranges in `text` ("050001, 050003-050010" or one per line; a code that
    itself contains a dash is taken as a code) and by `ids` (the checkbox table). Pure over `households`."""
    by_code = {h.code: h for h in households}
    by_id = {h.id: h for h in households}
    chosen: dict[int, Household] = {}
    selection = Selection()

    def take(household: Household, label: str) -> None:
        if household.id in chosen:
            selection.repeated.append(label)
        chosen[household.id] = household

    for token in (t for t in _SEPARATORS.split(text[:MAX_SELECTION_CHARS].strip()) if t):
        if token in by_code:
            take(by_code[token], token)
            continue
        match = _RANGE.match(token)
        if match is None:
            selection.unknown.append(token)
            continue
        low, high = match[1], match[2]
        inside = [h for h in households if _numeric_between(h.code, low, high)]
        if not inside:
            selection.unknown.append(token)
        for household in inside:
            take(household, household.code)
    for household_id in ids or ():
        if household_id in by_id:
            take(by_id[household_id], by_id[household_id].code)
    selection.households = sorted(chosen.values(), key=lambda h: h.code)
    selection.repeated = sorted(set(selection.repeated))
    return selection


def plan_split(source: Tdp, text: str = "", ids: list[int] | None = None) -> SplitPlan:
    """What splitting the chosen households off `source` would do; writes nothing."""
    households = _active(source.id)
    selection = select_households(households, text, ids)
    chosen = {h.id for h in selection.households}
    staying = [h for h in households if h.id not in chosen]
    by_person = {_person_key(h.representative): h for h in staying}
    duplicates = [(h, by_person[_person_key(h.representative)]) for h in selection.households
                  if _person_key(h.representative) in by_person]
    return SplitPlan(selection, len(staying), duplicates)


def check_split(source: Tdp, data: SplitInput, plan: SplitPlan) -> tuple[str, TdpEntry]:
    """The cleaned decision and the new TDP, when the split may be made as given; raises WardError (with its
    form field) otherwise. Writes nothing: the preview runs it."""
    decision = normalize_name(data.decision or "")
    if source.dissolved:
        raise WardError(f"{source.name} đã giải thể từ ngày {format_date(source.dissolved_on)}.", "number")
    busy = busy_rounds([source.id])
    if busy:
        raise WardError(busy_message({source.id: source.name}, busy), "households")
    if not decision:
        raise WardError("Ghi nghị quyết hoặc quyết định tách tổ (số, ngày).", "decision")
    if len(decision) > DECISION_MAX:
        raise WardError(f"Quyết định dài quá {DECISION_MAX} ký tự.", "decision")
    if data.effective_on is None:
        raise WardError("Nhập ngày tách tổ có hiệu lực.", "effective_on")
    start = history.last_start(source.id)
    if start is not None and data.effective_on <= start:
        raise WardError(f"Tên hiện tại của {source.name} có hiệu lực từ {format_date(start)}: ngày tách tổ phải "
                        "sau ngày đó.", "effective_on")
    checked = check_rows([[data.number, data.name, data.party_cell_name, data.front_committee_name]],
                         existing=services.ward_tdp_numbers(source.ward_id))
    if not checked.can_apply or len(checked.entries) != 1:
        errors = [p for p in checked.problems if p.is_error]
        field_of = {"Số tổ": "number", "Tên tổ dân phố": "name"}
        raise WardError(errors[0].message if errors else "Nhập số tổ và tên tổ dân phố mới.",
                        field_of.get(errors[0].column, "name") if errors else "number")
    if plan.selection.unknown:
        raise WardError("Không có hộ nào mang mã " + ", ".join(plan.selection.unknown[:20])
                        + f" trong {source.name}.", "households")
    if not plan.moving:
        raise WardError("Chọn ít nhất một hộ chuyển sang tổ mới.", "households")
    if not plan.staying:
        raise WardError(f"Không còn hộ nào ở lại {source.name}: hãy đổi tên tổ thay vì tách tổ.", "households")
    return decision, checked.entries[0]


def split_tdp(actor, source: Tdp, data: SplitInput, plan: SplitPlan) -> Tdp:
    """Create the new TDP from `data.effective_on` and move the planned households (with their representatives)
    to it. The source keeps its name; both TDPs' histories record the split and its decision. Raises WardError
    (nothing written) for a dissolved source, a TDP in an election under way (ballots printed or count
    started), a missing decision or day, a number the ward has, codes that match no household, no household
    chosen or none left behind. Flushes; audited (the new TDP also gets its rounds in the ward's open elections,
    as any added TDP does)."""
    decision, entry = check_split(source, data, plan)
    (new,) = services.add_tdps(actor, source.ward, [entry])
    moving, codes = [h.id for h in plan.moving], [h.code for h in plan.moving]
    duplicates = [[a.code, b.code] for a, b in plan.duplicates]
    for chunk in range(0, len(moving), 500):
        ids = moving[chunk:chunk + 500]
        db.session.execute(update(Person).where(Person.id.in_(
            select(Household.representative_id).where(Household.id.in_(ids)))).values(tdp_id=new.id),
            execution_options={"synchronize_session": False})
        db.session.execute(update(Household).where(Household.id.in_(ids), Household.tdp_id == source.id,
                                                   Household.status == HouseholdStatus.ACTIVE)
                           .values(tdp_id=new.id), execution_options={"synchronize_session": False})
    db.session.expire_all()
    db.session.add(TdpName(tdp_id=new.id, name=new.name, number=new.number, valid_from=data.effective_on,
                           valid_to=None, decision=f"Tách từ {source.name} theo {decision}"[:DECISION_MAX]))
    history.open_name(source, new_name=source.name, effective_on=data.effective_on,
                      decision=f"Tách {len(moving)} hộ sang {new.name} theo {decision}"[:DECISION_MAX])
    record(actor, "tdp.split", "tdp", source.id, tdp_id=source.id,
           after={"source": source.id, "new": new.id, "number": new.number, "name": new.name,
                  "effective_on": data.effective_on.isoformat(), "decision": decision, "moved": len(moving),
                  "codes": codes[:2000], "duplicates": duplicates})
    return new
