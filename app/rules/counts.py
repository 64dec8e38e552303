"""Checks shared by every function that takes counts: whole, large enough, in order."""

from __future__ import annotations

from .errors import InvalidInput


def require_count(value: int, field: str, label: str, *, minimum: int = 0) -> None:
    """Raise unless `value` is an int of at least `minimum`; `label` is the Vietnamese name.

    A bool or float is a programming error (TypeError); a small number is bad
    input (InvalidInput, code "count.too_small").
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{field} must be an int, not {type(value).__name__}")
    if value < minimum:
        raise InvalidInput(
            f"{_capitalised(label)} phải từ {minimum} trở lên (đang là {value}).",
            code="count.too_small",
            params={"field": field, "value": value, "minimum": minimum},
        )


def require_at_most(value: int, field: str, label: str, limit: int, limit_field: str, limit_label: str) -> None:
    """Raise InvalidInput (code "count.exceeds") when `value` is greater than `limit`."""
    if value > limit:
        raise InvalidInput(
            f"{_capitalised(label)} ({value}) không được lớn hơn {limit_label} ({limit}).",
            code="count.exceeds",
            params={"field": field, "value": value, "limit_field": limit_field, "limit": limit},
        )


def _capitalised(label: str) -> str:
    return label[:1].upper() + label[1:]
