"""The ward admin's plan routes: create the plan from a template, add, edit and delete tasks, and move
the due days after vote days change. Registered on the `plan` blueprint."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from app.auth.permissions import permission
from app.elections.models import Election
from app.extensions import db
from app.plan import services
from app.plan.forms import ConfirmForm, CreatePlanForm, TaskForm
from app.plan.models import PlanTask
from app.plan.queries import current_plan
from app.plan.schedule import Body, Due, DueRule
from app.plan.views import attachment_folder, bp, current_plan_or_404, fill_create_form


@bp.route("/create", methods=["POST"])
@permission("plan.manage")
def create():
    """Create the plan for one of the ward's elections from a template."""
    form = CreatePlanForm()
    fill_create_form(form)
    if not form.validate_on_submit():
        flash(_("Hãy chọn cuộc bầu cử và mẫu kế hoạch."), "error")
        return redirect(url_for(".index"))
    election = db.session.get(Election, form.election.data)
    if election is None or election.ward_id != current_user.ward_id:
        abort(404)
    try:
        plan = services.create_plan(current_user, election, form.template.data)
    except services.PlanError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for(".index"))
    db.session.commit()
    flash(_("Đã tạo kế hoạch với %(n)s công việc.", n=len(plan.tasks)), "success")
    return redirect(url_for(".index"))


def _task_or_404(task_id: int) -> PlanTask:
    task = db.session.get(PlanTask, task_id) or abort(404)
    if task.plan.ward_id != current_user.ward_id:
        abort(404)
    return task


def _input(form: TaskForm, per_tdp: bool) -> services.TaskInput:
    rule = DueRule(form.due_rule.data)
    due = Due(rule, on=form.due_on.parsed) if rule is DueRule.ABSOLUTE else Due(rule, form.offset_days.data or 0)
    return services.TaskInput(form.title.data, Body(form.body.data), per_tdp, due, form.details.data or "")


def _render_form(form: TaskForm, task: PlanTask | None, status: int = 200):
    return render_template("plan/task_form.html", form=form, task=task,
                           delete_form=ConfirmForm(prefix="delete")), status


@bp.route("/tasks/new", methods=["GET", "POST"])
@permission("plan.manage")
def new_task():
    """Add a task for the ward or for every TDP; an impossible day is refused with a suggestion."""
    plan = current_plan_or_404()
    form = TaskForm()
    if not form.validate_on_submit():
        return _render_form(form, None, 422 if form.errors else 200)
    try:
        task = services.add_task(current_user, plan, _input(form, form.per_tdp.data == "tdp"))
    except services.PlanError as error:
        db.session.rollback()
        getattr(form, error.field or "title").errors.append(error.message)
        return _render_form(form, None, 422)
    db.session.commit()
    flash(_("Đã thêm công việc: %(title)s.", title=task.title), "success")
    return redirect(url_for(".task", task_id=task.id))


@bp.route("/tasks/<id:task_id>/edit", methods=["GET", "POST"])
@permission("plan.manage")
def edit_task(task_id: int):
    """Change a task's title, body or deadline; its rows' due days move with it."""
    task = _task_or_404(task_id)
    form = TaskForm(obj=task if request.method == "GET" else None)
    if request.method == "GET":
        form.body.data, form.due_rule.data = task.body.value, task.due_rule.value
        form.due_on.data = task.due_on.strftime("%d/%m/%Y") if task.due_on else ""
        form.per_tdp.data = "tdp" if task.per_tdp else "ward"
    if not form.validate_on_submit():
        return _render_form(form, task, 422 if form.errors else 200)
    try:
        services.update_task(current_user, task, _input(form, task.per_tdp))
    except services.PlanError as error:
        db.session.rollback()
        getattr(form, error.field or "title").errors.append(error.message)
        return _render_form(form, task, 422)
    db.session.commit()
    flash(_("Đã lưu công việc: %(title)s.", title=task.title), "success")
    return redirect(url_for(".task", task_id=task.id))


@bp.route("/tasks/<id:task_id>/delete", methods=["POST"])
@permission("plan.manage")
def delete_task(task_id: int):
    """Delete a task and all its rows, once the confirmation box is ticked."""
    task = _task_or_404(task_id)
    form = ConfirmForm(prefix="delete")
    if not form.validate_on_submit():
        flash(_("Hãy đánh dấu ô xác nhận trước khi xóa công việc."), "error")
        return redirect(url_for(".edit_task", task_id=task.id))
    title = task.title
    services.delete_task(current_user, task, attachment_folder())
    db.session.commit()
    flash(_("Đã xóa công việc: %(title)s.", title=title), "success")
    return redirect(url_for(".index"))


@bp.route("/reschedule", methods=["POST"])
@permission("plan.manage")
def reschedule():
    """Recompute the due days from the current vote days (after a vote day moved or a TDP was added)."""
    plan = current_plan(current_user.ward_id) or abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    changed = services.reschedule(current_user, plan)
    db.session.commit()
    flash(_("Đã cập nhật hạn của %(n)s dòng theo ngày bầu cử hiện tại.", n=changed), "success")
    return redirect(url_for(".index"))
