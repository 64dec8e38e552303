"""Read-only views of the checklist, scoped to what a user may see: ward-wide roles see every row,
TDP-scoped roles only their own TDPs' rows (never the ward's own tasks)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import aliased

from app.auth.models import User
from app.auth.security import scope_tdps
from app.elections.models import Election
from app.extensions import db
from app.plan.models import ChecklistItem, ItemStatus, Plan, PlanTask
from app.plan.schedule import Body
from app.wards.models import Tdp

#: "Due this week" means the seven days starting today.
WEEK_DAYS = 7
DoneBy = aliased(User)


@dataclass(frozen=True)
class ItemRow:
    id: int
    task_id: int
    title: str
    body: Body
    tdp_id: int | None
    tdp_number: int | None
    tdp_name: str | None
    due_date: date | None
    status: ItemStatus
    done_at: datetime | None
    done_by: str | None
    note: str
    attachment_name: str | None

    def overdue_on(self, today: date) -> bool:
        return self.status is ItemStatus.OPEN and self.due_date is not None and self.due_date < today


@dataclass(frozen=True)
class Counts:
    total: int
    done: int
    not_applicable: int
    overdue: int
    due_soon: int


@dataclass(frozen=True)
class TaskProgress:
    task: PlanTask
    total: int
    #: Done or not applicable.
    closed: int
    overdue: int
    first_due: date | None
    last_due: date | None


def current_plan(ward_id: int) -> Plan | None:
    """The ward's newest plan (the one of its latest election)."""
    return db.session.scalar(select(Plan).where(Plan.ward_id == ward_id).order_by(Plan.election_id.desc()).limit(1))


def elections_without_plan(ward_id: int) -> list[Election]:
    """The ward's elections that have no plan yet, newest first."""
    return list(db.session.scalars(select(Election).where(Election.ward_id == ward_id,
                                                          Election.id.not_in(select(Plan.election_id)))
                                   .order_by(Election.id.desc())))


def _scoped(stmt: Select, user: User, plan_id: int, tdp_ids: Collection[int] | None) -> Select:
    stmt = scope_tdps(stmt.where(PlanTask.plan_id == plan_id), user, ChecklistItem.tdp_id)
    if tdp_ids is not None:
        stmt = stmt.where(ChecklistItem.tdp_id.in_(list(tdp_ids)))
    return stmt


def item_rows(user: User, plan_id: int, *, tdp_ids: Collection[int] | None = None, task_id: int | None = None,
              overdue_on: date | None = None, due_from: date | None = None, due_to: date | None = None,
              status: ItemStatus | None = None) -> list[ItemRow]:
    """Checklist rows in due order (rows without a day last), then TDP number and task order.
    `overdue_on` keeps open rows due before that day; `due_from`/`due_to` keep open rows due in between."""
    stmt = (
        select(ChecklistItem.id, PlanTask.id, PlanTask.title, PlanTask.body, ChecklistItem.tdp_id, Tdp.number,
               Tdp.name, ChecklistItem.due_date, ChecklistItem.status, ChecklistItem.done_at,
               func.coalesce(func.nullif(DoneBy.full_name, ""), DoneBy.username), ChecklistItem.note,
               ChecklistItem.attachment_name)
        .join(PlanTask, PlanTask.id == ChecklistItem.task_id)
        .outerjoin(Tdp, Tdp.id == ChecklistItem.tdp_id)
        .outerjoin(DoneBy, DoneBy.id == ChecklistItem.done_by_id)
        .order_by(ChecklistItem.due_date.is_(None), ChecklistItem.due_date, Tdp.number.is_not(None), Tdp.number,
                  PlanTask.position, ChecklistItem.id)
    )
    stmt = _scoped(stmt, user, plan_id, tdp_ids)
    if task_id is not None:
        stmt = stmt.where(PlanTask.id == task_id)
    if status is not None:
        stmt = stmt.where(ChecklistItem.status == status)
    if overdue_on is not None:
        stmt = stmt.where(ChecklistItem.status == ItemStatus.OPEN, ChecklistItem.due_date < overdue_on)
    if due_from is not None or due_to is not None:
        stmt = stmt.where(ChecklistItem.status == ItemStatus.OPEN)
        if due_from is not None:
            stmt = stmt.where(ChecklistItem.due_date >= due_from)
        if due_to is not None:
            stmt = stmt.where(ChecklistItem.due_date <= due_to)
    return [ItemRow(*row) for row in db.session.execute(stmt)]


def overdue(user: User, plan_id: int, today: date, tdp_ids: Collection[int] | None = None) -> list[ItemRow]:
    """Open rows whose day has passed."""
    return item_rows(user, plan_id, tdp_ids=tdp_ids, overdue_on=today)


def due_this_week(user: User, plan_id: int, today: date, tdp_ids: Collection[int] | None = None) -> list[ItemRow]:
    """Open rows due today or in the six days after."""
    return item_rows(user, plan_id, tdp_ids=tdp_ids, due_from=today, due_to=today + timedelta(days=WEEK_DAYS - 1))


def _overdue_case(today: date):
    return case((and_(ChecklistItem.status == ItemStatus.OPEN, ChecklistItem.due_date < today), 1), else_=0)


def counts(user: User, plan_id: int, today: date, tdp_ids: Collection[int] | None = None) -> Counts:
    week_end = today + timedelta(days=WEEK_DAYS - 1)
    soon = case((and_(ChecklistItem.status == ItemStatus.OPEN, ChecklistItem.due_date >= today,
                      ChecklistItem.due_date <= week_end), 1), else_=0)
    stmt = select(func.count(), func.sum(case((ChecklistItem.status == ItemStatus.DONE, 1), else_=0)),
                  func.sum(case((ChecklistItem.status == ItemStatus.NOT_APPLICABLE, 1), else_=0)),
                  func.sum(_overdue_case(today)), func.sum(soon)).join(PlanTask)
    total, done, na, late, due_soon = db.session.execute(_scoped(stmt, user, plan_id, tdp_ids)).one()
    return Counts(total, done or 0, na or 0, late or 0, due_soon or 0)


def task_progress(user: User, plan: Plan, today: date) -> list[TaskProgress]:
    """Each task with the rows the user may see: how many, done, overdue, and the span of due days.
    Tasks without a visible row (the ward's own, for a TDP-scoped user) are left out."""
    stmt = (select(PlanTask.id, func.count(), func.sum(case((ChecklistItem.status != ItemStatus.OPEN, 1), else_=0)),
                   func.sum(_overdue_case(today)), func.min(ChecklistItem.due_date), func.max(ChecklistItem.due_date))
            .join(PlanTask).group_by(PlanTask.id))
    stats = {row[0]: row[1:] for row in db.session.execute(_scoped(stmt, user, plan.id, None))}
    return [TaskProgress(task, stats[task.id][0], stats[task.id][1] or 0, stats[task.id][2] or 0, *stats[task.id][3:])
            for task in plan.tasks if task.id in stats]
