"""Compare validated rows with the current roll: what an import would add, change and remove. Pure."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from app.rolls.fingerprint import Fingerprint, RollEntry, roll_fingerprint

from .headers import Field
from .validate import RollRow

ACTIVE = "active"


class Current(NamedTuple):
    """A household already in the database, whatever its status, with its current representative."""

    id: int
    tdp: int  #: the TDP's number
    code: str
    status: str
    address: str
    sub_group: str | None
    person_id: int
    name: str
    birth_date: date | None
    birth_year: int | None
    gender: str | None
    citizen_id: str | None = None  #: loaded only when the file has a citizen-ID column


class Values(NamedTuple):
    """What the roll will hold for one household after the import."""

    address: str
    sub_group: str | None
    name: str
    birth_date: date | None
    birth_year: int | None
    gender: str | None
    citizen_id: str | None

    def entry(self, code: str) -> RollEntry:
        return RollEntry(code, self.address, self.sub_group, self.name, self.birth_date, self.birth_year, self.gender)


class Addition(NamedTuple):
    """A household the import adds (or revives). (A NamedTuple: a new ward's file makes one per row.)"""

    row: RollRow
    values: Values
    revived: Current | None = None  #: a moved, merged or removed household with this code, made active again
    new_person: bool = True


@dataclass(frozen=True)
class Change:
    current: Current
    row: RollRow
    values: Values
    fields: tuple[str, ...]  #: what differs: address, sub_group, representative, birth_date, ...
    new_person: bool  #: the representative is someone else (a RepresentativeChange is written)


@dataclass(frozen=True)
class RollDiff:
    additions: tuple[Addition, ...]
    changes: tuple[Change, ...]
    removals: tuple[Current, ...]
    unchanged: int
    #: TDP number → (fingerprint before, fingerprint after), for each TDP the import covers.
    fingerprints: Mapping[int, tuple[Fingerprint, Fingerprint]]

    @property
    def is_empty(self) -> bool:
        return not (self.additions or self.changes or self.removals)

    @property
    def digest(self) -> str:
        """SHA-256 over every planned write: equal digests mean the same import would be applied."""
        plan = {
            "add": [[a.row.tdp, a.row.code, a.revived.id if a.revived else None, a.values]
                    for a in self.additions],
            "change": [[c.current.id, c.new_person, c.values] for c in self.changes],
            "remove": [c.id for c in self.removals],
            "fingerprints": {str(n): [b.hex, a.hex] for n, (b, a) in sorted(self.fingerprints.items())},
        }
        body = json.dumps(plan, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
        return hashlib.sha256(body.encode()).hexdigest()


def _current_values(c: Current) -> Values:
    return Values(c.address, c.sub_group, c.name, c.birth_date, c.birth_year, c.gender, c.citizen_id)


def merge(row: RollRow, current: Current | None, fields: frozenset[Field]) -> tuple[Values, bool]:
    """The household's values after the import, and whether its representative is a new person.

    The same representative means the same name up to letter case. A blank cell never erases what the
    roll knows about the same representative; a new representative starts with only what the file says.
    A year that agrees with the known birth date keeps the date.
    """
    if current is None:  # the common case, kept short: a new household
        return Values(row.address or "", row.sub_group, row.name, row.birth_date, row.birth_year, row.gender,
                      row.citizen_id if Field.CITIZEN_ID in fields else None), True
    same = current.name.casefold() == row.name.casefold()
    kept = current if same else None
    if row.birth_date is not None:
        born_on, born_in = row.birth_date, row.birth_date.year
    elif row.birth_year is not None:
        born_on = kept.birth_date if kept and kept.birth_year == row.birth_year else None
        born_in = row.birth_year
    else:
        born_on, born_in = (kept.birth_date, kept.birth_year) if kept else (None, None)
    citizen = row.citizen_id or (kept.citizen_id if kept else None)
    return Values(
        address=row.address or current.address,
        sub_group=row.sub_group or current.sub_group,
        name=row.name,
        birth_date=born_on,
        birth_year=born_in,
        gender=row.gender or (kept.gender if kept else None),
        citizen_id=citizen if Field.CITIZEN_ID in fields else None,
    ), not same


_COMPARED = (("address", "address"), ("sub_group", "sub_group"), ("name", "representative"),
             ("birth_date", "birth_date"), ("birth_year", "birth_year"), ("gender", "gender"))


def changed_fields(before: Values, after: Values, fields: frozenset[Field]) -> tuple[str, ...]:
    out = [label for attr, label in _COMPARED if getattr(before, attr) != getattr(after, attr)]
    if Field.CITIZEN_ID in fields and before.citizen_id != after.citizen_id:
        out.append("citizen_id")
    return tuple(out)


def diff_roll(rows: Iterable[RollRow], current: Iterable[Current], *, covered: Iterable[int],
              fields: frozenset[Field]) -> RollDiff:
    """Key by (TDP number, household code). Active households of a covered TDP missing from the rows are
    removed; a row whose code belongs to an inactive household revives it; everything else is an
    addition, a change, or unchanged. `current` must hold the covered TDPs' households, all statuses."""
    by_key = {(c.tdp, c.code): c for c in current}
    covered = frozenset(covered)
    after: dict[int, dict[str, RollEntry]] = defaultdict(dict)
    additions: list[Addition] = []
    changes: list[Change] = []
    seen: set[tuple[int, str]] = set()
    unchanged = 0
    for row in rows:
        key = (row.tdp, row.code)
        seen.add(key)
        existing = by_key.get(key)
        values, new_person = merge(row, existing, fields)
        after[row.tdp][row.code] = values.entry(row.code)
        if existing is None or existing.status != ACTIVE:
            additions.append(Addition(row, values, existing, new_person))
            continue
        differs = changed_fields(_current_values(existing), values, fields)
        if differs:
            changes.append(Change(existing, row, values, differs, new_person))
        else:
            unchanged += 1
    removals = tuple(sorted((c for k, c in by_key.items() if c.status == ACTIVE and c.tdp in covered
                             and k not in seen), key=lambda c: (c.tdp, c.code)))
    before: dict[int, list[RollEntry]] = defaultdict(list)
    for c in by_key.values():
        if c.status == ACTIVE and c.tdp in covered:
            before[c.tdp].append(_current_values(c).entry(c.code))
    fingerprints = {n: (roll_fingerprint(before[n]), roll_fingerprint(after[n].values())) for n in sorted(covered)}
    return RollDiff(tuple(additions), tuple(changes), removals, unchanged, fingerprints)
