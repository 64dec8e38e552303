"""Due days: fixed, or counted from each TDP's vote under the rule set; the pure core needs no fixtures."""

from datetime import date

import pytest

from app.plan.schedule import Due, DueRule, describe, due_date, ward_vote_date
from app.rules import get_rule_set

NQLT = get_rule_set("nqlt-09-2008")
ND59 = get_rule_set("nd-59-2023")
VOTE = date(2017, 10, 22)


@pytest.mark.parametrize("rule, expected", [
    (DueRule.PLAN, date(2017, 10, 2)),
    (DueRule.CANDIDATE_LIST, date(2017, 10, 7)),
    (DueRule.ELECTION_TEAM, date(2017, 10, 12)),
    (DueRule.PUBLIC_NOTICE, date(2017, 10, 15)),
    (DueRule.VOTE_DAY, VOTE),
])
def test_preparation_steps_fall_20_15_10_and_7_days_before_the_vote(rule, expected):
    assert due_date(Due(rule), VOTE, NQLT) == expected


def test_an_offset_moves_the_day_earlier_or_later():
    assert due_date(Due(DueRule.VOTE_DAY, -1), VOTE, NQLT) == date(2017, 10, 21)
    assert due_date(Due(DueRule.CANDIDATE_LIST, -2), VOTE, NQLT) == date(2017, 10, 5)


def test_recognition_follows_the_rule_sets_limit_15_calendar_days_or_5_working_days():
    assert due_date(Due(DueRule.RECOGNITION), VOTE, NQLT) == date(2017, 11, 6)
    # A vote on Sunday 1/10/2023: the five working days are Monday to Friday of the next week.
    assert due_date(Due(DueRule.RECOGNITION), date(2023, 10, 1), ND59) == date(2023, 10, 6)
    # Thursday 31/8/2023: 1/9 to 4/9 off (4/9 compensates 2/9, a Saturday).
    assert due_date(Due(DueRule.RECOGNITION), date(2023, 8, 31), ND59) == date(2023, 9, 11)


def test_a_fixed_day_ignores_the_vote_and_a_relative_one_waits_for_a_vote_day():
    fixed = Due(DueRule.ABSOLUTE, on=date(2017, 10, 31))
    assert due_date(fixed, None, NQLT) == date(2017, 10, 31)
    assert due_date(Due(DueRule.PLAN), None, NQLT) is None


def test_a_fixed_rule_needs_a_day_and_a_relative_one_must_not_have_one():
    with pytest.raises(ValueError):
        Due(DueRule.ABSOLUTE)
    with pytest.raises(ValueError):
        Due(DueRule.PLAN, on=date(2017, 10, 1))


def test_ward_work_before_the_vote_counts_from_the_first_tdp_and_work_after_from_the_last():
    votes = [date(2017, 10, 14), date(2017, 10, 7), date(2017, 10, 29)]
    assert ward_vote_date(Due(DueRule.PLAN), votes) == date(2017, 10, 7)
    assert ward_vote_date(Due(DueRule.VOTE_DAY, -1), votes) == date(2017, 10, 7)
    assert ward_vote_date(Due(DueRule.VOTE_DAY, 1), votes) == date(2017, 10, 29)
    assert ward_vote_date(Due(DueRule.RECOGNITION), votes) == date(2017, 10, 29)
    assert ward_vote_date(Due(DueRule.PLAN), []) is None


def test_rules_read_as_the_checklist_prints_them():
    assert describe(Due(DueRule.CANDIDATE_LIST), NQLT) == "15 ngày trước ngày bầu cử"
    assert describe(Due(DueRule.CANDIDATE_LIST, -2), NQLT) == "17 ngày trước ngày bầu cử"
    assert describe(Due(DueRule.VOTE_DAY), NQLT) == "ngày bầu cử"
    assert describe(Due(DueRule.VOTE_DAY, 1), NQLT) == "1 ngày sau ngày bầu cử"
    assert describe(Due(DueRule.RECOGNITION), NQLT) == "trong 15 ngày sau ngày bầu cử"
    assert describe(Due(DueRule.RECOGNITION), ND59) == "trong 5 ngày làm việc sau ngày bầu cử"
    assert describe(Due(DueRule.ABSOLUTE, on=date(2017, 11, 30)), NQLT) == "30/11/2017"
