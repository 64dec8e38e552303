"""The days off: announced blocks with their sources for 2023-2026, the computed rule for other years."""

from dataclasses import FrozenInstanceError
from datetime import date, timedelta

import pytest

from app.rules import HOLIDAY_YEARS, VN_HOLIDAYS, add_working_days, is_working_day
from app.rules.holidays import (
    COMPUTED_YEARS,
    HUNG_KINGS_DAY,
    NATIONAL_DAY_SECOND,
    OCCASIONS,
    OFFICIAL_DAYS_OFF,
    SOURCED_YEARS,
    TET_NEW_YEAR,
    VN_WORKING_WEEKEND_DAYS,
    DaysOff,
    source_of,
    statutory_holidays,
)

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

#: The Tết blocks as announced: first and last day off (weekends included), and the five Tết days.
TET_BLOCKS = {
    2023: (date(2023, 1, 20), date(2023, 1, 26)),  # Công văn 8056/VPCP-KGVX, 01/12/2022
    2024: (date(2024, 2, 8), date(2024, 2, 14)),  # Thông báo 5015/TB-LĐTBXH, 22/11/2023
    2025: (date(2025, 1, 25), date(2025, 2, 2)),  # Thông báo 6150/TB-BLĐTBXH, 8726/VPCP-KGVX 26/11/2024
    2026: (date(2026, 2, 14), date(2026, 2, 22)),  # Thông báo 9441/TB-BNV, 16/10/2025
}


def _weekdays_off(first: date, last: date) -> set[date]:
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return {day for day in days if day.weekday() < 5 and day in VN_HOLIDAYS}


def test_the_data_covers_2016_to_2030_with_2023_to_2026_sourced_and_the_rest_computed():
    assert list(HOLIDAY_YEARS) == list(range(2016, 2031))
    assert {day.year for day in VN_HOLIDAYS} == set(HOLIDAY_YEARS)
    assert set(OFFICIAL_DAYS_OFF) == {2023, 2024, 2025, 2026}
    assert SOURCED_YEARS == {2023, 2024}  # 2025 and 2026: Quốc khánh computed
    assert COMPUTED_YEARS == set(HOLIDAY_YEARS) - {2023, 2024, 2025, 2026}


def test_the_28_04_2023_example_five_working_days_land_on_wednesday_10_05():
    # Giỗ Tổ on Saturday 29/4 and 30/4 on Sunday: 2/5 and 3/5/2023 were compensatory days off.
    assert add_working_days(date(2023, 4, 28), 5) == date(2023, 5, 10)
    assert not is_working_day(date(2023, 5, 2)) and not is_working_day(date(2023, 5, 3))


@pytest.mark.parametrize("year", sorted(TET_BLOCKS))
def test_each_sourced_tet_block_is_off_with_working_days_on_both_sides(year):
    first, last = TET_BLOCKS[year]
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    assert set(days) <= VN_HOLIDAYS
    # The day before and the day after the block are not days off.
    assert first - timedelta(days=1) not in VN_HOLIDAYS and last + timedelta(days=1) not in VN_HOLIDAYS
    # The five statutory-or-announced Tết days plus the weekends: always five weekdays off.
    assert len(_weekdays_off(first, last)) == 5
    assert source_of(first) is not None and source_of(last) == source_of(first)


@pytest.mark.parametrize(
    ("year", "weekdays_off"),
    [
        (2023, {date(2023, 1, d) for d in (20, 23, 24, 25, 26)}),
        (2024, {date(2024, 2, d) for d in (8, 9, 12, 13, 14)}),
        (2025, {date(2025, 1, d) for d in (27, 28, 29, 30, 31)}),
        (2026, {date(2026, 2, d) for d in (16, 17, 18, 19, 20)}),
    ],
)
def test_the_sourced_tet_weekdays_off_are_the_announced_ones(year, weekdays_off):
    assert _weekdays_off(*TET_BLOCKS[year]) == weekdays_off


@pytest.mark.parametrize(
    ("saturday", "weekday_off"),
    [
        (date(2024, 5, 4), date(2024, 4, 29)),  # Công văn 2450/VPCP-KGVX, 12/4/2024
        (date(2025, 4, 26), date(2025, 5, 2)),  # Thông báo 6150/TB-BLĐTBXH
        (date(2026, 1, 10), date(2026, 1, 2)),  # Công văn 12729/VPCP-KGVX, 25/12/2025
    ],
)
def test_a_swapped_saturday_is_a_working_day_and_its_weekday_is_off(saturday, weekday_off):
    assert saturday.weekday() == 5
    assert is_working_day(saturday)
    assert not is_working_day(weekday_off)
    assert source_of(saturday) == source_of(weekday_off) is not None


def test_the_swapped_saturday_counts_in_a_deadline():
    # Friday 25/4/2025: Saturday 26/4 was worked, so it is the first working day after.
    assert add_working_days(date(2025, 4, 25), 1) == date(2025, 4, 26)
    # 29/4 (Tue) + 1: 30/4, 1/5 and the swapped 2/5 are off, then the weekend.
    assert add_working_days(date(2025, 4, 29), 1) == date(2025, 5, 5)


def test_the_only_worked_weekend_days_are_the_announced_swaps():
    assert VN_WORKING_WEEKEND_DAYS == {date(2024, 5, 4), date(2025, 4, 26), date(2026, 1, 10)}
    assert not VN_WORKING_WEEKEND_DAYS & VN_HOLIDAYS


@pytest.mark.parametrize("year", sorted(OFFICIAL_DAYS_OFF))
def test_every_announced_block_cites_a_source_and_covers_its_statutory_days(year):
    statutory = statutory_holidays(year)
    announced = set()
    for block in OFFICIAL_DAYS_OFF[year]:
        assert block.year == year and block.source.strip()
        assert block.first <= block.last
        assert all(day.weekday() >= 5 and not (block.first <= day <= block.last) for day in block.worked)
        announced |= block.occasions
        for occasion in block.occasions:
            # The announced Tết block may move the five days; the fixed days must be inside.
            if occasion != "tet_am_lich":
                assert statutory[occasion] <= block.days_off, (year, occasion)
    assert announced <= set(OCCASIONS)
    # A sourced year's days off are its blocks and nothing else, except computed occasions.
    computed = set().union(*(statutory[o] for o in set(OCCASIONS) - announced))
    blocks = set().union(*(block.days_off for block in OFFICIAL_DAYS_OFF[year]))
    assert {day for day in VN_HOLIDAYS if day.year == year} - blocks <= computed


def test_years_outside_the_data_fall_back_to_the_computed_rule():
    # 2027 is not announced: Tết is the computed five days, Saturday 6/2 and Sunday 7/2 compensated.
    assert TET_NEW_YEAR[2027] == date(2027, 2, 6)
    assert _weekdays_off(date(2027, 2, 1), date(2027, 2, 14)) == {
        date(2027, 2, 5), date(2027, 2, 8), date(2027, 2, 9), date(2027, 2, 10), date(2027, 2, 11)}
    assert source_of(date(2027, 2, 8)) is None
    # Quốc khánh 2/9/2018 was a Sunday: Monday 3/9 is the compensatory day.
    assert not is_working_day(date(2018, 9, 3))
    # Beyond the data only weekends are off.
    assert is_working_day(date(2031, 1, 1))


@pytest.mark.parametrize("year", sorted(COMPUTED_YEARS))
def test_a_computed_year_gives_each_statutory_holiday_as_one_weekday_off(year):
    statutory = set().union(*statutory_holidays(year).values())
    year_off = {day for day in VN_HOLIDAYS if day.year == year}
    assert statutory <= year_off
    assert sum(1 for day in year_off if day.weekday() < 5) == len(statutory) == (11 if year >= 2021 else 10)


@pytest.mark.parametrize("year", HOLIDAY_YEARS)
def test_the_lunar_dates_are_consistent_with_the_lunar_calendar(year):
    assert TET_NEW_YEAR[year] == TET[year]
    assert HUNG_KINGS_DAY[year] == HUNG_KINGS[year]
    # 10 tháng Ba is 9 days after the start of the third month: two lunar months of 29-30 days
    # after mùng 1 Tết, or three when a leap month comes first.
    assert (HUNG_KINGS[year] - TET[year]).days in {67, 68, 69, 96, 97, 98, 99}
    assert date(year, 1, 21) <= TET[year] <= date(year, 2, 20)


@pytest.mark.parametrize("year", HOLIDAY_YEARS)
def test_the_statutory_holidays_are_days_off_every_year(year):
    assert {date(year, 1, 1), date(year, 4, 30), date(year, 5, 1), date(year, 9, 2), HUNG_KINGS[year]} \
        <= VN_HOLIDAYS


@pytest.mark.parametrize(
    ("year", "second"),
    [(2021, date(2021, 9, 3)), (2022, date(2022, 9, 1)), (2023, date(2023, 9, 1)), (2024, date(2024, 9, 3)),
     (2025, date(2025, 9, 1))],
)
def test_the_decreed_second_national_days_are_used_where_known(year, second):
    assert NATIONAL_DAY_SECOND[year] == second
    assert second in VN_HOLIDAYS


def test_the_data_is_frozen():
    with pytest.raises(AttributeError):
        VN_HOLIDAYS.working_weekend_days = frozenset()  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        OFFICIAL_DAYS_OFF[2023][0].first = date(2023, 1, 1)  # type: ignore[misc]
    with pytest.raises(TypeError):
        OFFICIAL_DAYS_OFF[2027] = ()  # type: ignore[index]
    assert isinstance(VN_HOLIDAYS, frozenset) and isinstance(VN_HOLIDAYS, DaysOff)
