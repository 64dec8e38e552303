"""The rehearsal deck of a test run: how to mark each test ballot, and the result the count must give."""

from __future__ import annotations

from app.printing import services
from app.printing.models import PrintRun
from ballots.rehearsal import expected_tally, plan_rehearsal, render_rehearsal_sheet


def rehearsal_plan(run: PrintRun):
    """The marking plan over the run's candidates (by person id, in ballot order) and its expected tally."""
    ids = [c["person"] for c in run.definition["candidates"]]
    against = run.contest.round.election.single_strike.value == "against"
    plan = plan_rehearsal(ids, run.definition["seats"], single_struck_is_against=against)
    return plan, expected_tally(ids, plan)


def rehearsal_pdf(run: PrintRun) -> bytes:
    """The A4 sheet for the first ballots of a test run (one per instruction); raises ValueError when the
    run has fewer ballots than the deck needs."""
    plan, _ = rehearsal_plan(run)
    pages = services.ballot_pages(run, services.ballot_key(run.contest.round.election))
    if len(pages) < len(plan):
        raise ValueError(f"the deck needs {len(plan)} test ballots, the run has {len(pages)}")
    return render_rehearsal_sheet(services.ballot_spec(run), pages[: len(plan)], plan)
