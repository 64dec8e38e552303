"""The demo ward's plan (the default template, one row per TDP), its progress as of "today", and a small
steering committee."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select, update

from app.audit.services import record
from app.auth.models import User
from app.committee import services as committee
from app.core.db import utcnow
from app.elections.models import Election
from app.extensions import db
from app.plan.models import ChecklistItem, ItemStatus, Plan, PlanTask
from app.plan.schedule import Body, Due, DueRule
from app.plan.services import TaskInput, add_task, create_plan, first_vote_dates, update_task
from app.wards.models import Tdp, Ward

#: Ward tasks a fresh demo leaves open whatever their day: they show up overdue when their day has passed.
LATE_ON_PURPOSE = ("budget", "security_plan")
#: A ward task the demo adds, due a few days before "today" and left open: always at least one overdue row.
OVERDUE_TASK = "Rà soát danh sách tổ dân phố và hộ gia đình sau sắp xếp, sáp nhập"
OVERDUE_BY_DAYS = 5
#: Tasks the demo has already done whatever their day: its candidate lists are vetted and published.
DONE_WITH_THE_LISTS = ("candidate_vetting", "candidate_list")
#: The 2017 plan's fixed days were set this long after the last vote (31/10/2017 after 29/10/2017).
_LAST_VOTE_2017 = date(2017, 10, 29)

SUBCOMMITTEES = [
    ("Tiểu ban nhân sự", "Hướng dẫn giới thiệu, thẩm định người ứng cử"),
    ("Tiểu ban tuyên truyền", "Đài truyền thanh, bảng tin, khẩu hiệu"),
    ("Tiểu ban an ninh, trật tự", "Công an, quân sự, dân phòng"),
    ("Tiểu ban hậu cần, tài chính", "Kinh phí, hội trường, in ấn"),
]
#: (name, position, phone, subcommittee indexes, first and last TDP followed, login linked)
MEMBERS = [
    ("Nguyễn Văn Hùng", "Phó Bí thư Đảng ủy, Chủ tịch UBND phường – Trưởng ban", "0912345601", [0], (1, 8), "admin"),
    ("Trần Thị Lan", "Chủ tịch UBMTTQ phường – Phó Trưởng ban", "0912345602", [0, 1], (9, 16), None),
    ("Lê Quang Minh", "Trưởng Công an phường – Thành viên", "0912345603", [2], (17, 24), None),
    ("Phạm Thu Hương", "Công chức Văn hóa – Xã hội – Thành viên", "", [1], (25, 31), None),
    ("Đỗ Đức Thắng", "Kế toán UBND phường – Thành viên", "0912345605", [3], (32, 38), None),
]


def load_demo_plan(ward: Ward, election: Election, today: date | None = None) -> Plan:
    """Create the plan from the default template and the committee, every member following a run of TDPs
    (MEMBERS' runs of the 38, scaled to the ward's TDP count). With `today`, the template's fixed days
    (written for 2017) move with the vote: as far after the last vote day as they were in 2017.
    Deterministic; flushes."""
    plan = create_plan(None, election)
    if today is not None:
        _move_fixed_days(plan)
        add_task(None, plan, TaskInput(OVERDUE_TASK, Body.PEOPLES_COMMITTEE, False,
                                       Due(DueRule.ABSOLUTE, on=today - timedelta(days=OVERDUE_BY_DAYS)),
                                       "Dữ liệu mẫu: việc cố ý để quá hạn."))
    subs = [committee.add_subcommittee(None, ward.id, name, duty) for name, duty in SUBCOMMITTEES]
    tdp_ids = list(db.session.scalars(select(Tdp.id).where(Tdp.ward_id == ward.id).order_by(Tdp.number)))
    scale = len(tdp_ids) / 38
    for name, title, phone, sub_indexes, (first, last), username in MEMBERS:
        user_id = db.session.scalar(select(User.id).where(User.username == username)) if username else None
        committee.save_member(None, ward.id, committee.MemberInput(
            name, title, phone, [subs[i].id for i in sub_indexes],
            tdp_ids[round((first - 1) * scale):round(last * scale)], user_id))
    return plan


def _move_fixed_days(plan: Plan) -> None:
    last_vote = max(first_vote_dates(plan.election_id).values())
    for task in [t for t in plan.tasks if t.due_rule is DueRule.ABSOLUTE and t.due_on is not None]:
        day = last_vote + (task.due_on - _LAST_VOTE_2017)
        details = "" if "2017" in task.details else task.details
        update_task(None, task, TaskInput(task.title, task.body, task.per_tdp, Due(DueRule.ABSOLUTE, on=day), details))


def mark_progress(plan: Plan, today: date) -> int:
    """Mark done, as of `today`, every checklist row due before it and the candidate-list rows, except the
    LATE_ON_PURPOSE tasks: a fresh demo has a few overdue tasks, not hundreds. Returns the rows marked.
    One statement and one audit record; flushes."""
    done_by = db.session.scalar(select(User.id).where(User.username == "admin"))
    tasks = select(PlanTask.id).where(PlanTask.plan_id == plan.id)
    late_ids = [t.id for t in plan.tasks if t.code in LATE_ON_PURPOSE or t.title == OVERDUE_TASK]
    early = select(PlanTask.id).where(PlanTask.plan_id == plan.id, PlanTask.code.in_(DONE_WITH_THE_LISTS))
    marked = db.session.execute(
        update(ChecklistItem)
        .where(ChecklistItem.task_id.in_(tasks), ChecklistItem.task_id.not_in(late_ids),
               (ChecklistItem.due_date < today) | ChecklistItem.task_id.in_(early))
        .values(status=ItemStatus.DONE, done_by_id=done_by, note="Dữ liệu mẫu: đã làm.",
                done_at=utcnow() - timedelta(days=1))
        .execution_options(synchronize_session=False)).rowcount
    db.session.expire_all()
    record(None, "demo.progress", "plan", plan.id, after={"today": today.isoformat(), "rows_done": marked})
    return marked
