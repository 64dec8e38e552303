"""The comparison audit's sample size, draw and lean, checked against exact hypergeometric values."""

from fractions import Fraction
from math import comb

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.rules import (
    DEFAULT_RISK_LIMIT,
    InvalidInput,
    Lean,
    PaperPlace,
    PaperReading,
    check_seed,
    draw,
    lean,
    miss_chance,
    place_of,
    reversal_margin,
    sample_size,
    threshold,
)

SEED = "31415926535897932384"


def exact_k(n: int, m: int, alpha: Fraction) -> int:
    """The smallest k with C(N−m, k)/C(N, k) ≤ α, straight from binomial coefficients."""
    return next(k for k in range(n + 1) if Fraction(comb(n - m, k), comb(n, k)) <= alpha)


@pytest.mark.parametrize(("n", "m", "k"), [(300, 30, 28), (420, 10, 108)])
def test_the_issue_examples_give_the_published_sample_sizes(n, m, k):
    size = sample_size(n, m)
    assert size.draws == k
    assert Fraction(comb(n - m, k), comb(n, k)) <= DEFAULT_RISK_LIMIT < Fraction(comb(n - m, k - 1), comb(n, k - 1))


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 600).flatmap(lambda n: st.tuples(st.just(n), st.integers(2, n))),
       st.sampled_from([Fraction(1, 20), Fraction(1, 10), Fraction(1, 100)]))
def test_the_sample_size_is_the_smallest_k_of_the_exact_hypergeometric_bound(nm, alpha):
    n, m = nm
    assert sample_size(n, m, alpha).draws == exact_k(n, m, alpha)


def test_miss_chance_equals_the_ratio_of_binomial_coefficients():
    for n, m, k in [(300, 30, 28), (150, 7, 40), (600, 2, 599)]:
        assert miss_chance(n, m, k) == Fraction(comb(n - m, k), comb(n, k))


def test_one_wrong_record_able_to_reverse_the_outcome_means_recounting_everything():
    size = sample_size(420, 1)
    assert size.full_recount and size.draws == 420
    assert sample_size(420, 0).draws == 420


def test_a_margin_larger_than_the_papers_needs_no_draw():
    assert sample_size(50, 80).draws == 0


def test_a_float_risk_limit_is_refused_and_a_risk_limit_of_one_is_bad_input():
    with pytest.raises(TypeError):
        sample_size(300, 30, 0.05)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        sample_size(300, 30, Fraction(1))


def test_the_winner_margin_is_votes_minus_half_the_households_rounded_down():
    households = 361
    needed = threshold(households, Fraction(1, 2))
    assert reversal_margin({"a": 200, "b": 100}, {"a"}, needed) == 200 - households // 2


def test_the_last_seat_margin_is_half_the_gap_rounded_up():
    needed = threshold(300, Fraction(1, 2))
    assert reversal_margin({"a": 200, "b": 193}, {"a"}, needed) == 4
    assert reversal_margin({"a": 200, "b": 194}, {"a"}, needed) == 3


def test_with_no_winner_the_margin_is_what_the_top_candidate_lacks():
    needed = threshold(361, Fraction(1, 2))
    assert reversal_margin({"a": 159, "b": 149}, set(), needed) == 361 // 2 + 1 - 159


def test_seats_on_a_tie_give_margin_zero():
    assert reversal_margin({"a": 200, "b": 200}, {"a"}, 151) == 0


def test_places_are_counted_in_stacks_of_fifty():
    assert place_of(1, 50) == PaperPlace(1, 1)
    assert place_of(50, 50) == PaperPlace(1, 50)
    assert place_of(51, 50) == PaperPlace(2, 1)


def test_the_same_seed_draws_the_same_places_and_another_seed_others():
    places = [place_of(i, 50) for i in range(1, 301)]
    first = draw(SEED, places, 28)
    assert first == draw(SEED, list(reversed(places)), 28)
    assert len(set(first)) == 28
    assert first != draw("27182818284590452353", places, 28)


def test_a_seed_needs_twenty_digits_and_nothing_else():
    assert check_seed("3141 5926 5358-9793 2384") == SEED
    for bad in ("1234", "3141592653589793238a", "３１４１５９２６５３５８９７９３２３８４"):
        with pytest.raises(InvalidInput):
            check_seed(bad)


def reading(*kept, invalid=None):
    return PaperReading(frozenset(kept), invalid)


def test_a_vote_recorded_for_the_winner_but_struck_on_paper_helps_the_outcome():
    assert lean(reading("a"), reading("b"), {"a"}) is Lean.HELPS
    assert lean(reading("a"), reading(invalid="no_stamp"), {"a"}) is Lean.HELPS


def test_a_vote_missing_for_the_winner_hurts_the_outcome():
    assert lean(reading("b"), reading("a"), {"a"}) is Lean.HURTS


def test_a_missing_paper_counts_against_the_outcome():
    assert lean(reading("b"), None, {"a"}) is Lean.HELPS


def test_matching_papers_and_reason_only_differences():
    assert lean(reading("a"), reading("a"), {"a"}) is Lean.NONE
    assert lean(reading(invalid="no_stamp"), reading(invalid="added_writing"), {"a"}) is Lean.NEUTRAL


def test_with_no_winner_an_unrecorded_vote_helps_the_announced_no_winner():
    assert lean(reading(), reading("a"), set()) is Lean.HELPS
    assert lean(reading("a"), reading(), set()) is Lean.HURTS
