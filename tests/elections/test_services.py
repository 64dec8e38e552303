"""Creating and editing an election: rounds and contests by the rule set, term, history-only rule sets."""

from datetime import date, time
from fractions import Fraction

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.elections.models import DeputyMode, Election, ElectionRound, Position
from app.elections.services import ElectionEdit, ElectionError, term_label_for, update_election
from app.plan.models import ChecklistItem, Plan, PlanTask
from tests.elections.builders import VOTE_DAY, new_election, ward_with_tdps


def test_creating_under_nd_59_2023_makes_one_round_per_tdp_with_only_the_leader_contest(session):
    world = ward_with_tdps(3, 7, 12)
    election = new_election(world, place="Nhà văn hóa khu")
    session.commit()
    rounds = sorted(election.rounds, key=lambda r: r.tdp.number)
    assert [r.tdp.number for r in rounds] == [3, 7, 12]
    assert all(r.number == 1 and r.vote_date == VOTE_DAY and r.starts_at == time(8, 0) for r in rounds)
    assert all(r.place == "Nhà văn hóa khu" for r in rounds)
    # Decree 59/2023: the leader chooses the deputy; only the leader is elected, 1 seat.
    assert all([(c.position, c.seats) for c in r.contests] == [(Position.LEADER, 1)] for r in rounds)
    assert election.deputy_mode is DeputyMode.APPOINTED and election.rule_set_id == "nd-59-2023"
    assert election.term_label == "2027–2029"  # 2.5 years from March 2027 ends in September 2029


def test_creating_applies_the_plan_template_with_deadlines_from_the_vote_day(session):
    world = ward_with_tdps(1, 2)
    election = new_election(world)
    plan = session.scalar(select(Plan).where(Plan.election_id == election.id))
    assert plan is not None and plan.template_id == "nd-59-2023"
    row = session.scalar(select(ChecklistItem).join(PlanTask).where(
        PlanTask.plan_id == plan.id, PlanTask.code == "candidate_list", ChecklistItem.tdp_id == world.tdps[1].id))
    assert row.due_date == date(2027, 2, 27)  # 15 days before 14/03/2027
    # The current template has no fixed day left over from 2017.
    assert all(t.due_on is None for t in plan.tasks)


def test_an_older_rule_set_is_refused_unless_the_user_says_it_is_for_history(session):
    world = ward_with_tdps()
    with pytest.raises(ElectionError) as refused:
        new_election(world, rule_set_id="nqlt-09-2008", vote_date=date(2017, 10, 15))
    assert refused.value.field == "history_ack" and "hết hiệu lực" in refused.value.message
    election = new_election(world, rule_set_id="nqlt-09-2008", vote_date=date(2017, 10, 15), history_ack=True,
                            deputy_seats=2, plan_template=None)
    contests = {c.position: c.seats for c in election.rounds[0].contests}
    assert contests == {Position.LEADER: 1, Position.DEPUTY: 2}
    assert election.term_label == "2017–2020"


def test_a_vote_day_outside_the_rule_sets_period_is_refused_with_the_period(session):
    world = ward_with_tdps()
    with pytest.raises(ElectionError, match=r"Ngày bầu 15/10/2017 nằm ngoài thời gian hiệu lực của Nghị định "
                                            r"59/2023 \(từ 15/08/2023\)"):
        new_election(world, vote_date=date(2017, 10, 15))
    assert session.scalar(select(func.count()).select_from(Election)) == 0


def test_a_five_year_term_and_a_typed_term_are_both_accepted_and_a_duplicate_term_is_refused(session):
    world = ward_with_tdps()
    assert new_election(world, term_years=Fraction(5)).term_label == "2027–2032"
    assert new_election(world, term_label="2028 - 2030").term_label == "2028–2030"
    with pytest.raises(ElectionError, match="đã có cuộc bầu cử nhiệm kỳ 2027–2032"):
        new_election(world, term_label="2027–2032")
    with pytest.raises(ElectionError, match="không hợp lệ"):
        new_election(world, term_label="2030–2027")


def test_the_term_label_counts_months_from_the_vote_day():
    assert term_label_for(date(2017, 10, 15), Fraction(5, 2)) == "2017–2020"
    assert term_label_for(date(2027, 3, 14), Fraction(5, 2)) == "2027–2029"
    assert term_label_for(date(2027, 3, 14), Fraction(5)) == "2027–2032"


def test_a_ward_without_tdps_cannot_create_an_election(session):
    world = ward_with_tdps(1)
    session.delete(world.tdps[1])
    session.flush()
    with pytest.raises(ElectionError, match="chưa có tổ dân phố nào"):
        new_election(world)


def test_editing_the_default_day_moves_the_tdps_still_on_it_and_the_plan_and_is_audited(session):
    world = ward_with_tdps(1, 2)
    election = new_election(world)
    moved_away = next(r for r in election.rounds if r.tdp.number == 2)
    moved_away.vote_date = date(2027, 3, 21)
    session.flush()
    moved = update_election(world.admin, election, ElectionEdit("Bầu cử 2027", "2027–2029", date(2027, 3, 28),
                                                                time(19, 30)))
    assert moved == 1
    by_number = {r.tdp.number: r for r in election.rounds}
    assert by_number[1].vote_date == date(2027, 3, 28) and by_number[1].starts_at == time(19, 30)
    assert by_number[2].vote_date == date(2027, 3, 21)
    row = session.scalar(select(ChecklistItem).join(PlanTask).where(
        PlanTask.code == "candidate_list", ChecklistItem.tdp_id == world.tdps[1].id))
    assert row.due_date == date(2027, 3, 13)
    assert session.scalar(select(AuditEvent.id).where(AuditEvent.action == "election.update")) is not None


def test_an_election_cannot_be_edited_once_a_list_is_posted(session):
    from app.candidates.models import CandidateList

    world = ward_with_tdps(1)
    election = new_election(world)
    contest = election.rounds[0].contests[0]
    session.add(CandidateList(contest_id=contest.id, published_on=date(2027, 2, 20)))
    session.flush()
    with pytest.raises(ElectionError, match="Đã có 1 danh sách người ứng cử được niêm yết"):
        update_election(world.admin, election, ElectionEdit("", "2027–2029", date(2027, 3, 28), None))
    assert session.get(ElectionRound, election.rounds[0].id).vote_date == VOTE_DAY
