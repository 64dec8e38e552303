"""Load a demo ward into the database in one transaction: today's sample ward, or the 2017 one."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, time

from sqlalchemy import insert, select

from app.audit.services import record
from app.auth.models import Duty
from app.auth.services import create_user
from app.core.time import local_today
from app.demo import data
from app.demo.candidates import load_candidates
from app.demo.plan import load_demo_plan, mark_progress
from app.elections.models import Contest, DeputyMode, Election, ElectionRound, Position
from app.extensions import db
from app.rolls.models import Household, Person
from app.rules import fold, normalize_name
from app.wards.models import Tdp, Ward

#: The demo accounts' names: Vietnamese, never the duty's code ("Tài khoản thử (party_cell)", D21). Plain
#: strings: the demo loads from the command line, where no request picks a language.
DEMO_NAMES = {Duty.WARD_ADMIN: "Ban chỉ đạo phường", Duty.ELECTION_TEAM: "Tổ bầu cử",
              Duty.COUNTING_HEAD: "Trưởng ban kiểm phiếu", Duty.COUNTING_MEMBER: "Thành viên ban kiểm phiếu",
              Duty.PARTY_CELL: "Chi bộ", Duty.OBSERVER: "Quan sát"}

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
    ward_name: str = ""
    vote_days: tuple[date, ...] = field(default=())


#: The most TDPs `flask demo load --tdps` builds; the fewest keeps TDP 5 of the demo logins.
MIN_TDPS, MAX_TDPS = 5, 400


def load_demo(today: date | None = None, tdps: int = data.TDP_COUNT, *, historic: bool = False) -> DemoSummary:
    """Create a demo ward with its households, one election with a plan, published candidate lists and
    one login per duty. By default today's sample ward (data.present: nd-59-2023, the vote about three
    weeks after `today`, Vietnam's today when None), with 38 TDPs and exactly 8,233 households, or a
    merged ward of `tdps` TDPs; `historic` loads Phường Ngọc Thụy's 2017–2020 election instead.
    Deterministic for a given `today`. Raises DemoExists when the ward is already there, ValueError for a
    TDP count outside MIN_TDPS..MAX_TDPS. Flushes."""
    if not MIN_TDPS <= tdps <= MAX_TDPS:
        raise ValueError(f"Số tổ dân phố mẫu phải từ {MIN_TDPS} đến {MAX_TDPS}.")
    spec = data.ngoc_thuy_2017() if historic else data.present(today or local_today(), tdps)
    return build(spec)


def build(spec: data.DemoWard) -> DemoSummary:
    """Build the ward `spec` describes. Raises DemoExists when a ward of that name exists. Flushes."""
    if db.session.scalar(select(Ward.id).where(Ward.name == spec.name)) is not None:
        raise DemoExists(f"{spec.name} đã có trong cơ sở dữ liệu.")
    rng = random.Random(data.SEED)
    ward = Ward(name=spec.name, district=spec.district, province=spec.province,
                issuing_authority=spec.issuing_authority, report_recipient=spec.report_recipient)
    db.session.add(ward)
    db.session.flush()

    sizes = data.tdp_sizes(rng, len(spec.numbers), spec.households)
    tdps = [Tdp(ward_id=ward.id, number=n, name=f"Tổ dân phố số {n}", party_cell_name=f"Chi bộ tổ dân phố số {n}",
                front_committee_name=f"Ban công tác Mặt trận tổ dân phố số {n}") for n in spec.numbers]
    db.session.add_all(tdps)
    db.session.flush()

    for tdp, size in zip(tdps, sizes, strict=True):
        _insert_households(tdp, data.households(rng, tdp.number, size, spec.streets, spec.birth_years))

    election = Election(ward_id=ward.id, term_label=spec.term_label, rule_set_id=spec.rule_set_id,
                        deputy_mode=DeputyMode.ELECTED if spec.deputies_elected else DeputyMode.APPOINTED,
                        deputy_seats=1)
    db.session.add(election)
    db.session.flush()
    for i, tdp in enumerate(tdps):
        round_ = ElectionRound(election_id=election.id, tdp_id=tdp.id, number=1,
                               vote_date=spec.vote_days[i % len(spec.vote_days)],
                               starts_at=time(8, 0) if tdp.number % 2 else time(19, 30),
                               place=f"Nhà văn hóa tổ dân phố số {tdp.number}")
        round_.contests = [Contest(position=Position.LEADER, seats=1)]
        if spec.deputies_elected:
            round_.contests.append(Contest(position=Position.DEPUTY, seats=election.deputy_seats))
        db.session.add(round_)
    db.session.flush()

    for username, duty, tdp_numbers, password in DEMO_LOGINS:
        create_user(None, username=username, password=password, duties=[duty], ward_id=ward.id,
                    tdp_numbers=tdp_numbers, full_name=f"Tài khoản thử – {DEMO_NAMES[duty]}")
    record(None, "demo.load", "ward", ward.id, after={"tdps": len(tdps), "households": sum(sizes),
                                                      "today": spec.today.isoformat() if spec.today else None})
    plan = load_demo_plan(ward, election, spec.today)
    load_candidates(election, data.SEED + 1, published_by=spec.today)
    if spec.today is not None:
        mark_progress(plan, spec.today)
    return DemoSummary(ward.id, len(tdps), sum(sizes), [(u, r.value, t, p) for u, r, t, p in DEMO_LOGINS],
                       spec.name, tuple(sorted(set(spec.vote_days))))


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
