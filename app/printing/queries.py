"""Read-only views over printing for the index page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.auth.models import User
from app.auth.security import scope_tdps
from app.elections.models import Contest, Election, ElectionRound
from app.extensions import db
from app.printing.models import PrintJob, PrintRun, RunStatus


@dataclass(frozen=True)
class ContestRow:
    contest: Contest
    live_printed: int
    test_printed: int
    runs: int


def contest_rows(user: User, election: Election) -> list[ContestRow]:
    """The latest round's contests of every TDP the user may see, with what has been printed."""
    stmt = scope_tdps(select(ElectionRound).where(ElectionRound.election_id == election.id), user,
                      ElectionRound.tdp_id)
    latest: dict[int, ElectionRound] = {}
    for r in db.session.scalars(stmt):
        if r.tdp_id not in latest or r.number > latest[r.tdp_id].number:
            latest[r.tdp_id] = r
    contests = [c for r in sorted(latest.values(), key=lambda r: r.tdp.number) for c in r.contests]
    runs = db.session.scalars(select(PrintRun).where(PrintRun.contest_id.in_([c.id for c in contests]),
                                                     PrintRun.status == RunStatus.ACTIVE)).all()
    rows = []
    for contest in contests:
        mine = [r for r in runs if r.contest_id == contest.id]
        rows.append(ContestRow(contest, sum(r.quantity for r in mine if not r.test),
                               sum(r.quantity for r in mine if r.test), len(mine)))
    return rows


def runs_of(contest: Contest) -> list[PrintRun]:
    return list(db.session.scalars(select(PrintRun).where(PrintRun.contest_id == contest.id).order_by(PrintRun.id.desc())))


def latest_jobs(election: Election, limit: int = 5) -> list[PrintJob]:
    return list(db.session.scalars(select(PrintJob).where(PrintJob.election_id == election.id)
                                   .order_by(PrintJob.id.desc()).limit(limit)))
