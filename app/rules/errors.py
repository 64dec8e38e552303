"""Domain errors and warnings of the rule core: a stable code, parameters and a Vietnamese message."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any


class RuleError(Exception):
    """Base of every error the rule core raises on purpose.

    `code` is a stable dotted id for programs and translations
    ("date.day_out_of_range"); `params` holds the values the message was built
    from; `message` is Vietnamese, NFC, ready to show to a user.
    """

    default_code = "rule.error"

    def __init__(self, message: str, *, code: str | None = None, params: Mapping[str, Any] | None = None):
        self.message = unicodedata.normalize("NFC", message)
        self.code = code or self.default_code
        self.params = dict(params or {})
        super().__init__(self.message)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"


class UnknownRuleSet(RuleError):
    """An id that names no rule set (bộ quy tắc), or a date no rule set covers."""

    default_code = "ruleset.unknown"


class InvalidInput(RuleError):
    """Numbers or ids that cannot describe a real meeting or count.

    For instance a negative count, more people present than on the roll, or
    more votes for a candidate than valid ballots.
    """

    default_code = "input.invalid"


class InvalidDate(RuleError):
    """A date that cannot be read, or does not exist; `suggestion` is the likely intent."""

    default_code = "date.invalid"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        params: Mapping[str, Any] | None = None,
        suggestion: date | None = None,
    ):
        super().__init__(message, code=code, params=params)
        self.suggestion = suggestion


@dataclass(frozen=True)
class RuleWarning:
    """A finding to show, not to raise: something late, missing or not adding up.

    Same shape as RuleError: a stable `code`, a Vietnamese `message`, `params`.
    """

    code: str
    message: str
    params: Mapping[str, Any] = field(default_factory=dict)
