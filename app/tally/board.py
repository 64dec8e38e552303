"""The projector board's figures: what board.json answers, from counts kept in SQL."""

from __future__ import annotations

from sqlalchemy import select

from app.attendance.services import electorate, present_count
from app.elections.models import Contest
from app.extensions import db
from app.tally.counts import ballot_candidates, totals
from app.tally.models import ContestTally, TallyStatus, VotingMethod
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
