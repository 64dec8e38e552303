"""Who is elected (trúng cử) from a contest's count, and what happens when nobody is."""

from __future__ import annotations

import enum
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from itertools import pairwise
from types import MappingProxyType

from .counts import require_at_most, require_count
from .deadlines import rerun_deadline
from .errors import InvalidInput, RuleError
from .holidays import VN_HOLIDAYS
from .majority import share_of, threshold
from .rulesets import (
    DEPUTY_MODE_LABELS,
    THRESHOLD_BASE_LABELS,
    DeputyMode,
    NoWinnerAction,
    RuleSet,
    ThresholdBase,
)


class Outcome(enum.StrEnum):
    """ELECTED: every seat filled; PARTIAL: some; NO_WINNER: none; TIE: a tie for the last seat."""

    ELECTED = "elected"
    PARTIAL = "partial"
    NO_WINNER = "no_winner"
    TIE = "tie"


class NextStep(enum.StrEnum):
    """What the TDP or ward does after the count."""

    NONE = "none"
    RERUN = "rerun"
    WARD_DECIDES = "ward_decides"


@dataclass(frozen=True)
class ContestCount:
    """The counted ballots of one contest (tổ trưởng or tổ phó) in one TDP.

    Construction guarantees a count that can exist: valid ≤ returned ≤ present
    ≤ electorate, every candidate's votes between 0 and valid, and no more
    votes in all than valid × seats; otherwise InvalidInput names the problem.
    `votes` keeps its order (the ballot order) and is read-only.
    """

    seats: int
    electorate: int
    present: int
    returned: int
    valid: int
    votes: Mapping[str, int]

    def __post_init__(self) -> None:
        require_count(self.seats, "seats", "số người cần bầu", minimum=1)
        require_count(self.electorate, "electorate", "số cử tri", minimum=1)
        # Outermost first, so a wrong attendance figure is reported before the ballots under it.
        chain = (
            ("electorate", "số cử tri", self.electorate),
            ("present", "số cử tri có mặt", self.present),
            ("returned", "số phiếu thu về", self.returned),
            ("valid", "số phiếu hợp lệ", self.valid),
        )
        for field, label, value in chain[1:]:
            require_count(value, field, label)
        for (limit_field, limit_label, limit), (field, label, value) in pairwise(chain):
            require_at_most(value, field, label, limit, limit_field, limit_label)
        object.__setattr__(self, "votes", MappingProxyType(dict(self.votes)))
        self._check_votes()

    def _check_votes(self) -> None:
        if not self.votes:
            raise InvalidInput("Cuộc bầu phải có ít nhất một người ứng cử.", code="count.no_candidates")
        for candidate, votes in self.votes.items():
            if not isinstance(candidate, str) or not candidate.strip():
                raise InvalidInput(
                    f"Mã người ứng cử {candidate!r} không hợp lệ.",
                    code="count.bad_candidate_id",
                    params={"candidate": candidate},
                )
            label = f"số phiếu bầu cho {candidate}"
            require_count(votes, "votes", label)
            require_at_most(votes, "votes", label, self.valid, "valid", "số phiếu hợp lệ")
        total, most = sum(self.votes.values()), self.valid * self.seats
        if total > most:
            raise InvalidInput(
                f"Tổng số phiếu bầu cho các người ứng cử ({total}) không được lớn hơn "
                f"số phiếu hợp lệ nhân số người cần bầu ({self.valid} × {self.seats} = {most}).",
                code="count.votes_exceed_ballots",
                params={"total": total, "valid": self.valid, "seats": self.seats},
            )


@dataclass(frozen=True)
class ContestResult:
    """The decision on one contest, with everything the counting minutes must state.

    `elected` is in order of votes (ballot order among equals). `tied` holds the
    candidates who passed the threshold but tie for the last seats, which stay
    unfilled. `by_lot` names those elected by the drawn lot. `shares` are
    votes / whole electorate, whatever the threshold base.
    """

    seats: int
    base_kind: ThresholdBase
    base: int
    threshold: int
    votes: Mapping[str, int]
    shares: Mapping[str, Fraction]
    elected: tuple[str, ...]
    tied: tuple[str, ...]
    by_lot: tuple[str, ...]
    outcome: Outcome
    rerun_deadline: date | None
    next_step: NextStep

    @property
    def unfilled(self) -> int:
        """Seats nobody won."""
        return self.seats - len(self.elected)


def decide(
    count: ContestCount,
    rule_set: RuleSet,
    vote_date: date,
    *,
    base: ThresholdBase | None = None,
    holidays: Collection[date] = VN_HOLIDAYS,
    lots: Sequence[str] = (),
    excluded: Collection[str] = (),
) -> ContestResult:
    """Decide a contest: a candidate wins with votes ≥ the threshold and a place in the top `seats`.

    The threshold is more than `rule_set.winner_share` of the base: the whole
    electorate unless `base` picks another the rule set allows (RuleError
    otherwise). A tie for the last seats is broken by `lots`, the order drawn by
    lot among the tied (InvalidInput if it leaves one of them out); without lots
    it stays a TIE. `excluded` candidates may not take a seat (the person just
    elected leader, see decide_deputies) but their votes still show. When seats
    stay unfilled, `next_step` and `rerun_deadline` follow the rule set.
    """
    base_kind = _base_kind(rule_set, base)
    base_value = {
        ThresholdBase.ELECTORATE: count.electorate,
        ThresholdBase.PRESENT: count.present,
        ThresholdBase.VALID: count.valid,
    }[base_kind]
    needed = threshold(base_value, rule_set.winner_share)
    _check_lots(lots, count.votes)
    passing = [c for c in count.votes if count.votes[c] >= needed and c not in excluded]
    passing.sort(key=lambda c: -count.votes[c])  # stable: ballot order among equals
    elected, tied, by_lot = _fill_seats(passing, count.votes, count.seats, lots)
    outcome = _outcome(len(elected), count.seats, tied)
    filled = outcome is Outcome.ELECTED
    return ContestResult(
        seats=count.seats,
        base_kind=base_kind,
        base=base_value,
        threshold=needed,
        votes=count.votes,
        shares=MappingProxyType({c: share_of(v, count.electorate) for c, v in count.votes.items()}),
        elected=elected,
        tied=tied,
        by_lot=by_lot,
        outcome=outcome,
        rerun_deadline=None if filled else rerun_deadline(vote_date, rule_set, holidays),
        next_step=NextStep.NONE if filled else _NEXT_STEP[rule_set.no_winner],
    )


def deputy_mode(rule_set: RuleSet, requested: DeputyMode) -> DeputyMode:
    """`requested` if the rule set allows deputies (tổ phó) to come to office that way; else RuleError."""
    if requested in rule_set.deputy_modes:
        return requested
    allowed = ", ".join(f"“{DEPUTY_MODE_LABELS[mode]}”" for mode in sorted(rule_set.deputy_modes))
    raise RuleError(
        f"Theo {rule_set.title}, tổ phó không được chọn theo cách “{DEPUTY_MODE_LABELS[requested]}”; "
        f"chỉ được: {allowed}.",
        code="deputy.mode_not_allowed",
        params={"rule_set": rule_set.id, "requested": requested, "allowed": sorted(rule_set.deputy_modes)},
    )


def decide_deputies(
    leader: ContestResult,
    count: ContestCount,
    rule_set: RuleSet,
    vote_date: date,
    *,
    base: ThresholdBase | None = None,
    holidays: Collection[date] = VN_HOLIDAYS,
    lots: Sequence[str] = (),
) -> ContestResult:
    """Decide the elected-deputies contest so that nobody holds both offices.

    The leader contest is settled first: whoever it elected is dropped from the
    deputies, and the next-placed candidate takes the seat only by passing the
    threshold on their own votes. Raises RuleError when the rule set does not
    elect deputies, when the contest has more seats than it allows, or when the
    leader contest ended in an unbroken tie (the leader is not known yet).
    """
    deputy_mode(rule_set, DeputyMode.ELECTED)
    if count.seats > rule_set.max_deputies:
        raise InvalidInput(
            f"Theo {rule_set.title}, chỉ được bầu tối đa {rule_set.max_deputies} tổ phó (đang là {count.seats}).",
            code="deputy.too_many_seats",
            params={"seats": count.seats, "max_deputies": rule_set.max_deputies},
        )
    if leader.outcome is Outcome.TIE:
        raise RuleError(
            "Chưa xác định được tổ trưởng (các người ứng cử bằng phiếu nhau) nên chưa thể xác định tổ phó.",
            code="deputy.leader_unsettled",
            params={"tied": list(leader.tied)},
        )
    return decide(count, rule_set, vote_date, base=base, holidays=holidays, lots=lots, excluded=leader.elected)


_NEXT_STEP = {NoWinnerAction.RERUN: NextStep.RERUN, NoWinnerAction.WARD_DECIDES: NextStep.WARD_DECIDES}


def _base_kind(rule_set: RuleSet, requested: ThresholdBase | None) -> ThresholdBase:
    kind = rule_set.default_threshold_base if requested is None else ThresholdBase(requested)
    if kind not in rule_set.threshold_bases:
        required = " hoặc ".join(THRESHOLD_BASE_LABELS[b] for b in sorted(rule_set.threshold_bases))
        raise RuleError(
            f"Theo {rule_set.title}, người trúng cử phải được quá nửa {required}, "
            f"không tính trên {THRESHOLD_BASE_LABELS[kind]}.",
            code="threshold.base_not_allowed",
            params={"rule_set": rule_set.id, "base": kind},
        )
    return kind


def _check_lots(lots: Sequence[str], votes: Mapping[str, int]) -> None:
    strangers = [c for c in lots if c not in votes]
    if strangers or len(set(lots)) != len(lots):
        raise InvalidInput(
            "Kết quả bốc thăm chỉ được gồm các người ứng cử của cuộc bầu này, mỗi người một lần.",
            code="lots.invalid",
            params={"lots": list(lots), "unknown": strangers},
        )


def _fill_seats(
    passing: list[str], votes: Mapping[str, int], seats: int, lots: Sequence[str]
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(elected, tied, by_lot) from the passing candidates, best first."""
    if len(passing) <= seats or votes[passing[seats]] < votes[passing[seats - 1]]:
        return tuple(passing[:seats]), (), ()
    cut = votes[passing[seats - 1]]
    ahead = [c for c in passing if votes[c] > cut]
    level = [c for c in passing if votes[c] == cut]
    if not lots:
        return tuple(ahead), tuple(level), ()
    missing = [c for c in level if c not in lots]
    if missing:
        raise InvalidInput(
            "Kết quả bốc thăm phải xếp thứ tự tất cả những người ứng cử bằng phiếu nhau.",
            code="lots.incomplete",
            params={"tied": level, "missing": missing},
        )
    drawn = sorted(level, key=list(lots).index)[: seats - len(ahead)]
    return tuple(ahead + drawn), (), tuple(drawn)


def _outcome(elected: int, seats: int, tied: tuple[str, ...]) -> Outcome:
    if tied:
        return Outcome.TIE
    if elected == seats:
        return Outcome.ELECTED
    return Outcome.PARTIAL if elected else Outcome.NO_WINNER
