"""Read-only queries over a TDP's household roll."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select

from app.extensions import db
from app.rolls.fingerprint import Fingerprint, RollEntry, roll_fingerprint
from app.rolls.models import Household, HouseholdStatus, Person
from app.rules import fold, name_sort_key

PAGE_SIZE = 50


@dataclass(frozen=True)
class HouseholdRow:
    id: int
    code: str
    address: str
    sub_group: str | None
    representative: str
    honorific: str
    birth_year: int | None


@dataclass(frozen=True)
class HouseholdPage:
    rows: list[HouseholdRow]
    page: int
    pages: int
    total: int


def _birth(person: Person):
    return person.birth_date or person.birth_year


def sorted_households(tdp_id: int, query: str = "") -> list[HouseholdRow]:
    """Active households of a TDP in Vietnamese order of their representatives' names.

    `query` matches the household code or the representative's name, ignoring case and diacritics.
    """
    stmt = (
        select(Household, Person)
        .join(Person, Household.representative_id == Person.id)
        .where(Household.tdp_id == tdp_id, Household.status == HouseholdStatus.ACTIVE)
    )
    needle = fold(query).strip()
    if needle:
        pattern = f"%{needle}%"
        stmt = stmt.where(or_(Person.search_name.like(pattern), Household.code.ilike(pattern)))
    pairs = db.session.execute(stmt).all()
    pairs.sort(key=lambda hp: (name_sort_key(hp[1].full_name, _birth(hp[1])), hp[0].code))
    return [
        HouseholdRow(h.id, h.code, h.address, h.sub_group, p.full_name, p.honorific,
                     p.birth_year or (p.birth_date.year if p.birth_date else None))
        for h, p in pairs
    ]


def household_page(tdp_id: int, query: str = "", page: int = 1) -> HouseholdPage:
    rows = sorted_households(tdp_id, query)
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(max(1, page), pages)
    start = (page - 1) * PAGE_SIZE
    return HouseholdPage(rows[start:start + PAGE_SIZE], page, pages, len(rows))


def roll_entries(tdp_id: int) -> list[RollEntry]:
    """The TDP's active households as fingerprint entries."""
    stmt = (
        select(Household.code, Household.address, Household.sub_group, Person.full_name, Person.birth_date,
               Person.birth_year, Person.gender)
        .join(Person, Household.representative_id == Person.id)
        .where(Household.tdp_id == tdp_id, Household.status == HouseholdStatus.ACTIVE)
    )
    return [RollEntry(code, address, sub, name, bd, by, g.value if g else None)
            for code, address, sub, name, bd, by, g in db.session.execute(stmt)]


def current_fingerprint(tdp_id: int) -> Fingerprint:
    return roll_fingerprint(roll_entries(tdp_id))
