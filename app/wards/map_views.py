"""Merge two TDPs and split one in two on the web (ward admin): a form, a preview of every household that moves
and every suspected duplicate, then a confirmation that applies exactly what was previewed."""

from __future__ import annotations

import hashlib

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from app.auth.permissions import permission, require
from app.core.forms import flash_csrf_error
from app.core.time import local_today
from app.extensions import db
from app.rolls.queries import sorted_households
from app.rules import format_date
from app.wards.forms import MergeForm, SplitForm
from app.wards.merge import check_merge, merge_tdps
from app.wards.models import Tdp
from app.wards.services import WardError
from app.wards.split import SplitInput, check_split, plan_split, split_tdp
from app.wards.views import bp


def _digest(*parts) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def _current_tdps() -> list[Tdp]:
    return list(db.session.scalars(select(Tdp).where(Tdp.ward_id == current_user.ward_id,
                                                     Tdp.dissolved_on.is_(None)).order_by(Tdp.number)))


def _attach(form, error: WardError, default: str) -> None:
    target = form[error.field] if error.field in form else form[default]
    target.errors = [*target.errors, error.message]


@bp.route("/ward/tdps/merge", methods=["GET", "POST"])
@permission("wards.manage")
def merge():
    """Nhập tổ dân phố: choose the receiving TDP, the absorbed one, the decision and the day; the preview lists
    the households that move and those present in both (kept once); the confirmation applies that preview only
    (the absorbed TDP is then dissolved). Refused with the reason while either TDP is in an election under way."""
    tdps = _current_tdps()
    form = MergeForm()
    form.into.choices = form.absorbed.choices = [SelectChoice(t.id, t.name) for t in tdps]
    if request.method == "GET":
        form.effective_on.data = format_date(local_today())
        return render_template("wards/merge.html", form=form, plan=None)
    if not form.validate_on_submit():
        flash_csrf_error(form)
        return render_template("wards/merge.html", form=form, plan=None), 422
    by_id = {t.id: t for t in tdps}
    into, absorbed = by_id[form.into.data], by_id[form.absorbed.data]
    try:
        decision, plan = check_merge(into, absorbed, effective_on=form.effective_on.parsed,
                                     decision=form.decision.data)
    except WardError as error:
        _attach(form, error, "absorbed")
        return render_template("wards/merge.html", form=form, plan=None), 422
    digest = _digest(into.id, absorbed.id, decision, form.effective_on.parsed, [h.id for h in plan.moved],
                     [(d.absorbed.id, d.kept.id) for d in plan.duplicates])
    if not form.confirm.data or form.digest.data != digest:
        if form.confirm.data:
            flash(_("Danh sách hộ đã thay đổi từ lúc xem trước. Hãy xem lại rồi xác nhận."), "warning")
        form.digest.data = digest
        return render_template("wards/merge.html", form=form, plan=plan, into=into, absorbed=absorbed)
    try:
        merge_tdps(current_user, into, absorbed, effective_on=form.effective_on.parsed, decision=decision)
    except WardError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for(".merge"))
    db.session.commit()
    flash(_("Đã nhập %(absorbed)s vào %(into)s: %(n)s hộ chuyển sang, %(d)s hộ trùng được giữ một lần.",
            absorbed=absorbed.name, into=into.name, n=len(plan.moved), d=len(plan.duplicates)), "success")
    return redirect(url_for(".tdps"))


@bp.route("/ward/tdps/<id:tdp_id>/split", methods=["GET", "POST"])
@permission("wards.manage")
def split(tdp_id: int):
    """Tách tổ dân phố: the new TDP's number and name, the decision and the day, and the households that move
    (codes, ranges or ticked boxes); the preview lists them, the codes that match nothing and the households
    that seem listed twice; the confirmation applies that preview only."""
    source = require(tdp=db.session.get(Tdp, tdp_id))
    if source.dissolved:
        abort(404)
    households = sorted_households(source.id)
    form = SplitForm()
    if request.method == "GET":
        form.effective_on.data = format_date(local_today())
        return _split_page(source, households, form, None, set())
    ticked = {int(v) for v in request.form.getlist("household")[:10_000] if v.isdigit()}
    if not form.validate_on_submit():
        flash_csrf_error(form)
        return _split_page(source, households, form, None, ticked, 422)
    plan = plan_split(source, form.codes.data or "", sorted(ticked))
    data = SplitInput(form.number.data, form.name.data or "", form.effective_on.parsed, form.decision.data,
                      form.party_cell_name.data or "", form.front_committee_name.data or "")
    try:
        check_split(source, data, plan)
    except WardError as error:
        _attach(form, error, "codes")
        return _split_page(source, households, form, plan, ticked, 422)
    digest = _digest(source.id, data, [h.id for h in plan.moving], [(a.id, b.id) for a, b in plan.duplicates])
    if not form.confirm.data or form.digest.data != digest:
        if form.confirm.data:
            flash(_("Danh sách hộ đã thay đổi từ lúc xem trước. Hãy xem lại rồi xác nhận."), "warning")
        form.digest.data = digest
        return _split_page(source, households, form, plan, ticked)
    try:
        new = split_tdp(current_user, source, data, plan)
    except WardError as error:
        db.session.rollback()
        _attach(form, error, "codes")
        return _split_page(source, households, form, None, ticked, 422)
    db.session.commit()
    flash(_("Đã tách %(n)s hộ của %(source)s sang %(new)s.", n=len(plan.moving), source=source.name, new=new.name),
          "success")
    return redirect(url_for(".tdps"))


def _split_page(source: Tdp, households, form: SplitForm, plan, ticked: set[int], status: int = 200):
    return render_template("wards/split.html", tdp=source, households=households, form=form, plan=plan,
                           ticked=ticked, previewed=plan is not None and not any(form.errors.values())), status
