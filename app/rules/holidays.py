"""Vietnamese public holidays (ngày nghỉ lễ, tết) for 2016-2030, written out as data.

Sources and simplifications, so the data can be checked and replaced:

* Fixed days: 1/1, 30/4, 1/5 and 2/9 (Bộ luật Lao động 2012, art. 115; 2019, art. 112).
  From 2021 Quốc khánh has a second day, 1/9 or 3/9, chosen each year by the
  government: the days below for 2021-2025 are the ones decreed; 2026-2030 are
  not known yet and default to 3/9.
* Tết Nguyên Đán: five days under both labour codes. The government picks the
  five each year; we take the last day of the lunar year (29 or 30 tháng Chạp)
  and mùng 1 to mùng 4.
* Giỗ Tổ Hùng Vương: 10 tháng Ba (lunar).
* Lunar dates were computed offline with the Vietnamese calendar (new moons
  reckoned at UTC+7), which differs from the Chinese one in some years: mùng 1
  Tết is 06/02/2027 and 02/02/2030 in Vietnam, a day before China's.
* Not included: compensatory days (nghỉ bù) for holidays falling on a weekend,
  and the swapped working days (hoán đổi) decreed each year. Leaving them out
  makes working-day deadlines fall a little early, never late.

Functions that count working days take the holiday set as a parameter, so an
election can pass a corrected set.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from types import MappingProxyType

#: The years VN_HOLIDAYS covers; outside them only weekends are days off.
HOLIDAY_YEARS = range(2016, 2031)

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


def _holidays_of(year: int) -> set[date]:
    tet = TET_NEW_YEAR[year]
    days = {date(year, 1, 1), date(year, 4, 30), date(year, 5, 1), date(year, 9, 2), HUNG_KINGS_DAY[year]}
    days.update(tet + timedelta(days=offset) for offset in _TET_OFFSETS)
    if year in NATIONAL_DAY_SECOND:
        days.add(NATIONAL_DAY_SECOND[year])
    return days


#: Every public holiday from 2016 to 2030.
VN_HOLIDAYS: frozenset[date] = frozenset(day for year in HOLIDAY_YEARS for day in _holidays_of(year))
