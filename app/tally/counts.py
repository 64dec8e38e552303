"""Adding the count up: effective entries (with double entry and rulings), differences, totals."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import Text, bindparam, cast, func, select

from app.elections.models import Contest
from app.extensions import db
from app.printing.models import PrintRun, RunStatus
from app.printing.services import definition_for
from app.rules import InvalidReason
from app.tally.models import BallotEntry, BundleEntry, BundleKind, ContestTally, Resolution


@dataclass(frozen=True)
class CandidateLine:
    person_id: int
    name: str  #: with "Ông"/"Bà"


@dataclass(frozen=True)
class Difference:
    """Where the two passes disagree: `item` is "ballot:<serial>" or "bundle:<kind>:<no>"."""

    item: str
    first: str  #: what pass 1 says, readable
    second: str
    resolved: bool


@dataclass
class Totals:
    scanned: int = 0
    bundled: int = 0
    by_hands: int = 0
    valid: int = 0
    invalid: Counter = field(default_factory=Counter)
    votes: Counter = field(default_factory=Counter)

    @property
    def returned(self) -> int:
        return self.valid + sum(self.invalid.values())

    @property
    def sources(self) -> list[str]:
        return [name for name, n in (("scanned", self.scanned), ("bundles", self.bundled), ("hands", self.by_hands)) if n]


#: The definition of the contest's first active run, live or test: all ballot_candidates reads of the runs
#: (each board poll asks; loading the runs as objects cost a fifth of its figures, issue 15). Built once.
_FIRST_DEFINITION = (select(PrintRun.definition)
                     .where(PrintRun.contest_id == bindparam("contest_id"), PrintRun.status == RunStatus.ACTIVE,
                            PrintRun.test == bindparam("test"))
                     .order_by(PrintRun.id).limit(1))


def ballot_candidates(contest: Contest, *, test: bool = False) -> list[CandidateLine]:
    """The names on the contest's ballots, in ballot order: the printed definition when there is one (the
    first active run of the count's kind, else the first live one)."""
    definition = db.session.scalar(_FIRST_DEFINITION, {"contest_id": contest.id, "test": test})
    if definition is None and test:
        definition = db.session.scalar(_FIRST_DEFINITION, {"contest_id": contest.id, "test": False})
    if definition is None:
        definition = definition_for(contest)
    # A question's choices ("Đồng ý") have no honorific.
    return [CandidateLine(c["person"], f"{c['honorific']} {c['name']}".strip()) for c in definition["candidates"]]


def _ruling(contest: Contest) -> dict[str, int]:
    return dict(db.session.execute(select(Resolution.item, Resolution.chosen_pass)
                                   .where(Resolution.contest_id == contest.id)).all())


def _describe_ballot(entry: BallotEntry | None, names: dict[int, str]) -> str:
    if entry is None:
        return "(không có)"
    if entry.invalid_reason:
        return f"không hợp lệ: {entry.invalid_reason}"
    return ", ".join(names.get(p, str(p)) for p in entry.kept) or "(không giữ tên nào)"


def _describe_bundle(entry: BundleEntry | None) -> str:
    if entry is None:
        return "(không có)"
    return f"{entry.ballots} phiếu; phiếu bầu {entry.votes}; không hợp lệ {entry.invalid}"


def _same_ballot(a: BallotEntry, b: BallotEntry) -> bool:
    return sorted(a.kept) == sorted(b.kept) and a.invalid_reason == b.invalid_reason


def _same_bundle(a: BundleEntry, b: BundleEntry) -> bool:
    return (a.ballots, a.votes, a.invalid) == (b.ballots, b.votes, b.invalid)


def _effective(items: dict, tally: ContestTally, rulings: dict[str, int], prefix, same, describe):
    """Yield the entries that count, and the differences between the passes."""
    chosen, differences = [], []
    for key, by_pass in sorted(items.items()):
        first, second = by_pass.get(1), by_pass.get(2)
        if not tally.double_entry:
            if first is not None:
                chosen.append(first)
            continue
        if first is not None and second is not None and same(first, second):
            chosen.append(first)
            continue
        item = prefix(key)
        ruling = rulings.get(item)
        differences.append(Difference(item, describe(first), describe(second), ruling is not None))
        if ruling is not None and by_pass.get(ruling) is not None:
            chosen.append(by_pass[ruling])
    return chosen, differences


def effective_entries(contest: Contest, tally: ContestTally):
    """(ballot entries that count, bundle entries that count, differences)."""
    rulings = _ruling(contest)
    names = {c.person_id: c.name for c in ballot_candidates(contest)}
    ballots: dict[str, dict[int, BallotEntry]] = {}
    for entry in db.session.scalars(select(BallotEntry).where(BallotEntry.contest_id == contest.id,
                                                              BallotEntry.test == tally.rehearsal)):
        ballots.setdefault(entry.serial, {})[entry.pass_no] = entry
    bundles: dict[tuple[str, int], dict[int, BundleEntry]] = {}
    bundle_rows = [] if tally.rehearsal else db.session.scalars(
        select(BundleEntry).where(BundleEntry.contest_id == contest.id))
    for entry in bundle_rows:
        bundles.setdefault((entry.kind.value, entry.bundle_no), {})[entry.pass_no] = entry
    chosen_ballots, ballot_diffs = _effective(ballots, tally, rulings, lambda s: f"ballot:{s}", _same_ballot,
                                              lambda e: _describe_ballot(e, names))
    chosen_bundles, bundle_diffs = _effective(bundles, tally, rulings, lambda k: f"bundle:{k[0]}:{k[1]}",
                                              _same_bundle, _describe_bundle)
    return chosen_ballots, chosen_bundles, ballot_diffs + bundle_diffs


#: Single entry: the count's ballots grouped by what they say, in SQL. A handful of rows (one per set of
#: names kept, one per invalid reason) whether 1 or 600 ballots are in: the board polled every 1.5 s by every
#: projector costs the same all evening (issue 15). The JSON list is grouped as text (PostgreSQL's json type
#: has no equality); lists written in another spacing only make two groups of the same names.
_BALLOT_GROUPS = (
    select(cast(BallotEntry.kept, Text), BallotEntry.invalid_reason, func.count())
    .where(BallotEntry.contest_id == bindparam("contest_id"), BallotEntry.test == bindparam("test"),
           BallotEntry.pass_no == 1)
    .group_by(cast(BallotEntry.kept, Text), BallotEntry.invalid_reason)
)


def _single_entry_ballots(contest: Contest, tally: ContestTally, result: Totals) -> None:
    for kept, reason, n in db.session.execute(_BALLOT_GROUPS, {"contest_id": contest.id, "test": tally.rehearsal}):
        result.scanned += n
        if reason:
            result.invalid[InvalidReason(reason)] += n
        else:
            result.valid += n
            for person in json.loads(kept) if kept else ():
                result.votes[person] += n


def totals(contest: Contest, tally: ContestTally) -> tuple[Totals, list[Difference]]:
    """Valid and invalid ballots, invalid by reason, votes per person id; plus the differences."""
    result = Totals()
    if tally.double_entry:  # which entry counts depends on the other pass and on rulings: entry by entry
        ballots, bundles, differences = effective_entries(contest, tally)
        for entry in ballots:
            result.scanned += 1
            if entry.invalid_reason:
                result.invalid[InvalidReason(entry.invalid_reason)] += 1
            else:
                result.valid += 1
                result.votes.update(entry.kept)
    else:  # pass 1 is the count; there are no differences
        _single_entry_ballots(contest, tally, result)
        differences = []
        bundles = [] if tally.rehearsal else db.session.scalars(
            select(BundleEntry).where(BundleEntry.contest_id == contest.id, BundleEntry.pass_no == 1)).all()
    for entry in bundles:
        invalid = sum(entry.invalid.values())
        if entry.kind is BundleKind.BUNDLE:
            result.bundled += entry.ballots
        else:
            result.by_hands += entry.ballots
        result.valid += entry.ballots - invalid
        for code, n in entry.invalid.items():
            result.invalid[InvalidReason(code)] += n
        for person, n in entry.votes.items():
            result.votes[int(person)] += n
    return result, differences
