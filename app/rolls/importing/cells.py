"""Turn one spreadsheet cell into a typed value, or say in Vietnamese why it cannot be one."""

from __future__ import annotations

import re
from datetime import date, datetime

from app.rules import InvalidDate, format_date, normalize_name, parse_date

from .problems import Severity
from .reader import Cell

MIN_BIRTH_YEAR = 1900
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_LOOKS_LIKE_DATE = re.compile(r"\d{1,2}([/.-])\d{1,2}\1\d+|\d{4}-\d{2}-\d{2}", re.ASCII)
_DIGITS = re.compile(r"\d+", re.ASCII)
_ID_SEPARATORS = re.compile(r"[\s.\-]")

MALE = frozenset({"nam", "m", "ông", "male"})
FEMALE = frozenset({"nữ", "f", "bà", "female"})


class CellProblem(Exception):
    """A cell that cannot be read: a stable `code`, a Vietnamese `message` and its severity."""

    def __init__(self, code: str, message: str, severity: Severity = Severity.ERROR):
        super().__init__(message)
        self.code, self.message, self.severity = code, message, severity


def is_blank(cell: Cell) -> bool:
    return cell is None or cell == "" or (type(cell) is str and cell.isspace())


def text(cell: Cell) -> str:
    """Any cell as stored text: NFC, trimmed, single-spaced; whole numbers without ".0"; dates dd/mm/yyyy."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return normalize_name(cell)
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, datetime):
        return format_date(cell.date())
    if isinstance(cell, date):
        return format_date(cell)
    return normalize_name(str(cell))


def household_code(cell: Cell) -> str:
    """A household code as text: Excel numbers lose their ".0"; a date means Excel rewrote the code."""
    if isinstance(cell, date):
        raise CellProblem("code.looks_like_date",
                          f"Excel đã đổi mã hộ thành ngày {text(cell)}. Hãy định dạng cột Mã hộ là Văn bản (Text) "
                          "và gõ lại mã.")
    return text(cell)


def birth_year(cell: Cell, today: date) -> int | date:
    """A year (1970, "1970", 1970.0), or a full date when the cell holds one (then the caller keeps the date)."""
    if isinstance(cell, date):
        return birth_date(cell, today)
    if isinstance(cell, str):
        raw = cell.strip()
        if _LOOKS_LIKE_DATE.fullmatch(raw):
            return birth_date(raw, today)
        if raw.isascii() and raw.isdigit():
            return _check_year(int(raw), today)
    elif isinstance(cell, float) and cell.is_integer():
        return _check_year(int(cell), today)
    elif isinstance(cell, int) and not isinstance(cell, bool):
        return _check_year(cell, today)
    raise CellProblem("birth.year_not_number", f"Năm sinh “{text(cell)}” không phải là một năm (ví dụ 1970).")


def _check_year(year: int, today: date) -> int:
    if year < MIN_BIRTH_YEAR:
        raise CellProblem("birth.year_too_early", f"Năm sinh {year} không thể đúng: phải từ {MIN_BIRTH_YEAR} trở đi.")
    if year > today.year:
        raise CellProblem("birth.year_future", f"Năm sinh {year} nằm sau năm hiện tại ({today.year}).")
    return year


def birth_date(cell: Cell, today: date) -> date | int:
    """A date cell, "dd/mm/yyyy" text (or ISO yyyy-mm-dd), or a bare year typed where a date was expected."""
    if isinstance(cell, datetime):
        cell = cell.date()
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        if float(cell).is_integer() and MIN_BIRTH_YEAR <= cell <= today.year:
            return int(cell)
        raise CellProblem("birth.date_is_number",
                          f"Ô ngày sinh chứa số {text(cell)} chứ không phải ngày. Hãy định dạng ô là ngày "
                          "hoặc gõ theo dạng dd/mm/yyyy.")
    if isinstance(cell, str):
        raw = cell.strip()
        if raw.isascii() and raw.isdigit():
            return _check_year(int(raw), today)
        if _ISO_DATE.fullmatch(raw):
            raw = f"{raw[8:10]}/{raw[5:7]}/{raw[:4]}"
        try:
            cell = parse_date(raw)
        except InvalidDate as error:
            raise CellProblem("birth." + error.code.removeprefix("date."), error.message) from None
    if not isinstance(cell, date):
        raise CellProblem("birth.date_format", f"Không đọc được ngày sinh “{text(cell)}”.")
    if cell.year < MIN_BIRTH_YEAR:
        raise CellProblem("birth.year_too_early", f"Ngày sinh {format_date(cell)} không thể đúng: năm sinh phải từ "
                          f"{MIN_BIRTH_YEAR} trở đi.")
    if cell > today:
        raise CellProblem("birth.date_future", f"Ngày sinh {format_date(cell)} nằm sau ngày nhập danh sách "
                          f"({format_date(today)}).")
    return cell


def gender(cell: Cell) -> str | None:
    """"male", "female", or None for a blank cell; Nam/Nữ/M/F/Ông/Bà in any case are understood."""
    value = text(cell).casefold()
    if not value:
        return None
    if value in MALE:
        return "male"
    if value in FEMALE:
        return "female"
    raise CellProblem("gender.unknown", f"Không hiểu giới tính “{text(cell)}”: hãy ghi Nam hoặc Nữ. "
                      "Dòng này được nhập với giới tính để trống.", Severity.WARNING)


def tdp_number(cell: Cell) -> int:
    """5, 5.0, "5", "Tổ 5", "TDP số 05" → 5."""
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    if isinstance(cell, int) and not isinstance(cell, bool):
        return cell
    numbers = _DIGITS.findall(text(cell))
    if len(numbers) != 1:
        raise CellProblem("tdp.unreadable", f"Không đọc được số tổ dân phố từ “{text(cell)}”.")
    return int(numbers[0])


def citizen_id(cell: Cell) -> str:
    """Digits only. Problems never repeat the number: it is personal data."""
    from_number = isinstance(cell, (int, float)) and not isinstance(cell, bool)
    value = _ID_SEPARATORS.sub("", text(cell))
    if not (value.isascii() and value.isdigit()):
        raise CellProblem("citizen_id.format", "Số CCCD/CMND chỉ được gồm chữ số; ô này bị bỏ qua.",
                          Severity.WARNING)
    if from_number and len(value) == 11:
        # Every 12-digit CCCD starts with 0 (the province code); Excel dropped it.
        raise CellProblem("citizen_id.leading_zero", "Số CCCD bị Excel bỏ số 0 ở đầu; ô này bị bỏ qua. Hãy định "
                          "dạng cột là Văn bản (Text) và gõ lại.", Severity.WARNING)
    if len(value) not in (9, 12):
        raise CellProblem("citizen_id.format", "Số CCCD phải có 12 chữ số (CMND cũ: 9 chữ số); ô này bị bỏ qua.",
                          Severity.WARNING)
    return value
