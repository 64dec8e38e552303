"""Candidate pages: the rounds to prepare, a contest's list (nominate, publish, print), the oversight table.

Vetting and consultation pages live in vetting_views.py, the election team in team_views.py (same blueprint).
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import can, permission, require
from app.candidates import queries, services
from app.candidates.forms import NominateForm, PublishForm, ReasonForm, SyncForm
from app.candidates.labels import template_labels
from app.candidates.list_pdf import list_pdf
from app.candidates.models import Candidate, NominationSource
from app.candidates.publishing import draft_list, notice_warnings
from app.core.downloads import send_bytes
from app.core.inputs import id_arg
from app.core.time import local_today
from app.elections.models import Contest, Election, ElectionRound, Position
from app.extensions import db
from app.rolls.models import Gender
from app.rules import get_rule_set, preparation_deadlines

bp = Blueprint("candidates", __name__, url_prefix="/candidates", template_folder="templates")
bp.context_processor(template_labels)


def load_round(round_id: int) -> ElectionRound:
    """The round, if the current user may do the view's action on its TDP (404 / 403 otherwise)."""
    round_ = db.session.get(ElectionRound, round_id) or abort(404)
    require(tdp=round_.tdp)
    return round_


def load_contest(contest_id: int) -> Contest:
    contest = db.session.get(Contest, contest_id) or abort(404)
    require(tdp=contest.round.tdp)
    return contest


def load_candidate(candidate_id: int) -> Candidate:
    candidate = db.session.get(Candidate, candidate_id) or abort(404)
    require(tdp=candidate.contest.round.tdp)
    return candidate


def attach(form, error: services.CandidateError, default: str) -> None:
    """Show a service's refusal under the form field it concerns (or `default`)."""
    field = getattr(form, error.field, None) if error.field else None
    field = field if field is not None and hasattr(field, "errors") else getattr(form, default)
    field.errors = [*field.errors, error.message]
    if isinstance(error, services.ConfirmMatch):
        form.match_options = error.options


def person_choice(form, address: str = "") -> services.PersonChoice:
    parsed = getattr(form.birth, "parsed", None)
    return services.PersonChoice(form.household.data or None, form.full_name.data or "",
                                 Gender(form.gender.data) if form.gender.data else None,
                                 parsed if isinstance(parsed, date) else None,
                                 parsed if isinstance(parsed, int) else None, address, form.match.data or "")


@bp.route("/")
@permission("ward.view")
def index():
    """The rounds of the user's TDPs, each contest with how far its candidate list has come."""
    rounds = queries.rounds_in_scope(current_user)
    status = {s.contest.id: s for s in queries.statuses([c for r in rounds for c in r.contests])}
    return render_template("candidates/index.html", rounds=rounds, status=status)


@bp.route("/rounds/<id:round_id>")
@permission("tdp.view")
def round_page(round_id: int):
    """One round: its contests' lists and stages, the contests the rule set expects, the election team."""
    round_ = load_round(round_id)
    try:
        expected, problem = services.expected_contests(round_), None
    except services.CandidateError as error:
        expected, problem = {}, error.message
    actual = {c.position: c.seats for c in round_.contests}
    return render_template("candidates/round.html", round=round_, statuses=queries.statuses(list(round_.contests)),
                           team=queries.team(round_), mismatch=problem is None and expected != actual,
                           problem=problem, expected=expected, sync_form=SyncForm(),
                           writable=can(current_user, "candidates.manage", round_.tdp_id))


@bp.route("/rounds/<id:round_id>/contests", methods=["POST"])
@permission("candidates.manage")
def sync(round_id: int):
    """Create (or fix) the round's leader and deputy contests from the election's settings and rule set."""
    round_ = load_round(round_id)
    if SyncForm().validate_on_submit():
        try:
            services.sync_contests(current_user, round_)
        except services.CandidateError as error:
            db.session.rollback()
            flash(error.message, "error")
            return redirect(url_for("candidates.round_page", round_id=round_.id))
        db.session.commit()
        flash(_("Đã cập nhật các chức danh bầu của tổ."), "success")
    return redirect(url_for("candidates.round_page", round_id=round_.id))


def render_contest(contest: Contest, code: int = 200, **forms):
    rule_set = get_rule_set(contest.round.election.rule_set_id)
    nominate = forms.get("nominate") or NominateForm(prefix="nom", formdata=None)
    if not rule_set.nominations_at_meeting:
        nominate.source.choices = [c for c in nominate.source.choices if not NominationSource(c.value).at_meeting]
    return render_template(
        "candidates/contest.html", contest=contest, round=contest.round, rule_set=rule_set,
        status=queries.statuses([contest])[0], draft=draft_list(contest), warnings=notice_warnings(contest),
        deadlines=preparation_deadlines(contest.round.vote_date, rule_set), roster=queries.roster_options(
            contest.round.tdp_id), writable=can(current_user, "candidates.manage", contest.round.tdp_id), nominate=nominate,
        publish=forms.get("publish") or PublishForm(prefix="pub", formdata=None),
        unpublish=forms.get("unpublish") or ReasonForm(prefix="unpub", formdata=None),
        full=services.room_problem(contest)), code


@bp.route("/contests/<id:contest_id>")
@permission("tdp.view")
def contest_page(contest_id: int):
    """A contest's candidates in ballot order with their status, and the forms to nominate and publish."""
    return render_contest(load_contest(contest_id))


@bp.route("/contests/<id:contest_id>/nominate", methods=["POST"])
@permission("candidates.manage")
def nominate(contest_id: int):
    """Nominate a resident; a refusal (limit, team member, other position, rule set) shows under the field."""
    contest = load_contest(contest_id)
    form = NominateForm(prefix="nom")
    if not form.validate_on_submit():
        return render_contest(contest, 422, nominate=form)
    try:
        candidate = services.nominate(current_user, contest, person_choice(form, form.address.data or ""),
                                      NominationSource(form.source.data), form.proposer.data or "")
    except services.CandidateError as error:
        db.session.rollback()
        attach(form, error, "household")
        return render_contest(contest, 422, nominate=form)
    db.session.commit()
    flash(_("Đã đề cử %(name)s.", name=candidate.person.full_name), "success")
    if candidate.reused_note:
        flash(candidate.reused_note, "info")
    return redirect(url_for("candidates.contest_page", contest_id=contest.id))


@bp.route("/contests/<id:contest_id>/publish", methods=["POST"])
@permission("candidates.manage")
def publish(contest_id: int):
    """Approve and post the final list; late postings against the rule set warn but do not block."""
    contest = load_contest(contest_id)
    form = PublishForm(prefix="pub")
    if not form.validate_on_submit():
        return render_contest(contest, 422, publish=form)
    try:
        warnings = services.publish(current_user, contest, form.posted_on.parsed,
                                    getattr(form.notice_on, "parsed", None))
    except services.CandidateError as error:
        db.session.rollback()
        attach(form, error, "posted_on")
        return render_contest(contest, 422, publish=form)
    db.session.commit()
    flash(_("Đã phê duyệt và niêm yết danh sách người ứng cử."), "success")
    for warning in warnings:
        flash(warning.message, "warning")
    return redirect(url_for("candidates.contest_page", contest_id=contest.id))


@bp.route("/contests/<id:contest_id>/unpublish", methods=["POST"])
@permission("candidates.manage")
def unpublish(contest_id: int):
    """Take a posted list down (with a reason) so it can change; refused while ballots are printed."""
    contest = load_contest(contest_id)
    form = ReasonForm(prefix="unpub")
    if not form.validate_on_submit():
        return render_contest(contest, 422, unpublish=form)
    try:
        services.unpublish(current_user, contest, form.reason.data)
    except services.CandidateError as error:
        db.session.rollback()
        attach(form, error, "reason")
        return render_contest(contest, 422, unpublish=form)
    db.session.commit()
    flash(_("Đã hủy niêm yết danh sách."), "success")
    return redirect(url_for("candidates.contest_page", contest_id=contest.id))


@bp.route("/contests/<id:contest_id>/list.pdf")
@permission("tdp.view")
def list_pdf_view(contest_id: int):
    """The posted list as an official A4 document, names in Vietnamese order; 404 before it is posted."""
    contest = load_contest(contest_id)
    pdf = list_pdf(contest, local_today()) or abort(404)
    office = "to-truong" if contest.position is Position.LEADER else "to-pho"  # no English in file names (D21)
    return send_bytes(pdf, f"danh-sach-ung-cu-{office}-to-{contest.round.tdp.number}.pdf",
                      "application/pdf")


@bp.route("/oversight")
@permission("ward.view")
def oversight():
    """For the steering committee: every TDP's progress per contest, refused candidates and why, and
    TDPs with too few or too many candidates for the rule set."""
    election = db.session.get(Election, request.args.get("election", type=id_arg) or 0) \
        or queries.latest_election(current_user.ward_id)
    if election is None or election.ward_id != current_user.ward_id:
        abort(404)
    rows, refused = queries.oversight(current_user, election)
    rule_set = get_rule_set(election.rule_set_id)
    late = {}  # contest id → the posting deadline it missed (D27)
    for row in rows:
        posted = row.status.list_row.published_on if row.status.list_row else None
        due = preparation_deadlines(row.round.vote_date, rule_set).candidate_list
        if posted and posted > due:
            late[row.status.contest.id] = due
    return render_template("candidates/oversight.html", election=election, rows=rows, refused=refused,
                           rule_set=rule_set, late=late)


from app.candidates import team_views, vetting_views  # noqa: E402,F401  (routes on this blueprint)
