"""Build a plan from a template, keep its deadlines in step with the vote days, and mark checklist rows."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import or_, select

from app.audit.services import record
from app.core.domain import DomainError
from app.elections.models import Election, ElectionRound
from app.extensions import db
from app.plan import files
from app.plan.models import ChecklistItem, ItemStatus, Plan, PlanTask
from app.plan.schedule import Body, Due, DueRule, due_date, ward_vote_date
from app.plan.template import DEFAULT_TEMPLATE, UnknownTemplate, get_template
from app.rules import format_date, get_rule_set
from app.wards.models import Tdp

#: Offsets further than this from the rule's day are taken for typing mistakes.
MAX_OFFSET_DAYS = 120


class PlanError(DomainError):
    """A plan change refused for a reason the user can fix; `field` names the form field."""


@dataclass(frozen=True)
class TaskInput:
    title: str
    body: Body
    per_tdp: bool
    due: Due
    details: str = ""


def create_plan(actor, election: Election, template_id: str = DEFAULT_TEMPLATE) -> Plan:
    """Create the election's plan from a template, with one checklist row per ward task and one per TDP
    for each TDP task, each due on its own day. Raises PlanError when the election already has a plan
    or the template is unknown. Flushes and audits."""
    try:
        template = get_template(template_id)
    except UnknownTemplate as error:
        raise PlanError(error.message, "template") from None
    if db.session.scalar(select(Plan.id).where(Plan.election_id == election.id)) is not None:
        raise PlanError(f"Cuộc bầu cử nhiệm kỳ {election.term_label} đã có kế hoạch.", "election")
    plan = Plan(ward_id=election.ward_id, election_id=election.id, template_id=template.id,
                title=f"{template.title} — nhiệm kỳ {election.term_label}", created_by_id=getattr(actor, "id", None))
    plan.tasks = [PlanTask(position=i, code=t.code, title=t.title, details=t.details, body=t.body, per_tdp=t.per_tdp,
                           due_rule=t.due.rule, offset_days=t.due.offset_days, due_on=t.due.on)
                  for i, t in enumerate(template.tasks, 1)]
    db.session.add(plan)
    db.session.flush()
    rows = _expand(plan, plan.tasks)
    record(actor, "plan.create", "plan", plan.id,
           after={"election": election.id, "template": template.id, "tasks": len(plan.tasks), "rows": rows})
    return plan


def reschedule(actor, plan: Plan) -> int:
    """Recompute every row's due day from the current vote days and add rows for TDPs created since.
    Returns how many rows changed or were added. Flushes; audits when anything changed."""
    changed = _expand(plan, plan.tasks)
    if changed:
        record(actor, "plan.reschedule", "plan", plan.id, after={"rows": changed})
    return changed


def add_task(actor, plan: Plan, data: TaskInput) -> PlanTask:
    """Add a task at the end of the plan with its checklist rows. Raises PlanError. Flushes and audits."""
    _check(data)
    last = max((t.position for t in plan.tasks), default=0)
    task = PlanTask(position=last + 1, title=data.title.strip(), details=data.details.strip(), body=data.body,
                    per_tdp=data.per_tdp, due_rule=data.due.rule, offset_days=data.due.offset_days, due_on=data.due.on)
    plan.tasks.append(task)
    db.session.flush()
    _expand(plan, [task])
    record(actor, "plan.task.add", "plan_task", task.id, after=_task_snapshot(task))
    return task


def update_task(actor, task: PlanTask, data: TaskInput) -> PlanTask:
    """Change a task's title, body, details or deadline rule and move its rows' due days. Whether it is
    a ward or a per-TDP task stays as created. Raises PlanError. Flushes and audits."""
    _check(data)
    before = _task_snapshot(task)
    task.title, task.details, task.body = data.title.strip(), data.details.strip(), data.body
    task.due_rule, task.offset_days, task.due_on = data.due.rule, data.due.offset_days, data.due.on
    db.session.flush()
    _expand(task.plan, [task])
    record(actor, "plan.task.update", "plan_task", task.id, before=before, after=_task_snapshot(task))
    return task


def delete_task(actor, task: PlanTask, folder: Path) -> None:
    """Remove a task with its checklist rows and their attached files. Flushes and audits."""
    snapshot = {**_task_snapshot(task), "rows": len(task.items),
                "done": sum(1 for i in task.items if i.status is ItemStatus.DONE)}
    keys = [i.attachment_key for i in task.items if i.attachment_key]
    task_id = task.id
    db.session.delete(task)
    db.session.flush()
    record(actor, "plan.task.delete", "plan_task", task_id, before=snapshot)
    for key in keys:
        files.delete(folder, key)


def set_status(actor, item: ChecklistItem, status: ItemStatus, note: str, now: datetime) -> ChecklistItem:
    """Mark a row done (remembering who and when), not applicable, or open again, with a note.
    Raises PlanError when a row is marked not applicable without a reason. Flushes and audits."""
    note = note.strip()
    if status is ItemStatus.NOT_APPLICABLE and not note:
        raise PlanError("Hãy ghi lý do công việc không áp dụng.", "note")
    before = _item_snapshot(item)
    item.status, item.note = status, note
    if status is ItemStatus.DONE:
        if before["status"] != ItemStatus.DONE.value:
            item.done_at, item.done_by_id = now, getattr(actor, "id", None)
    else:
        item.done_at, item.done_by_id = None, None
    item.updated_at = now
    db.session.flush()
    record(actor, "plan.item.status", "checklist_item", item.id, tdp_id=item.tdp_id, before=before,
           after=_item_snapshot(item))
    return item


def attach_file(actor, item: ChecklistItem, filename: str, data: bytes, folder: Path, max_bytes: int) -> str | None:
    """Store a file on the row, replacing any earlier one. Returns the replaced file's key, which the
    caller deletes after committing. Raises PlanError for an empty or too large file. Flushes and audits."""
    if not data:
        raise PlanError("Tệp rỗng: hãy chọn tệp có nội dung.", "file")
    if len(data) > max_bytes:
        raise PlanError(f"Tệp quá lớn: tối đa {_megabytes(max_bytes)} MB.", "file")
    name = files.clean_filename(filename)
    before = _item_snapshot(item)
    replaced = item.attachment_key
    item.attachment_key = files.save(folder, data)
    item.attachment_name, item.attachment_size, item.attachment_type = name, len(data), files.content_type(name)
    db.session.flush()
    record(actor, "plan.item.attach", "checklist_item", item.id, tdp_id=item.tdp_id, before=before,
           after={**_item_snapshot(item), "sha256": hashlib.sha256(data).hexdigest()})
    return replaced


def remove_attachment(actor, item: ChecklistItem) -> str | None:
    """Detach the row's file; returns its key for the caller to delete after committing. Flushes and audits."""
    key = item.attachment_key
    if key is None:
        return None
    before = _item_snapshot(item)
    item.attachment_key = item.attachment_name = item.attachment_size = item.attachment_type = None
    db.session.flush()
    record(actor, "plan.item.detach", "checklist_item", item.id, tdp_id=item.tdp_id, before=before,
           after=_item_snapshot(item))
    return key


# ---- internals -----------------------------------------------------------------------------------

def _check(data: TaskInput) -> None:
    if not data.title.strip():
        raise PlanError("Hãy nhập tên công việc.", "title")
    if data.due.rule is not DueRule.ABSOLUTE and abs(data.due.offset_days) > MAX_OFFSET_DAYS:
        raise PlanError(f"Số ngày lệch phải trong khoảng ±{MAX_OFFSET_DAYS} ngày.", "offset_days")


def first_vote_dates(election_id: int) -> dict[int, date]:
    """Each TDP's first vote day in the election (re-runs do not move preparation deadlines)."""
    rows = db.session.execute(select(ElectionRound.tdp_id, ElectionRound.vote_date)
                              .where(ElectionRound.election_id == election_id).order_by(ElectionRound.number))
    days: dict[int, date] = {}
    for tdp_id, day in rows:
        days.setdefault(tdp_id, day)
    return days


def _expand(plan: Plan, tasks: list[PlanTask]) -> int:
    """Create missing rows and set every row's due day; returns how many rows were added or moved."""
    rule_set = get_rule_set(plan.election.rule_set_id)
    votes = first_vote_dates(plan.election_id)
    tdp_ids = list(db.session.scalars(select(Tdp.id).where(Tdp.ward_id == plan.ward_id, or_(
        Tdp.dissolved_on.is_(None), Tdp.id.in_(list(votes)))).order_by(Tdp.number)))
    changed = 0
    for task in tasks:
        existing = {item.tdp_id: item for item in task.items}
        if task.per_tdp:
            wanted = {tdp_id: due_date(task.due, votes.get(tdp_id), rule_set) for tdp_id in tdp_ids}
        else:
            wanted = {None: due_date(task.due, ward_vote_date(task.due, votes.values()), rule_set)}
        for tdp_id, due in wanted.items():
            item = existing.get(tdp_id)
            if item is None:
                task.items.append(ChecklistItem(tdp_id=tdp_id, due_date=due, status=ItemStatus.OPEN, note=""))
                changed += 1
            elif item.due_date != due:
                item.due_date = due
                changed += 1
    db.session.flush()
    return changed


def _task_snapshot(task: PlanTask) -> dict:
    return {"title": task.title, "body": task.body.value, "per_tdp": task.per_tdp, "rule": task.due_rule.value,
            "offset_days": task.offset_days, "due_on": format_date(task.due_on) if task.due_on else None}


def _item_snapshot(item: ChecklistItem) -> dict:
    return {"status": item.status.value, "note": item.note, "attachment": item.attachment_name,
            "size": item.attachment_size}


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):g}".replace(".", ",")
