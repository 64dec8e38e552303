"""The projector board's figures: what board.json answers, from counts kept in SQL; and the board's version,
one cheap indexed statement that changes whenever the figures may, so an unchanged board answers 304 without
computing them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import bindparam, func, literal, select

from app.attendance.services import electorate, present_count
from app.candidates.models import Candidate
from app.dashboard.models import HouseholdCount, PresentCount
from app.elections.models import Contest
from app.extensions import db
from app.printing.models import PrintRun
from app.tally.counts import ballot_candidates, totals
from app.tally.models import BallotEntry, BundleEntry, ContestTally, Resolution, TallyStatus, VotingMethod
from app.tally.result import decide_for


def board_figures(contest: Contest, version: BoardVersion | None = None) -> dict:
    """Counted, valid and invalid ballots, the electorate, those present, the winning line and each
    candidate's votes and share of the whole electorate. Reads only: a count never opened shows as set-up.
    Its cost does not grow with the ballots entered (aggregates in SQL, no entry loaded one by one).
    `version`: the board_version just read, whose counters give the electorate and those present."""
    tally = db.session.scalar(select(ContestTally).where(ContestTally.contest_id == contest.id)) or ContestTally(
        contest_id=contest.id, status=TallyStatus.SETUP, method=VotingMethod.SECRET_BALLOT, double_entry=False,
        rehearsal=False, board={})
    t, _ = totals(contest, tally)
    if version is not None:
        elect, present = version.electorate, version.present
    else:
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


def _entries(model):
    """count, max(id) and the newest entry time of a contest's entries, from the index on contest_id: an entry
    added, undone or voided changes one of them (SQLite may give a deleted top id again, never the same time)."""
    where = model.contest_id == bindparam("contest_id")
    return tuple(select(column).where(where).scalar_subquery()
                 for column in (func.count(), func.max(model.id), func.max(model.entered_at)))


def _one(column, *where):
    return select(column).where(*where).scalar_subquery()


_CONTEST = bindparam("contest_id")
_TALLY, _RUNS, _STANDING = (ContestTally.contest_id == _CONTEST, PrintRun.contest_id == _CONTEST,
                            Candidate.contest_id == _CONTEST)
#: Built once with bound parameters: building these twenty subqueries and their cache key on every poll cost
#: a third of a board's request, and every board polls every 1.5 s (issue 15). The electorate and those
#: present come last: board_figures reads them from here too.
_VERSION = select(
    literal(BOARD_FORMAT), _one(ContestTally.status, _TALLY), _one(ContestTally.rehearsal, _TALLY),
    _one(ContestTally.double_entry, _TALLY), _one(ContestTally.method, _TALLY),
    *_entries(BallotEntry), *_entries(BundleEntry),
    _one(func.count(), _RUNS), _one(func.max(PrintRun.id), _RUNS), _one(func.max(PrintRun.voided_at), _RUNS),
    _one(func.count(), _STANDING), _one(func.max(Candidate.id), _STANDING),
    _one(func.max(Candidate.decided_at), _STANDING),
    _one(func.count(), _STANDING, Candidate.withdrawn_at.is_not(None)),
    _one(PresentCount.present, PresentCount.round_id == bindparam("round_id")),
    _one(HouseholdCount.active, HouseholdCount.tdp_id == bindparam("tdp_id")))
_RULINGS = (select(Resolution.id, Resolution.chosen_pass).where(Resolution.contest_id == _CONTEST)
            .order_by(Resolution.id))


@dataclass(frozen=True)
class BoardVersion:
    """The board's tag, and the two counters it read (households present, electorate), which board_figures
    then need not count again."""

    tag: str
    present: int
    electorate: int


def board_version(contest: Contest) -> BoardVersion:
    """A tag of everything board_figures reads: the count's state, its ballot and bundle entries, the rulings on
    differences (one changed in place included), the ballots printed, the candidates, the households present
    and the electorate (both from the counters the database keeps). Two indexed statements whatever the number
    of ballots; read BEFORE the figures, so a tag never stands for figures older than those it is sent with."""
    round_ = contest.round
    params = {"contest_id": contest.id, "round_id": round_.id, "tdp_id": round_.tdp_id}
    row = db.session.execute(_VERSION, params).one()
    rulings = db.session.execute(_RULINGS, params).all()
    text = repr((contest.id, tuple(map(str, row)), [tuple(r) for r in rulings]))
    return BoardVersion(hashlib.sha256(text.encode()).hexdigest()[:32], row[-2] or 0, row[-1] or 0)
