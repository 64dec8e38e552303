"""The ward's home page, TDP pages, and the ward's TDP list (add typed or imported, rename)."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import can, permission, require
from app.core.forms import flash_csrf_error
from app.core.inputs import id_arg
from app.core.time import local_today
from app.elections.queries import rounds_for_tdp, terms_joined
from app.extensions import csrf, db
from app.rolls.importing.forms import CancelForm
from app.rolls.importing.pending import PendingUpload
from app.rolls.importing.problems import UnreadableFile
from app.rolls.queries import current_fingerprint, household_page
from app.rules import format_date
from app.wards import history, leader, services
from app.wards.forms import ConfirmForm, LeaderPostForm, TdpForm, TdpTableForm, TdpUploadForm
from app.wards.models import LeaderStatus, Tdp, Ward
from app.wards.queries import tdp_rows
from app.wards.tdp_list import COLUMN_NAMES, MAX_TDPS, Column, TdpList, typed_rows

bp = Blueprint("wards", __name__, template_folder="templates")
#: Empty rows the typed table starts with (and adds per "Thêm dòng").
BLANK_ROWS = 5


@bp.route("/")
@permission("ward.view")
def home():
    """The user's ward: every TDP the user may see, with household counts."""
    ward = db.session.get(Ward, current_user.ward_id) or abort(404)
    rows = tdp_rows(current_user, ward.id)
    return render_template("wards/home.html", ward=ward, rows=rows,
                           total_households=sum(r.households for r in rows))


@bp.route("/tdp/<id:tdp_id>")
@permission("tdp.view")
def tdp(tdp_id: int):
    """One TDP: its rounds and its households, in Vietnamese name order; 403 outside the user's scope."""
    tdp = require(tdp=db.session.get(Tdp, tdp_id))
    page = household_page(tdp.id, query=request.args.get("q", ""), page=request.args.get("page", 1, type=id_arg))
    return render_template("wards/tdp.html", tdp=tdp, page=page, rounds=rounds_for_tdp(tdp.id),
                           query=request.args.get("q", ""), fingerprint=current_fingerprint(tdp.id),
                           writable=can(current_user, "rolls.import", tdp.id))


def _ward() -> Ward:
    return db.session.get(Ward, current_user.ward_id) or abort(404)


def _typed() -> list[list[str]]:
    """The typed table's rows as posted (at most MAX_TDPS), blank rows kept so the page shows them again."""
    columns = [request.form.getlist(c.value)[:MAX_TDPS] for c in Column]
    return typed_rows(*columns)


def _tdps_page(ward: Ward, *, rows: list[list[str]] | None = None, checked: TdpList | None = None,
               upload: TdpUploadForm | None = None, status: int = 200):
    tdps = [t for t in ward.tdps if not t.dissolved]
    dissolved = [t for t in ward.tdps if t.dissolved]
    rows = rows if rows is not None else [["", "", "", ""] for _ in range(BLANK_ROWS)]
    problems = {}
    for p in checked.problems if checked else ():
        problems.setdefault(p.row, []).append(p)
    return render_template("wards/tdps.html", ward=ward, tdps=tdps, rows=rows, checked=checked,
                           problems=problems, table=TdpTableForm(formdata=None), columns=list(Column),
                           column_names=COLUMN_NAMES, upload=upload or TdpUploadForm(formdata=None),
                           first_run=not tdps and not dissolved, dissolved=dissolved), status


@bp.route("/ward/tdps", methods=["GET", "POST"])
@permission("wards.manage")
def tdps():
    """The ward's TDPs, with a table to type new ones (number, name, party cell, front committee) and a file
    upload. Typed rows are all saved in one transaction, or none when any row has an error."""
    ward = _ward()
    if request.method == "GET":
        return _tdps_page(ward)
    form = TdpTableForm()
    rows = _typed()
    if not form.validate_on_submit():
        flash_csrf_error(form)
        return _tdps_page(ward, rows=rows, status=400)
    if form.add_row.data:
        return _tdps_page(ward, rows=rows + [["", "", "", ""] for _ in range(BLANK_ROWS)])
    checked = services.check_typed(ward.id, rows)
    if not checked.can_apply:
        return _tdps_page(ward, rows=rows, checked=checked, status=422)
    return _save(ward, checked)


def _save(ward: Ward, checked: TdpList):
    try:
        created = services.add_tdps(current_user, ward, checked.entries)
    except services.WardError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for(".tdps"))
    db.session.commit()
    flash(_("Đã tạo %(n)s tổ dân phố.", n=len(created)), "success")
    for term in terms_joined([t.id for t in created]):
        flash(_("Các tổ mới đã được thêm vào cuộc bầu cử nhiệm kỳ %(term)s với ngày bầu mặc định; sửa ở bảng lịch "
                "bầu cử.", term=term), "info")
    return redirect(url_for("dashboard.index") if "dashboard.index" in current_app.view_functions
                    else url_for(".tdps"))


def _folder() -> Path:
    return Path(current_app.config.get("ROLL_IMPORT_FOLDER") or Path(current_app.instance_path) / "uploads") / "tdps"


PENDING = PendingUpload("tdp_import", _folder)


@bp.route("/ward/tdps/import", methods=["POST"])
@csrf.exempt  # the form checks its CSRF token itself, after the upload limit (app.core.limits) is in force
@permission("wards.manage")
def tdps_upload():
    """Keep an uploaded TDP list for this session and show its preview; nothing is created yet."""
    ward = _ward()
    form = TdpUploadForm()
    if not form.validate_on_submit():
        flash_csrf_error(form)
        return _tdps_page(ward, upload=form, status=422)
    return redirect(url_for(".tdps_preview", token=PENDING.keep(form.file.data)))


def _preview(token: str):
    """The pending file's check, or a redirect to the TDP page with the reason it cannot be read."""
    pending, data = PENDING.get(token)
    try:
        return pending, data, services.preview_file(_ward().id, data, pending["name"])
    except UnreadableFile as error:
        PENDING.forget()
        flash(error.message, "error")
        return pending, data, None


def _digest(data: bytes, checked: TdpList) -> str:
    """What the user confirms: the file and the TDPs it would create against today's list."""
    body = repr([(e.number, e.name, e.party_cell_name, e.front_committee_name) for e in checked.entries])
    return hashlib.sha256(data + b"\0" + body.encode("utf-8")).hexdigest()


@bp.route("/ward/tdps/import/<token>")
@permission("wards.manage")
def tdps_preview(token: str):
    """What the file would create, and every problem by row and column; nothing is written."""
    pending, data, checked = _preview(token)
    if checked is None:
        return redirect(url_for(".tdps"))
    return render_template("wards/tdps_preview.html", pending=pending, checked=checked, column_names=COLUMN_NAMES,
                           confirm=ConfirmForm(formdata=None, digest=_digest(data, checked)),
                           cancel=CancelForm(formdata=None), token=token), 200 if checked.can_apply else 422


@bp.route("/ward/tdps/import/<token>/confirm", methods=["POST"])
@permission("wards.manage")
def tdps_confirm(token: str):
    """Re-read the stored file; create its TDPs in one transaction only if it is exactly what was previewed
    and has no errors."""
    pending, data, checked = _preview(token)
    if checked is None:
        return redirect(url_for(".tdps"))
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    if form.digest.data != _digest(data, checked) or not checked.can_apply:
        flash(_("Tệp hoặc danh sách tổ hiện tại đã thay đổi từ lúc xem trước. Hãy xem lại rồi xác nhận."), "warning")
        return redirect(url_for(".tdps_preview", token=token))
    response = _save(_ward(), checked)
    PENDING.forget()
    return response


@bp.route("/ward/tdps/import/<token>/cancel", methods=["POST"])
@permission("wards.manage")
def tdps_cancel(token: str):
    """Drop the uploaded file; nothing is created."""
    PENDING.get(token)
    if CancelForm().validate_on_submit():
        PENDING.forget()
        flash(_("Đã hủy; danh sách tổ dân phố không thay đổi."), "info")
    return redirect(url_for(".tdps"))


@bp.route("/ward/tdps/<id:tdp_id>/edit", methods=["GET", "POST"])
@permission("wards.manage")
def edit_tdp(tdp_id: int):
    """Rename a TDP (with the decision and the day it takes effect; the old name is kept for the papers of
    earlier vote dates) or change its party cell or front committee (audited). Its number stays."""
    tdp = require(tdp=db.session.get(Tdp, tdp_id))
    form = TdpForm(obj=tdp)
    if request.method == "GET":
        form.decision.data, form.effective_on.data = "", format_date(local_today())
    if form.validate_on_submit():
        try:
            changed = services.update_tdp(current_user, tdp, name=form.name.data,
                                          party_cell_name=form.party_cell_name.data,
                                          front_committee_name=form.front_committee_name.data,
                                          decision=form.decision.data, effective_on=form.effective_on.parsed)
        except services.WardError as error:
            db.session.rollback()
            form[error.field or "name"].errors.append(error.message)
        else:
            db.session.commit()
            if changed:
                flash(_("Đã lưu %(name)s.", name=tdp.name), "success")
            return redirect(url_for(".tdps"))
    status = 422 if request.method == "POST" else 200
    return render_template("wards/tdp_edit.html", tdp=tdp, form=form, names=history.names_of(tdp.id),
                           one_day=timedelta(days=1)), status


@bp.route("/ward/tdps/<id:tdp_id>/leader", methods=["GET", "POST"])
@permission("wards.manage")
def leader_post(tdp_id: int):
    """Record the leader post's status (elected, term extended until a date, interim for at most 6 months,
    vacant) with its decision; earlier records stay listed. Audited."""
    tdp = require(tdp=db.session.get(Tdp, tdp_id))
    form = LeaderPostForm()
    if request.method == "GET":
        form.since.data = format_date(local_today())
    if form.validate_on_submit():
        data = leader.PostInput(LeaderStatus(form.status.data), form.since.parsed, form.holder.data or "",
                                form.until.parsed, form.decision.data or "")
        try:
            leader.set_post(current_user, tdp, data)
        except services.WardError as error:
            db.session.rollback()
            form[error.field or "status"].errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Đã ghi nhận tình trạng tổ trưởng của %(name)s.", name=tdp.name), "success")
            return redirect(url_for(".leader_post", tdp_id=tdp.id))
    status = 422 if request.method == "POST" else 200
    return render_template("wards/leader.html", tdp=tdp, form=form, current=leader.post_statuses([tdp.id])[tdp.id],
                           posts=leader.history_of(tdp.id), labels=leader.STATUS_LABELS), status


from app.wards import map_views  # noqa: E402,F401  (its routes join this blueprint)
