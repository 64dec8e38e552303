"""From a TDP's facts to its dashboard row: the stage reached, the result, turnout, deadlines; and the
ward's headline counters. Pure: facts in, rows out; no database, no clock."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from app.rules import RuleSet, add_working_days, check_quorum, share_of


class Stage(enum.StrEnum):
    ROLL = "roll"  #: danh sách cử tri đã niêm yết
    CANDIDATES = "candidates"  #: chi bộ đã thẩm định xong người ứng cử
    LIST = "list"  #: danh sách người ứng cử đã niêm yết
    BALLOTS = "ballots"  #: đã in phiếu
    MEETING = "meeting"  #: đã họp (có điểm danh)
    QUORUM = "quorum"  #: quá nửa số cử tri có mặt
    RESULT = "result"  #: có người trúng cử
    MINUTES = "minutes"  #: phường đã nhận biên bản (kết quả đã chốt hoặc đã nhập gói)
    RECOGNISED = "recognised"  #: đã có quyết định công nhận


class ResultState(enum.StrEnum):
    PENDING = "pending"  #: chưa có kết quả
    ELECTED = "elected"  #: đã bầu xong: every seat filled
    PARTIAL = "partial"  #: tổ trưởng đã trúng cử, chức danh khác chưa có kết quả (not a failure: not counted yet)
    NO_WINNER = "no_winner"  #: không ai trúng cử, phường quyết định
    RERUN_PENDING = "rerun_pending"  #: chờ bầu lại


@dataclass(frozen=True)
class ContestFacts:
    position: str  #: "leader" or "deputy"
    approved: int  #: standing candidates the party cell approved
    undecided: int  #: standing candidates not yet vetted
    published_on: date | None
    live_runs: int
    #: Where the result comes from: "count" (locked here), "package" (imported), or None.
    source: str | None = None
    outcome: str | None = None
    next_step: str | None = None
    rerun_deadline: date | None = None
    winners: tuple[tuple[str, int], ...] = ()  #: (name, votes), best first
    present: int | None = None  #: as the locked result or package states it


@dataclass(frozen=True)
class RoundFacts:
    number: int
    vote_date: date
    present: int  #: households signed in on this copy (0 once a result is locked: the result's figure counts)
    contests: tuple[ContestFacts, ...]
    rerun_kind: str | None = None
    round_id: int | None = None


@dataclass(frozen=True)
class TdpFacts:
    id: int
    number: int
    name: str
    households: int
    roll_task_done: bool | None  #: the plan's "roll posted" task, None when the plan has none
    rounds: tuple[RoundFacts, ...]  #: in round order
    recognised_on: date | None = None


@dataclass(frozen=True)
class SeatStatus:
    """Kết quả một chức danh (tổ trưởng, tổ phó) over every round: the latest contest for the post decides."""

    position: str
    state: ResultState  #: ELECTED, NO_WINNER, RERUN_PENDING or PENDING (never PARTIAL)
    round_number: int  #: the round of the post's latest contest
    winners: tuple[tuple[str, int], ...]  #: everyone elected to the post, over the rounds
    deadline: date | None  #: the re-run (or ward decision) deadline while the seat is unfilled


@dataclass(frozen=True)
class RoundSummary:
    """One round as the dashboard keeps it after a re-run: its date and each post's outcome."""

    number: int
    vote_date: date
    present: int
    outcomes: tuple[tuple[str, str | None], ...]  #: (position, outcome or None before its result)


@dataclass(frozen=True)
class TdpRow:
    id: int
    number: int
    name: str
    households: int
    round_number: int | None
    vote_date: date | None
    stages: dict[Stage, bool | None]  #: None: not tracked on this copy (e.g. ballots printed on the TDP's laptop)
    result: ResultState
    leader_elected: bool
    winners: dict[str, tuple[tuple[str, int], ...]]  #: by position, latest result
    present: int
    turnout: Fraction
    rerun_deadline: date | None
    reruns: int
    rule_breach: bool
    recognised_on: date | None
    recognition_due: date | None
    seats: tuple[SeatStatus, ...] = ()  #: leader first
    history: tuple[RoundSummary, ...] = ()  #: every round, first first
    round_id: int | None = None  #: the latest round, for the cells' links to the task

    @property
    def complete(self) -> bool:
        """Every seat filled: the only state a report may call "đã bầu xong"."""
        return self.result is ResultState.ELECTED


@dataclass(frozen=True)
class Counters:
    tdps: int
    elected: int
    present: int
    electorate: int
    reruns: int
    rule_breach_reruns: int
    recognised: int
    awaiting: tuple[TdpRow, ...]  #: waiting for a re-run, earliest deadline first
    complete: int = 0  #: TDPs with every seat filled

    @property
    def turnout(self) -> Fraction:
        return share_of(self.present, self.electorate)


def percent(value: Fraction, digits: int = 1) -> str:
    """Fraction(7, 8) → "87,5%": rounded half up for display only, with the Vietnamese decimal comma."""
    scaled = value * 100 * 10 ** digits
    whole = int(scaled + Fraction(1, 2))
    text = f"{whole // 10 ** digits}" + (f",{whole % 10 ** digits:0{digits}d}" if digits else "")
    return text + "%"


def _seat_state(c: ContestFacts) -> ResultState:
    if c.outcome == "elected":
        return ResultState.ELECTED
    return ResultState.RERUN_PENDING if c.next_step == "rerun" else ResultState.NO_WINNER


def seat_statuses(rounds: tuple[RoundFacts, ...]) -> tuple[SeatStatus, ...]:
    """Each post's status over the rounds. A re-run round holds contests only for the posts left unfilled, so
    a post's latest contest decides; a re-run opened but not yet counted stays "chờ bầu lại" with the earlier
    round's deadline. Winners add up over the rounds, except after a re-run for a rule breach (it voids them)."""
    latest: dict[str, tuple[int, ContestFacts]] = {}
    counted: dict[str, ContestFacts] = {}
    winners: dict[str, tuple[tuple[str, int], ...]] = {}
    for r in rounds:
        if r.rerun_kind == "rule_breach":
            for c in r.contests:
                winners.pop(c.position, None)
                counted.pop(c.position, None)
        for c in r.contests:
            latest[c.position] = (r.number, c)
            if c.source:
                counted[c.position] = c
                winners[c.position] = winners.get(c.position, ()) + tuple(c.winners)
    seats = []
    for position in sorted(latest, key=lambda p: p != "leader"):
        number, c = latest[position]
        if c.source:
            state, deadline = _seat_state(c), c.rerun_deadline
        elif (before := counted.get(position)) is not None and before.outcome != "elected":
            state, deadline = ResultState.RERUN_PENDING, before.rerun_deadline
        else:
            state, deadline = ResultState.PENDING, None
        seats.append(SeatStatus(position, state, number, winners.get(position, ()),
                                None if state is ResultState.ELECTED else deadline))
    return tuple(seats)


def _result(seats: tuple[SeatStatus, ...]) -> tuple[ResultState, date | None]:
    """A seat waiting for a re-run decides (the TDP counts in "chờ bầu lại" even when its leader is elected),
    then a seat with no winner; the TDP is "đã bầu xong" only with every seat filled."""
    for state in (ResultState.RERUN_PENDING, ResultState.NO_WINNER):
        failed = [s for s in seats if s.state is state]
        if failed:
            return state, min((s.deadline for s in failed if s.deadline), default=None)
    if seats and all(s.state is ResultState.ELECTED for s in seats):
        return ResultState.ELECTED, None
    if any(s.position == "leader" and s.state is ResultState.ELECTED for s in seats):
        return ResultState.PARTIAL, None
    return ResultState.PENDING, None


def _present(round_: RoundFacts) -> int:
    """Households signed in on this copy, else as the locked result or imported package states."""
    return round_.present or max((c.present or 0 for c in round_.contests if c.source), default=0)


def recognition_due(vote_date: date, rule_set: RuleSet, default_working_days: int) -> date:
    """The last day for the ward's recognition decision: under nd-59-2023 the ward decides within the rule
    set's 5 working days; the older rule sets name no limit, so a configured number of working days."""
    days = rule_set.rerun_within_days if rule_set.rerun_in_working_days else default_working_days
    return add_working_days(vote_date, days)


def tdp_row(facts: TdpFacts, rule_set: RuleSet, recognition_days: int) -> TdpRow:
    latest = facts.rounds[-1] if facts.rounds else None
    contests = latest.contests if latest else ()
    present = next((n for n in map(_present, reversed(facts.rounds)) if n), 0)  # the latest meeting held
    here = _present(latest) if latest else 0  # the stages follow the latest round, even before its meeting
    printed: bool | None = bool(contests) and all(c.live_runs for c in contests)
    if not printed and contests and all(c.source == "package" for c in contests):
        printed = None  # printed and counted on the TDP's laptop: this copy cannot know
    seats = seat_statuses(facts.rounds)
    result, deadline = _result(seats)
    winners = {s.position: s.winners for s in seats if s.winners}
    leader_elected = any(s.position == "leader" and s.state is ResultState.ELECTED for s in seats)
    held = [r for r in facts.rounds if any(c.source for c in r.contests)]
    # A re-run not yet under way keeps the meeting, quorum and minutes of the round held before it (D3).
    met = latest if latest is None or here > 0 or any(c.source for c in contests) or not held else held[-1]
    met_present = _present(met) if met else 0
    stages = {
        Stage.ROLL: facts.households > 0 and facts.roll_task_done is not False,
        Stage.CANDIDATES: bool(contests) and all(c.approved and not c.undecided for c in contests),
        Stage.LIST: bool(contests) and all(c.published_on for c in contests),
        Stage.BALLOTS: printed,
        Stage.MEETING: met_present > 0,
        Stage.QUORUM: met_present > 0 and check_quorum(max(facts.households, 1),
                                                       min(met_present, max(facts.households, 1)), rule_set).reached,
        Stage.RESULT: result is ResultState.ELECTED,
        Stage.MINUTES: bool(met and met.contests) and all(c.source for c in met.contests),
        Stage.RECOGNISED: facts.recognised_on is not None,
    }
    return TdpRow(
        facts.id, facts.number, facts.name, facts.households, latest.number if latest else None,
        latest.vote_date if latest else None, stages, result, leader_elected, winners, present,
        share_of(present, facts.households), deadline, max(0, len(facts.rounds) - 1),
        any(r.rerun_kind == "rule_breach" for r in facts.rounds), facts.recognised_on,
        recognition_due(held[-1].vote_date, rule_set, recognition_days) if leader_elected and held else None,
        seats, tuple(RoundSummary(r.number, r.vote_date, _present(r),
                                  tuple((c.position, c.outcome if c.source else None) for c in r.contests))
                     for r in facts.rounds),
        latest.round_id if latest else None)


def counters(rows: list[TdpRow]) -> Counters:
    awaiting = sorted((r for r in rows if r.result is ResultState.RERUN_PENDING),
                      key=lambda r: (r.rerun_deadline or date.max, r.number))
    return Counters(
        tdps=len(rows), elected=sum(r.leader_elected for r in rows), present=sum(r.present for r in rows),
        electorate=sum(r.households for r in rows), reruns=sum(1 for r in rows if r.reruns),
        rule_breach_reruns=sum(r.rule_breach for r in rows), recognised=sum(r.recognised_on is not None for r in rows),
        awaiting=tuple(awaiting), complete=sum(r.complete for r in rows))
