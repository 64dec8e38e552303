"""What the import reports: problems tied to a row and column, and the errors that stop a file outright."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from app.rules.errors import RuleError


class Severity(enum.StrEnum):
    ERROR = "error"  #: blocks the import
    WARNING = "warning"  #: shown, does not block


@dataclass(frozen=True)
class Problem:
    """One finding about the file, in Vietnamese, with where it is and a stable `code`.

    `row` is the row number the spreadsheet itself shows (1-based, header and title rows counted), or None
    for a finding about the whole file; `column` is the column's header text and `letter` its letter.
    Messages never contain a citizen ID number.
    """

    row: int | None
    column: str | None
    letter: str | None
    code: str
    message: str
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple:
        return (self.row or 0, len(self.letter or ""), self.letter or "", self.code)


class UnreadableFile(RuleError):
    """The file cannot be read at all (wrong format, not UTF-8, damaged, empty)."""

    default_code = "import.unreadable"


class MappingError(RuleError):
    """A column mapping that names an unknown field or column, or uses one column twice."""

    default_code = "import.mapping"
