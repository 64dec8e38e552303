"""The dashboard's stage logic on plain facts: no database."""

from datetime import date, timedelta
from fractions import Fraction

from app.dashboard.chart import turnout_chart
from app.dashboard.stages import (
    ContestFacts,
    ResultState,
    RoundFacts,
    Stage,
    TdpFacts,
    counters,
    percent,
    recognition_due,
    tdp_row,
)
from app.rules import get_rule_set

VOTE = date(2017, 10, 15)
NQLT = get_rule_set("nqlt-09-2008")


def listed(position="leader", **result) -> ContestFacts:
    return ContestFacts(position, approved=2, undecided=0, published_on=VOTE - timedelta(days=20), live_runs=1, **result)


def elected(position="leader", name="Ông Nguyễn Văn An", votes=200, present=300) -> ContestFacts:
    return listed(position, source="count", outcome="elected", next_step="none", winners=((name, votes),),
                  present=present)


def tdp(*rounds, households=361, roll_task_done=None, recognised_on=None) -> TdpFacts:
    return TdpFacts(1, 5, "Tổ dân phố số 5", households, roll_task_done, tuple(rounds), recognised_on)


def test_percent_is_rounded_half_up_for_display_with_a_decimal_comma():
    assert percent(Fraction(7, 8)) == "87,5%"
    assert percent(Fraction(159, 361), 2) == "44,04%"
    assert percent(Fraction(1, 3), 0) == "33%"
    assert percent(Fraction(0)) == "0,0%"


def test_a_tdp_without_a_round_has_only_its_roll_posted():
    row = tdp(households=12).__class__(1, 5, "Tổ 5", 12, None, ())
    stages = tdp_row(row, NQLT, 5).stages
    assert stages[Stage.ROLL] is True
    assert not any(v for s, v in stages.items() if s is not Stage.ROLL)


def test_the_roll_counts_as_posted_only_when_the_plans_roll_task_is_done():
    assert tdp_row(tdp(roll_task_done=False), NQLT, 5).stages[Stage.ROLL] is False
    assert tdp_row(tdp(roll_task_done=True), NQLT, 5).stages[Stage.ROLL] is True
    assert tdp_row(tdp(households=0), NQLT, 5).stages[Stage.ROLL] is False


def test_candidates_are_approved_only_when_none_awaits_the_party_cells_decision():
    waiting = ContestFacts("leader", approved=1, undecided=1, published_on=None, live_runs=0)
    row = tdp_row(tdp(RoundFacts(1, VOTE, 0, (waiting,))), NQLT, 5)
    assert row.stages[Stage.CANDIDATES] is False and row.stages[Stage.LIST] is False


def test_the_press_case_leaves_the_tdp_waiting_for_a_rerun_within_15_days():
    no_winner = listed(source="count", outcome="no_winner", next_step="rerun", rerun_deadline=VOTE + timedelta(days=15),
                       present=314)
    row = tdp_row(tdp(RoundFacts(1, VOTE, 314, (no_winner,))), NQLT, 5)
    assert row.result is ResultState.RERUN_PENDING and row.rerun_deadline == date(2017, 10, 30)
    assert row.stages[Stage.MEETING] and row.stages[Stage.QUORUM] and row.stages[Stage.MINUTES]
    assert row.stages[Stage.RESULT] is False and row.recognition_due is None
    board = counters([row])
    assert board.elected == 0 and board.awaiting == (row,)


def test_quorum_needs_more_than_half_of_all_households_not_of_those_who_came():
    half = tdp_row(tdp(RoundFacts(1, VOTE, 180, (listed(),)), households=360), NQLT, 5)
    more = tdp_row(tdp(RoundFacts(1, VOTE, 181, (listed(),)), households=360), NQLT, 5)
    assert half.stages[Stage.QUORUM] is False and more.stages[Stage.QUORUM] is True


def deputy_rerun_opened():
    """The newcomer trial's TDP 5: leader elected, deputy 110/235 (no winner), the deputies' re-run opened."""
    first = RoundFacts(1, VOTE, 300, (elected(), listed("deputy", source="count", outcome="no_winner", next_step="rerun",
                                                        rerun_deadline=VOTE + timedelta(days=15), present=300)))
    second = RoundFacts(2, VOTE + timedelta(days=7), 0, (listed("deputy"),), rerun_kind="no_winner")
    return tdp(first, second)


def test_a_tdp_whose_deputy_awaits_a_rerun_counts_as_awaiting_though_its_leader_is_elected():
    row = tdp_row(deputy_rerun_opened(), NQLT, 5)
    assert row.leader_elected and row.reruns == 1
    assert row.result is ResultState.RERUN_PENDING and row.rerun_deadline == date(2017, 10, 30)
    assert not row.complete and row.stages[Stage.RESULT] is False
    assert row.winners["leader"] == (("Ông Nguyễn Văn An", 200),)
    leader, deputy = row.seats
    assert (leader.position, leader.state, leader.deadline) == ("leader", ResultState.ELECTED, None)
    assert (deputy.position, deputy.state, deputy.round_number) == ("deputy", ResultState.RERUN_PENDING, 2)
    assert deputy.deadline == date(2017, 10, 30)
    board = counters([row])
    assert board.awaiting == (row,) and board.elected == 1 and board.complete == 0


def test_round_ones_meeting_quorum_and_minutes_stay_visible_until_the_rerun_meets():
    row = tdp_row(deputy_rerun_opened(), NQLT, 5)
    assert row.present == 300 and not row.rule_breach
    assert row.stages[Stage.MEETING] and row.stages[Stage.QUORUM] and row.stages[Stage.MINUTES]
    assert [(r.number, r.outcomes) for r in row.history] == [
        (1, (("leader", "elected"), ("deputy", "no_winner"))), (2, (("deputy", None),))]
    facts = deputy_rerun_opened()
    meeting = RoundFacts(2, VOTE + timedelta(days=7), 100, facts.rounds[1].contests, rerun_kind="no_winner")
    row = tdp_row(tdp(facts.rounds[0], meeting), NQLT, 5)
    assert row.stages[Stage.MEETING] and not row.stages[Stage.QUORUM]  # the re-run's own meeting: 100 of 361


def test_a_deputy_elected_in_the_rerun_completes_the_tdp_with_both_posts_winners():
    facts = deputy_rerun_opened()
    counted = RoundFacts(2, VOTE + timedelta(days=7), 0, (elected("deputy", "Bà Trần Thị Bích", 190, 250),),
                         rerun_kind="no_winner")
    row = tdp_row(tdp(facts.rounds[0], counted), NQLT, 5)
    assert row.result is ResultState.ELECTED and row.complete and row.rerun_deadline is None
    assert row.winners == {"leader": (("Ông Nguyễn Văn An", 200),), "deputy": (("Bà Trần Thị Bích", 190),)}
    assert counters([row]).awaiting == ()


def test_a_leader_elected_with_the_deputy_not_yet_counted_is_not_done():
    row = tdp_row(tdp(RoundFacts(1, VOTE, 300, (elected(), listed("deputy")))), NQLT, 5)
    assert row.result is ResultState.PARTIAL and not row.complete and row.leader_elected
    assert [s.state for s in row.seats] == [ResultState.ELECTED, ResultState.PENDING]


def test_results_counted_on_a_laptop_leave_the_ballots_stage_unknown_here():
    imported = listed(source="package", outcome="elected", next_step="none", winners=(("Bà Lê Thị Hoa", 250),),
                      present=320)
    imported = ContestFacts(**{**imported.__dict__, "live_runs": 0})
    row = tdp_row(tdp(RoundFacts(1, VOTE, 0, (imported,))), NQLT, 5)
    assert row.stages[Stage.BALLOTS] is None
    assert row.present == 320 and row.stages[Stage.MINUTES] and row.result is ResultState.ELECTED


def test_counters_report_leaders_elected_turnout_of_all_households_and_rule_breaches():
    done = tdp_row(tdp(RoundFacts(1, VOTE, 300, (elected(present=300),)), households=400), NQLT, 5)
    not_held = tdp_row(TdpFacts(2, 6, "Tổ 6", 100, None, (RoundFacts(1, VOTE, 0, (listed(),)),)), NQLT, 5)
    breach = tdp_row(TdpFacts(3, 7, "Tổ 7", 100, None, (
        RoundFacts(1, VOTE, 60, (listed(),)), RoundFacts(2, VOTE + timedelta(days=3), 80, (elected(present=80),),
                                                       rerun_kind="rule_breach"))), NQLT, 5)
    board = counters([done, not_held, breach])
    assert (board.tdps, board.elected, board.present, board.electorate) == (3, 2, 380, 600)
    assert percent(board.turnout) == "63,3%"
    assert board.rule_breach_reruns == 1 and board.reruns == 1


def test_recognition_is_due_in_5_working_days_under_nd_59_2023_and_a_set_number_for_older_rules():
    thursday = date(2023, 8, 31)  # 1/9 to 4/9/2023 off (4/9 compensates 2/9, a Saturday)
    assert recognition_due(thursday, get_rule_set("nd-59-2023"), 99) == date(2023, 9, 11)
    assert recognition_due(VOTE, NQLT, 5) == date(2017, 10, 20)
    assert recognition_due(VOTE, NQLT, 10) == date(2017, 10, 27)


def test_the_chart_draws_one_bar_per_tdp_with_the_quorum_line_at_half_height():
    rows = [tdp_row(tdp(RoundFacts(1, VOTE, n, (listed(),)), households=100), NQLT, 5) for n in (0, 40, 80)]
    chart = turnout_chart(rows)
    assert [b.css for b in chart.bars] == ["none", "short", "quorum"]
    assert chart.bars[2].height == 2 * chart.bars[1].height
    assert chart.half_y == (chart.plot_top + chart.plot_bottom) / 2
    assert "80/100 hộ (80,0%)" in chart.bars[2].title


def test_a_few_tdps_spread_over_the_full_width_and_no_sign_in_means_no_data():
    rows = [tdp_row(tdp(RoundFacts(1, VOTE, 0, (listed(),)), households=100), NQLT, 5) for _ in range(3)]
    chart = turnout_chart(rows)
    assert chart.empty and chart.width >= 900
    assert chart.bars[-1].x + chart.bars[-1].width > 0.85 * chart.width  # not huddled at the left
    assert not turnout_chart([tdp_row(tdp(RoundFacts(1, VOTE, 5, (listed(),)), households=100), NQLT, 5)]).empty
