"""Does the rehearsal count give what the rehearsal deck says it must?"""

from __future__ import annotations

from dataclasses import dataclass

from app.elections.models import Contest
from app.printing.rehearsal import rehearsal_plan
from app.printing.services import active_runs
from app.rules import InvalidReason
from app.tally.counts import totals
from app.tally.state import tally_for


@dataclass(frozen=True)
class RehearsalCheck:
    matches: bool
    lines: list[tuple[str, int, int]]  #: (what, expected, counted)


def check_rehearsal(contest: Contest) -> RehearsalCheck | None:
    """Compare the rehearsal entries with the deck of the contest's test run; None without a test run."""
    runs = active_runs(contest, test=True)
    tally = tally_for(contest)
    if not runs or not tally.rehearsal:
        return None
    _, expected = rehearsal_plan(runs[-1])
    counted, _ = totals(contest, tally)
    names = {c["person"]: f"{c['honorific']} {c['name']}" for c in runs[-1].definition["candidates"]}
    lines = [("Phiếu hợp lệ", expected.valid, counted.valid),
             ("Phiếu để quá số người được bầu", expected.too_many_kept, counted.invalid.get(InvalidReason.TOO_MANY_KEPT, 0)),
             ("Phiếu gạch hết tên", expected.all_struck, counted.invalid.get(InvalidReason.ALL_STRUCK, 0))]
    lines += [(f"Phiếu bầu cho {names[person]}", votes, counted.votes.get(person, 0)) for person, votes in expected.votes]
    return RehearsalCheck(all(e == c for _, e, c in lines), lines)
