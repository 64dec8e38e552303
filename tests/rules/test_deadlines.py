"""Working days across weekends and holidays, preparation deadlines and re-run deadlines."""

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from app.rules import (
    PrepDeadlines,
    add_working_days,
    check_notice_periods,
    get_rule_set,
    is_working_day,
    preparation_deadlines,
    rerun_deadline,
    working_days_between,
)

IDS = ("nqlt-09-2008", "tt-14-2018", "nd-59-2023")
ND59 = get_rule_set("nd-59-2023")
VOTE_DAY = date(2017, 10, 31)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2024, 2, 7), True),  # the day before the Tết block (Thông báo 5015/TB-LĐTBXH)
        (date(2024, 2, 8), False),  # 29 Tết, first day off
        (date(2024, 2, 13), False),  # mùng 4, a Tuesday
        (date(2024, 2, 14), False),  # mùng 5, compensatory day for Tết on the weekend
        (date(2024, 2, 15), True),
        (date(2024, 2, 17), False),  # Saturday
        (date(2025, 4, 30), False),
        (date(2025, 5, 1), False),
        (date(2025, 5, 2), False),  # swapped with Saturday 26/4/2025
        (date(2025, 4, 26), True),  # the Saturday worked
        (date(2023, 5, 2), False),  # compensatory day for Giỗ Tổ on Saturday 29/4/2023
        (date(2025, 4, 7), False),  # Giỗ Tổ Hùng Vương
    ],
)
def test_working_days_are_weekdays_that_are_not_holidays(day, working):
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2017, 10, 13), 1, date(2017, 10, 16)),  # Friday to Monday
        (date(2017, 10, 14), 1, date(2017, 10, 16)),  # from a Saturday
        (date(2024, 2, 7), 5, date(2024, 2, 21)),  # across Tết Giáp Thìn, 8/2 to 14/2 off
        (date(2025, 1, 24), 5, date(2025, 2, 7)),  # across Tết Ất Tỵ, 25/1 to 2/2 off
        (date(2025, 4, 29), 5, date(2025, 5, 9)),  # across 30/4 to 4/5, Friday 2/5 swapped
        (date(2025, 4, 25), 1, date(2025, 4, 26)),  # the swapped Saturday counts
        (date(2023, 4, 28), 5, date(2023, 5, 10)),  # Giỗ Tổ, 30/4 on the weekend: 2/5, 3/5 off
        (date(2025, 8, 29), 5, date(2025, 9, 9)),  # across 1/9 and 2/9
        (date(2024, 2, 21), -3, date(2024, 2, 16)),  # backwards
        (date(2024, 2, 16), -1, date(2024, 2, 15)),
        (date(2024, 2, 15), -1, date(2024, 2, 7)),  # backwards across Tết
        (date(2024, 2, 10), 0, date(2024, 2, 10)),  # zero keeps even a holiday
    ],
)
def test_adding_working_days_skips_weekends_and_holidays(start, n, expected):
    assert add_working_days(start, n) == expected


def test_the_holiday_set_can_be_replaced():
    assert add_working_days(date(2024, 2, 8), 5, holidays=frozenset()) == date(2024, 2, 15)
    assert is_working_day(date(2024, 2, 9), holidays=()) is True


def test_working_days_between_counts_after_the_start_up_to_the_end():
    assert working_days_between(date(2024, 2, 7), date(2024, 2, 21)) == 5
    assert working_days_between(date(2024, 2, 21), date(2024, 2, 7)) == -5
    assert working_days_between(date(2024, 2, 8), date(2024, 2, 8)) == 0
    assert working_days_between(date(2024, 2, 7), date(2024, 2, 14)) == 0


def test_working_days_between_counts_a_swapped_saturday_and_skips_the_swapped_weekday():
    # Mon 21/4 to Mon 5/5/2025: 22-26/4 (Saturday 26 worked), 28/4, 29/4, then 30/4-4/5 off, 5/5.
    assert working_days_between(date(2025, 4, 21), date(2025, 5, 5)) == 8
    assert add_working_days(date(2025, 4, 21), 8) == date(2025, 5, 5)
    assert working_days_between(date(2025, 4, 25), date(2025, 4, 26)) == 1
    assert working_days_between(date(2025, 4, 26), date(2025, 4, 25)) == -1


days = st.dates(min_value=date(2016, 1, 1), max_value=date(2030, 12, 31))


@given(days, st.integers(min_value=-60, max_value=60))
def test_counting_back_the_added_working_days_gives_n(start, n):
    assert working_days_between(start, add_working_days(start, n)) == n


@given(days, days)
def test_adding_the_working_days_between_reaches_any_working_day(start, end):
    assume(is_working_day(end))
    assert add_working_days(start, working_days_between(start, end)) == end


swap_season = st.dates(min_value=date(2023, 12, 15), max_value=date(2026, 2, 28))


@given(swap_season, swap_season)
def test_adding_and_counting_agree_around_the_swapped_saturdays(start, end):
    # Dec 2023 to Feb 2026 holds all three swapped Saturdays and four announced Tết blocks.
    n = working_days_between(start, end)
    assert working_days_between(start, add_working_days(start, n)) == n
    if is_working_day(end):
        assert add_working_days(start, n) == end


def test_n_must_be_a_whole_number():
    with pytest.raises(TypeError):
        add_working_days(VOTE_DAY, 1.5)  # type: ignore[arg-type]


@pytest.mark.parametrize("rule_set_id", IDS)
def test_preparation_deadlines_count_back_calendar_days_from_the_vote(rule_set_id):
    assert preparation_deadlines(VOTE_DAY, get_rule_set(rule_set_id)) == PrepDeadlines(
        plan=date(2017, 10, 11),
        candidate_list=date(2017, 10, 16),
        election_team=date(2017, 10, 21),
        public_notice=date(2017, 10, 24),
    )


@pytest.mark.parametrize(
    ("rule_set_id", "vote_day", "expected"),
    [
        ("nqlt-09-2008", date(2017, 10, 15), date(2017, 10, 30)),
        ("tt-14-2018", date(2024, 2, 8), date(2024, 2, 23)),  # calendar days, Tết or not
        ("nd-59-2023", date(2024, 2, 8), date(2024, 2, 21)),  # working days, Tết 8/2 to 14/2 off
        ("nd-59-2023", date(2023, 4, 28), date(2023, 5, 10)),  # 2/5 and 3/5/2023 compensatory days
        ("nd-59-2023", date(2023, 10, 13), date(2023, 10, 20)),
    ],
)
def test_the_rerun_deadline_follows_the_rule_set(rule_set_id, vote_day, expected):
    assert rerun_deadline(vote_day, get_rule_set(rule_set_id)) == expected


def test_notices_posted_on_time_raise_no_warning():
    assert check_notice_periods(VOTE_DAY, date(2017, 10, 16), date(2017, 10, 24), ND59) == ()


def test_a_late_candidate_list_is_reported_with_its_deadline():
    (warning,) = check_notice_periods(VOTE_DAY, date(2017, 10, 17), date(2017, 10, 20), ND59)
    assert warning.code == "notice.candidate_list_late"
    assert warning.message == (
        "Danh sách người ứng cử được niêm yết ngày 17/10/2017, muộn hơn hạn 16/10/2017, "
        "tức 15 ngày trước ngày bầu cử 31/10/2017."
    )


def test_a_late_public_notice_is_reported_too():
    warnings = check_notice_periods(VOTE_DAY, date(2017, 10, 20), date(2017, 10, 25), ND59)
    assert [w.code for w in warnings] == ["notice.candidate_list_late", "notice.public_notice_late"]


def test_a_notice_not_posted_yet_is_only_late_once_its_deadline_has_passed():
    assert check_notice_periods(VOTE_DAY, None, None, ND59) == ()
    assert check_notice_periods(VOTE_DAY, None, None, ND59, as_of=date(2017, 10, 16)) == ()
    warnings = check_notice_periods(VOTE_DAY, None, None, ND59, as_of=date(2017, 10, 17))
    assert [w.code for w in warnings] == ["notice.candidate_list_missing"]
    assert warnings[0].message.startswith("Danh sách người ứng cử chưa được niêm yết mà đã quá hạn 16/10/2017")
