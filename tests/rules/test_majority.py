"""threshold(): the smallest count strictly greater than a share of a base."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.rules import InvalidInput, share_of, threshold

HALF = Fraction(1, 2)


@pytest.mark.parametrize(
    ("base", "expected"),
    [(361, 181), (360, 181), (2, 2), (1, 1), (0, 1), (8233, 4117), (8234, 4118)],
)
def test_more_than_half_needs_one_more_than_half_rounded_down(base, expected):
    assert threshold(base, HALF) == expected


def test_exactly_half_of_an_even_base_is_not_more_than_half():
    assert threshold(360, HALF) * 2 > 360
    assert threshold(360, HALF) != 180


def test_other_shares_are_exact_too():
    assert threshold(300, Fraction(2, 3)) == 201
    assert threshold(10, Fraction(0)) == 1


def test_a_float_share_is_refused_as_a_programming_error():
    with pytest.raises(TypeError):
        threshold(361, 0.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(("base", "share"), [(-1, HALF), (10, Fraction(-1, 2))])
def test_negative_bases_and_shares_are_refused(base, share):
    with pytest.raises(InvalidInput) as caught:
        threshold(base, share)
    assert caught.value.code == "input.negative"


def test_a_share_of_nothing_is_zero_rather_than_a_division_error():
    assert share_of(0, 0) == 0
    assert share_of(159, 361) == Fraction(159, 361)


@given(st.integers(min_value=0, max_value=10**9))
def test_threshold_for_half_is_the_least_count_whose_double_beats_the_base(base):
    t = threshold(base, HALF)
    assert 2 * t > base
    assert 2 * (t - 1) <= base


@given(
    st.integers(min_value=0, max_value=10**7),
    st.fractions(min_value=0, max_value=1, max_denominator=1000),
)
def test_threshold_is_strictly_above_the_share_and_one_less_is_not(base, share):
    t = threshold(base, share)
    assert t > share * base
    assert t - 1 <= share * base
