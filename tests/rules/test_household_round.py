"""The household ballot round's rules: the 5-working-day decision deadline, teams, reconciliation, and a
yes/no question that needs more than half of ALL households."""

from datetime import date
from fractions import Fraction

import pytest

from app.rules import (
    QUESTION_NO,
    QUESTION_YES,
    BallotMarks,
    InvalidInput,
    InvalidReason,
    NextStep,
    Outcome,
    TeamReturn,
    check_ballot,
    check_period,
    check_team,
    decide_question,
    decision_deadline,
    question_contest_result,
    reconcile_team,
    split_households,
)


def test_the_decision_is_due_five_working_days_after_the_period_skipping_the_weekend():
    assert decision_deadline(date(2024, 12, 13)) == date(2024, 12, 20)  # Friday → next Friday
    assert decision_deadline(date(2024, 12, 11)) == date(2024, 12, 18)  # Wednesday → Wednesday


def test_the_decision_deadline_skips_public_holidays():
    # 30/4, 1/5 and 2/5/2025 are days off (2/5 swapped for Saturday 26/4): 29/4, 5/5, 6/5, 7/5, 8/5.
    assert decision_deadline(date(2025, 4, 28)) == date(2025, 5, 8)


def test_a_period_must_run_forward_and_not_too_long():
    check_period(date(2024, 12, 9), date(2024, 12, 9))
    with pytest.raises(InvalidInput):
        check_period(date(2024, 12, 9), date(2024, 12, 8))
    with pytest.raises(InvalidInput) as error:
        check_period(date(2024, 12, 1), date(2024, 12, 20), max_days=15)
    assert error.value.code == "household.period_too_long"


def test_a_team_needs_two_members_and_no_candidate():
    check_team({1, 2}, {3}, "Tổ thu phiếu 1")
    with pytest.raises(InvalidInput):
        check_team({1}, set(), "Tổ thu phiếu 1")
    with pytest.raises(InvalidInput) as error:
        check_team({1, 3}, {3}, "Tổ thu phiếu 1")
    assert "ứng cử" in error.value.message


def test_households_split_evenly_in_roll_order():
    assert split_households(list(range(1, 8)), 3) == [[1, 2, 3], [4, 5], [6, 7]]


def test_a_team_must_account_for_every_ballot_it_received():
    assert reconcile_team(TeamReturn(50, 40, 38, 9, 1), 45, "Tổ 1") == ()
    codes = {w.code for w in reconcile_team(TeamReturn(50, 40, 41, 5, 1), 30, "Tổ 1")}
    assert codes == {"household.team_unbalanced", "household.team_returned_exceeds",
                     "household.team_delivered_exceeds"}


def test_a_question_needs_more_than_half_of_all_households_not_of_ballots():
    result = decide_question(177, yes=88, no=10, invalid=2)
    assert (result.needed, result.approved) == (89, False)
    assert decide_question(177, yes=89, no=0, invalid=0).approved
    assert not decide_question(176, yes=88, no=0, invalid=0).approved  # exactly half is not more than half


def test_more_ballots_than_households_is_refused():
    with pytest.raises(InvalidInput):
        decide_question(10, yes=8, no=3, invalid=0)


@pytest.mark.parametrize(("households", "yes", "approved"), [
    (40, 20, False),  # exactly half of all households: not more than half
    (40, 21, True),  # half + 1
    (41, 20, False),  # 20 of 41 is under half
    (41, 21, True),  # the smallest count over half of an odd roll
])
def test_a_counted_question_passes_only_with_more_than_half_of_all_households(households, yes, approved):
    result = question_contest_result(households, yes, no=0, invalid=0)
    assert (bool(result.elected), result.threshold, result.base) == (approved, households // 2 + 1, households)
    assert result.outcome is (Outcome.ELECTED if approved else Outcome.NO_WINNER)
    assert result.next_step is NextStep.NONE and result.rerun_deadline is None


def test_a_question_agreed_by_every_valid_ballot_still_fails_without_half_of_the_roll():
    # 30 ballots back from 100 households, all 30 agree: 100% of ballots, 30% of households.
    result = question_contest_result(100, yes=30, no=0, invalid=0)
    assert result.elected == () and result.threshold == 51
    assert result.shares[str(QUESTION_YES)] == Fraction(3, 10)


def test_a_question_ballot_with_both_choices_kept_or_both_struck_is_invalid():
    choices = [str(QUESTION_YES), str(QUESTION_NO)]
    both = check_ballot(BallotMarks(kept=frozenset(choices)), choices, seats=1)
    neither = check_ballot(BallotMarks(kept=frozenset()), choices, seats=1)
    one = check_ballot(BallotMarks(kept=frozenset({str(QUESTION_NO)})), choices, seats=1)
    assert (both.reason, neither.reason) == (InvalidReason.TOO_MANY_KEPT, InvalidReason.ALL_STRUCK)
    assert one.valid and one.kept == {str(QUESTION_NO)}
