"""Upload, preview and confirm a household-roll import."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from wtforms import SelectChoice

from app.auth.permissions import can, permission, require
from app.core.forms import flash_csrf_error
from app.core.inputs import parse_id
from app.extensions import csrf, db
from app.rolls.importing.forms import (
    CHANGE_LABELS,
    FIELD_LABELS,
    WHOLE_WARD,
    CancelForm,
    ConfirmForm,
    RestoreZerosForm,
    UploadForm,
    mapping_form,
    mapping_from,
)
from app.rolls.importing.pending import PendingUpload
from app.rolls.importing.problems import MappingError, UnreadableFile
from app.rolls.importing.services import ImportPreview, ImportTarget, apply_import, preview_import
from app.wards.models import Tdp

bp = Blueprint("roll_import", __name__, url_prefix="/rolls/import", template_folder="templates")

#: Upload limit unless the app sets ROLL_IMPORT_MAX_BYTES: a 100,000-household .xlsx is about 5 MB.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
#: Items of each list (added, changed, removed) shown on the preview; problems shown at most.
SHOWN_ITEMS, SHOWN_PROBLEMS = 20, 500


def _folder() -> Path:
    """Where uploads wait for confirmation: ROLL_IMPORT_FOLDER, else instance/uploads."""
    return Path(current_app.config.get("ROLL_IMPORT_FOLDER") or Path(current_app.instance_path) / "uploads")


PENDING = PendingUpload("roll_import", _folder)


def _today() -> date:
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def _target(choice: str | None) -> ImportTarget:
    """The import target the user chose; 403 for the whole ward unless ward admin or a TDP out of scope."""
    if choice == WHOLE_WARD:
        require("rolls.import_ward")
        return ImportTarget(current_user.ward_id)
    tdp_id = parse_id(choice)
    tdp = require("rolls.import", db.session.get(Tdp, tdp_id) if tdp_id else None)
    if tdp.dissolved_on is not None:  # merged into another TDP: it takes no households any more
        abort(404)
    return ImportTarget(current_user.ward_id, tdp.id)


def _choices() -> list[SelectChoice]:
    tdps = db.session.scalars(select(Tdp).where(Tdp.ward_id == current_user.ward_id, Tdp.dissolved_on.is_(None))
                           .order_by(Tdp.number))
    choices = [SelectChoice(str(t.id), t.name) for t in tdps if can(current_user, "rolls.import", t.id)]
    if can(current_user, "rolls.import_ward"):
        choices.insert(0, SelectChoice(WHOLE_WARD, _("Cả phường (tệp có cột Tổ dân phố)")))
    return choices


@bp.route("/", methods=["GET", "POST"])
@csrf.exempt  # the form checks the CSRF token itself, after the upload limit below is in force
@permission("rolls.import")
def upload():
    """Upload a file for a TDP (or the whole ward); it is kept for this session only, nothing is imported."""
    request.max_content_length = current_app.config.get("ROLL_IMPORT_MAX_BYTES", MAX_UPLOAD_BYTES)
    form = UploadForm()
    form.target.choices = _choices()
    if request.method == "GET" and "tdp_id" in request.args:
        _target(request.args["tdp_id"])  # 403 or 404 outside the user's scope
        form.target.data = request.args["tdp_id"]
    if form.validate_on_submit():
        target = _target(form.target.data)
        parsed = getattr(form.reference_date, "parsed", None)
        token = PENDING.keep(form.file.data, tdp=target.tdp_id, mapping={},
                             reference=parsed.isoformat() if parsed else None)
        return redirect(url_for(".preview", token=token))
    flash_csrf_error(form)
    return render_template("rolls/import_upload.html", form=form, field_labels=FIELD_LABELS,
                           max_mb=current_app.config.get("ROLL_IMPORT_MAX_BYTES", MAX_UPLOAD_BYTES) // 2**20)


def _options(pending: dict) -> dict:
    """preview_import's arguments after the file's bytes, for the pending upload."""
    target = _target(WHOLE_WARD if pending["tdp"] is None else str(pending["tdp"]))
    reference = date.fromisoformat(pending["reference"]) if pending["reference"] else None
    return {"file_name": pending["name"], "target": target, "today": _today(), "reference_date": reference,
            "mapping": pending["mapping"], "pad_codes": pending.get("pad_codes", False)}


def _preview(pending: dict, data: bytes) -> ImportPreview:
    return preview_import(data, **_options(pending))


def _show(pending: dict, data: bytes, mapping_error: str | None = None):
    """The preview page, or back to the upload form when the file cannot be read at all."""
    try:
        preview = _preview(pending, data)
    except UnreadableFile as error:
        PENDING.forget()
        flash(error.message, "error")
        return redirect(url_for(".upload"))
    except MappingError as error:
        pending["mapping"] = {}
        session.modified = True
        return _show(pending, data, error.message)
    header = preview.parsed.header
    tdp = db.session.get(Tdp, preview.target.tdp_id) if preview.target.tdp_id else None
    return render_template(
        "rolls/import_preview.html", preview=preview, pending=pending, tdp=tdp, diff=preview.diff,
        problems=preview.problems[:SHOWN_PROBLEMS], shown=SHOWN_ITEMS, mapping_error=mapping_error,
        mapping=mapping_form(header.columns, header.mapping, formdata=None), field_labels=FIELD_LABELS,
        change_labels=CHANGE_LABELS, confirm=ConfirmForm(formdata=None, digest=preview.digest),
        cancel=CancelForm(formdata=None), restore_zeros=RestoreZerosForm(formdata=None))


@bp.route("/<token>")
@permission("rolls.import")
def preview(token: str):
    """What the import would do: counts, fingerprints, problems; nothing is written."""
    return _show(*PENDING.get(token))


@bp.route("/<token>/mapping", methods=["POST"])
@permission("rolls.import")
def mapping(token: str):
    """Point each field at a column of the file, then preview again."""
    pending, data = PENDING.get(token)
    try:
        header = _preview(pending, data).parsed.header
    except (UnreadableFile, MappingError):
        return redirect(url_for(".preview", token=token))
    form = mapping_form(header.columns, header.mapping)
    if form.validate_on_submit():
        pending["mapping"] = {**pending["mapping"], **mapping_from(form, header.columns, header.mapping)}
        session.modified = True
    return redirect(url_for(".preview", token=token))


@bp.route("/<token>/zeros", methods=["POST"])
@permission("rolls.import")
def restore_zeros(token: str):
    """Pad the file's all-digit codes to the width of the stored codes, then preview again (nothing is
    written: the user confirms the new preview)."""
    pending, _data = PENDING.get(token)
    if RestoreZerosForm().validate_on_submit():
        pending["pad_codes"] = True
        session.modified = True
    return redirect(url_for(".preview", token=token))


@bp.route("/<token>/confirm", methods=["POST"])
@permission("rolls.import")
def confirm(token: str):
    """Re-read and re-diff the stored file; apply it in one transaction only if the result is exactly what
    was previewed and has no errors, else show the new preview."""
    pending, data = PENDING.get(token)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    options = _options(pending)
    try:
        # Re-read, re-check and write in one pass; nothing is written unless the digest is the previewed one.
        preview, result = apply_import(data, actor=current_user, digest=form.digest.data, **options)
        if result is not None:
            db.session.commit()
    except (UnreadableFile, MappingError):
        db.session.rollback()
        return redirect(url_for(".preview", token=token))
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.exception("roll import failed")
        flash(_("Không ghi được danh sách; dữ liệu chưa bị thay đổi. Vui lòng thử lại."), "error")
        return redirect(url_for(".preview", token=token))
    if result is None:
        flash(_("Tệp hoặc danh sách hiện tại đã thay đổi từ lúc xem trước. Hãy xem lại rồi xác nhận."), "warning")
        return _show(pending, data)
    PENDING.forget()
    flash(_("Đã nhập danh sách: thêm %(a)s hộ, thay đổi %(c)s hộ, bỏ %(r)s hộ, giữ nguyên %(u)s hộ.",
            a=result.added, c=result.changed, r=result.removed, u=result.unchanged), "success")
    if preview.target.tdp_id:
        return redirect(url_for("wards.tdp", tdp_id=preview.target.tdp_id))
    return redirect(url_for("wards.home"))


@bp.route("/<token>/cancel", methods=["POST"])
@permission("rolls.import")
def cancel(token: str):
    """Drop the uploaded file without importing anything."""
    PENDING.get(token)
    if CancelForm().validate_on_submit():
        PENDING.forget()
        flash(_("Đã hủy; danh sách không thay đổi."), "info")
    return redirect(url_for(".upload"))

