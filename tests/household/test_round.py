"""The household ballot round: a failed meeting recorded with its next step, the plan with its
5-working-day deadline, teams of election-team members, counted stacks and seals, closing
reconciliation that leaves the database unchanged when it does not add up, and a yes/no question
decided on ALL households."""

from datetime import date

import pytest

from app.household import services
from app.household.models import NextStep, Recipients, RoundKind
from app.household.services import HouseholdError
from app.printing.ledger import ledger_for
from tests.household.builders import failed_meeting

START, END = date(2024, 12, 9), date(2024, 12, 13)  # Monday to Friday


def test_a_meeting_without_quorum_is_recorded_with_what_was_needed(session):
    kit = failed_meeting(households=40, present=12)
    failure = services.record_failure(None, kit.round, "Mưa lớn")
    assert (failure.electorate, failure.present, failure.required, failure.next_step) == (40, 12, 21, NextStep.PENDING)
    with pytest.raises(HouseholdError):
        services.record_failure(None, kit.round)


def test_a_meeting_with_quorum_cannot_be_recorded_as_failed(session):
    kit = failed_meeting(households=20, present=11)
    with pytest.raises(HouseholdError) as error:
        services.record_failure(None, kit.round)
    assert error.value.code == "quorum_reached"


def test_rescheduling_is_the_other_next_step(session):
    kit = failed_meeting()
    failure = services.record_failure(None, kit.round)
    with pytest.raises(HouseholdError):
        services.reschedule(None, failure, kit.round.vote_date)
    services.reschedule(None, failure, date(2017, 10, 22))
    assert failure.next_step is NextStep.RESCHEDULE and failure.rescheduled_to == date(2017, 10, 22)


def test_a_candidates_round_needs_the_failed_meeting_and_gets_its_deadline(session):
    kit = failed_meeting()
    with pytest.raises(HouseholdError) as error:
        services.open_round(None, kit.round, kind=RoundKind.CANDIDATES, start=START, end=END)
    assert error.value.code == "no_failure"
    failure = services.record_failure(None, kit.round)
    hround = services.open_round(None, kit.round, kind=RoundKind.CANDIDATES, start=START, end=END)
    assert hround.decision_due == date(2024, 12, 20) and failure.next_step is NextStep.HOUSEHOLD_ROUND


def test_a_reversed_period_is_refused_on_the_end_field(session):
    kit = failed_meeting()
    services.record_failure(None, kit.round)
    with pytest.raises(HouseholdError) as error:
        services.open_round(None, kit.round, kind=RoundKind.CANDIDATES, start=END, end=START)
    assert error.value.field == "end"


def test_teams_take_two_election_team_members_and_never_a_candidate(session):
    kit = failed_meeting()
    services.record_failure(None, kit.round)
    hround = services.open_round(None, kit.round, kind=RoundKind.CANDIDATES, start=START, end=END)
    with pytest.raises(HouseholdError):
        services.add_team(None, hround, kit.team[:1])
    with pytest.raises(HouseholdError) as error:
        services.add_team(None, hround, [kit.team[0], kit.standing[0]])
    assert error.value.code == "not_team"
    services.add_team(None, hround, kit.team[:2])
    with pytest.raises(HouseholdError) as error:
        services.add_team(None, hround, kit.team[1:3])
    assert error.value.code == "busy"


def _two_teams(kit, recipients=Recipients.ALL, kind=RoundKind.CANDIDATES, question=""):
    services.record_failure(None, kit.round)
    hround = services.open_round(None, kit.round, kind=kind, start=START, end=END, recipients=recipients,
                                 question=question)
    services.add_team(None, hround, kit.team[:2])
    services.add_team(None, hround, kit.team[2:4])
    services.split(None, hround)
    return hround


def test_every_household_receives_a_ballot_by_default_or_only_the_absent_ones(session):
    kit = failed_meeting(households=40, present=12)
    hround = _two_teams(kit)
    assert [len(t.households) for t in hround.teams] == [20, 20]
    assert sorted(h for t in hround.teams for h in t.households) == sorted(kit.households)
    other = failed_meeting(households=30, present=10)
    absent = _two_teams(other, Recipients.ABSENT)
    assert sum(len(t.households) for t in absent.teams) == 20
    assert not set(other.households[:10]) & {h for t in absent.teams for h in t.households}


def test_a_team_that_does_not_account_for_its_ballots_changes_nothing(session):
    kit = failed_meeting()
    hround = _two_teams(kit)
    team = hround.teams[0]
    services.issue(None, team, [10, 10], "NP-001")
    with pytest.raises(HouseholdError) as error:
        services.close_team(None, team, delivered=18, returned=15, unused=1, spoiled=0, seal_end="NP-001")
    assert "nhận 20 phiếu" in error.value.message and "Tổ thu phiếu số 1" in error.value.message
    assert team.closing is None and team.closed_at is None
    services.close_team(None, team, delivered=18, returned=15, unused=2, spoiled=0, seal_end="NP-001")
    assert team.closing["returned"] == 15


def test_closing_the_round_puts_the_teams_totals_in_the_ballot_ledger(session):
    kit = failed_meeting()
    hround = _two_teams(kit)
    with pytest.raises(HouseholdError):
        services.close_round(None, hround)
    for team, (delivered, returned) in zip(hround.teams, [(19, 17), (20, 18)], strict=True):
        services.issue(None, team, [20], f"NP-{team.number}")
        services.close_team(None, team, delivered=delivered, returned=returned, unused=20 - delivered, spoiled=0,
                            seal_end=f"NP-{team.number}")
    services.close_round(None, hround)
    led = ledger_for(kit.leader)
    assert (led.issued, led.returned, led.unused) == (39, 35, 1)
    assert services.count_basis(kit.leader) == 39


QUESTION = "Đồng ý đổi tên Tổ dân phố số 5 thành Tổ dân phố Hoa Sữa?"


def _counted_question(kit, yes: int, no: int, both: int = 0, neither: int = 0, *, double_entry: bool = False):
    """A yes/no round on `kit`: its ballots printed, two teams deliver 40 and bring back what is given,
    the count opened and every returned ballot entered as a clerk reads it. Returns (hround, contest)."""
    from app.printing import services as printing
    from app.rules import QUESTION_NO, QUESTION_YES
    from app.tally import entry
    from tests.electionkit import open_count, payloads

    hround = _two_teams(kit, kind=RoundKind.QUESTION, question=QUESTION)
    contest = services.question_contest_of(kit.round)
    run = printing.create_run(None, contest, 40)
    returned = yes + no + both + neither
    for team, back in zip(hround.teams, (returned // 2, returned - returned // 2), strict=True):
        services.issue(None, team, [20], f"NP-{team.number}")
        services.close_team(None, team, delivered=20, returned=back, unused=0, spoiled=0, seal_end=f"NP-{team.number}")
    services.close_round(None, hround)
    open_count(kit, contest, double_entry=double_entry)
    marks = ([[QUESTION_YES]] * yes + [[QUESTION_NO]] * no + [[QUESTION_YES, QUESTION_NO]] * both + [[]] * neither)
    for text, kept in zip(payloads(run), marks, strict=False):
        for pass_no in (1, 2) if double_entry else (1,):
            entry.enter_ballot(None, contest, text, kept=kept, pass_no=pass_no)
    return hround, contest


def test_a_yes_no_question_is_a_contest_of_its_own_printed_with_two_choices(session):
    from app.printing import services as printing

    kit = failed_meeting(households=40, present=12)
    hround = _two_teams(kit, kind=RoundKind.QUESTION, question=QUESTION)
    contest = services.question_contest_of(kit.round)
    assert contest is not None and contest not in kit.round.contests  # the round's seats stay as they were
    assert services.voted_contests(hround) == [contest]
    run = printing.create_run(None, contest, 44)
    spec = printing.ballot_spec(run)
    assert spec.question == QUESTION and [c.display_name for c in spec.candidates] == ["Đồng ý", "Không đồng ý"]
    assert "gạch ngang ý kiến không chọn" in spec.instruction and spec.title.startswith("PHIẾU LẤY Ý KIẾN")
    assert all(c["person"] < 0 for c in run.definition["candidates"])  # never a person's id


def test_a_yes_no_question_counted_from_its_ballots_needs_more_than_half_of_all_households(session):
    from app.tally import services as tally_services

    kit = failed_meeting(households=40, present=12)
    # 20 of 34 returned keep "Đồng ý" (a majority of the ballots, and of the valid ones) but 20 is exactly
    # half of the 40 households on the roll: not approved. Two kept both choices, one struck both: invalid.
    hround, contest = _counted_question(kit, yes=20, no=11, both=2, neither=1)
    result = tally_services.finalize(None, contest)
    assert (result["electorate"], result["present"], result["returned"], result["valid"]) == (40, 40, 34, 31)
    assert result["threshold"] == 21 and result["elected"] == [] and result["next_step"] == "none"
    assert sum(result["invalid"].values()) == 3
    outcome = services.question_result(hround)
    assert (outcome.yes, outcome.no, outcome.invalid, outcome.needed, outcome.approved) == (20, 11, 3, 21, False)
    assert ledger_for(contest).issued == 40 and services.count_basis(kit.leader) is None


def test_one_more_household_agreeing_passes_the_question(session):
    from app.tally import services as tally_services

    kit = failed_meeting(households=40, present=12)
    hround, contest = _counted_question(kit, yes=21, no=1, double_entry=True)
    assert services.question_result(hround) is None  # not before the count is locked
    result = tally_services.finalize(None, contest)
    assert [e["name"] for e in result["elected"]] == ["Đồng ý"]
    assert services.question_result(hround).approved


def test_the_count_of_a_household_round_needs_no_meeting_approval_of_the_method_nor_quorum(session):
    from app.printing import services as printing
    from app.tally import entry, state
    from app.tally import services as tally_services
    from app.tally.errors import TallyError
    from app.tally.models import VotingMethod
    from tests.electionkit import candidate_ids, payloads

    kit = failed_meeting(households=40, present=12)  # nd-59-2023: a meeting would have to approve the method
    hround = _two_teams(kit)
    run = printing.create_run(None, kit.leader, 40)
    for team in hround.teams:
        services.issue(None, team, [20], "NP")
        services.close_team(None, team, delivered=19, returned=15, unused=1, spoiled=0, seal_end="NP")
    services.close_round(None, hround)
    board = {"head": "Trần Văn Trưởng", "witnesses": ["Phạm Văn Chứng", "Đỗ Thị Kiến"]}
    try:
        state.configure(None, kit.leader, method=VotingMethod.SHOW_OF_HANDS, approvals=None, double_entry=False,
                        board=board, place="")
    except TallyError as error:
        assert error.code == "household_ballot"
    else:
        raise AssertionError("a show of hands was accepted for household ballots")
    state.configure(None, kit.leader, method=VotingMethod.SECRET_BALLOT, approvals=None, double_entry=False,
                    board=board, place="")
    state.sign_zero_report(None, kit.leader)
    texts, (a, b) = payloads(run), candidate_ids(run)
    for i, text in enumerate(texts[:30]):
        entry.enter_ballot(None, kit.leader, text, kept=[a] if i < 22 else [b])
    result = tally_services.finalize(None, kit.leader)  # 12 signed in of 40: no quorum problem blocks it
    assert (result["present"], result["returned"], result["threshold"]) == (38, 30, 21)
    assert [e["person"] for e in result["elected"]] == [a]


def test_the_round_puts_its_dates_into_the_elections_plan(session):
    from sqlalchemy import select

    from app.extensions import db
    from app.plan.models import ChecklistItem, PlanTask
    from app.plan.services import create_plan

    kit = failed_meeting()
    create_plan(None, kit.election)
    services.record_failure(None, kit.round)
    services.open_round(None, kit.round, kind=RoundKind.CANDIDATES, start=START, end=END)
    rows = db.session.execute(select(PlanTask.title, ChecklistItem.due_date).join(ChecklistItem)
                              .where(PlanTask.title.like(f"Tổ {kit.tdp.number}:%"))).all()
    assert sorted(day for _, day in rows) == [END, date(2024, 12, 20)]
    assert any("UBMTTQ" in title for title, _ in rows)


def test_the_audit_of_a_question_sizes_its_sample_on_the_yes_count_alone(session):
    from app.comparison.services import size_for
    from app.tally import services as tally_services

    kit = failed_meeting(households=40, present=12)
    _, contest = _counted_question(kit, yes=10, no=25)
    tally_services.finalize(None, contest)
    # Not approved: 11 more yes records would be needed to pass (21 − 10). A "no" majority elects nothing,
    # so it is no reason to recount everything.
    size, _ = size_for(contest)
    assert (size.papers, size.margin, size.full_recount) == (35, 11, False)
