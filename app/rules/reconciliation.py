"""The ballot paper trail of one contest must add up (đối chiếu số phiếu)."""

from __future__ import annotations

from dataclasses import dataclass, fields

from .counts import require_count
from .errors import RuleWarning


@dataclass(frozen=True, kw_only=True)
class BallotAccount:
    """Every ballot count the minutes record for one contest; all are whole and non-negative."""

    printed: int
    issued: int
    unused: int
    spoiled: int
    signed_in: int
    returned: int
    valid: int
    invalid: int

    def __post_init__(self) -> None:
        for f in fields(self):
            require_count(getattr(self, f.name), f.name, _LABELS[f.name])


_LABELS = {
    "printed": "số phiếu in ra",
    "issued": "số phiếu phát ra",
    "unused": "số phiếu chưa dùng",
    "spoiled": "số phiếu hỏng",
    "signed_in": "số cử tri có mặt",
    "returned": "số phiếu thu về",
    "valid": "số phiếu hợp lệ",
    "invalid": "số phiếu không hợp lệ",
}


def reconcile(account: BallotAccount) -> tuple[RuleWarning, ...]:
    """Every rule the counts break, in the order the minutes list them; empty when they add up.

    printed = issued + unused + spoiled; returned ≤ issued ≤ signed_in;
    valid + invalid = returned.
    """
    a = account
    problems = []
    if a.printed != a.issued + a.unused + a.spoiled:
        problems.append(RuleWarning(
            code="reconcile.printed",
            message=(
                f"Số phiếu in ra ({a.printed}) phải bằng số phiếu phát ra, chưa dùng và hỏng cộng lại "
                f"({a.issued} + {a.unused} + {a.spoiled} = {a.issued + a.unused + a.spoiled})."
            ),
            params={"printed": a.printed, "issued": a.issued, "unused": a.unused, "spoiled": a.spoiled},
        ))
    for small, big in (("returned", "issued"), ("issued", "signed_in")):
        value, limit = getattr(a, small), getattr(a, big)
        if value > limit:
            problems.append(RuleWarning(
                code=f"reconcile.{small}_exceeds_{big}",
                message=f"{_LABELS[small].capitalize()} ({value}) không được lớn hơn {_LABELS[big]} ({limit}).",
                params={small: value, big: limit},
            ))
    if a.valid + a.invalid != a.returned:
        problems.append(RuleWarning(
            code="reconcile.returned",
            message=(
                f"Số phiếu hợp lệ và không hợp lệ cộng lại ({a.valid} + {a.invalid} = {a.valid + a.invalid}) "
                f"phải bằng số phiếu thu về ({a.returned})."
            ),
            params={"valid": a.valid, "invalid": a.invalid, "returned": a.returned},
        ))
    return tuple(problems)
