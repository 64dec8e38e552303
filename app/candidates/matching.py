"""Match a resident typed by name ("người khác trong tổ") to a person already known in the TDP.

Without it the same resident typed twice becomes two records, and the one-person-one-post and
team-member exclusions compare records, not people. A typed resident is compared with every person of
the TDP (household representatives of the roll and residents typed before) by folded name (tones, case
and spacing ignored), birth year and address.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import select

from app.candidates.models import Candidate
from app.extensions import db
from app.rolls.models import Household, HouseholdStatus, Person
from app.rules import fold, normalize_name


class Match(enum.Enum):
    NONE = "none"  #: another person: a new record
    NEAR = "near"  #: same name, birth year within one year or unknown, or another address: ask the user
    EXACT = "exact"  #: same name, birth year and address: the same person


def folded(text: str) -> str:
    """Name or address as compared: NFC, single-spaced, without tones, case-folded."""
    return fold(normalize_name(text or ""))


def compare(name: str, year: int | None, address: str, known_name: str, known_year: int | None,
            known_addresses: set[str]) -> Match:
    """How a typed resident relates to a known one. Pure: folded addresses in `known_addresses`."""
    if folded(name) != folded(known_name):
        return Match.NONE
    if year is None or known_year is None:
        return Match.NEAR
    if abs(year - known_year) > 1:
        return Match.NONE
    if year != known_year:
        return Match.NEAR
    typed = folded(address)
    if typed and known_addresses and typed not in known_addresses:
        return Match.NEAR
    return Match.EXACT


@dataclass(frozen=True)
class Known:
    """A person of the TDP the typed resident may be, with what the page shows to tell them apart."""

    person: Person
    match: Match
    household_code: str | None
    address: str

    @property
    def label(self) -> str:
        parts = [f"{self.person.honorific} {self.person.full_name}"]
        parts.append(f"sinh năm {self.person.birth_year}" if self.person.birth_year else "chưa rõ năm sinh")
        if self.household_code:
            parts.append(f"đại diện hộ {self.household_code}")
        if self.address:
            parts.append(self.address)
        return " – ".join(parts)


def find(tdp_id: int, name: str, year: int | None, address: str) -> list[Known]:
    """Persons of the TDP who are (EXACT) or may be (NEAR) the typed resident, exact ones first.

    Representatives of households that moved away or were removed are not residents and are skipped."""
    key = folded(name)
    if not key:
        return []
    # search_name is fold() of the stored, normalised name: the indexed lookup finds every namesake.
    people = db.session.scalars(select(Person).where(Person.tdp_id == tdp_id, Person.search_name == key)
                                .order_by(Person.id))
    found = []
    for person in people:
        household = db.session.scalar(select(Household).where(Household.representative_id == person.id))
        if household is not None and household.status is not HouseholdStatus.ACTIVE:
            continue
        addresses = [household.address] if household is not None else []
        addresses += [a for a in db.session.scalars(select(Candidate.address).where(
            Candidate.person_id == person.id)) if a]
        match = compare(name, year, address, person.full_name, person.birth_year, {folded(a) for a in addresses})
        if match is not Match.NONE:
            found.append(Known(person, match, household.code if household else None,
                               addresses[0] if addresses else ""))
    return sorted(found, key=lambda k: k.match is not Match.EXACT)
