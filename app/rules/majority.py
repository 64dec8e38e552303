"""Exact "more than a share" arithmetic on whole counts; no floats anywhere."""

from __future__ import annotations

from fractions import Fraction

from .errors import InvalidInput


def threshold(base: int, share: Fraction) -> int:
    """The smallest whole count strictly greater than `share` × `base`.

    threshold(361, 1/2) == 181, threshold(360, 1/2) == 181, threshold(0, 1/2) == 1:
    exactly half is never "more than half". Raises InvalidInput for a negative
    base or share, TypeError for a float share (floats have no place in a decision).
    """
    if isinstance(share, float) or isinstance(base, float):
        raise TypeError("threshold() needs an int base and a Fraction share, not floats")
    share = Fraction(share)
    if base < 0 or share < 0:
        raise InvalidInput(
            f"Không tính được ngưỡng từ cơ sở {base} và tỉ lệ {share}: cả hai phải không âm.",
            code="input.negative",
            params={"base": base, "share": share},
        )
    return share.numerator * base // share.denominator + 1


def share_of(part: int, whole: int) -> Fraction:
    """`part` / `whole` as an exact fraction; 0 when `whole` is 0 (nothing to share)."""
    return Fraction(part, whole) if whole else Fraction(0)
