"""Reading dd/mm/yyyy strictly, with messages that say why and suggest what was meant."""

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.rules import InvalidDate, format_date, parse_date


@pytest.mark.parametrize(
    "text",
    ["31/10/2017", "31-10-2017", "31.10.2017", " 31/10/2017 ", "\t31/10/2017\n"],
)
def test_day_first_dates_are_read_with_any_of_the_three_separators(text):
    assert parse_date(text) == date(2017, 10, 31)


@pytest.mark.parametrize(("text", "expected"), [("1/5/2020", date(2020, 5, 1)), ("01/05/2020", date(2020, 5, 1))])
def test_leading_zeros_are_optional(text, expected):
    assert parse_date(text) == expected


def test_the_29th_of_february_exists_in_leap_years():
    assert parse_date("29/02/2020") == date(2020, 2, 29)


def refusal(text: str) -> InvalidDate:
    with pytest.raises(InvalidDate) as caught:
        parse_date(text)
    assert unicodedata.is_normalized("NFC", caught.value.message)
    return caught.value


def test_the_31st_of_november_is_refused_and_the_30th_suggested():
    error = refusal("31/11/2017")
    assert error.code == "date.day_not_in_month"
    assert error.message == "Ngày 31/11/2017 không tồn tại: tháng 11 chỉ có 30 ngày. Có phải ý bạn là 30/11/2017?"
    assert error.suggestion == date(2017, 11, 30)


def test_the_29th_of_february_in_a_common_year_explains_leap_years():
    error = refusal("29/02/2019")
    assert error.code == "date.day_not_in_month"
    assert error.message == (
        "Ngày 29/02/2019 không tồn tại: năm 2019 không phải năm nhuận nên tháng 2 chỉ có 28 ngày. "
        "Có phải ý bạn là 28/02/2019?"
    )
    assert error.suggestion == date(2019, 2, 28)


def test_the_30th_of_february_in_a_leap_year_suggests_the_29th():
    error = refusal("30/02/2020")
    assert "tháng 2 năm 2020 chỉ có 29 ngày" in error.message
    assert error.suggestion == date(2020, 2, 29)


def test_day_zero_is_refused_and_the_first_suggested():
    error = refusal("00/05/2020")
    assert error.code == "date.day_out_of_range"
    assert error.message == (
        "“00/05/2020” không phải là ngày hợp lệ: ngày phải từ 1 đến 31. Có phải ý bạn là 01/05/2020?"
    )
    assert error.suggestion == date(2020, 5, 1)


def test_a_day_past_31_suggests_the_last_day_of_the_month():
    assert refusal("32/04/2020").suggestion == date(2020, 4, 30)


def test_month_13_is_refused_without_a_suggestion_when_the_intent_is_unclear():
    error = refusal("15/13/2020")
    assert error.code == "date.month_out_of_range"
    assert error.message == "“15/13/2020” không phải là ngày hợp lệ: tháng phải từ 1 đến 12."
    assert error.suggestion is None


def test_a_date_typed_month_first_is_refused_with_the_order_explained():
    error = refusal("12/31/2020")
    assert error.code == "date.month_out_of_range"
    assert "thứ tự ngày/tháng/năm" in error.message
    assert error.message.endswith("Có phải ý bạn là 31/12/2020?")
    assert error.suggestion == date(2020, 12, 31)


def test_a_swapped_date_that_would_not_exist_either_gets_no_suggestion():
    error = refusal("02/30/2020")
    assert error.suggestion is None
    assert "thứ tự" not in error.message


def test_month_zero_suggests_january():
    assert refusal("05/00/2020").suggestion == date(2020, 1, 5)


def test_a_two_digit_year_is_refused_because_the_century_is_ambiguous():
    error = refusal("31/10/17")
    assert error.code == "date.two_digit_year"
    assert "năm phải viết đủ 4 chữ số" in error.message
    assert error.suggestion is None


@pytest.mark.parametrize("text", ["abc", "31/10", "31/10/2017/1", "2017-10-31", "31/10-2017", "31 10 2017",
                                  "31/10/20170", "٣١/١٠/٢٠١٧"])
def test_anything_else_is_refused_with_the_expected_format(text):
    error = refusal(text)
    assert error.code == "date.format"
    assert "dd/mm/yyyy (ví dụ 31/10/2017)" in error.message
    assert error.suggestion is None


def test_an_empty_field_is_refused_with_the_expected_format():
    error = refusal("   ")
    assert error.code == "date.empty"
    assert error.message == "Chưa nhập ngày. Hãy nhập theo dạng dd/mm/yyyy (ví dụ 31/10/2017)."


@pytest.mark.parametrize("text", ["31/10/1017", "31/10/2170"])
def test_a_year_outside_1900_to_2099_is_taken_for_a_typing_mistake(text):
    assert refusal(text).code == "date.year_out_of_range"


def test_dates_are_written_dd_mm_yyyy():
    assert format_date(date(2017, 11, 5)) == "05/11/2017"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_every_written_date_reads_back(day):
    assert parse_date(format_date(day)) == day
