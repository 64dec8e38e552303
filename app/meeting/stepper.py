"""The meeting stepper (sign-in → quorum → method → ballots issued → count → reconciliation → lock →
minutes): pure, facts in, steps out; no database, no request."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class StepState(enum.StrEnum):
    DONE = "done"  #: đã xong
    CURRENT = "current"  #: việc cần làm bây giờ
    TODO = "todo"  #: chưa đến


class StepKey(enum.StrEnum):
    SIGNIN = "signin"  #: điểm danh
    QUORUM = "quorum"  #: quá nửa số hộ có mặt
    METHOD = "method"  #: hình thức bầu, ban kiểm phiếu, biên bản kiểm tra hòm phiếu
    ISSUED = "issued"  #: số phiếu đã phát
    COUNT = "count"  #: nhập phiếu
    RECONCILE = "reconcile"  #: đối chiếu số phiếu
    LOCK = "lock"  #: chốt kết quả
    MINUTES = "minutes"  #: in, ký biên bản; gửi phường


#: Each step's permission-table action: who does it, and whether the current user may.
STEP_ACTIONS: dict[StepKey, str] = {
    StepKey.SIGNIN: "attendance.signin",
    StepKey.QUORUM: "attendance.signin",
    StepKey.METHOD: "tally.setup",
    StepKey.ISSUED: "printing.ledger",
    StepKey.COUNT: "tally.enter",
    StepKey.RECONCILE: "printing.ledger",
    StepKey.LOCK: "tally.lock",
    StepKey.MINUTES: "tally.setup",
}


@dataclass(frozen=True)
class ContestProgress:
    """One contest of the round, as far as the meeting has got."""

    contest_id: int
    position: str
    set_up: bool  #: method chosen, board named, the ballot-box report signed (entry open)
    secret_ballot: bool
    issued: int  #: ballots handed out, from the ledger
    entered: int  #: ballots counted (returned)
    blocking: tuple[str, ...]  #: what still stops the lock (reconciliation, differences), as messages
    locked: bool


@dataclass(frozen=True)
class MeetingFacts:
    electorate: int
    present: int
    quorum_reached: bool
    contests: tuple[ContestProgress, ...]
    minutes_sent: bool  #: the ward holds the result (package imported or recognised)


@dataclass(frozen=True)
class Step:
    key: StepKey
    state: StepState
    detail: str  #: what the step shows: "120/235 hộ", "đã chốt 1/2" …
    contest_id: int | None = None  #: the contest the step's link opens, when it is per contest


def _first_open(contests, done) -> int | None:
    return next((c.contest_id for c in contests if not done(c)), contests[0].contest_id if contests else None)


def meeting_steps(f: MeetingFacts) -> tuple[Step, ...]:
    """The eight steps in order. A step is done when its facts say so; the first step not done is current,
    the ones after it are to do. A round without contests has only sign-in and quorum to do."""
    cs = f.contests

    def all_(pred) -> bool:
        return bool(cs) and all(pred(c) for c in cs)

    locked = all_(lambda c: c.locked)

    def issued_done(c: ContestProgress) -> bool:
        return c.locked or not c.secret_ballot or c.issued > 0

    def reconciled(c: ContestProgress) -> bool:
        return c.locked or (c.entered > 0 and not c.blocking)

    n_locked = sum(c.locked for c in cs)
    facts = [
        (StepKey.SIGNIN, f.present > 0, f"{f.present}/{f.electorate} hộ", None),
        (StepKey.QUORUM, f.quorum_reached, f"{f.present}/{f.electorate} hộ", None),
        (StepKey.METHOD, all_(lambda c: c.set_up or c.locked), f"{sum(c.set_up for c in cs)}/{len(cs)}",
         _first_open(cs, lambda c: c.set_up or c.locked)),
        (StepKey.ISSUED, all_(issued_done), ", ".join(str(c.issued) for c in cs), _first_open(cs, issued_done)),
        (StepKey.COUNT, all_(lambda c: c.locked or c.entered > 0), ", ".join(str(c.entered) for c in cs),
         _first_open(cs, lambda c: c.locked or c.entered > 0)),
        (StepKey.RECONCILE, all_(reconciled), "; ".join(m for c in cs for m in c.blocking[:1]),
         _first_open(cs, reconciled)),
        (StepKey.LOCK, locked, f"{n_locked}/{len(cs)}", _first_open(cs, lambda c: c.locked)),
        (StepKey.MINUTES, locked and f.minutes_sent, "", cs[0].contest_id if cs else None),
    ]
    steps, current_given = [], False
    for key, done, detail, contest_id in facts:
        if done:
            state = StepState.DONE
        elif not current_given:
            state, current_given = StepState.CURRENT, True
        else:
            state = StepState.TODO
        steps.append(Step(key, state, detail, contest_id))
    return tuple(steps)
