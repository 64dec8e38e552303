"""Recognition of a TDP's result (the decision, its deadline, "recognised on") and re-run reasons."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.auth.permissions import can, permission
from app.core.downloads import send_bytes
from app.dashboard.views import today
from app.elections.models import ElectionRound
from app.elections.queries import elections_for_ward
from app.extensions import db
from app.papers.docx_render import DOCX
from app.results import recognition, reruns
from app.results.errors import ResultsError
from app.results.forms import RERUN_KIND_LABELS, OpenRerunForm, RecognitionForm, RerunReasonForm
from app.results.models import RerunKind, RerunReason
from app.results.views import bp, load_tdp, recognition_days
from app.tally.services import needs_rerun


def _case(tdp_id: int):
    tdp = load_tdp(tdp_id)
    elections = elections_for_ward(current_user.ward_id)
    if not elections:
        abort(404)
    return recognition.case_for(elections[0], tdp, recognition_days())


@bp.route("/tdp/<id:tdp_id>/recognition", methods=["GET", "POST"])
@permission("tdp.view", POST="results.recognise")
def recognise(tdp_id: int):
    """The result to recognise, the deadline, the draft decision, and (ward admins) "recognised on"."""
    case = _case(tdp_id)
    rec = case.recognition
    form = RecognitionForm(data={"number": rec.decision_number, "recognised_on": rec.recognised_on.strftime("%d/%m/%Y")}
                           if rec else None)
    status = 200
    if form.validate_on_submit():
        try:
            recognition.record_recognition(current_user, case, form.recognised_on.parsed, form.number.data or "", today())
        except ResultsError as error:
            db.session.rollback()
            form.recognised_on.errors.append(error.message)
            status = 422
        else:
            db.session.commit()
            flash(_("Đã ghi nhận: %(tdp)s được công nhận kết quả ngày %(d)s.", tdp=case.tdp.name,
                    d=form.recognised_on.parsed.strftime("%d/%m/%Y")), "success")
            return redirect(url_for("results.recognise", tdp_id=case.tdp.id))
    elif form.errors:
        status = 422
    return render_template("results/recognition.html", case=case, form=form, today=today(),
                           admin=can(current_user, "results.recognise", case.tdp.id)), status


@bp.route("/tdp/<id:tdp_id>/recognition.pdf")
@permission("tdp.view")
def recognition_pdf(tdp_id: int):
    """The decision in the Decree 30 format: a draft with blanks until the number and date are recorded."""
    case = _case(tdp_id)
    try:
        pdf = recognition.decision_pdf(case, today())
    except ResultsError as error:
        flash(error.message, "error")
        return redirect(url_for("results.recognise", tdp_id=case.tdp.id))
    return send_bytes(pdf, f"quyet-dinh-cong-nhan-to-{case.tdp.number}.pdf", "application/pdf", inline=True)


@bp.route("/tdp/<id:tdp_id>/recognition.docx")
@permission("tdp.view")
def recognition_docx(tdp_id: int):
    """The same decision as .docx, for the ward office to touch up in Word before signing."""
    case = _case(tdp_id)
    try:
        data = recognition.decision_docx(case, today())
    except ResultsError as error:
        flash(error.message, "error")
        return redirect(url_for("results.recognise", tdp_id=case.tdp.id))
    return send_bytes(data, f"quyet-dinh-cong-nhan-to-{case.tdp.number}.docx", DOCX)


@bp.route("/tdp/<id:tdp_id>/rerun", methods=["GET", "POST"])
@permission("tdp.view", POST="elections.rerun")
def rerun(tdp_id: int):
    """Open a re-run with its reason (when the latest round left a seat unfilled), or record the reason of
    an existing re-run round. Ward admins only may change anything."""
    tdp = load_tdp(tdp_id)
    elections = elections_for_ward(current_user.ward_id)
    latest = db.session.scalar(select(ElectionRound).where(ElectionRound.tdp_id == tdp.id,
                                                          ElectionRound.election_id == elections[0].id)
                               .order_by(ElectionRound.number.desc()).limit(1)) if elections else None
    if latest is None:
        abort(404)
    can_open = bool(needs_rerun(latest))
    reason = db.session.get(RerunReason, latest.id)
    form = (OpenRerunForm if can_open else RerunReasonForm)(
        data={"kind": reason.kind.value, "note": reason.note} if reason else {"kind": RerunKind.NO_WINNER.value})
    if form.validate_on_submit():
        try:
            new = reruns.submit(current_user, latest, RerunKind(form.kind.data), form.note.data or "", can_open=can_open,
                                vote_date=form.vote_date.parsed if can_open else None,
                                place=(form.place.data or "") if can_open else "")
        except ResultsError as error:
            db.session.rollback()
            (form.vote_date if can_open and error.code in ("bad_date", "late") else form.note).errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Đã mở lần bầu thứ %(n)s; hãy lập danh sách người ứng cử và in phiếu mới.", n=new.number) if new
                  else _("Đã lưu lý do bầu lại."), "success")
            return redirect(url_for("results.rerun", tdp_id=tdp.id))
    return render_template("results/rerun.html", tdp=tdp, round=latest, form=form, can_open=can_open, reason=reason,
                           labels=RERUN_KIND_LABELS, admin=can(current_user, "elections.rerun", tdp.id)), \
        422 if form.errors else 200
