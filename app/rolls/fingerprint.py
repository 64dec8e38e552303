"""The roll fingerprint: SHA-256 over a canonical form of a TDP's active households and representatives.

The same roll always gives the same fingerprint, whatever order rows were entered or imported in, so
the roll posted on the notice board, the one used at the meeting and the one cited in the minutes can be
matched by eye from the short form printed on each.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

VERSION = "roll-v1"


class RollEntry(NamedTuple):
    """One household's line of the fingerprint, fields in hashing order. (A NamedTuple: a city roll makes a
    million of them.)"""

    code: str
    address: str
    sub_group: str | None
    representative: str
    birth_date: date | None
    birth_year: int | None
    gender: str | None


@dataclass(frozen=True)
class Fingerprint:
    hex: str  #: the full SHA-256, 64 hex digits
    households: int

    @property
    def short(self) -> str:
        """The first 12 hex digits in groups of four, upper case: "3F2A-91C0-7D4E"."""
        head = self.hex[:12].upper()
        return "-".join(head[i:i + 4] for i in range(0, 12, 4))


def _field(value) -> str:
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, date) else str(value)
    # Tabs and newlines cannot occur in stored values; escape them anyway so fields never run together.
    return unicodedata.normalize("NFC", text).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _line(e: RollEntry) -> str:
    """The household's line: its fields through _field, tab-separated.

    Most lines need no escaping, so the line is joined first and normalised once (a tab never composes
    with a neighbour, so NFC of the line is the line of NFC fields); only a line holding a tab, newline or
    backslash inside a field takes the field-by-field way. A city's million households: bench/roll_import.py.
    """
    line = "\t".join([v if type(v) is str else "" if v is None else v.isoformat() if isinstance(v, date) else str(v)
                      for v in e])
    if line.count("\t") == 6 and "\\" not in line and "\n" not in line:
        return unicodedata.normalize("NFC", line)
    return "\t".join(_field(v) for v in e)


def roll_fingerprint(entries: Iterable[RollEntry]) -> Fingerprint:
    """Hash one line per household, sorted by household code, fields tab-separated."""
    lines = sorted(_line(e) for e in entries)
    digest = hashlib.sha256()
    digest.update(VERSION.encode())
    for line in lines:
        digest.update(b"\n" + line.encode("utf-8"))
    return Fingerprint(digest.hexdigest(), len(lines))
