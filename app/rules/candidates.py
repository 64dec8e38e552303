"""How many candidates (người ứng cử) a contest may list for its seats."""

from __future__ import annotations

from .counts import require_count
from .errors import InvalidInput
from .rulesets import RuleSet


def check_candidate_count(candidates: int, seats: int, rule_set: RuleSet) -> None:
    """Raise InvalidInput unless the list has between min and max candidates per seat.

    Under the 2008 and 2018 rule sets a seat takes 1 or 2 candidates; under
    nd-59-2023 at least 1 and no upper limit (more may be nominated at the meeting).
    """
    require_count(seats, "seats", "số người cần bầu", minimum=1)
    require_count(candidates, "candidates", "số người ứng cử")
    fewest = rule_set.min_candidates_per_seat * seats
    most = None if rule_set.max_candidates_per_seat is None else rule_set.max_candidates_per_seat * seats
    params = {"candidates": candidates, "seats": seats, "min": fewest, "max": most}
    if candidates < fewest:
        raise InvalidInput(
            f"Theo {rule_set.title}, bầu {seats} người cần ít nhất {fewest} người ứng cử (đang có {candidates}).",
            code="candidates.too_few",
            params=params,
        )
    if most is not None and candidates > most:
        raise InvalidInput(
            f"Theo {rule_set.title}, bầu {seats} người chỉ được có tối đa {most} người ứng cử (đang có {candidates}).",
            code="candidates.too_many",
            params=params,
        )
