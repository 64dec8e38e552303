"""The public-holiday data: fixed days, Tết and the Hùng Kings' day for 2016-2030."""

from datetime import date, timedelta

import pytest

from app.rules import HOLIDAY_YEARS, VN_HOLIDAYS
from app.rules.holidays import HUNG_KINGS_DAY, NATIONAL_DAY_SECOND, TET_NEW_YEAR

TET = {
    2016: date(2016, 2, 8), 2017: date(2017, 1, 28), 2018: date(2018, 2, 16), 2019: date(2019, 2, 5),
    2020: date(2020, 1, 25), 2021: date(2021, 2, 12), 2022: date(2022, 2, 1), 2023: date(2023, 1, 22),
    2024: date(2024, 2, 10), 2025: date(2025, 1, 29), 2026: date(2026, 2, 17), 2027: date(2027, 2, 6),
    2028: date(2028, 1, 26), 2029: date(2029, 2, 13),
    # New moon at 23:07 Hanoi time on 2/2: a day before China's new year (3/2).
    2030: date(2030, 2, 2),
}
HUNG_KINGS = {
    2016: date(2016, 4, 16), 2017: date(2017, 4, 6), 2018: date(2018, 4, 25), 2019: date(2019, 4, 14),
    2020: date(2020, 4, 2), 2021: date(2021, 4, 21), 2022: date(2022, 4, 10), 2023: date(2023, 4, 29),
    2024: date(2024, 4, 18), 2025: date(2025, 4, 7), 2026: date(2026, 4, 26), 2027: date(2027, 4, 16),
    2028: date(2028, 4, 4), 2029: date(2029, 4, 23), 2030: date(2030, 4, 12),
}


def test_the_data_covers_2016_to_2030():
    assert list(HOLIDAY_YEARS) == list(range(2016, 2031))
    assert {day.year for day in VN_HOLIDAYS} == set(HOLIDAY_YEARS)


@pytest.mark.parametrize("year", HOLIDAY_YEARS)
def test_tet_runs_from_the_last_day_of_the_lunar_year_to_mung_4(year):
    assert TET_NEW_YEAR[year] == TET[year]
    tet_days = {TET[year] + timedelta(days=offset) for offset in range(-1, 4)}
    assert tet_days <= VN_HOLIDAYS
    assert TET[year] - timedelta(days=2) not in VN_HOLIDAYS
    assert TET[year] + timedelta(days=4) not in VN_HOLIDAYS


@pytest.mark.parametrize("year", HOLIDAY_YEARS)
def test_the_hung_kings_day_is_a_holiday(year):
    assert HUNG_KINGS_DAY[year] == HUNG_KINGS[year]
    assert HUNG_KINGS[year] in VN_HOLIDAYS


@pytest.mark.parametrize("year", HOLIDAY_YEARS)
def test_the_lunar_dates_are_consistent_with_the_lunar_calendar(year):
    # 10 tháng Ba is 9 days after the start of the third month: two lunar months of 29-30 days
    # after mùng 1 Tết, or three when a leap month comes first.
    assert (HUNG_KINGS[year] - TET[year]).days in {67, 68, 69, 96, 97, 98, 99}
    assert date(year, 1, 21) <= TET[year] <= date(year, 2, 20)


@pytest.mark.parametrize("year", HOLIDAY_YEARS)
def test_the_fixed_holidays_are_there_every_year(year):
    assert {date(year, 1, 1), date(year, 4, 30), date(year, 5, 1), date(year, 9, 2)} <= VN_HOLIDAYS


@pytest.mark.parametrize("year", HOLIDAY_YEARS)
def test_national_day_has_a_second_day_from_2021(year):
    second = {date(year, 9, 1), date(year, 9, 3)} & VN_HOLIDAYS
    assert len(second) == (1 if year >= 2021 else 0)
    assert second == ({NATIONAL_DAY_SECOND[year]} if year >= 2021 else set())


@pytest.mark.parametrize(
    ("year", "second"),
    [(2021, date(2021, 9, 3)), (2022, date(2022, 9, 1)), (2023, date(2023, 9, 1)), (2024, date(2024, 9, 3)),
     (2025, date(2025, 9, 1))],
)
def test_the_decreed_second_national_days_are_used_where_known(year, second):
    assert NATIONAL_DAY_SECOND[year] == second


@pytest.mark.parametrize("year", HOLIDAY_YEARS)
def test_each_year_has_ten_holidays_and_eleven_from_2021(year):
    assert sum(1 for day in VN_HOLIDAYS if day.year == year) == (11 if year >= 2021 else 10)
