"""Small builders for domain rows; each flushes and returns the object."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date

from app.auth.models import Duty, User
from app.auth.services import create_user
from app.elections.models import Contest, Election, ElectionRound, Position
from app.extensions import db
from app.rolls.models import Gender, Household, Person
from app.rules import fold, normalize_name
from app.wards.models import Tdp, Ward

_seq = itertools.count(1)
PASSWORD = "correct horse battery"


def create_ward(name: str = "Phường Thử") -> Ward:
    ward = Ward(name=f"{name} {next(_seq)}", district="Quận Thử", province="Hà Nội")
    db.session.add(ward)
    db.session.flush()
    return ward


def create_tdp(ward: Ward, number: int | None = None) -> Tdp:
    number = number if number is not None else next(_seq)
    tdp = Tdp(ward_id=ward.id, number=number, name=f"Tổ dân phố số {number}")
    db.session.add(tdp)
    db.session.flush()
    return tdp


def create_person(tdp: Tdp, full_name: str = "Nguyễn Văn An", *, gender: Gender = Gender.MALE,
                  birth_year: int | None = 1970, birth_date: date | None = None) -> Person:
    person = Person(tdp_id=tdp.id, full_name=normalize_name(full_name), search_name=fold(full_name),
                    gender=gender, birth_year=birth_year, birth_date=birth_date)
    db.session.add(person)
    db.session.flush()
    return person


def create_household(tdp: Tdp, code: str | None = None, *, representative: str = "Nguyễn Văn An",
                     gender: Gender = Gender.MALE, address: str = "Số 1, ngõ 2") -> Household:
    person = create_person(tdp, representative, gender=gender)
    household = Household(tdp_id=tdp.id, code=code or f"{next(_seq):06d}", address=address,
                          representative_id=person.id)
    db.session.add(household)
    db.session.flush()
    return household


def create_election(ward: Ward, rule_set_id: str = "nqlt-09-2008") -> Election:
    election = Election(ward_id=ward.id, term_label="2017–2020", rule_set_id=rule_set_id)
    db.session.add(election)
    db.session.flush()
    return election


def create_round(election: Election, tdp: Tdp, vote_date: date = date(2017, 10, 15), number: int = 1) -> ElectionRound:
    round_ = ElectionRound(election_id=election.id, tdp_id=tdp.id, number=number, vote_date=vote_date,
                           place=f"Nhà văn hóa tổ {tdp.number}")
    round_.contests = [Contest(position=Position.LEADER, seats=1), Contest(position=Position.DEPUTY, seats=1)]
    db.session.add(round_)
    db.session.flush()
    return round_


def create_app_user(ward: Ward, duties: Duty | Iterable[Duty] = Duty.WARD_ADMIN, tdps: list[Tdp] | None = None,
                    username: str | None = None) -> User:
    """A user holding one duty or several, scoped to `tdps`; for the province duty, a province account (no ward)."""
    duties = [duties] if isinstance(duties, Duty) else list(duties)
    if Duty.PROVINCE in duties:
        return create_province_account(username)
    return create_user(None, username=username or f"user{next(_seq)}", password=PASSWORD, duties=duties,
                       ward_id=ward.id, tdp_numbers=[t.number for t in tdps or []])


def create_province_account(username: str | None = None) -> User:
    """A province/city reader (no ward), with the test password and nothing to change at login."""
    from app.auth.services import hash_password
    from app.province.services import create_province_user

    user, _ = create_province_user(None, username or f"tinh{next(_seq)}", "Cán bộ Sở Nội vụ")
    user.password_hash = hash_password(PASSWORD)
    user.must_change_password = False
    db.session.flush()
    return user


def login(client, user: User, password: str = PASSWORD):
    return client.post("/login", data={"username": user.username, "password": password})
