"""The household ballot round's pages: the failed meeting and its next step, the plan, the teams, their
closing, the round's close; the team lists, the minutes (PDF, .docx) and the plan's .ics."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from icalendar import Calendar, Event
from sqlalchemy import select

from app.attendance.services import electorate, quorum
from app.auth.permissions import permission, require
from app.candidates.models import ElectionTeamMember
from app.core.db import utcnow
from app.core.downloads import send_bytes
from app.core.time import local_today
from app.elections.models import ElectionRound
from app.extensions import db
from app.household import services
from app.household.forms import CloseTeamForm, FailureForm, IssueForm, OpenForm, RescheduleForm
from app.household.models import Recipients, RoundKind
from app.household.papers import minutes_paper, team_list_paper
from app.papers.docx_render import DOCX, render_docx
from app.papers.pdf_render import render_pdf
from app.rules import format_date

bp = Blueprint("household", __name__, url_prefix="/household", template_folder="templates")


class _NotYet(Exception):
    """The step needs a record (failure, round, team) that does not exist yet: back to the page."""


@bp.errorhandler(_NotYet)
def _not_yet(error):
    flash(str(error) or _("Chưa có đợt lấy ý kiến hộ gia đình cho lần bầu này."), "error")
    return redirect(url_for("household.page", round_id=request.view_args["round_id"]))


def _round(round_id: int) -> ElectionRound:
    round_ = db.session.get(ElectionRound, round_id) or abort(404)
    require(tdp=round_.tdp)
    return round_


def _hround(round_: ElectionRound):
    hround = services.household_round_of(round_)
    if hround is None:
        raise _NotYet
    return hround


def _team(hround, number: int | None):
    team = next((t for t in hround.teams if t.number == number), None)
    if team is None:
        raise _NotYet(_("Không có tổ thu phiếu số %(n)s.", n=number))
    return team


@bp.route("/round/<id:round_id>")
@permission("tdp.view")
def page(round_id: int, forms: dict | None = None):
    """The round's quorum, the failed meeting and its next step, the plan, the teams. Reads only."""
    round_ = _round(round_id)
    hround = services.household_round_of(round_)
    members = db.session.scalars(select(ElectionTeamMember).where(ElectionTeamMember.round_id == round_.id)).all()
    forms = forms or {}
    return render_template(
        "household/page.html", round=round_, q=quorum(round_), failure=services.failure_of(round_), hround=hround,
        sums=services.totals(hround) if hround else None, members=members,
        names={m.person_id: m.person.full_name for m in members},
        question=services.question_contest_of(round_),
        result=services.question_result(hround) if hround and hround.kind is RoundKind.QUESTION else None,
        failure_form=forms.get("failure") or FailureForm(), reschedule_form=forms.get("reschedule") or RescheduleForm(),
        open_form=forms.get("open") or OpenForm(), issue_form=forms.get("issue") or IssueForm(),
        close_form=forms.get("close") or CloseTeamForm())


def _refused(round_: ElectionRound, error: services.HouseholdError, key: str, form):
    db.session.rollback()
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "error")
    return page(round_.id, forms={key: form}), 422


def _done(round_: ElectionRound, message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("household.page", round_id=round_.id))


@bp.route("/round/<id:round_id>/failure", methods=["POST"])
@permission("household.manage")
def failure(round_id: int):
    """Record that the meeting did not reach more than half of the households."""
    round_ = _round(round_id)
    form = FailureForm()
    if not form.validate_on_submit():
        return page(round_.id, forms={"failure": form}), 422
    try:
        services.record_failure(current_user, round_, form.note.data or "")
    except services.HouseholdError as error:
        return _refused(round_, error, "failure", form)
    return _done(round_, _("Đã ghi nhận hội nghị không thành; hãy chọn bước tiếp theo."))


@bp.route("/round/<id:round_id>/reschedule", methods=["POST"])
@permission("household.manage")
def reschedule(round_id: int):
    """Next step: hold the meeting again."""
    round_ = _round(round_id)
    found = services.failure_of(round_)
    if found is None:
        raise _NotYet(_("Chưa ghi nhận hội nghị không thành."))
    form = RescheduleForm()
    if not form.validate_on_submit():
        return page(round_.id, forms={"reschedule": form}), 422
    try:
        services.reschedule(current_user, found, form.day.parsed)
    except services.HouseholdError as error:
        return _refused(round_, error, "reschedule", form)
    return _done(round_, _("Đã ghi ngày họp lại."))


@bp.route("/round/<id:round_id>/open", methods=["POST"])
@permission("household.manage")
def open_round(round_id: int):
    """Next step: open the household ballot round with its plan."""
    round_ = _round(round_id)
    form = OpenForm()
    if not form.validate_on_submit():
        return page(round_.id, forms={"open": form}), 422
    try:
        services.open_round(current_user, round_, kind=RoundKind(form.kind.data), start=form.start.parsed,
                            end=form.end.parsed, recipients=Recipients(form.recipients.data),
                            question=form.question.data or "", box_carrier=form.box_carrier.data or "")
    except services.HouseholdError as error:
        return _refused(round_, error, "open", form)
    return _done(round_, _("Đã mở đợt lấy ý kiến hộ gia đình bằng phiếu."))


@bp.route("/round/<id:round_id>/teams", methods=["POST"])
@permission("household.manage")
def add_team(round_id: int):
    """Form a collection team from the checked election-team members."""
    round_ = _round(round_id)
    hround = _hround(round_)
    members = [int(p) for p in request.form.getlist("members") if p.isdigit()]
    try:
        team = services.add_team(current_user, hround, members)
    except services.HouseholdError as error:
        db.session.rollback()
        flash(error.message, "error")
        return page(round_.id), 422
    return _done(round_, _("Đã lập tổ thu phiếu số %(n)s.", n=team.number))


@bp.route("/round/<id:round_id>/split", methods=["POST"])
@permission("household.manage")
def split(round_id: int):
    """Share the receiving households among the teams."""
    round_ = _round(round_id)
    hround = _hround(round_)
    try:
        services.split(current_user, hround)
    except services.HouseholdError as error:
        db.session.rollback()
        flash(error.message, "error")
        return page(round_.id), 422
    return _done(round_, _("Đã chia hộ cho các tổ thu phiếu."))


@bp.route("/round/<id:round_id>/issue", methods=["POST"])
@permission("household.manage")
def issue(round_id: int):
    """Issue counted stacks and the sealed box to a team."""
    round_ = _round(round_id)
    hround = _hround(round_)
    form = IssueForm()
    if not form.validate_on_submit():
        return page(round_.id, forms={"issue": form}), 422
    try:
        stacks = [int(n) for n in form.stacks.data.replace(";", ",").split(",") if n.strip()]
    except ValueError:
        form.stacks.errors = [_("Số phiếu mỗi xấp phải là số nguyên, cách nhau bằng dấu phẩy (ví dụ 50, 50, 20).")]
        return page(round_.id, forms={"issue": form}), 422
    try:
        services.issue(current_user, _team(hround, form.team.data), stacks, form.seal_start.data)
    except services.HouseholdError as error:
        return _refused(round_, error, "issue", form)
    return _done(round_, _("Đã giao phiếu cho tổ thu phiếu số %(n)s.", n=form.team.data))


@bp.route("/round/<id:round_id>/close-team", methods=["POST"])
@permission("household.manage")
def close_team(round_id: int):
    """Open a team's box before witnesses and reconcile its ballots."""
    round_ = _round(round_id)
    hround = _hround(round_)
    form = CloseTeamForm()
    if not form.validate_on_submit():
        return page(round_.id, forms={"close": form}), 422
    try:
        services.close_team(current_user, _team(hround, form.closing_team.data), delivered=form.delivered.data,
                            returned=form.returned.data, unused=form.unused.data, spoiled=form.spoiled.data,
                            seal_end=form.seal_end.data)
    except services.HouseholdError as error:
        return _refused(round_, error, "close", form)
    return _done(round_, _("Tổ thu phiếu số %(n)s đã đối chiếu xong.", n=form.closing_team.data))


@bp.route("/round/<id:round_id>/close", methods=["POST"])
@permission("household.manage")
def close(round_id: int):
    """Close the round once every team is reconciled."""
    round_ = _round(round_id)
    hround = _hround(round_)
    try:
        services.close_round(current_user, hround)
    except services.HouseholdError as error:
        db.session.rollback()
        flash(error.message, "error")
        return page(round_.id), 422
    return _done(round_, _("Đã kết thúc đợt lấy ý kiến hộ gia đình."))


@bp.route("/round/<id:round_id>/team.pdf")
@permission("tdp.view")
def team_pdf(round_id: int):
    """One team's delivery-and-return list (?team=N)."""
    round_ = _round(round_id)
    team = _team(_hround(round_), request.args.get("team", type=int))
    return send_bytes(render_pdf(team_list_paper(team, local_today())),
                      f"phat-thu-phieu-nhom-{team.number}-to-{round_.tdp.number}.pdf", "application/pdf")


def _minutes(round_id: int):
    round_ = _round(round_id)
    hround = _hround(round_)
    return round_, minutes_paper(hround, electorate(round_), local_today(),
                                 failed=services.failure_of(round_) is not None)


@bp.route("/round/<id:round_id>/minutes.pdf")
@permission("tdp.view")
def minutes_pdf(round_id: int):
    """The minutes in the household-ballot form, with the decision's deadline."""
    round_, paper = _minutes(round_id)
    return send_bytes(render_pdf(paper), f"bien-ban-lay-y-kien-ho-to-{round_.tdp.number}.pdf", "application/pdf")


@bp.route("/round/<id:round_id>/minutes.docx")
@permission("tdp.view")
def minutes_docx(round_id: int):
    """The same minutes as .docx."""
    round_, paper = _minutes(round_id)
    return send_bytes(render_docx(paper), f"bien-ban-lay-y-kien-ho-to-{round_.tdp.number}.docx", DOCX)


@bp.route("/round/<id:round_id>/plan.ics")
@permission("tdp.view")
def plan_ics(round_id: int):
    """The round's dates as a calendar: the collection period and the decision's deadline at the ward."""
    round_ = _round(round_id)
    hround = _hround(round_)
    cal = Calendar()
    cal.add("prodid", "-//Bau cu To dan pho//Lay y kien ho gia dinh//VI")
    cal.add("version", "2.0")
    for key, summary, start, end in (
            ("period", f"Tổ {round_.tdp.number}: thu phiếu lấy ý kiến hộ gia đình", hround.period_start,
             hround.period_end),
            ("decision", f"Tổ {round_.tdp.number}: hạn gửi kết quả lấy ý kiến hộ gia đình đến UBND và UBMTTQ phường",
             hround.decision_due, hround.decision_due)):
        event = Event()
        event.add("uid", f"household-{hround.id}-{key}@bau-cu-tdp")
        event.add("dtstamp", utcnow())
        event.add("dtstart", start)
        event.add("dtend", end + timedelta(days=1))
        event.add("summary", summary)
        event.add("description", f"Hạn: {format_date(end)}.")
        cal.add_component(event)
    return send_bytes(cal.to_ical(), f"lay-y-kien-ho-to-{round_.tdp.number}.ics", "text/calendar")
