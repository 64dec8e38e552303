"""The plan and its deadline checklist: overview, overdue and due-this-week lists, one TDP's or one task's
rows, marking rows, attachments, the calendar file and the printable checklist."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from app.auth.permissions import can, permission, require
from app.core.db import utcnow
from app.core.downloads import send_bytes
from app.core.forms import flash_csrf_error
from app.core.inputs import id_arg
from app.core.redirects import safe_next
from app.core.time import local_today
from app.extensions import csrf, db
from app.papers.pdf_render import render_pdf
from app.plan import files, ics, labels, queries, services
from app.plan.forms import AttachForm, ConfirmForm, CreatePlanForm, DoneForm, StatusForm
from app.plan.models import ChecklistItem, ItemStatus, Plan
from app.plan.print_paper import Grouping, plan_paper
from app.plan.schedule import describe
from app.plan.template import TEMPLATES
from app.rules import get_rule_set
from app.wards.models import Tdp, Ward

bp = Blueprint("plan", __name__, url_prefix="/plan", template_folder="templates")
labels.register(bp)

#: Attachment limit unless the app sets PLAN_ATTACHMENT_MAX_BYTES.
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


def today() -> date:
    """Today in the ward's time zone (services take the day as a parameter; only views read the clock)."""
    return local_today()


def attachment_folder() -> Path:
    return Path(current_app.config.get("PLAN_ATTACHMENT_FOLDER") or Path(current_app.instance_path) / "plan_files")


def can_mark(tdp_id: int | None) -> bool:
    """A TDP's row: `plan.mark` on that TDP; a ward row: `plan.manage` (the ward admin)."""
    if tdp_id is None:
        return can(current_user, "plan.manage")
    return can(current_user, "plan.mark", tdp_id)


def current_plan_or_404() -> Plan:
    return queries.current_plan(current_user.ward_id) or abort(404)


def load_item(item_id: int, *, write: bool = False) -> ChecklistItem:
    """The row, or 404 for another ward's; 403 when the user may not read it (a ward row for a TDP-scoped
    user) or, with `write`, may not mark it."""
    item = db.session.get(ChecklistItem, item_id) or abort(404)
    if item.task.plan.ward_id != current_user.ward_id:
        abort(404)
    if item.tdp_id is not None:
        require("plan.mark" if write else "tdp.view", item.tdp)
    elif not (can_mark(None) if write else current_user.is_ward_wide):
        abort(403)
    return item


def _back(default: str) -> str:
    return safe_next(request.form.get("next") or request.args.get("next"), default)


def _tdp_filter() -> tuple[Tdp | None, list[int] | None]:
    tdp_id = request.args.get("tdp", type=id_arg)
    if not tdp_id:
        return None, None
    tdp = require("tdp.view", db.session.get(Tdp, tdp_id))
    return tdp, [tdp.id]


def _visible_tdps() -> list[Tdp]:
    tdps = db.session.scalars(select(Tdp).where(Tdp.ward_id == current_user.ward_id).order_by(Tdp.number))
    return [t for t in tdps if can(current_user, "tdp.view", t.id)]


def fill_create_form(form: CreatePlanForm) -> None:
    """Offer the ward's elections that have no plan yet, newest first, and every template."""
    form.election.choices = [SelectChoice(e.id, _("Nhiệm kỳ %(term)s", term=e.term_label))
                             for e in queries.elections_without_plan(current_user.ward_id)]
    form.template.choices = [SelectChoice(t.id, t.title) for t in TEMPLATES.values()]


def render_rows(template: str, plan: Plan, rows, **context):
    return render_template(template, plan=plan, rows=rows, today=today(), can_mark=can_mark, done_form=DoneForm(),
                           tdps=_visible_tdps(), **context)


@bp.route("/")
@permission("ward.view")
def index():
    """The plan at a glance: counts, then every task with its progress over the rows the user may see.
    Without a plan, a ward admin is offered to create one from a template."""
    plan = queries.current_plan(current_user.ward_id)
    if plan is None:
        form = CreatePlanForm()
        fill_create_form(form)
        return render_template("plan/empty.html", form=form)
    day = today()
    rule_set = get_rule_set(plan.election.rule_set_id)
    return render_template("plan/index.html", plan=plan, today=day, counts=queries.counts(current_user, plan.id, day),
                           progress=queries.task_progress(current_user, plan, day), tdps=_visible_tdps(),
                           describe=lambda task: describe(task.due, rule_set), ward=db.session.get(Ward, plan.ward_id))


@bp.route("/overdue")
@permission("ward.view")
def overdue():
    """Open rows whose day has passed, oldest first; `?tdp=<id>` narrows to one TDP."""
    plan = current_plan_or_404()
    tdp, tdp_ids = _tdp_filter()
    rows = queries.overdue(current_user, plan.id, today(), tdp_ids)
    return render_rows("plan/rows.html", plan, rows, view="overdue", tdp=tdp, heading=_("Việc quá hạn"))


@bp.route("/week")
@permission("ward.view")
def week():
    """Open rows due today or in the next six days."""
    plan = current_plan_or_404()
    tdp, tdp_ids = _tdp_filter()
    rows = queries.due_this_week(current_user, plan.id, today(), tdp_ids)
    return render_rows("plan/rows.html", plan, rows, view="week", tdp=tdp, heading=_("Việc đến hạn trong 7 ngày tới"))


@bp.route("/all")
@permission("ward.view")
def all_rows():
    """Every row the user may see (one TDP's whole checklist with `?tdp=<id>`)."""
    plan = current_plan_or_404()
    tdp, tdp_ids = _tdp_filter()
    rows = queries.item_rows(current_user, plan.id, tdp_ids=tdp_ids)
    return render_rows("plan/rows.html", plan, rows, view="all", tdp=tdp, heading=_("Toàn bộ danh mục công việc"))


@bp.route("/tasks/<id:task_id>")
@permission("ward.view")
def task(task_id: int):
    """One task's rows, one per TDP for a TDP task."""
    plan = current_plan_or_404()
    task = next((t for t in plan.tasks if t.id == task_id), None) or abort(404)
    rows = queries.item_rows(current_user, plan.id, task_id=task.id)
    if not rows:
        abort(403)
    rule_set = get_rule_set(plan.election.rule_set_id)
    return render_rows("plan/rows.html", plan, rows, view="task", tdp=None, heading=task.title, task=task,
                       rule_text=describe(task.due, rule_set))


@bp.route("/items/<id:item_id>", methods=["GET", "POST"])
@permission("tdp.view", POST="plan.mark")
def item(item_id: int):
    """One row: its status, note and attachment, and the forms to change them for those who may."""
    item = load_item(item_id, write=request.method == "POST")
    writable = can_mark(item.tdp_id)
    form = StatusForm(prefix="status")
    if request.method == "GET":
        form.status.data, form.note.data = item.status.value, item.note
    elif form.validate_on_submit():
        try:
            services.set_status(current_user, item, form.chosen(), form.note.data or "", utcnow())
        except services.PlanError as error:
            db.session.rollback()
            getattr(form, error.field or "note").errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Đã cập nhật: %(title)s.", title=item.task.title), "success")
            return redirect(_back(url_for(".item", item_id=item.id)))
    return _render_item(item, form, AttachForm(prefix="file"), writable), 422 if form.errors else 200


def _render_item(item: ChecklistItem, form, attach_form, writable: bool):
    rule_set = get_rule_set(item.task.plan.election.rule_set_id)
    return render_template("plan/item.html", item=item, form=form, attach_form=attach_form, writable=writable,
                           detach_form=ConfirmForm(prefix="detach"), today=today(),
                           rule_text=describe(item.task.due, rule_set),
                           max_mb=_max_bytes() // (1024 * 1024))


@bp.route("/items/<id:item_id>/done", methods=["POST"])
@permission("plan.mark")
def mark_done(item_id: int):
    """The quick "done" button of the lists; the note stays as it was."""
    item = load_item(item_id, write=True)
    if DoneForm().validate_on_submit():
        services.set_status(current_user, item, ItemStatus.DONE, item.note, utcnow())
        db.session.commit()
        where = _("tổ %(n)s", n=item.tdp.number) if item.tdp else _("phường")
        flash(_("Đã đánh dấu xong: %(title)s (%(where)s).", title=item.task.title, where=where), "success")
    else:
        flash(_("Chưa lưu được: hãy tải lại trang rồi thử lại."), "error")
    return redirect(_back(url_for(".overdue")))


def _max_bytes() -> int:
    return current_app.config.get("PLAN_ATTACHMENT_MAX_BYTES", MAX_ATTACHMENT_BYTES)


@bp.route("/items/<id:item_id>/attachment", methods=["POST"])
@csrf.exempt  # the form checks its CSRF token itself, after the upload limit below is in force
@permission("plan.mark")
def attach(item_id: int):
    """Attach a file to the row (replacing any earlier one); larger than the limit is refused."""
    request.max_content_length = _max_bytes() + 64 * 1024  # room for the multipart envelope
    item = load_item(item_id, write=True)
    form = AttachForm(prefix="file")
    if form.validate_on_submit():
        upload = form.file.data
        try:
            replaced = services.attach_file(current_user, item, upload.filename, upload.read(_max_bytes() + 1),
                                            attachment_folder(), _max_bytes())
        except services.PlanError as error:
            db.session.rollback()
            form.file.errors.append(error.message)
        else:
            db.session.commit()
            files.delete(attachment_folder(), replaced)
            flash(_("Đã đính kèm tệp %(name)s.", name=item.attachment_name), "success")
            return redirect(url_for(".item", item_id=item.id))
    flash_csrf_error(form)
    status = StatusForm(prefix="status")
    status.status.data = item.status.value
    status.note.data = item.note
    return _render_item(item, status, form, True), 422


@bp.route("/items/<id:item_id>/attachment")
@permission("tdp.view")
def download(item_id: int):
    """The row's attached file, for anyone who may see the row."""
    item = load_item(item_id)
    path = files.path_for(attachment_folder(), item.attachment_key) or abort(404)
    return send_bytes(path.read_bytes(), files.clean_filename(item.attachment_name),
                      files.served_type(item.attachment_type))  # F18: no HTML, no bidi tricks, even in old rows


@bp.route("/items/<id:item_id>/attachment/delete", methods=["POST"])
@permission("plan.mark")
def detach(item_id: int):
    """Remove the attached file, once the confirmation box is ticked."""
    item = load_item(item_id, write=True)
    form = ConfirmForm(prefix="detach")
    if not form.validate_on_submit():
        flash(_("Hãy đánh dấu ô xác nhận trước khi xóa tệp."), "error")
        return redirect(url_for(".item", item_id=item.id))
    key = services.remove_attachment(current_user, item)
    db.session.commit()
    files.delete(attachment_folder(), key)
    flash(_("Đã xóa tệp đính kèm."), "success")
    return redirect(url_for(".item", item_id=item.id))


@bp.route("/calendar.ics")
@permission("ward.view")
def calendar():
    """The rows the user may see as an .ics file (`?tdp=<id>` for one TDP): import it into any calendar."""
    plan = current_plan_or_404()
    tdp, tdp_ids = _tdp_filter()
    rows = queries.item_rows(current_user, plan.id, tdp_ids=tdp_ids)
    title = plan.title if tdp is None else f"{plan.title} — {tdp.name}"
    data = ics.calendar_bytes(rows, title=title, body_labels=labels.BODY_LABELS, generated_at=utcnow(),
                              link_for=lambda item_id: url_for(".item", item_id=item_id, _external=True))
    name = f"ke-hoach-bau-cu{'-to-' + str(tdp.number) if tdp else ''}.ics"
    return send_bytes(data, name, "text/calendar")


@bp.route("/print")
@permission("ward.view")
def printable():
    """The checklist laid out for paper (`?tdp=<id>` for one TDP), with blank columns for signatures."""
    plan = current_plan_or_404()
    tdp, tdp_ids = _tdp_filter()
    rows = queries.item_rows(current_user, plan.id, tdp_ids=tdp_ids)
    return render_template("plan/print.html", plan=plan, rows=rows, tdp=tdp, today=today(),
                           ward=db.session.get(Ward, plan.ward_id))


@bp.route("/print.pdf")
@permission("ward.view")
def printable_pdf():
    """The checklist as an A4 PDF to sign, grouped by task (`?group=task`, the default) or by TDP
    (`?group=tdp`); `?tdp=<id>` for one TDP."""
    plan = current_plan_or_404()
    tdp, tdp_ids = _tdp_filter()
    grouping = Grouping.TDP if request.args.get("group") == Grouping.TDP.value else Grouping.TASK
    rows = queries.item_rows(current_user, plan.id, tdp_ids=tdp_ids)
    ward = db.session.get(Ward, plan.ward_id)
    paper = plan_paper(plan.title, ward.name, rows, today(), grouping, labels.BODY_LABELS.__getitem__,
                       tdp.name if tdp else None)
    name = f"ke-hoach-bau-cu{'-to-' + str(tdp.number) if tdp else ''}-theo-{'to' if grouping is Grouping.TDP else 'viec'}"
    return send_bytes(render_pdf(paper, size=12), name + ".pdf", "application/pdf")


from app.plan import admin_views  # noqa: E402,F401  the ward admin's routes on the same blueprint
