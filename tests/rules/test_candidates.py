"""How many candidates a contest may list, per rule set."""

import pytest

from app.rules import InvalidInput, check_candidate_count, get_rule_set


@pytest.mark.parametrize("rule_set_id", ["nqlt-09-2008", "tt-14-2018"])
@pytest.mark.parametrize(("candidates", "seats"), [(1, 1), (2, 1), (2, 2), (4, 2)])
def test_older_rule_sets_take_one_or_two_candidates_per_seat(rule_set_id, candidates, seats):
    check_candidate_count(candidates, seats, get_rule_set(rule_set_id))


@pytest.mark.parametrize("rule_set_id", ["nqlt-09-2008", "tt-14-2018"])
def test_three_candidates_for_one_seat_are_too_many_under_the_older_rule_sets(rule_set_id):
    with pytest.raises(InvalidInput) as caught:
        check_candidate_count(3, 1, get_rule_set(rule_set_id))
    assert caught.value.code == "candidates.too_many"
    assert "tối đa 2 người ứng cử (đang có 3)" in caught.value.message


def test_nd_59_has_no_upper_limit_on_candidates():
    check_candidate_count(12, 1, get_rule_set("nd-59-2023"))


@pytest.mark.parametrize("rule_set_id", ["nqlt-09-2008", "tt-14-2018", "nd-59-2023"])
def test_every_seat_needs_at_least_one_candidate(rule_set_id):
    with pytest.raises(InvalidInput) as caught:
        check_candidate_count(1, 2, get_rule_set(rule_set_id))
    assert caught.value.code == "candidates.too_few"
