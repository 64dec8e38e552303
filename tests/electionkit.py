"""Builders for the later stages: a TDP with a published candidate list, printed ballots, a count open."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import insert

from app.attendance.models import Attendance, SignInMethod
from app.core.db import utcnow
from app.demo.candidates import load_candidates
from app.elections.models import Contest, Election, ElectionRound, Position
from app.extensions import db
from app.printing import services as printing
from app.printing.models import PrintRun
from app.rolls.models import Household, Person
from app.rules import fold
from app.tally import state
from app.tally.models import VotingMethod
from app.wards.models import Tdp, Ward
from tests.factories import create_election, create_tdp, create_ward

VOTE_DAY = date(2017, 10, 15)


def bulk_households(tdp: Tdp, count: int, start: int = 1) -> list[int]:
    """`count` households with adult representatives, inserted in bulk; returns the household ids."""
    people = [{"tdp_id": tdp.id, "full_name": f"Nguyễn Văn Hộ{i}", "search_name": fold(f"Nguyễn Văn Hộ{i}"),
               "gender": "male", "birth_year": 1950 + i % 40} for i in range(start, start + count)]
    table = Person.__table__
    ids = db.session.scalars(insert(table).returning(table.c.id, sort_by_parameter_order=True), people).all()
    htable = Household.__table__
    return db.session.scalars(insert(htable).returning(htable.c.id, sort_by_parameter_order=True), [
        {"tdp_id": tdp.id, "code": f"{tdp.number:02d}{i:04d}", "address": f"Số {i}", "representative_id": pid}
        for i, pid in zip(range(start, start + count), ids, strict=True)]).all()


@dataclass
class Setup:
    ward: Ward
    tdp: Tdp
    election: Election
    round: ElectionRound
    leader: Contest
    deputy: Contest
    households: list[int]


def published(households: int = 12, *, rule_set: str = "nqlt-09-2008", number: int = 5) -> Setup:
    """A TDP whose leader and deputy contests each have two published candidates (as the demo makes them)."""
    return published_tdps((number,), households, rule_set=rule_set)[0]


def published_tdps(numbers, households: int = 12, *, rule_set: str = "nqlt-09-2008") -> list[Setup]:
    """Several TDPs of one ward in one election, each as `published` makes one."""
    ward = create_ward()
    election = create_election(ward, rule_set)
    made = []
    for number in numbers:
        tdp = create_tdp(ward, number)
        ids = bulk_households(tdp, households)
        round_ = ElectionRound(election_id=election.id, tdp_id=tdp.id, number=1, vote_date=VOTE_DAY,
                               place="Nhà văn hóa")
        round_.contests = [Contest(position=Position.LEADER, seats=1), Contest(position=Position.DEPUTY, seats=1)]
        db.session.add(round_)
        made.append((tdp, round_, ids))
    db.session.flush()
    load_candidates(election, seed=7)
    setups = []
    for tdp, round_, ids in made:
        leader, deputy = sorted(round_.contests, key=lambda c: c.position is not Position.LEADER)
        setups.append(Setup(ward, tdp, election, round_, leader, deputy, list(ids)))
    return setups


def sign_in(setup: Setup, count: int) -> None:
    db.session.execute(insert(Attendance.__table__), [
        {"round_id": setup.round.id, "household_id": hid, "method": SignInMethod.CODE, "signed_in_at": utcnow()}
        for hid in setup.households[:count]])


def open_count(setup: Setup, contest: Contest, *, double_entry: bool = False,
               method: VotingMethod = VotingMethod.SECRET_BALLOT) -> None:
    state.configure(None, contest, method=method, approvals=None, double_entry=double_entry, place="Nhà văn hóa",
                    board={"head": "Trần Văn Trưởng", "secretary": "Lê Thị Thư", "members": [],
                           "witnesses": ["Phạm Văn Chứng", "Đỗ Thị Kiến"]})
    state.sign_zero_report(None, contest)


def payloads(run: PrintRun) -> list[str]:
    return [page.payload for page in printing.ballot_pages(run, printing.ballot_key(run.contest.round.election))]


def candidate_ids(run: PrintRun) -> list[int]:
    return [c["person"] for c in run.definition["candidates"]]
