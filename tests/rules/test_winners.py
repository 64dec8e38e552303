"""Who is elected: thresholds on the whole electorate, seats, ties, lots and re-runs."""

from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.rules import (
    ContestCount,
    DeputyMode,
    InvalidInput,
    NextStep,
    Outcome,
    RuleError,
    ThresholdBase,
    decide,
    decide_deputies,
    deputy_mode,
    get_rule_set,
    threshold,
)

IDS = ("nqlt-09-2008", "tt-14-2018", "nd-59-2023")
VOTE_DAY = date(2017, 10, 15)
NQLT, TT14, ND59 = (get_rule_set(rule_set_id) for rule_set_id in IDS)


def count(votes, *, seats=1, electorate=100, present=None, returned=None, valid=None):
    """A count where, unless told otherwise, everyone came and every ballot was valid."""
    present = electorate if present is None else present
    returned = present if returned is None else returned
    valid = returned if valid is None else valid
    return ContestCount(
        seats=seats, electorate=electorate, present=present, returned=returned, valid=valid, votes=votes
    )


def press_case():
    """361 household representatives, 314 voted, 308 valid ballots: A 159, B 149."""
    return count({"A": 159, "B": 149}, electorate=361, present=314, returned=314, valid=308)


def test_majority_of_valid_ballots_is_not_enough_without_majority_of_households():
    result = decide(press_case(), NQLT, VOTE_DAY)
    assert result.outcome is Outcome.NO_WINNER
    assert result.elected == ()
    assert (result.base_kind, result.base, result.threshold) == (ThresholdBase.ELECTORATE, 361, 181)
    assert result.shares["A"] == Fraction(159, 361)
    assert f"{float(result.shares['A']) * 100:.1f}" == "44.0"
    assert result.next_step is NextStep.RERUN
    assert result.rerun_deadline == VOTE_DAY + timedelta(days=15)


def test_the_press_case_under_nd_59_goes_to_the_ward_within_five_working_days():
    result = decide(press_case(), ND59, date(2023, 10, 13))  # a Friday
    assert result.outcome is Outcome.NO_WINNER
    assert result.next_step is NextStep.WARD_DECIDES
    assert result.rerun_deadline == date(2023, 10, 20)


@pytest.mark.parametrize("rule_set_id", IDS)
@pytest.mark.parametrize(
    ("electorate", "votes", "elected"),
    [(360, 180, False), (360, 181, True), (361, 180, False), (361, 181, True)],
)
def test_a_winner_needs_strictly_more_than_half_of_the_whole_electorate(rule_set_id, electorate, votes, elected):
    result = decide(count({"A": votes}, electorate=electorate), get_rule_set(rule_set_id), VOTE_DAY)
    assert result.threshold == 181
    assert (result.outcome is Outcome.ELECTED) is elected


@pytest.mark.parametrize(("base", "threshold_votes"), [(ThresholdBase.PRESENT, 158), (ThresholdBase.VALID, 155)])
def test_nd_59_may_count_the_majority_on_another_base(base, threshold_votes):
    result = decide(press_case(), ND59, VOTE_DAY, base=base)
    assert result.threshold == threshold_votes
    assert (result.outcome, result.elected) == (Outcome.ELECTED, ("A",))
    assert result.shares["A"] == Fraction(159, 361)


@pytest.mark.parametrize("rule_set_id", ["nqlt-09-2008", "tt-14-2018"])
@pytest.mark.parametrize("base", [ThresholdBase.PRESENT, ThresholdBase.VALID])
def test_older_rule_sets_refuse_any_base_but_the_whole_electorate(rule_set_id, base):
    with pytest.raises(RuleError) as caught:
        decide(press_case(), get_rule_set(rule_set_id), VOTE_DAY, base=base)
    assert caught.value.code == "threshold.base_not_allowed"
    assert "quá nửa tổng số cử tri của tổ dân phố" in caught.value.message


@pytest.mark.parametrize(("votes", "outcome"), [(51, Outcome.ELECTED), (50, Outcome.NO_WINNER)])
def test_a_single_candidate_must_still_pass_the_threshold(votes, outcome):
    assert decide(count({"A": votes}), TT14, VOTE_DAY).outcome is outcome


def test_the_elected_are_listed_best_first_and_in_ballot_order_among_equals():
    result = decide(count({"A": 60, "B": 70, "C": 60}, seats=3), NQLT, VOTE_DAY)
    assert result.elected == ("B", "A", "C")


def test_two_deputy_seats_with_one_passing_candidate_are_partly_filled():
    result = decide(count({"A": 60, "B": 45, "C": 40}, seats=2), NQLT, VOTE_DAY)
    assert (result.outcome, result.elected, result.unfilled) == (Outcome.PARTIAL, ("A",), 1)
    assert result.next_step is NextStep.RERUN
    assert result.rerun_deadline == VOTE_DAY + timedelta(days=15)


def test_two_deputy_seats_go_to_the_two_best_placed_passing_candidates():
    result = decide(count({"A": 55, "B": 80, "C": 60}, seats=2), NQLT, VOTE_DAY)
    assert (result.outcome, result.elected, result.tied) == (Outcome.ELECTED, ("B", "C"), ())
    assert (result.rerun_deadline, result.next_step) == (None, NextStep.NONE)


def test_a_tie_for_the_last_seat_without_lots_leaves_it_unfilled():
    result = decide(count({"A": 60, "B": 55, "C": 55}, seats=2), NQLT, VOTE_DAY)
    assert (result.outcome, result.elected, result.tied) == (Outcome.TIE, ("A",), ("B", "C"))
    assert result.next_step is NextStep.RERUN


def test_a_tie_for_the_last_seat_is_broken_by_the_drawn_lot():
    result = decide(count({"A": 60, "B": 55, "C": 55}, seats=2), NQLT, VOTE_DAY, lots=("C", "B"))
    assert (result.outcome, result.elected, result.tied, result.by_lot) == (Outcome.ELECTED, ("A", "C"), (), ("C",))


def test_a_tie_for_every_seat_is_broken_by_the_drawn_lot():
    result = decide(count({"A": 55, "B": 55, "C": 55}, seats=2, electorate=100), NQLT, VOTE_DAY, lots=("B", "C", "A"))
    assert (result.elected, result.by_lot) == (("B", "C"), ("B", "C"))


def test_a_tie_above_the_last_seat_elects_both():
    result = decide(count({"A": 60, "B": 60, "C": 52}, seats=2), NQLT, VOTE_DAY)
    assert (result.outcome, result.elected) == (Outcome.ELECTED, ("A", "B"))


def test_a_tie_below_the_threshold_is_no_tie_at_all():
    result = decide(count({"A": 60, "B": 40, "C": 40}, seats=2), NQLT, VOTE_DAY)
    assert (result.outcome, result.elected, result.tied) == (Outcome.PARTIAL, ("A",), ())


def test_lots_are_ignored_when_nobody_is_tied():
    result = decide(count({"A": 60, "B": 30}), NQLT, VOTE_DAY, lots=("B", "A"))
    assert (result.elected, result.by_lot) == (("A",), ())


@pytest.mark.parametrize(
    ("lots", "code"),
    [(("B",), "lots.incomplete"), (("B", "C", "Z"), "lots.invalid"), (("B", "B", "C"), "lots.invalid")],
)
def test_lots_must_rank_each_tied_candidate_once_and_nobody_else(lots, code):
    with pytest.raises(InvalidInput) as caught:
        decide(count({"A": 60, "B": 55, "C": 55}, seats=2), NQLT, VOTE_DAY, lots=lots)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("fields", "code", "message"),
    [
        ({"seats": 0}, "count.too_small", "Số người cần bầu phải từ 1 trở lên (đang là 0)."),
        ({"electorate": 0, "present": 0}, "count.too_small", "Số cử tri phải từ 1 trở lên (đang là 0)."),
        ({"present": 101}, "count.exceeds", "Số cử tri có mặt (101) không được lớn hơn số cử tri (100)."),
        ({"present": 90, "returned": 91}, "count.exceeds",
         "Số phiếu thu về (91) không được lớn hơn số cử tri có mặt (90)."),
        ({"returned": 90, "valid": 91}, "count.exceeds",
         "Số phiếu hợp lệ (91) không được lớn hơn số phiếu thu về (90)."),
        ({"valid": -1}, "count.too_small", "Số phiếu hợp lệ phải từ 0 trở lên (đang là -1)."),
        ({"votes": {"A": -1}}, "count.too_small", "Số phiếu bầu cho A phải từ 0 trở lên (đang là -1)."),
        ({"valid": 50, "votes": {"A": 51}}, "count.exceeds",
         "Số phiếu bầu cho A (51) không được lớn hơn số phiếu hợp lệ (50)."),
        ({"valid": 50, "votes": {"A": 30, "B": 30}}, "count.votes_exceed_ballots",
         "Tổng số phiếu bầu cho các người ứng cử (60) không được lớn hơn "
         "số phiếu hợp lệ nhân số người cần bầu (50 × 1 = 50)."),
        ({"votes": {}}, "count.no_candidates", "Cuộc bầu phải có ít nhất một người ứng cử."),
        ({"votes": {" ": 1}}, "count.bad_candidate_id", "Mã người ứng cử ' ' không hợp lệ."),
    ],
)
def test_impossible_counts_are_refused_with_a_vietnamese_reason(fields, code, message):
    arguments = {"seats": 1, "electorate": 100, "present": 100, "returned": 100, "valid": 100, "votes": {"A": 10}}
    with pytest.raises(InvalidInput) as caught:
        ContestCount(**{**arguments, **fields})
    assert (caught.value.code, caught.value.message) == (code, message)


def test_a_float_count_is_a_programming_error():
    with pytest.raises(TypeError):
        count({"A": 10.0})


def test_the_votes_of_a_count_keep_ballot_order_and_cannot_be_changed():
    votes = {"C": 1, "A": 2}
    contest = count(votes)
    votes["A"] = 99
    assert list(contest.votes.items()) == [("C", 1), ("A", 2)]
    with pytest.raises(TypeError):
        contest.votes["A"] = 3  # type: ignore[index]


def test_nqlt_09_allows_deputies_elected_or_appointed():
    assert deputy_mode(NQLT, DeputyMode.ELECTED) is DeputyMode.ELECTED
    assert deputy_mode(NQLT, DeputyMode.APPOINTED) is DeputyMode.APPOINTED


@pytest.mark.parametrize("rule_set_id", ["tt-14-2018", "nd-59-2023"])
def test_later_rule_sets_let_the_leader_choose_the_deputy_instead_of_an_election(rule_set_id):
    rule_set = get_rule_set(rule_set_id)
    assert deputy_mode(rule_set, DeputyMode.APPOINTED) is DeputyMode.APPOINTED
    with pytest.raises(RuleError) as caught:
        deputy_mode(rule_set, DeputyMode.ELECTED)
    assert caught.value.code == "deputy.mode_not_allowed"
    assert "“do tổ trưởng chọn”" in caught.value.message


def leader(votes):
    return decide(count(votes), NQLT, VOTE_DAY)


def test_the_new_leader_is_dropped_from_the_deputies_and_the_next_passing_candidate_takes_the_seat():
    deputies = count({"A": 70, "C": 60, "D": 55}, seats=2)
    assert decide(deputies, NQLT, VOTE_DAY).elected == ("A", "C")
    result = decide_deputies(leader({"A": 70, "B": 20}), deputies, NQLT, VOTE_DAY)
    assert (result.outcome, result.elected) == (Outcome.ELECTED, ("C", "D"))
    assert result.votes["A"] == 70


def test_the_next_placed_deputy_candidate_must_pass_the_threshold_on_their_own_votes():
    deputies = count({"A": 70, "C": 60, "D": 40}, seats=2)
    result = decide_deputies(leader({"A": 70, "B": 20}), deputies, NQLT, VOTE_DAY)
    assert (result.outcome, result.elected) == (Outcome.PARTIAL, ("C",))
    assert result.rerun_deadline == VOTE_DAY + timedelta(days=15)


def test_without_a_leader_nobody_is_dropped_from_the_deputies():
    result = decide_deputies(leader({"A": 40, "B": 35}), count({"A": 65, "C": 55}, seats=2), NQLT, VOTE_DAY)
    assert result.elected == ("A", "C")


def test_deputies_are_not_elected_under_tt_14():
    with pytest.raises(RuleError) as caught:
        decide_deputies(leader({"A": 70}), count({"C": 60}), TT14, VOTE_DAY)
    assert caught.value.code == "deputy.mode_not_allowed"


def test_at_most_two_deputies_are_elected_under_nqlt_09():
    with pytest.raises(InvalidInput) as caught:
        decide_deputies(leader({"A": 70}), count({"C": 60}, seats=3), NQLT, VOTE_DAY)
    assert caught.value.code == "deputy.too_many_seats"


def test_deputies_wait_until_a_tied_leader_contest_is_settled():
    tied_leader = replace(leader({"A": 70}), elected=(), tied=("A", "B"), outcome=Outcome.TIE)
    with pytest.raises(RuleError) as caught:
        decide_deputies(tied_leader, count({"C": 60}), NQLT, VOTE_DAY)
    assert caught.value.code == "deputy.leader_unsettled"


@st.composite
def counts(draw):
    seats = draw(st.integers(min_value=1, max_value=3))
    electorate = draw(st.integers(min_value=1, max_value=60))
    present = draw(st.integers(min_value=0, max_value=electorate))
    returned = draw(st.integers(min_value=0, max_value=present))
    valid = draw(st.integers(min_value=0, max_value=returned))
    names = draw(st.lists(st.sampled_from("ABCDEF"), min_size=1, max_size=6, unique=True))
    votes, left = {}, valid * seats
    for name in names:
        votes[name] = draw(st.integers(min_value=0, max_value=min(valid, left)))
        left -= votes[name]
    return ContestCount(seats=seats, electorate=electorate, present=present, returned=returned, valid=valid,
                        votes=votes)


@given(counts(), st.sampled_from(list(ThresholdBase)))
def test_a_candidate_is_elected_iff_they_pass_the_threshold_and_place_within_the_seats(contest, base):
    result = decide(contest, ND59, VOTE_DAY, base=base)
    votes = contest.votes
    passing = {c for c in votes if votes[c] >= result.threshold}
    for candidate in votes:
        better = sum(1 for other in passing if votes[other] > votes[candidate])
        level = sum(1 for other in passing if votes[other] == votes[candidate])
        passes = candidate in passing
        assert (candidate in result.elected) == (passes and better + level <= contest.seats)
        assert (candidate in result.tied) == (passes and better < contest.seats < better + level)
    assert result.threshold == threshold(result.base, Fraction(1, 2))
    assert (result.outcome is Outcome.ELECTED) == (result.unfilled == 0)
    assert (result.rerun_deadline is None) == (result.outcome is Outcome.ELECTED)


@given(counts(), st.randoms(use_true_random=False))
def test_a_full_lot_always_fills_every_seat_someone_passed_for(contest, random):
    lots = list(contest.votes)
    random.shuffle(lots)
    result = decide(contest, NQLT, VOTE_DAY, lots=lots)
    passing = [c for c in contest.votes if contest.votes[c] >= result.threshold]
    assert result.tied == ()
    assert len(result.elected) == min(contest.seats, len(passing))
    assert set(result.by_lot) <= set(result.elected)
