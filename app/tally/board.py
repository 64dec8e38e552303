"""The projector board's figures: what board.json answers, from counts kept in SQL; and the board's version,
one cheap indexed statement that changes whenever the figures may, so an unchanged board answers 304 without
computing them."""

from __future__ import annotations

import hashlib

from sqlalchemy import func, literal, select

from app.attendance.services import electorate, present_count
from app.candidates.models import Candidate
from app.dashboard.models import HouseholdCount, PresentCount
from app.elections.models import Contest
from app.extensions import db
from app.printing.models import PrintRun
from app.tally.counts import ballot_candidates, totals
from app.tally.models import BallotEntry, BundleEntry, ContestTally, Resolution, TallyStatus, VotingMethod
from app.tally.result import decide_for


def board_figures(contest: Contest) -> dict:
    """Counted, valid and invalid ballots, the electorate, those present, the winning line and each
    candidate's votes and share of the whole electorate. Reads only: a count never opened shows as set-up.
    Its cost does not grow with the ballots entered (aggregates in SQL, no entry loaded one by one)."""
    tally = db.session.scalar(select(ContestTally).where(ContestTally.contest_id == contest.id)) or ContestTally(
        contest_id=contest.id, status=TallyStatus.SETUP, method=VotingMethod.SECRET_BALLOT, double_entry=False,
        rehearsal=False, board={})
    t, _ = totals(contest, tally)
    elect, present = electorate(contest.round), present_count(contest.round)
    candidates = ballot_candidates(contest, test=tally.rehearsal)
    decision, _ = decide_for(contest, candidates, t, elect, present)
    return {
        "status": tally.status.value, "rehearsal": tally.rehearsal, "counted": t.returned, "valid": t.valid,
        "invalid": sum(t.invalid.values()), "electorate": elect, "present": present,
        "threshold": decision.threshold if decision else None,
        "candidates": [{"id": c.person_id, "name": c.name, "votes": t.votes.get(c.person_id, 0),
                        "percent": round(100 * t.votes.get(c.person_id, 0) / elect, 2) if elect else 0.0,
                        "passed": bool(decision) and t.votes.get(c.person_id, 0) >= decision.threshold}
                       for c in candidates],
    }


#: Bumped when board_figures answers something new for the same data (a new field), so boards refetch.
BOARD_FORMAT = 1


def _entries(model, contest_id: int):
    """count, max(id) and the newest entry time of a contest's entries, from the index on contest_id: an entry
    added, undone or voided changes one of them (SQLite may give a deleted top id again, never the same time)."""
    where = model.contest_id == contest_id
    return tuple(select(column).where(where).scalar_subquery()
                 for column in (func.count(), func.max(model.id), func.max(model.entered_at)))


def board_version(contest: Contest) -> str:
    """A tag of everything board_figures reads: the count's state, its ballot and bundle entries, the rulings on
    differences (one changed in place included), the ballots printed, the candidates, the households present
    and the electorate (both from the counters the database keeps). Two indexed statements whatever the number
    of ballots; read BEFORE the figures, so a tag never stands for figures older than those it is sent with."""
    contest_id, round_ = contest.id, contest.round
    tally = ContestTally.contest_id == contest_id
    runs, standing = PrintRun.contest_id == contest_id, Candidate.contest_id == contest_id

    def one(column, *where):
        return select(column).where(*where).scalar_subquery()

    row = db.session.execute(select(
        literal(BOARD_FORMAT), one(ContestTally.status, tally), one(ContestTally.rehearsal, tally),
        one(ContestTally.double_entry, tally), one(ContestTally.method, tally),
        *_entries(BallotEntry, contest_id), *_entries(BundleEntry, contest_id),
        one(func.count(), runs), one(func.max(PrintRun.id), runs), one(func.max(PrintRun.voided_at), runs),
        one(func.count(), standing), one(func.max(Candidate.id), standing), one(func.max(Candidate.decided_at), standing),
        one(func.count(), standing, Candidate.withdrawn_at.is_not(None)),
        one(PresentCount.present, PresentCount.round_id == round_.id),
        one(HouseholdCount.active, HouseholdCount.tdp_id == round_.tdp_id))).one()
    rulings = db.session.execute(select(Resolution.id, Resolution.chosen_pass)
                                 .where(Resolution.contest_id == contest_id).order_by(Resolution.id)).all()
    text = repr((contest_id, tuple(map(str, row)), [tuple(r) for r in rulings]))
    return hashlib.sha256(text.encode()).hexdigest()[:32]
