"""Whether one ballot (phiếu bầu) is valid, and for whom it counts."""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from .counts import require_count
from .errors import InvalidInput, RuleError


class InvalidReason(enum.StrEnum):
    """Why a ballot is invalid (phiếu không hợp lệ); listed in the order they are checked."""

    NOT_OFFICIAL = "not_official"
    NO_STAMP = "no_stamp"
    ADDED_WRITING = "added_writing"
    TOO_MANY_KEPT = "too_many_kept"
    ALL_STRUCK = "all_struck"


#: The wording of each reason in the counting minutes.
INVALID_REASON_LABELS: Mapping[InvalidReason, str] = MappingProxyType({
    InvalidReason.NOT_OFFICIAL: "Phiếu không theo mẫu quy định",
    InvalidReason.NO_STAMP: "Phiếu không có dấu của Tổ bầu cử",
    InvalidReason.ADDED_WRITING: "Phiếu ghi thêm tên người ngoài danh sách hoặc ghi thêm nội dung khác",
    InvalidReason.TOO_MANY_KEPT: "Phiếu để số người nhiều hơn số lượng được bầu",
    InvalidReason.ALL_STRUCK: "Phiếu gạch hết tên",
})


class SingleStrike(enum.StrEnum):
    """With one candidate, a struck name is an invalid ballot or a valid vote against: a setting."""

    INVALID = "invalid"
    AGAINST = "against"


@dataclass(frozen=True)
class BallotMarks:
    """What the counting board sees on one ballot: the names left unstruck, and the paper itself."""

    kept: frozenset[str]
    official_form: bool = True
    stamped: bool = True
    added_writing: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "kept", frozenset(self.kept))


@dataclass(frozen=True)
class BallotVerdict:
    """`kept` lists whom the ballot counts for: empty when invalid, or a valid vote against."""

    valid: bool
    reason: InvalidReason | None
    kept: frozenset[str]


@dataclass(frozen=True)
class BallotTally:
    """Ballots added up: valid ones, invalid ones by reason, and votes per candidate."""

    valid: int
    invalid: Mapping[InvalidReason, int]
    votes: Mapping[str, int]


def reason_from_code(code: str) -> InvalidReason:
    """The reason stored under `code`; raises RuleError for an unknown code."""
    try:
        return InvalidReason(code)
    except ValueError:
        known = ", ".join(InvalidReason)
        raise RuleError(
            f"Không có lý do phiếu không hợp lệ “{code}”. Các lý do hiện có: {known}.",
            code="ballot.unknown_reason",
            params={"code": code, "known": list(InvalidReason)},
        ) from None


def check_ballot(
    marks: BallotMarks,
    candidates: Sequence[str],
    seats: int,
    single_candidate_strike: SingleStrike = SingleStrike.INVALID,
) -> BallotVerdict:
    """Judge one ballot: the first invalid reason in InvalidReason order, or valid.

    A ballot with every name struck is invalid, except that with a single
    candidate and SingleStrike.AGAINST it is a valid ballot that counts for
    nobody. Raises InvalidInput for an empty or repeated candidate list, fewer
    than one seat, or a kept name that is not on the ballot.
    """
    _check_candidates(candidates)
    require_count(seats, "seats", "số người cần bầu", minimum=1)
    strangers = sorted(marks.kept - set(candidates))
    if strangers:
        raise InvalidInput(
            f"Phiếu giữ lại tên không có trong danh sách người ứng cử: {', '.join(strangers)}.",
            code="ballot.unknown_candidate",
            params={"unknown": strangers},
        )
    reason = _invalid_reason(marks, len(candidates), seats, single_candidate_strike)
    if reason is not None:
        return BallotVerdict(valid=False, reason=reason, kept=frozenset())
    return BallotVerdict(valid=True, reason=None, kept=marks.kept)


def tally_ballots(verdicts: Iterable[BallotVerdict], candidates: Sequence[str]) -> BallotTally:
    """Count verdicts: every candidate appears in `votes` (0 if nobody kept them), in ballot order."""
    _check_candidates(candidates)
    votes = dict.fromkeys(candidates, 0)
    invalid: Counter[InvalidReason] = Counter()
    valid = 0
    for verdict in verdicts:
        if not verdict.valid:
            invalid[verdict.reason] += 1
            continue
        valid += 1
        for candidate in verdict.kept:
            if candidate not in votes:
                raise InvalidInput(
                    f"Phiếu được tính cho {candidate}, người không có trong danh sách người ứng cử.",
                    code="ballot.unknown_candidate",
                    params={"unknown": [candidate]},
                )
            votes[candidate] += 1
    return BallotTally(valid=valid, invalid=MappingProxyType(dict(invalid)), votes=MappingProxyType(votes))


def _invalid_reason(
    marks: BallotMarks, candidates: int, seats: int, single_candidate_strike: SingleStrike
) -> InvalidReason | None:
    if not marks.official_form:
        return InvalidReason.NOT_OFFICIAL
    if not marks.stamped:
        return InvalidReason.NO_STAMP
    if marks.added_writing:
        return InvalidReason.ADDED_WRITING
    if len(marks.kept) > seats:
        return InvalidReason.TOO_MANY_KEPT
    if not marks.kept and not (candidates == 1 and single_candidate_strike == SingleStrike.AGAINST):
        return InvalidReason.ALL_STRUCK
    return None


def _check_candidates(candidates: Sequence[str]) -> None:
    if isinstance(candidates, str):
        raise TypeError("candidates must be a sequence of ids, not one string")
    if not candidates or len(set(candidates)) != len(candidates):
        raise InvalidInput(
            "Danh sách người ứng cử trên phiếu phải có ít nhất một người và không được trùng tên.",
            code="ballot.bad_candidate_list",
            params={"candidates": list(candidates)},
        )
