"""Household pages (representative changes, moved/merged), the printed roll, invitations, export."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.audit.services import record
from app.auth.permissions import can, permission, require
from app.core.downloads import send_bytes
from app.core.inputs import id_arg
from app.core.time import local_today
from app.elections.models import ElectionRound
from app.extensions import db
from app.rolls import documents, services
from app.rolls.forms import ChangeRepresentativeForm, DetailsForm, StatusForm
from app.rolls.models import Gender, Household, HouseholdStatus
from app.rules import format_date
from app.wards.models import Tdp

bp = Blueprint("rolls", __name__, template_folder="templates")
PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _household(household_id: int) -> Household:
    household = db.session.get(Household, household_id) or abort(404)
    require(tdp=db.session.get(Tdp, household.tdp_id))
    return household


@bp.route("/households/<id:household_id>", methods=["GET", "POST"])
@permission("tdp.view", POST="rolls.edit")
def household(household_id: int):
    """A household: its representative, history, and the forms to change either (roll upkeep: the election
    team of the TDP and the ward admin)."""
    household = _household(household_id)
    writable = can(current_user, "rolls.edit", household.tdp_id)
    rep_form, status_form = ChangeRepresentativeForm(prefix="rep"), StatusForm(prefix="status")
    details_form = DetailsForm(prefix="details", data={"code": household.code, "address": household.address})
    if request.method == "POST":
        if "details-submit" in request.form and details_form.validate_on_submit():
            return _correct_details(household, details_form)
        if "rep-submit" in request.form and rep_form.validate_on_submit():
            return _change_representative(household, rep_form)
        if "status-submit" in request.form and status_form.validate_on_submit():
            return _change_status(household, status_form)
    return render_template("rolls/household.html", household=household, history=services.history(household),
                           rep_form=rep_form, status_form=status_form, details_form=details_form, writable=writable)


def _correct_details(household: Household, form: DetailsForm):
    try:
        services.correct_details(current_user, household, form.code.data, form.address.data or "")
    except services.RollError as error:
        db.session.rollback()
        getattr(form, error.field or "code").errors.append(error.message)
        return render_template("rolls/household.html", household=household, history=services.history(household),
                               rep_form=ChangeRepresentativeForm(prefix="rep"), status_form=StatusForm(prefix="status"),
                               details_form=form, writable=True), 422
    db.session.commit()
    flash(_("Đã sửa mã hộ và địa chỉ của hộ %(code)s.", code=household.code), "success")
    return redirect(url_for("rolls.household", household_id=household.id))


def _change_representative(household: Household, form: ChangeRepresentativeForm):
    parsed = getattr(form.birth, "parsed", None)
    new = services.NewRepresentative(
        form.full_name.data, Gender(form.gender.data) if form.gender.data else None,
        parsed if isinstance(parsed, date) else None, parsed if isinstance(parsed, int) else None)
    try:
        services.change_representative(current_user, household, new, form.reason.data, local_today())
    except services.RollError as error:
        db.session.rollback()
        getattr(form, error.field or "full_name").errors.append(error.message)
        return render_template("rolls/household.html", household=household, history=services.history(household),
                               rep_form=form, status_form=StatusForm(prefix="status"),
                               details_form=DetailsForm(prefix="details", data={"code": household.code,
                                                                                "address": household.address}),
                               writable=True), 422
    db.session.commit()
    flash(_("Đã thay người đại diện hộ %(code)s.", code=household.code), "success")
    return redirect(url_for("rolls.household", household_id=household.id))


def _change_status(household: Household, form: StatusForm):
    try:
        services.set_status(current_user, household, HouseholdStatus(form.status.data), form.reason.data,
                            form.merged_into.data)
    except services.RollError as error:
        db.session.rollback()
        getattr(form, error.field or "reason").errors.append(error.message)
        return render_template("rolls/household.html", household=household, history=services.history(household),
                               rep_form=ChangeRepresentativeForm(prefix="rep"), status_form=form,
                               details_form=DetailsForm(prefix="details", data={"code": household.code,
                                                                                "address": household.address}),
                               writable=True), 422
    db.session.commit()
    flash(_("Đã cập nhật tình trạng hộ %(code)s.", code=household.code), "success")
    return redirect(url_for("rolls.household", household_id=household.id))


@bp.route("/tdp/<id:tdp_id>/roll.pdf")
@permission("tdp.view")
def roll_pdf(tdp_id: int):
    """The printed roll, which is also the sign-in sheet; `?round=<id>` names the vote on it."""
    tdp = require(tdp=db.session.get(Tdp, tdp_id))
    round_ = None
    if request.args.get("round", type=id_arg):
        round_ = db.session.get(ElectionRound, request.args.get("round", type=id_arg))
        if round_ is None or round_.tdp_id != tdp.id:
            abort(404)
    today = local_today()
    return send_bytes(documents.roll_pdf(tdp, round_, today),
                      f"danh-sach-cu-tri-to-{tdp.number}-{'ky-ten' if round_ else 'niem-yet'}-"
                      f"{format_date(today).replace('/', '-')}.pdf", PDF)


@bp.route("/rounds/<id:round_id>/invitations.pdf")
@permission("rolls.invitations")
def invitations_pdf(round_id: int):
    """One invitation per household, four per A4 sheet, each with its sign-in QR code."""
    round_ = db.session.get(ElectionRound, round_id) or abort(404)
    require(tdp=round_.tdp)
    return send_bytes(documents.invitations_pdf(round_), f"giay-moi-to-{round_.tdp.number}.pdf", PDF)


@bp.route("/tdp/<id:tdp_id>/roll.xlsx")
@permission("tdp.view")
def roll_xlsx(tdp_id: int):
    """The roll as .xlsx. Citizen ID numbers only with `?citizen_ids=1`, only for a ward admin, and audited."""
    tdp = require(tdp=db.session.get(Tdp, tdp_id))
    with_ids = request.args.get("citizen_ids") == "1"
    if with_ids:
        require("rolls.citizen_ids", tdp)
        record(current_user, "roll.export_citizen_ids", "tdp", tdp.id, tdp_id=tdp.id, after={"tdp": tdp.number})
        db.session.commit()
    return send_bytes(documents.roll_xlsx(tdp, include_citizen_ids=with_ids), f"danh-sach-cu-tri-to-{tdp.number}.xlsx",
                      XLSX)
