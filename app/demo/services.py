"""Load the demo ward into an empty database in one transaction."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import time

from sqlalchemy import insert, select

from app.audit.services import record
from app.auth.models import Duty
from app.auth.services import create_user
from app.demo import data
from app.demo.candidates import load_candidates
from app.demo.plan import load_demo_plan
from app.elections.models import Contest, DeputyMode, Election, ElectionRound, Position
from app.extensions import db
from app.rolls.models import Household, Person
from app.rules import fold, normalize_name
from app.wards.models import Tdp, Ward

#: (username, duty, TDP numbers, password). Demo only: printed on purpose for a first look.
DEMO_LOGINS = [
    ("admin", Duty.WARD_ADMIN, [], "ngocthuy-admin"),
    ("tobaucu5", Duty.ELECTION_TEAM, [5], "ngocthuy-tobaucu"),
    ("chibo5", Duty.PARTY_CELL, [5], "ngocthuy-chibo"),
    ("truongkp5", Duty.COUNTING_HEAD, [5], "ngocthuy-truongkp"),
    ("kiemphieu5", Duty.COUNTING_MEMBER, [5], "ngocthuy-kiemphieu"),
    ("quansat", Duty.OBSERVER, [], "ngocthuy-quansat"),
]


class DemoExists(Exception):
    pass


@dataclass(frozen=True)
class DemoSummary:
    ward_id: int
    tdps: int
    households: int
    logins: list[tuple[str, str, list[int], str]]


def load_demo() -> DemoSummary:
    """Create Phường Ngọc Thụy with 38 TDPs and exactly 8,233 households, its 2017–2020 election and
    one login per role. Deterministic. Raises DemoExists when the ward is already there. Flushes."""
    if db.session.scalar(select(Ward.id).where(Ward.name == data.WARD_NAME)) is not None:
        raise DemoExists(f"{data.WARD_NAME} đã có trong cơ sở dữ liệu.")
    rng = random.Random(data.SEED)
    ward = Ward(name=data.WARD_NAME, district=data.DISTRICT, province=data.PROVINCE)
    db.session.add(ward)
    db.session.flush()

    sizes = data.tdp_sizes(rng)
    tdps = [Tdp(ward_id=ward.id, number=n, name=f"Tổ dân phố số {n}", party_cell_name=f"Chi bộ tổ dân phố số {n}",
                front_committee_name=f"Ban công tác Mặt trận tổ dân phố số {n}") for n in range(1, len(sizes) + 1)]
    db.session.add_all(tdps)
    db.session.flush()

    for tdp, size in zip(tdps, sizes, strict=True):
        _insert_households(tdp, data.households(rng, tdp.number, size))

    election = Election(ward_id=ward.id, term_label="2017–2020", rule_set_id="nqlt-09-2008",
                        deputy_mode=DeputyMode.ELECTED, deputy_seats=1)
    db.session.add(election)
    db.session.flush()
    for tdp in tdps:
        round_ = ElectionRound(election_id=election.id, tdp_id=tdp.id, number=1,
                               vote_date=data.VOTE_DAYS[(tdp.number - 1) % len(data.VOTE_DAYS)],
                               starts_at=time(8, 0) if tdp.number % 2 else time(19, 30),
                               place=f"Nhà văn hóa tổ dân phố số {tdp.number}")
        round_.contests = [Contest(position=Position.LEADER, seats=1),
                           Contest(position=Position.DEPUTY, seats=election.deputy_seats)]
        db.session.add(round_)
    db.session.flush()

    for username, duty, tdp_numbers, password in DEMO_LOGINS:
        create_user(None, username=username, password=password, duties=[duty], ward_id=ward.id,
                    tdp_numbers=tdp_numbers, full_name=f"Tài khoản thử ({duty.value})")
    record(None, "demo.load", "ward", ward.id, after={"tdps": len(tdps), "households": sum(sizes)})
    load_demo_plan(ward, election)
    load_candidates(election, data.SEED + 1)
    return DemoSummary(ward.id, len(tdps), sum(sizes), [(u, r.value, t, p) for u, r, t, p in DEMO_LOGINS])


def _insert_households(tdp: Tdp, rows: list[data.DemoHousehold]) -> None:
    """Bulk insert people then households: two round trips per TDP instead of one per row."""
    people = [
        {"tdp_id": tdp.id, "full_name": normalize_name(h.representative.full_name),
         "search_name": fold(h.representative.full_name), "gender": h.representative.gender,
         "birth_year": h.representative.birth_year, "birth_date": h.representative.birth_date}
        for h in rows
    ]
    # Core inserts batch the rows ("insertmanyvalues"); ORM bulk inserts would split them by which
    # columns are None, and fall back to one statement per row.
    persons, households = Person.__table__, Household.__table__
    ids = db.session.scalars(insert(persons).returning(persons.c.id, sort_by_parameter_order=True), people).all()
    db.session.execute(insert(households), [
        {"tdp_id": tdp.id, "code": h.code, "address": h.address, "sub_group": h.sub_group,
         "representative_id": person_id}
        for h, person_id in zip(rows, ids, strict=True)
    ])
