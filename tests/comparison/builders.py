"""A counted, locked contest whose papers lie in stacks, for the comparison audit's tests."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.printing import ledger
from app.printing import services as printing
from app.tally import entry, services
from app.tally.models import BallotEntry
from tests.electionkit import candidate_ids, open_count, payloads, published, sign_in


def counted(households: int = 120, votes_a: int = 80, votes_b: int = 30, *, lock: bool = True):
    """A leader contest with `votes_a` + `votes_b` scanned ballots (A first on the ballot), locked."""
    kit = published(households=households)
    papers = votes_a + votes_b
    sign_in(kit, papers)
    run = printing.create_run(None, kit.leader, papers + 4)
    open_count(kit, kit.leader)
    texts, (a, b) = payloads(run), candidate_ids(run)
    for i, text in enumerate(texts[:papers]):
        entry.enter_ballot(None, kit.leader, text, kept=[a] if i < votes_a else [b])
    ledger.update_ledger(None, kit.leader, {"issued": papers, "unused": 4, "spoiled": 0, "returned": papers})
    if lock:
        services.finalize(None, kit.leader)
    kit.a, kit.b = a, b
    return kit


def entry_at(contest, stack: int, position: int) -> BallotEntry:
    return db.session.scalar(select(BallotEntry).where(BallotEntry.contest_id == contest.id,
                                                       BallotEntry.stack_no == stack, BallotEntry.stack_pos == position))
