"""The vetting checklist as plain data: default standards, the age computed on election day, what blocks approval.

No database and no clock: rows come in as values, findings go out as frozen dataclasses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from app.rules import format_date

#: Đủ 21 tuổi trở lên on election day.
MIN_CANDIDATE_AGE = 21


@dataclass(frozen=True)
class DefaultItem:
    key: str
    label: str
    kind: str = "manual"
    mandatory: bool = True


#: The standards every new election's checklist starts with; the ward admin may edit them.
DEFAULT_ITEMS: tuple[DefaultItem, ...] = (
    DefaultItem("residence", "Thường trú tại tổ dân phố"),
    DefaultItem("age", f"Đủ {MIN_CANDIDATE_AGE} tuổi trở lên tính đến ngày bầu cử", kind="age"),
    DefaultItem("health", "Có sức khỏe"),
    DefaultItem("conduct", "Phẩm chất, đạo đức tốt, được nhân dân tín nhiệm"),
    DefaultItem("capacity", "Có năng lực, uy tín vận động nhân dân"),
    DefaultItem("incumbent", "Không phải người đương nhiệm làm việc kém hiệu quả (Nghị quyết phường năm 2017)"),
    DefaultItem("family", "Vợ/chồng, con không vi phạm pháp luật (Nghị quyết phường năm 2017)"),
)


@dataclass(frozen=True)
class Finding:
    """One item's result for one candidate: "met", "not_met" or "unknown"; `answered` is False when nobody
    has looked at a manual item yet."""

    item_id: int
    label: str
    mandatory: bool
    result: str
    note: str
    computed: bool
    answered: bool


def age_on(birth_date: date | None, birth_year: int | None, day: date) -> tuple[int, int] | None:
    """The youngest and oldest the person can be on `day`: equal with a full birth date, a year apart
    with only a birth year, None when the birth is unknown."""
    if birth_date is not None:
        age = day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
        return age, age
    if birth_year is not None:
        return day.year - birth_year - 1, day.year - birth_year
    return None


def age_finding(birth_date: date | None, birth_year: int | None, vote_date: date) -> tuple[str, str]:
    """("met" | "not_met" | "unknown", a Vietnamese note) for the age standard on election day.

    With only a birth year the person may or may not have had the birthday yet: 21 either way is met,
    under 21 either way is not met, and the year in between stays unknown until the full date is known.
    """
    span = age_on(birth_date, birth_year, vote_date)
    on = format_date(vote_date)
    if span is None:
        return "unknown", "Chưa rõ ngày, năm sinh."
    youngest, oldest = span
    if youngest == oldest:
        note = f"{youngest} tuổi vào ngày bầu cử {on}."
    else:
        note = f"Sinh năm {birth_year}: {youngest} hoặc {oldest} tuổi vào ngày bầu cử {on}."
    if youngest >= MIN_CANDIDATE_AGE:
        return "met", note
    if oldest < MIN_CANDIDATE_AGE:
        return "not_met", f"{note} Chưa đủ {MIN_CANDIDATE_AGE} tuổi."
    return "unknown", f"{note} Cần ngày sinh đầy đủ để biết đã đủ {MIN_CANDIDATE_AGE} tuổi chưa."


def blocking(findings: Iterable[Finding]) -> list[Finding]:
    """Mandatory items that are not shown to be met (not met, unknown or not yet answered)."""
    return [f for f in findings if f.mandatory and f.result != "met"]


def describe(findings: Iterable[Finding]) -> str:
    """"Có sức khỏe (không đạt), Đủ 21 tuổi ... (chưa rõ)" for messages."""
    words = {"not_met": "không đạt", "unknown": "chưa rõ"}
    return ", ".join(f"{f.label} ({words.get(f.result, 'đạt') if f.answered else 'chưa đánh giá'})" for f in findings)
