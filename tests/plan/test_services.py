"""Building the plan, per-TDP due days, overdue and due-this-week with an injected today, marking rows."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.plan import queries, services
from app.plan.models import ChecklistItem, ItemStatus
from app.plan.schedule import Body, Due, DueRule
from app.plan.template import DEFAULT_TEMPLATE, get_template
from tests.factories import create_round, create_tdp
from tests.plan.builders import VOTE_6, item_for, planned_ward

NOW = datetime(2017, 10, 3, 9, 0, tzinfo=UTC)


def test_each_tdp_task_becomes_one_row_per_tdp_due_on_that_tdps_own_day(session):
    w = planned_ward()
    template = get_template(DEFAULT_TEMPLATE)
    per_tdp = sum(1 for t in template.tasks if t.per_tdp)
    assert session.scalar(select(func.count()).select_from(ChecklistItem)) == 2 * per_tdp + len(template.tasks) - per_tdp
    assert item_for(w.plan, "candidate_list", w.tdp5).due_date == date(2017, 9, 30)  # 15 days before 15/10
    assert item_for(w.plan, "candidate_list", w.tdp6).due_date == date(2017, 10, 7)  # 15 days before 22/10
    assert item_for(w.plan, "public_notice", w.tdp6).due_date == date(2017, 10, 15)
    assert item_for(w.plan, "term_review", w.tdp5).due_date == date(2017, 10, 31)
    assert item_for(w.plan, "recognition", w.tdp6).due_date == date(2017, 11, 6)


def test_ward_rows_count_from_the_first_vote_before_it_and_the_last_vote_after_it(session):
    w = planned_ward()
    assert item_for(w.plan, "joint_plan").due_date == date(2017, 9, 25)  # 20 days before 15/10
    assert item_for(w.plan, "ward_report").due_date == date(2017, 11, 6)  # 15 days after 22/10
    assert item_for(w.plan, "ward_review").due_date == date(2017, 11, 30)


def test_a_second_plan_for_the_same_election_is_refused(session):
    w = planned_ward()
    with pytest.raises(services.PlanError, match="đã có kế hoạch"):
        services.create_plan(w.admin, w.election)


def test_overdue_and_due_this_week_follow_the_injected_today(session):
    w = planned_ward()
    today = date(2017, 10, 8)
    late = queries.overdue(w.admin, w.plan.id, today)
    assert late and all(r.due_date < today and r.status is ItemStatus.OPEN for r in late)
    assert [r.due_date for r in late] == sorted(r.due_date for r in late)
    soon = queries.due_this_week(w.admin, w.plan.id, today)
    assert soon and all(today <= r.due_date <= date(2017, 10, 14) for r in soon)
    assert {r.id for r in late}.isdisjoint(r.id for r in soon)
    counts = queries.counts(w.admin, w.plan.id, today)
    assert (counts.overdue, counts.due_soon) == (len(late), len(soon))
    assert queries.overdue(w.admin, w.plan.id, date(2017, 9, 1)) == []


def test_marking_a_row_done_records_who_and_when_takes_it_off_the_overdue_list_and_is_audited(session):
    w = planned_ward()
    row = item_for(w.plan, "candidate_list", w.tdp5)
    today = date(2017, 10, 3)
    assert row.id in {r.id for r in queries.overdue(w.admin, w.plan.id, today)}
    services.set_status(w.admin, row, ItemStatus.DONE, "Đã niêm yết tại nhà văn hóa", NOW)
    assert (row.done_by_id, row.done_at, row.status) == (w.admin.id, NOW, ItemStatus.DONE)
    assert row.id not in {r.id for r in queries.overdue(w.admin, w.plan.id, today)}
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "plan.item.status"))
    assert event.before["status"] == "open" and event.after["status"] == "done" and event.tdp_id == w.tdp5.id
    services.set_status(w.admin, row, ItemStatus.OPEN, "", NOW)
    assert row.done_at is None and row.done_by_id is None


def test_not_applicable_needs_a_reason(session):
    w = planned_ward()
    with pytest.raises(services.PlanError) as refused:
        services.set_status(w.admin, item_for(w.plan, "security_after", w.tdp6), ItemStatus.NOT_APPLICABLE, " ", NOW)
    assert refused.value.field == "note"


def test_rescheduling_follows_a_moved_vote_and_adds_rows_for_a_new_tdp(session):
    w = planned_ward()
    w.election.rounds[0].vote_date = date(2017, 10, 29)
    tdp7 = create_tdp(w.ward, 7)
    create_round(w.election, tdp7, VOTE_6)
    changed = services.reschedule(w.admin, w.plan)
    assert changed > 0
    assert item_for(w.plan, "candidate_list", w.tdp5).due_date == date(2017, 10, 14)
    assert item_for(w.plan, "candidate_list", tdp7).due_date == date(2017, 10, 7)
    assert services.reschedule(w.admin, w.plan) == 0


def test_a_re_run_does_not_move_the_preparation_deadlines(session):
    w = planned_ward()
    create_round(w.election, w.tdp5, date(2017, 10, 29), number=2)
    services.reschedule(w.admin, w.plan)
    assert item_for(w.plan, "candidate_list", w.tdp5).due_date == date(2017, 9, 30)  # still from round 1


def test_adding_and_changing_a_task_moves_its_rows_and_is_audited(session):
    w = planned_ward()
    task = services.add_task(w.admin, w.plan, services.TaskInput(
        "Kiểm tra hội trường", Body.TDP, True, Due(DueRule.VOTE_DAY, -2)))
    assert {i.tdp_id: i.due_date for i in task.items} == {w.tdp5.id: date(2017, 10, 13), w.tdp6.id: date(2017, 10, 20)}
    services.update_task(w.admin, task, services.TaskInput(
        "Kiểm tra hội trường", Body.TDP, True, Due(DueRule.ABSOLUTE, on=date(2017, 10, 1))))
    assert {i.due_date for i in task.items} == {date(2017, 10, 1)}
    actions = set(session.scalars(select(AuditEvent.action)))
    assert {"plan.create", "plan.task.add", "plan.task.update"} <= actions


def test_a_task_needs_a_title_and_a_sensible_offset(session):
    w = planned_ward()
    with pytest.raises(services.PlanError) as refused:
        services.add_task(w.admin, w.plan, services.TaskInput(" ", Body.TDP, True, Due(DueRule.VOTE_DAY)))
    assert refused.value.field == "title"
    with pytest.raises(services.PlanError) as refused:
        services.add_task(w.admin, w.plan, services.TaskInput("Họp", Body.TDP, True, Due(DueRule.VOTE_DAY, 400)))
    assert refused.value.field == "offset_days"


def test_deleting_a_task_removes_its_rows_and_their_files(session, tmp_path):
    w = planned_ward()
    row = item_for(w.plan, "roll_posted", w.tdp5)
    services.attach_file(w.admin, row, "danh-sach.pdf", b"%PDF-1.4 test", tmp_path, 1000)
    assert len(list(tmp_path.iterdir())) == 1
    task = row.task
    services.delete_task(w.admin, task, tmp_path)
    assert session.scalar(select(func.count()).select_from(ChecklistItem).where(ChecklistItem.task_id == task.id)) == 0
    assert list(tmp_path.iterdir()) == []


def test_an_attachment_is_size_limited_stored_under_a_random_name_and_audited(session, tmp_path):
    w = planned_ward()
    row = item_for(w.plan, "roll_posted", w.tdp5)
    with pytest.raises(services.PlanError, match="quá lớn"):
        services.attach_file(w.admin, row, "to.pdf", b"x" * 1001, tmp_path, 1000)
    with pytest.raises(services.PlanError, match="rỗng"):
        services.attach_file(w.admin, row, "to.pdf", b"", tmp_path, 1000)
    services.attach_file(w.admin, row, "../../Biên bản niêm yết.pdf", b"%PDF", tmp_path, 1000)
    assert row.attachment_name == "Biên bản niêm yết.pdf" and row.attachment_size == 4
    assert row.attachment_type == "application/pdf"
    assert (tmp_path / row.attachment_key).read_bytes() == b"%PDF"
    replaced = services.attach_file(w.admin, row, "moi.pdf", b"%PDF-2", tmp_path, 1000)
    assert replaced is not None and replaced != row.attachment_key
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "plan.item.attach")
                            .order_by(AuditEvent.seq.desc())).first()
    assert event.after["attachment"] == "moi.pdf" and len(event.after["sha256"]) == 64
