"""The default template holds the 2017 Ngọc Thụy plan, with its one impossible date corrected."""

from datetime import date

import pytest

from app.plan.schedule import Body, DueRule
from app.plan.template import DEFAULT_TEMPLATE, UnknownTemplate, get_template
from app.rules import InvalidDate, parse_date

TEMPLATE = get_template(DEFAULT_TEMPLATE)
BY_CODE = {t.code: t for t in TEMPLATE.tasks}


def test_the_default_template_covers_the_2017_workflow_from_resolution_to_ward_review():
    for code in ("resolution", "joint_plan", "steering_committee", "assign_members", "budget", "security_plan",
                 "security_before", "security_during", "security_after", "propaganda_radio", "notice_board",
                 "roll_posted", "candidate_list", "election_team", "public_notice", "term_review", "results_report",
                 "recognition", "ward_review"):
        assert code in BY_CODE, code
    assert len(BY_CODE) == len(TEMPLATE.tasks), "task codes are unique"


def test_every_responsible_body_of_the_ward_has_work_in_the_template():
    assert {t.body for t in TEMPLATE.tasks} == set(Body)


def test_tdp_steps_count_from_each_tdps_vote_under_the_rule_set():
    assert BY_CODE["candidate_list"].due.rule is DueRule.CANDIDATE_LIST and BY_CODE["candidate_list"].per_tdp
    assert BY_CODE["election_team"].due.rule is DueRule.ELECTION_TEAM
    assert BY_CODE["public_notice"].due.rule is DueRule.PUBLIC_NOTICE
    assert BY_CODE["joint_plan"].due.rule is DueRule.PLAN and not BY_CODE["joint_plan"].per_tdp
    assert BY_CODE["recognition"].due.rule is DueRule.RECOGNITION


def test_every_tdp_closes_its_term_review_by_31_10_2017():
    task = BY_CODE["term_review"]
    assert task.per_tdp and task.due.rule is DueRule.ABSOLUTE and task.due.on == date(2017, 10, 31)


def test_the_ward_review_carries_30_11_2017_because_31_11_2017_does_not_exist():
    task = BY_CODE["ward_review"]
    assert not task.per_tdp and task.due.on == date(2017, 11, 30)
    with pytest.raises(InvalidDate) as refused:
        parse_date("31/11/2017")
    assert "không tồn tại" in refused.value.message and "tháng 11 chỉ có 30 ngày" in refused.value.message
    assert refused.value.suggestion == task.due.on


def test_an_unknown_template_is_named_with_the_known_ones():
    with pytest.raises(UnknownTemplate, match=DEFAULT_TEMPLATE):
        get_template("khong-co")
