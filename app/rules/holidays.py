"""Vietnamese days off (ngày nghỉ lễ, tết) for civil servants, as data with their sources.

Civil servants work Monday to Friday. A year's days off come from two places:

* **Announced (sourced) occasions**, in OFFICIAL_DAYS_OFF: the block of days off the
  government announced for the occasion, "từ ngày ... đến hết ngày ...", weekends
  included, with its compensatory days (nghỉ bù) and swapped days (hoán đổi): the
  weekday given off, and the Saturday worked in exchange (a working day). Each
  block cites its source (title and date). A holiday that falls on a weekday and
  needs no announcement cites the Labour Code itself.
* **The computed rule**, for every occasion that has no announcement: the statutory
  holidays (Bộ luật Lao động 2019, art. 112; 2012, art. 115) and, for a holiday on a
  Saturday or Sunday, a compensatory day on the next working day (BLLĐ 2019,
  art. 111(3); 2012, art. 110(3)). No swap is ever guessed.

Sourced: 2023, 2024 and 2025 every occasion except Quốc khánh 2025 (computed: 1/9
and 2/9, both weekdays, so no compensatory day is at stake); 2026 every occasion
except Quốc khánh 2026 (its announcement, Thông báo 9441/TB-BNV, could not be
read: computed 2/9 and 3/9). Computed: 2016-2022 and 2027-2030 (SOURCED_YEARS,
COMPUTED_YEARS). Outside 2016-2030 only weekends are days off. Not included: Ngày
Văn hóa Việt Nam (24/11), chosen as a paid day off by Nghị quyết 80-NQ/TW
(01/2026) but not yet in the Labour Code.

The statutory days:

* Fixed days: 1/1, 30/4, 1/5 and 2/9. From 2021 Quốc khánh has a second day, 1/9
  or 3/9, chosen each year: 2021-2025 are the ones decreed; 2026-2030 default to 3/9.
* Tết Nguyên Đán: five days. The government picks the five each year; the computed
  rule takes the last day of the lunar year (29 or 30 tháng Chạp) and mùng 1-4.
* Giỗ Tổ Hùng Vương: 10 tháng Ba (lunar).
* Lunar dates were computed offline with the Vietnamese calendar (new moons
  reckoned at UTC+7), which differs from the Chinese one in some years: mùng 1
  Tết is 06/02/2027 and 02/02/2030 in Vietnam, a day before China's.

VN_HOLIDAYS is a frozenset of every day off (weekend holidays included) that also
carries the swapped working weekend days; functions that count working days take
it as a parameter, so an election can pass a corrected set (a plain set of dates
works too, with no working weekend days).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType

_DAY = timedelta(days=1)

#: The years VN_HOLIDAYS covers; outside them only weekends are days off.
HOLIDAY_YEARS = range(2016, 2031)

#: The occasions (dịp nghỉ) of a year.
NEW_YEAR, TET, HUNG_KINGS, VICTORY_LABOUR, NATIONAL_DAY = (
    "tet_duong_lich", "tet_am_lich", "gio_to_hung_vuong", "30_4_1_5", "quoc_khanh")
OCCASIONS = (NEW_YEAR, TET, HUNG_KINGS, VICTORY_LABOUR, NATIONAL_DAY)

#: Mùng 1 Tết, the first day of the lunar year, in Vietnam.
TET_NEW_YEAR: Mapping[int, date] = MappingProxyType({
    2016: date(2016, 2, 8),
    2017: date(2017, 1, 28),
    2018: date(2018, 2, 16),
    2019: date(2019, 2, 5),
    2020: date(2020, 1, 25),
    2021: date(2021, 2, 12),
    2022: date(2022, 2, 1),
    2023: date(2023, 1, 22),
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
    2027: date(2027, 2, 6),
    2028: date(2028, 1, 26),
    2029: date(2029, 2, 13),
    2030: date(2030, 2, 2),
})

#: Giỗ Tổ Hùng Vương, 10 tháng Ba âm lịch.
HUNG_KINGS_DAY: Mapping[int, date] = MappingProxyType({
    2016: date(2016, 4, 16),
    2017: date(2017, 4, 6),
    2018: date(2018, 4, 25),
    2019: date(2019, 4, 14),
    2020: date(2020, 4, 2),
    2021: date(2021, 4, 21),
    2022: date(2022, 4, 10),
    2023: date(2023, 4, 29),
    2024: date(2024, 4, 18),
    2025: date(2025, 4, 7),
    2026: date(2026, 4, 26),
    2027: date(2027, 4, 16),
    2028: date(2028, 4, 4),
    2029: date(2029, 4, 23),
    2030: date(2030, 4, 12),
})

#: The second Quốc khánh day, from 2021. 2026-2030 are a default, not a decree.
NATIONAL_DAY_SECOND: Mapping[int, date] = MappingProxyType({
    2021: date(2021, 9, 3),
    2022: date(2022, 9, 1),
    2023: date(2023, 9, 1),
    2024: date(2024, 9, 3),
    2025: date(2025, 9, 1),
    **{year: date(year, 9, 3) for year in range(2026, 2031)},
})

#: Tết runs from the day before mùng 1 to mùng 4.
_TET_OFFSETS = range(-1, 4)


def _days(first: date, last: date) -> Iterable[date]:
    """Days from `first` to `last`, both included."""
    return (first + timedelta(days=offset) for offset in range((last - first).days + 1))


@dataclass(frozen=True)
class Announcement:
    """The days off announced for one occasion: every day from `first` to `last`, weekends included.

    `worked` lists the weekend days worked in exchange for a weekday given off (hoán đổi);
    they are working days. `source` is the announcement's title and date.
    """

    year: int
    occasions: frozenset[str]
    first: date
    last: date
    source: str
    worked: tuple[date, ...] = ()

    @property
    def days_off(self) -> frozenset[date]:
        return frozenset(_days(self.first, self.last))


_LABOUR_CODE = "Bộ luật Lao động số 45/2019/QH14 ngày 20/11/2019, Điều 112 (ngày lễ)"
_LABOUR_CODE_COMPENSATION = (
    "Bộ luật Lao động số 45/2019/QH14 ngày 20/11/2019, Điều 112 và khoản 3 Điều 111 (nghỉ bù)")


def _announced(year: int, occasions: Iterable[str], first: date, last: date, source: str,
               worked: tuple[date, ...] = ()) -> Announcement:
    return Announcement(year, frozenset(occasions), first, last, source, worked)


#: The announced days off per year, by occasion, with their sources.
OFFICIAL_DAYS_OFF: Mapping[int, tuple[Announcement, ...]] = MappingProxyType({
    2023: (
        # 1/1/2023 is a Sunday: Monday 2/1 is the compensatory day.
        _announced(2023, {NEW_YEAR}, date(2023, 1, 1), date(2023, 1, 2), _LABOUR_CODE_COMPENSATION),
        _announced(2023, {TET}, date(2023, 1, 20), date(2023, 1, 26),
                   "Công văn 8056/VPCP-KGVX ngày 01/12/2022 của Văn phòng Chính phủ về nghỉ Tết Âm lịch "
                   "và nghỉ lễ Quốc khánh năm 2023 (20/01 đến hết 26/01/2023)"),
        # Giỗ Tổ on Saturday 29/4 and 30/4 on Sunday: 2/5 and 3/5 are compensatory days.
        _announced(2023, {HUNG_KINGS, VICTORY_LABOUR}, date(2023, 4, 29), date(2023, 5, 3),
                   _LABOUR_CODE_COMPENSATION + "; nghỉ bù 02/5 và 03/5/2023 (29/4 đến hết 03/5/2023)"),
        _announced(2023, {NATIONAL_DAY}, date(2023, 9, 1), date(2023, 9, 4),
                   "Công văn 8056/VPCP-KGVX ngày 01/12/2022 của Văn phòng Chính phủ về nghỉ Tết Âm lịch "
                   "và nghỉ lễ Quốc khánh năm 2023 (01/9 đến hết 04/9/2023)"),
    ),
    2024: (
        _announced(2024, {NEW_YEAR}, date(2024, 1, 1), date(2024, 1, 1), _LABOUR_CODE),
        _announced(2024, {TET}, date(2024, 2, 8), date(2024, 2, 14),
                   "Thông báo 5015/TB-LĐTBXH ngày 22/11/2023 của Bộ Lao động - Thương binh và Xã hội "
                   "(theo Công văn 8662/VPCP-KGVX ngày 03/11/2023): 08/02 đến hết 14/02/2024"),
        _announced(2024, {HUNG_KINGS}, date(2024, 4, 18), date(2024, 4, 18), _LABOUR_CODE),
        # Monday 29/4 off, worked on Saturday 4/5.
        _announced(2024, {VICTORY_LABOUR}, date(2024, 4, 27), date(2024, 5, 1),
                   "Công văn 2450/VPCP-KGVX ngày 12/4/2024 của Văn phòng Chính phủ về hoán đổi ngày làm "
                   "việc dịp lễ 30/4 và 1/5/2024: 27/4 đến hết 01/5/2024, làm bù thứ Bảy 04/5/2024",
                   worked=(date(2024, 5, 4),)),
        _announced(2024, {NATIONAL_DAY}, date(2024, 8, 31), date(2024, 9, 3),
                   "Thông báo 5015/TB-LĐTBXH ngày 22/11/2023 của Bộ Lao động - Thương binh và Xã hội "
                   "(theo Công văn 8662/VPCP-KGVX ngày 03/11/2023): 31/8 đến hết 03/9/2024"),
    ),
    2025: (
        _announced(2025, {NEW_YEAR}, date(2025, 1, 1), date(2025, 1, 1), _LABOUR_CODE),
        _announced(2025, {TET}, date(2025, 1, 25), date(2025, 2, 2),
                   "Thông báo 6150/TB-BLĐTBXH năm 2024 của Bộ Lao động - Thương binh và Xã hội (theo Công "
                   "văn 8726/VPCP-KGVX ngày 26/11/2024): Tết 27/01 đến hết 31/01/2025, nghỉ 25/01 đến hết "
                   "02/02/2025"),
        _announced(2025, {HUNG_KINGS}, date(2025, 4, 7), date(2025, 4, 7), _LABOUR_CODE),
        # Friday 2/5 off, worked on Saturday 26/4.
        _announced(2025, {VICTORY_LABOUR}, date(2025, 4, 30), date(2025, 5, 4),
                   "Thông báo 6150/TB-BLĐTBXH năm 2024 của Bộ Lao động - Thương binh và Xã hội (theo Công "
                   "văn 8726/VPCP-KGVX ngày 26/11/2024): 30/4 đến hết 04/5/2025, làm bù thứ Bảy 26/4/2025",
                   worked=(date(2025, 4, 26),)),
    ),
    2026: (
        # Friday 2/1 off, worked on Saturday 10/1.
        _announced(2026, {NEW_YEAR}, date(2026, 1, 1), date(2026, 1, 4),
                   "Công văn 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ về nghỉ Tết Dương lịch "
                   "2026: 01/01 đến hết 04/01/2026, làm bù thứ Bảy 10/01/2026",
                   worked=(date(2026, 1, 10),)),
        _announced(2026, {TET}, date(2026, 2, 14), date(2026, 2, 22),
                   "Thông báo 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ về nghỉ Tết Âm lịch và Quốc khánh "
                   "năm 2026: Tết 16/02 đến hết 20/02/2026, nghỉ 14/02 đến hết 22/02/2026"),
        # Giỗ Tổ on Sunday 26/4: Monday 27/4 is the compensatory day.
        _announced(2026, {HUNG_KINGS}, date(2026, 4, 25), date(2026, 4, 27), _LABOUR_CODE_COMPENSATION),
        _announced(2026, {VICTORY_LABOUR}, date(2026, 4, 30), date(2026, 5, 3), _LABOUR_CODE),
    ),
})

#: Years whose every occasion is announced data (2023, 2024). OFFICIAL_DAYS_OFF also holds the
#: partly sourced 2025 and 2026, whose Quốc khánh is computed.
SOURCED_YEARS: frozenset[int] = frozenset(
    year for year, blocks in OFFICIAL_DAYS_OFF.items()
    if set().union(*(block.occasions for block in blocks)) == set(OCCASIONS)
)
#: Years with no announcement at all: the computed rule only.
COMPUTED_YEARS: frozenset[int] = frozenset(set(HOLIDAY_YEARS) - set(OFFICIAL_DAYS_OFF))


def statutory_holidays(year: int) -> dict[str, frozenset[date]]:
    """The Labour Code's holidays of `year` by occasion, before any compensatory or swapped day."""
    tet = TET_NEW_YEAR[year]
    national = {date(year, 9, 2)}
    if year in NATIONAL_DAY_SECOND:
        national.add(NATIONAL_DAY_SECOND[year])
    return {
        NEW_YEAR: frozenset({date(year, 1, 1)}),
        TET: frozenset(tet + timedelta(days=offset) for offset in _TET_OFFSETS),
        HUNG_KINGS: frozenset({HUNG_KINGS_DAY[year]}),
        VICTORY_LABOUR: frozenset({date(year, 4, 30), date(year, 5, 1)}),
        NATIONAL_DAY: frozenset(national),
    }


def _days_off_of(year: int) -> tuple[set[date], set[date]]:
    """Days off and worked weekend days of `year`: announced blocks, then the computed rule."""
    off: set[date] = set()
    worked: set[date] = set()
    announced: set[str] = set()
    for block in OFFICIAL_DAYS_OFF.get(year, ()):
        off |= block.days_off
        worked.update(block.worked)
        announced |= block.occasions
    computed = sorted(day for occasion, days in statutory_holidays(year).items() if occasion not in announced
                      for day in days)
    off.update(computed)
    for day in computed:
        if day.weekday() >= 5:  # a holiday on the weekly rest day: the next working day off
            substitute = day + _DAY
            while substitute.weekday() >= 5 or substitute in off:
                substitute += _DAY
            off.add(substitute)
    return off, worked


class DaysOff(frozenset[date]):
    """A frozen set of days off that also knows the weekend days worked in exchange (hoán đổi)."""

    __slots__ = ("working_weekend_days",)
    working_weekend_days: frozenset[date]

    def __new__(cls, days: Iterable[date], working_weekend_days: Iterable[date] = ()) -> DaysOff:
        self = super().__new__(cls, days)
        object.__setattr__(self, "working_weekend_days", frozenset(working_weekend_days))
        return self

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __reduce__(self) -> tuple[type[DaysOff], tuple[frozenset[date], frozenset[date]]]:
        return (type(self), (frozenset(self), self.working_weekend_days))


def _build() -> DaysOff:
    off: set[date] = set()
    worked: set[date] = set()
    for year in HOLIDAY_YEARS:
        year_off, year_worked = _days_off_of(year)
        off |= year_off
        worked |= year_worked
    return DaysOff(off, worked)


#: Every day off from 2016 to 2030 (weekend holidays included), with the swapped working Saturdays.
VN_HOLIDAYS: DaysOff = _build()

#: The weekend days worked in exchange for a weekday off (hoán đổi): working days.
VN_WORKING_WEEKEND_DAYS: frozenset[date] = VN_HOLIDAYS.working_weekend_days


def source_of(day: date) -> str | None:
    """The announcement behind a day off or a worked weekend day, None when computed or not special."""
    for block in OFFICIAL_DAYS_OFF.get(day.year, ()):
        if day in block.worked or block.first <= day <= block.last:
            return block.source
    return None
