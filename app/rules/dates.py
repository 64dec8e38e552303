"""Strict reading and writing of dd/mm/yyyy dates, with errors that say why and suggest a fix."""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import NoReturn

from .errors import InvalidDate

#: Years outside this range are taken for typing mistakes (birth dates start in 1900).
MIN_YEAR, MAX_YEAR = 1900, 2099

FORMAT_HINT = "dd/mm/yyyy (ví dụ 31/10/2017)"

# Day, separator, month, the same separator again, year; ASCII digits only.
_DATE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d+)", re.ASCII)


def format_date(day: date) -> str:
    """The date as Vietnamese documents write it: dd/mm/yyyy."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def parse_date(text: str) -> date:
    """Read a day written day first: 31/10/2017, 1/5/2020, 31-10-2017 or 31.10.2017.

    Surrounding spaces are ignored; the year must have four digits. Raises
    InvalidDate with a Vietnamese message that says what is wrong and, when the
    intent is clear, a `suggestion` (31/11/2017 suggests 30/11/2017).
    """
    raw = text.strip()
    if not raw:
        raise InvalidDate(f"Chưa nhập ngày. Hãy nhập theo dạng {FORMAT_HINT}.", code="date.empty")
    match = _DATE.fullmatch(raw)
    if match is None:
        raise InvalidDate(
            f"Không đọc được ngày “{raw}”. Hãy nhập theo dạng {FORMAT_HINT}.",
            code="date.format",
            params={"text": raw},
        )
    day, month, year_digits = int(match[1]), int(match[3]), match[4]
    if len(year_digits) != 4:
        _refuse_year_digits(raw, year_digits)
    year = int(year_digits)
    params = {"text": raw, "day": day, "month": month, "year": year}
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidDate(
            f"“{raw}” không phải là ngày hợp lệ: năm {year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}.",
            code="date.year_out_of_range",
            params=params,
        )
    if not 1 <= month <= 12:
        _refuse_month(raw, day, month, year, params)
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= 31:
        suggestion = date(year, month, min(max(day, 1), last))
        raise InvalidDate(
            f"“{raw}” không phải là ngày hợp lệ: ngày phải từ 1 đến 31. "
            f"Có phải ý bạn là {format_date(suggestion)}?",
            code="date.day_out_of_range",
            params=params,
            suggestion=suggestion,
        )
    if day > last:
        suggestion = date(year, month, last)
        raise InvalidDate(
            f"Ngày {raw} không tồn tại: {_month_length(month, year, last)}. "
            f"Có phải ý bạn là {format_date(suggestion)}?",
            code="date.day_not_in_month",
            params={**params, "last_day": last},
            suggestion=suggestion,
        )
    return date(year, month, day)


def _refuse_year_digits(raw: str, year_digits: str) -> NoReturn:
    # A two-digit year is refused outright: "62" may be 1962 or 2062.
    code = "date.two_digit_year" if len(year_digits) == 2 else "date.format"
    raise InvalidDate(
        f"“{raw}” không phải là ngày hợp lệ: năm phải viết đủ 4 chữ số. Hãy nhập theo dạng {FORMAT_HINT}.",
        code=code,
        params={"text": raw},
    )


def _refuse_month(raw: str, day: int, month: int, year: int, params: dict) -> NoReturn:
    reason = "tháng phải từ 1 đến 12"
    if month > 12:
        # 12/31/2020 was most likely typed month first.
        suggestion = _existing(year, day, month)
        if suggestion is not None:
            reason += ", và ngày được viết theo thứ tự ngày/tháng/năm"
    else:
        suggestion = _existing(year, 1, day)
    message = f"“{raw}” không phải là ngày hợp lệ: {reason}."
    if suggestion is not None:
        message += f" Có phải ý bạn là {format_date(suggestion)}?"
    raise InvalidDate(message, code="date.month_out_of_range", params=params, suggestion=suggestion)


def _month_length(month: int, year: int, last: int) -> str:
    if month == 2 and not calendar.isleap(year):
        return f"năm {year} không phải năm nhuận nên tháng 2 chỉ có {last} ngày"
    if month == 2:
        return f"tháng 2 năm {year} chỉ có {last} ngày"
    return f"tháng {month} chỉ có {last} ngày"


def _existing(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
