"""Builders for ward-wide tests: a ward of N TDPs with published candidates, and finished counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import insert, select

from app.attendance.models import Attendance, SignInMethod
from app.core.db import utcnow
from app.demo.candidates import load_candidates
from app.elections.models import Contest, Election, ElectionRound, Position
from app.extensions import db
from app.printing import ledger
from app.printing import services as printing
from app.tally import entry, services
from app.tally.models import BundleKind
from app.wards.models import Tdp, Ward
from tests.electionkit import VOTE_DAY, bulk_households, candidate_ids, open_count


@dataclass
class WardKit:
    ward: Ward
    election: Election
    tdps: dict[int, Tdp] = field(default_factory=dict)
    rounds: dict[int, ElectionRound] = field(default_factory=dict)

    def contest(self, number: int, position: Position = Position.LEADER) -> Contest:
        return next(c for c in self.rounds[number].contests if c.position is position)


def ward_of(tdps: int, households: int = 10, *, rule_set: str = "nqlt-09-2008", name: str = "Phường Thử Nghiệm",
            vote_date: date = VOTE_DAY, term: str = "2017–2020") -> WardKit:
    """A ward of `tdps` TDPs numbered 1.., `households` households each (the same names and codes on every
    copy, so roll fingerprints agree), one election, round 1 with a leader and a deputy contest, two
    approved candidates per contest on a published list. Deterministic."""
    ward = Ward(name=name, district="Quận Thử", province="Hà Nội")
    db.session.add(ward)
    db.session.flush()
    election = Election(ward_id=ward.id, term_label=term, rule_set_id=rule_set)
    db.session.add(election)
    db.session.flush()
    kit = WardKit(ward, election)
    for number in range(1, tdps + 1):
        tdp = Tdp(ward_id=ward.id, number=number, name=f"Tổ dân phố số {number}")
        db.session.add(tdp)
        db.session.flush()
        bulk_households(tdp, households)
        round_ = ElectionRound(election_id=election.id, tdp_id=tdp.id, number=1, vote_date=vote_date,
                               place=f"Nhà văn hóa tổ {number}")
        round_.contests = [Contest(position=Position.LEADER, seats=1), Contest(position=Position.DEPUTY, seats=1)]
        db.session.add(round_)
        kit.tdps[number], kit.rounds[number] = tdp, round_
    db.session.flush()
    load_candidates(election, seed=7)
    return kit


def sign_in(round_: ElectionRound, count: int) -> None:
    from app.rolls.models import Household

    ids = db.session.scalars(select(Household.id).where(Household.tdp_id == round_.tdp_id)
                             .order_by(Household.code).limit(count)).all()
    db.session.execute(insert(Attendance.__table__), [
        {"round_id": round_.id, "household_id": hid, "method": SignInMethod.CODE, "signed_in_at": utcnow()}
        for hid in ids])


def finish(contest: Contest, present: int, votes: tuple[int, int], *, signed_in: bool = False) -> dict:
    """Count `contest` to a locked result: `present` households signed in (unless already), one hand-counted
    bundle of `present` valid ballots giving the two candidates `votes`. Returns the locked snapshot."""
    if not signed_in:
        sign_in(contest.round, present)
    quantity = present + 2
    run = printing.create_run(None, contest, quantity)
    open_count(None, contest)  # its first argument is not used
    a, b = candidate_ids(run)
    entry.enter_bundle(None, contest, [a, b], kind=BundleKind.BUNDLE, bundle_no=1, ballots=present,
                       votes={a: votes[0], b: votes[1]}, invalid={})
    ledger.update_ledger(None, contest, {"issued": present, "unused": quantity - present, "spoiled": 0,
                                         "returned": present})
    return services.finalize(None, contest)
