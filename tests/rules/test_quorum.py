"""Quorum (more than half of the electorate present) and approval of the voting method."""

import pytest

from app.rules import InvalidInput, QuorumFailure, check_method_approval, check_quorum, get_rule_set

IDS = ("nqlt-09-2008", "tt-14-2018", "nd-59-2023")


@pytest.mark.parametrize("rule_set_id", IDS)
def test_exactly_half_of_the_electorate_present_is_not_a_quorum(rule_set_id):
    quorum = check_quorum(360, 180, get_rule_set(rule_set_id))
    assert not quorum.reached
    assert (quorum.needed, quorum.missing) == (181, 1)


@pytest.mark.parametrize("rule_set_id", IDS)
def test_half_plus_one_present_is_a_quorum(rule_set_id):
    quorum = check_quorum(360, 181, get_rule_set(rule_set_id))
    assert quorum.reached
    assert (quorum.needed, quorum.missing, quorum.on_failure) == (181, 0, None)


def test_an_odd_electorate_needs_the_larger_half():
    rule_set = get_rule_set("tt-14-2018")
    assert not check_quorum(361, 180, rule_set).reached
    assert check_quorum(361, 181, rule_set).reached


def test_the_press_case_meeting_had_quorum():
    quorum = check_quorum(361, 314, get_rule_set("nqlt-09-2008"))
    assert quorum.reached
    assert quorum.share.numerator * 100 // quorum.share.denominator == 86


@pytest.mark.parametrize(
    ("rule_set_id", "expected"),
    [
        ("nqlt-09-2008", QuorumFailure.POSTPONE),
        ("tt-14-2018", QuorumFailure.POSTPONE),
        ("nd-59-2023", QuorumFailure.BALLOTS_TO_HOUSEHOLDS),
    ],
)
def test_a_failed_quorum_says_what_the_rule_set_does_next(rule_set_id, expected):
    assert check_quorum(100, 10, get_rule_set(rule_set_id)).on_failure is expected


@pytest.mark.parametrize(
    ("electorate", "present", "code"),
    [(0, 0, "count.too_small"), (10, -1, "count.too_small"), (10, 11, "count.exceeds")],
)
def test_impossible_attendance_is_refused(electorate, present, code):
    with pytest.raises(InvalidInput) as caught:
        check_quorum(electorate, present, get_rule_set("nd-59-2023"))
    assert caught.value.code == code


def test_more_present_than_the_electorate_is_explained_in_vietnamese():
    with pytest.raises(InvalidInput) as caught:
        check_quorum(10, 11, get_rule_set("nd-59-2023"))
    assert caught.value.message == "Số cử tri có mặt (11) không được lớn hơn số cử tri (10)."


@pytest.mark.parametrize("rule_set_id", ["nqlt-09-2008", "tt-14-2018"])
def test_older_rule_sets_need_no_vote_on_the_method(rule_set_id):
    approval = check_method_approval(200, 0, get_rule_set(rule_set_id))
    assert (approval.required, approval.approved, approval.needed) == (False, True, 0)


@pytest.mark.parametrize(("approvals", "approved"), [(100, False), (101, True)])
def test_under_nd_59_the_method_needs_more_than_half_of_those_present(approvals, approved):
    approval = check_method_approval(200, approvals, get_rule_set("nd-59-2023"))
    assert (approval.required, approval.approved, approval.needed) == (True, approved, 101)


def test_more_approvals_than_people_present_is_refused():
    with pytest.raises(InvalidInput):
        check_method_approval(10, 11, get_rule_set("nd-59-2023"))
