"""The steering committee page, member and subcommittee forms, and "my TDPs" for a linked login."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from app.auth.models import User
from app.auth.permissions import can, permission
from app.committee import queries, services
from app.committee.forms import MemberForm, SubcommitteeForm
from app.committee.models import CommitteeMember, Subcommittee
from app.core.db import utcnow
from app.core.downloads import send_bytes
from app.extensions import db
from app.plan import ics, labels
from app.plan import queries as plan_queries
from app.plan.forms import ConfirmForm, DoneForm
from app.plan.models import ItemStatus
from app.plan.views import can_mark, today
from app.wards.models import Tdp

bp = Blueprint("committee", __name__, url_prefix="/committee", template_folder="templates")


def _member_or_404(member_id: int) -> CommitteeMember:
    member = db.session.get(CommitteeMember, member_id) or abort(404)
    if member.ward_id != current_user.ward_id:
        abort(404)
    return member


@bp.route("/")
@permission("ward.view")
def index():
    """Members with their subcommittees and TDPs; the ward admin also adds and removes them here."""
    return render_template("committee/index.html", members=queries.members(current_user.ward_id),
                           subcommittees=queries.subcommittees(current_user.ward_id),
                           sub_form=SubcommitteeForm(prefix="sub"), confirm_form=ConfirmForm(prefix="delete"),
                           admin=can(current_user, "committee.manage"))


def _fill(form: MemberForm) -> None:
    ward_id = current_user.ward_id
    form.subcommittees.choices = [SelectChoice(s.id, s.name) for s in queries.subcommittees(ward_id)]
    form.tdps.choices = [SelectChoice(t.id, t.name) for t in
                         db.session.scalars(select(Tdp).where(Tdp.ward_id == ward_id, Tdp.dissolved_on.is_(None))
                                              .order_by(Tdp.number))]
    users = db.session.scalars(select(User).where(User.ward_id == ward_id, User.active).order_by(User.username))
    form.user.choices = [SelectChoice(0, _("— không gắn —"))] + [
        SelectChoice(u.id, f"{u.username}{' — ' + u.full_name if u.full_name else ''}") for u in users]


@bp.route("/members/new", methods=["GET", "POST"])
@bp.route("/members/<id:member_id>/edit", methods=["GET", "POST"])
@permission("committee.manage")
def member_form(member_id: int | None = None):
    """Add or change a member: name, position, phone, subcommittees, TDPs followed, linked login."""
    member = _member_or_404(member_id) if member_id else None
    form = MemberForm(obj=member if request.method == "GET" else None)
    _fill(form)
    if request.method == "GET" and member is not None:
        form.subcommittees.data = [s.id for s in member.subcommittees]
        form.tdps.data = [t.id for t in member.tdps]
        form.user.data = member.user_id or 0
    if form.validate_on_submit():
        data = services.MemberInput(form.full_name.data, form.title.data or "", form.phone.data or "",
                                    form.subcommittees.data or [], form.tdps.data or [], form.user.data or None)
        try:
            member = services.save_member(current_user, current_user.ward_id, data, member)
        except services.CommitteeError as error:
            db.session.rollback()
            getattr(form, error.field or "full_name").errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Đã lưu thành viên %(name)s.", name=member.full_name), "success")
            return redirect(url_for(".index"))
    return render_template("committee/member_form.html", form=form, member=member), 422 if form.errors else 200


@bp.route("/members/<id:member_id>/delete", methods=["POST"])
@permission("committee.manage")
def delete_member(member_id: int):
    """Remove a member once the confirmation box is ticked."""
    member = _member_or_404(member_id)
    if not ConfirmForm(prefix="delete").validate_on_submit():
        flash(_("Hãy đánh dấu ô xác nhận trước khi xóa."), "error")
        return redirect(url_for(".member_form", member_id=member.id))
    name = member.full_name
    services.delete_member(current_user, member)
    db.session.commit()
    flash(_("Đã xóa thành viên %(name)s.", name=name), "success")
    return redirect(url_for(".index"))


@bp.route("/subcommittees", methods=["POST"])
@permission("committee.manage")
def add_subcommittee():
    form = SubcommitteeForm(prefix="sub")
    if form.validate_on_submit():
        try:
            services.add_subcommittee(current_user, current_user.ward_id, form.name.data, form.duty.data or "")
        except services.CommitteeError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Đã thêm tiểu ban %(name)s.", name=form.name.data.strip()), "success")
    else:
        flash(_("Hãy nhập tên tiểu ban."), "error")
    return redirect(url_for(".index"))


@bp.route("/subcommittees/<id:sub_id>/delete", methods=["POST"])
@permission("committee.manage")
def delete_subcommittee(sub_id: int):
    sub = db.session.get(Subcommittee, sub_id) or abort(404)
    if sub.ward_id != current_user.ward_id:
        abort(404)
    if not ConfirmForm(prefix="delete").validate_on_submit():
        flash(_("Hãy đánh dấu ô xác nhận trước khi xóa."), "error")
        return redirect(url_for(".index"))
    services.delete_subcommittee(current_user, sub)
    db.session.commit()
    flash(_("Đã xóa tiểu ban."), "success")
    return redirect(url_for(".index"))


def _my_tdps() -> tuple[CommitteeMember | None, list[Tdp]]:
    member = queries.member_for(current_user)
    if member is None:
        return None, []
    return member, [t for t in member.tdps if can(current_user, "tdp.view", t.id)]


@bp.route("/mine")
@permission("ward.view")
def mine():
    """The TDPs the logged-in member follows, with their open and overdue checklist rows."""
    member, tdps = _my_tdps()
    plan = plan_queries.current_plan(current_user.ward_id)
    day = today()
    rows, summary = [], []
    if plan is not None and tdps:
        ids = [t.id for t in tdps]
        rows = plan_queries.item_rows(current_user, plan.id, tdp_ids=ids, status=ItemStatus.OPEN)
        for tdp in tdps:
            own = [r for r in rows if r.tdp_id == tdp.id]
            summary.append((tdp, len(own), sum(1 for r in own if r.overdue_on(day)),
                            next((r.due_date for r in own if r.due_date and r.due_date >= day), None)))
    return render_template("committee/mine.html", member=member, tdps=tdps, plan=plan, rows=rows, summary=summary,
                           today=day, can_mark=can_mark, done_form=DoneForm())


@bp.route("/mine/calendar.ics")
@permission("ward.view")
def mine_calendar():
    """The deadlines of the member's TDPs as an .ics file for their own calendar."""
    member, tdps = _my_tdps()
    plan = plan_queries.current_plan(current_user.ward_id)
    if member is None or plan is None:
        abort(404)
    rows = plan_queries.item_rows(current_user, plan.id, tdp_ids=[t.id for t in tdps])
    data = ics.calendar_bytes(rows, title=f"{plan.title} — {member.full_name}", body_labels=labels.BODY_LABELS,
                              generated_at=utcnow(),
                              link_for=lambda item_id: url_for("plan.item", item_id=item_id, _external=True))
    return send_bytes(data, "ke-hoach-cac-to-phu-trach.ics", "text/calendar")
