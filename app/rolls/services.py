"""Keeping the roll: change a household's representative, mark it moved away or merged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.audit.services import record
from app.core.domain import DomainError
from app.extensions import db
from app.rolls.models import Gender, Household, HouseholdStatus, Person, RepresentativeChange
from app.rules import fold, normalize_name
from app.wards.models import Tdp

ADULT_AGE = 18


class RollError(DomainError):
    """A roll change refused for a reason the user can fix; `field` names the form field."""


@dataclass(frozen=True)
class NewRepresentative:
    full_name: str
    gender: Gender | None
    birth_date: date | None
    birth_year: int | None


def _age_on(birth_date: date | None, birth_year: int | None, on: date) -> int | None:
    if birth_date is not None:
        return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    return on.year - birth_year if birth_year is not None else None


def _snapshot(household: Household) -> dict:
    person = household.representative
    return {"code": household.code, "status": household.status.value, "representative": person.full_name,
            "birth_year": person.birth_year or (person.birth_date.year if person.birth_date else None)}


def change_representative(actor, household: Household, new: NewRepresentative, reason: str, today: date) -> Person:
    """Replace the household's representative by a new person, keeping the history and an audit record.

    Raises RollError for an empty name or reason, a representative under 18 on `today`, or an
    inactive household. Flushes."""
    name = normalize_name(new.full_name)
    if not name:
        raise RollError("Hãy nhập họ và tên người đại diện mới.", "full_name")
    if not reason.strip():
        raise RollError("Hãy ghi lý do thay người đại diện.", "reason")
    if household.status is not HouseholdStatus.ACTIVE:
        raise RollError("Hộ này không còn trong danh sách cử tri; không thể thay người đại diện.")
    age = _age_on(new.birth_date, new.birth_year, today)
    if age is not None and age < ADULT_AGE:
        raise RollError(f"Người đại diện hộ phải đủ {ADULT_AGE} tuổi (người này {age} tuổi).", "birth")
    if new.birth_year is not None and new.birth_year > today.year:
        raise RollError("Năm sinh ở tương lai.", "birth")
    before = _snapshot(household)
    previous = household.representative
    person = Person(tdp_id=household.tdp_id, full_name=name, search_name=fold(name), gender=new.gender,
                    birth_date=new.birth_date, birth_year=new.birth_year or (new.birth_date.year if new.birth_date else None))
    db.session.add(person)
    db.session.flush()
    household.representative_id = person.id
    household.representative = person
    db.session.add(RepresentativeChange(household_id=household.id, previous_person_id=previous.id,
                                        new_person_id=person.id, reason=reason.strip(),
                                        changed_by_id=getattr(actor, "id", None)))
    db.session.flush()
    record(actor, "household.representative", "household", household.id, tdp_id=household.tdp_id,
           before=before, after={**_snapshot(household), "reason": reason.strip()})
    return person


def set_status(actor, household: Household, status: HouseholdStatus, reason: str,
               merged_into_code: str | None = None) -> Household:
    """Mark a household moved away, merged into another of the same TDP, or active again.

    Raises RollError when the reason is missing or the target household is unknown. Flushes."""
    if not reason.strip():
        raise RollError("Hãy ghi lý do.", "reason")
    target = None
    if status is HouseholdStatus.MERGED:
        code = (merged_into_code or "").strip()
        target = db.session.scalar(select(Household).where(
            Household.tdp_id == household.tdp_id, Household.code == code, Household.status == HouseholdStatus.ACTIVE))
        if target is None or target.id == household.id:
            raise RollError(f"Không có hộ đang hoạt động mã “{code}” trong tổ để nhập vào.", "merged_into")
    before = _snapshot(household)
    household.status = status
    household.merged_into_id = target.id if target else None
    db.session.flush()
    record(actor, "household.status", "household", household.id, tdp_id=household.tdp_id, before=before,
           after={**_snapshot(household), "reason": reason.strip(), "merged_into": target.code if target else None})
    return household


def correct_details(actor, household: Household, code: str, address: str) -> Household:
    """Correct a household's code and address (a code Excel cut short, a misspelt street), audited.

    Raises RollError for an empty or over-long code, or a code another household of the ward already has
    (whatever its status). Flushes."""
    code, address = normalize_name(code), normalize_name(address)
    if not code:
        raise RollError("Hãy nhập mã hộ.", "code")
    tdp = db.session.get(Tdp, household.tdp_id)
    taken = db.session.scalar(select(Household.code).join(Tdp, Household.tdp_id == Tdp.id).where(
        Tdp.ward_id == tdp.ward_id, Household.code == code, Household.id != household.id).limit(1))
    if taken is not None:
        raise RollError(f"Mã hộ “{code}” đã có trong phường; hãy chọn mã khác.", "code")
    if code == household.code and address == household.address:
        return household
    before = {"code": household.code, "address": household.address}
    household.code, household.address = code, address
    db.session.flush()
    record(actor, "household.details", "household", household.id, tdp_id=household.tdp_id, before=before,
           after={"code": code, "address": address})
    return household


def history(household: Household) -> list[tuple[RepresentativeChange, Person | None, Person]]:
    """The household's representative changes, newest first."""
    changes = db.session.scalars(select(RepresentativeChange).where(RepresentativeChange.household_id == household.id)
                                 .order_by(RepresentativeChange.changed_at.desc(), RepresentativeChange.id.desc()))
    return [(c, db.session.get(Person, c.previous_person_id) if c.previous_person_id else None,
             db.session.get(Person, c.new_person_id)) for c in changes]
