"""The ward's elections and their rule sets."""

from __future__ import annotations

from fractions import Fraction
from types import SimpleNamespace

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from app.auth.permissions import can, permission
from app.core.forms import flash_csrf_error
from app.elections import schedule, services
from app.elections.forms import AddTdpsForm, EditElectionForm, ElectionForm, PasteForm, SingleStrikeForm, TableForm
from app.elections.models import DeputyMode, Election, ElectionRound
from app.elections.queries import elections_for_ward
from app.elections.services import ElectionEdit, ElectionError, NewElection
from app.extensions import db
from app.rules import SingleStrike, format_date, get_rule_set, preparation_deadlines
from app.wards.models import Ward

bp = Blueprint("elections", __name__, url_prefix="/elections", template_folder="templates")


@bp.route("/")
@permission("ward.view")
def index():
    """Every election of the user's ward with its rule set and round count."""
    elections = elections_for_ward(current_user.ward_id)
    counts = dict(db.session.execute(
        select(ElectionRound.election_id, func.count()).group_by(ElectionRound.election_id)
    ).all())
    return render_template("elections/index.html", elections=elections, counts=counts, get_rule_set=get_rule_set)


@bp.route("/<id:election_id>")
@permission("ward.view")
def show(election_id: int):
    """One election: its rule set's parameters and each visible TDP's round with preparation deadlines."""
    election = db.session.get(Election, election_id)
    if election is None or election.ward_id != current_user.ward_id:
        abort(404)
    rule_set = get_rule_set(election.rule_set_id)
    rounds = [r for r in sorted(election.rounds, key=lambda r: (r.tdp.number, r.number))
              if can(current_user, "tdp.view", r.tdp_id)]
    deadlines = {r.id: preparation_deadlines(r.vote_date, rule_set) for r in rounds}
    return render_template("elections/show.html", election=election, rule_set=rule_set, rounds=rounds,
                           deadlines=deadlines, history_only=rule_set.id != services.CURRENT_RULE_SET,
                           missing=services.missing_tdps(election), add_form=AddTdpsForm(formdata=None),
                           strike_form=SingleStrikeForm(formdata=None, single_strike=election.single_strike.value),
                           strike_labels=services.SINGLE_STRIKE_LABELS)


def _act_on_election(election_id: int, form, act, done):
    """A one-button form of the election page: CSRF checked, `act(election, form)` run (an ElectionError is
    flashed and nothing kept), committed, `done(election, result)` flashed; back to the election page."""
    election = _own_election(election_id)
    if not form.validate_on_submit():
        flash_csrf_error(form)
        return redirect(url_for(".show", election_id=election.id))
    try:
        result = act(election, form)
    except ElectionError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for(".show", election_id=election.id))
    db.session.commit()
    flash(done(election, result), "success")
    return redirect(url_for(".show", election_id=election.id))


@bp.route("/<id:election_id>/single-strike", methods=["POST"])
@permission("elections.manage")
def single_strike(election_id: int):
    """With a single candidate, whether a ballot that strikes the name is invalid or a valid ballot against:
    settable until the election's first real ballot is entered."""
    return _act_on_election(
        election_id, SingleStrikeForm(),
        lambda election, form: services.set_single_strike(current_user, election, form.single_strike.data),
        lambda election, _result: _("Đã lưu: tổ chỉ có một người ứng cử, phiếu gạch tên người đó %(label)s.",
                                    label=services.SINGLE_STRIKE_LABELS[election.single_strike]))


@bp.route("/<id:election_id>/add-tdps", methods=["POST"])
@permission("elections.manage")
def add_tdps(election_id: int):
    """Give every current TDP without a round in the election (added after it was created) its round on the
    election's default day, with its contests and plan tasks."""
    return _act_on_election(
        election_id, AddTdpsForm(),
        lambda election, _form: services.add_rounds(current_user, election, services.missing_tdps(election)),
        lambda _election, added: _("Đã thêm %(n)s tổ dân phố vào cuộc bầu cử; hãy đặt ngày, giờ, địa điểm ở bảng "
                                   "lịch bầu cử.", n=len(added)))


def _own_election(election_id: int) -> Election:
    election = db.session.get(Election, election_id)
    if election is None or election.ward_id != current_user.ward_id:
        abort(404)
    return election


def _attach(form, error: ElectionError, default: str):
    target = getattr(form, error.field or default, None) or getattr(form, default)
    target.errors = [*target.errors, error.message]


@bp.route("/new", methods=["GET", "POST"])
@permission("elections.manage")
def new():
    """Create an election: one round per TDP on the default day with the contests its rule set asks for, and
    the plan from the chosen template. An older rule set needs the history box ticked."""
    form = ElectionForm()
    if not form.validate_on_submit():
        return render_template("elections/new.html", form=form), 422 if form.errors else 200
    data = NewElection(rule_set_id=form.rule_set.data, vote_date=form.vote_date.parsed, starts_at=form.starts_at.parsed,
                       term_label=form.term_label.data or "", term_years=Fraction(form.term_years.data),
                       name=form.name.data or "", place=form.place.data or "",
                       deputy_seats=form.deputy_seats.data if form.deputy_seats.data is not None else 1,
                       plan_template=form.plan_template.data or None, history_ack=form.history_ack.data,
                       single_strike=SingleStrike(form.single_strike.data))
    ward = db.session.get(Ward, current_user.ward_id)
    try:
        election = services.create_election(current_user, ward, data)
    except ElectionError as error:
        db.session.rollback()
        _attach(form, error, "rule_set")
        return render_template("elections/new.html", form=form), 422
    db.session.commit()
    flash(_("Đã tạo cuộc bầu cử nhiệm kỳ %(term)s cho %(n)s tổ dân phố. Hãy đặt ngày, giờ, địa điểm của từng tổ.",
            term=election.term_label, n=len(election.rounds)), "success")
    return redirect(url_for(".schedule_table", election_id=election.id))


@bp.route("/<id:election_id>/edit", methods=["GET", "POST"])
@permission("elections.manage")
def edit(election_id: int):
    """Rename the election, change its term or default day while no TDP has posted its candidate list."""
    election = _own_election(election_id)
    form = EditElectionForm(obj=None if request.method == "POST" else _edit_values(election))
    if not form.validate_on_submit():
        return render_template("elections/edit.html", form=form, election=election), 422 if form.errors else 200
    try:
        moved = services.update_election(current_user, election, ElectionEdit(
            form.name.data or "", form.term_label.data, form.vote_date.parsed, form.starts_at.parsed))
    except ElectionError as error:
        db.session.rollback()
        _attach(form, error, "name")
        return render_template("elections/edit.html", form=form, election=election), 409
    db.session.commit()
    flash(_("Đã lưu cuộc bầu cử; %(n)s tổ theo ngày bầu chung mới.", n=moved), "success")
    return redirect(url_for(".show", election_id=election.id))


def _edit_values(election: Election):
    return SimpleNamespace(name=election.name, term_label=election.term_label,
                           vote_date=format_date(election.default_vote_date) if election.default_vote_date else "",
                           starts_at=f"{election.default_starts_at:%H:%M}" if election.default_starts_at else "")


def _schedule_page(election: Election, *, preview=None, paste_form=None, table_errors=None, values=None,
                   status: int = 200):
    rounds = schedule.first_rounds(election)
    posted = schedule.posted_on(r.id for r in rounds)
    return render_template("elections/schedule.html", election=election, rounds=rounds, posted=posted,
                           rule_set=get_rule_set(election.rule_set_id), preview=preview,
                           paste_form=paste_form or PasteForm(), table_form=TableForm(),
                           table_errors=table_errors or {}, values=values or {},
                           elected=election.deputy_mode is DeputyMode.ELECTED,
                           seats=schedule.current_deputy_seats), status


@bp.route("/<id:election_id>/schedule", methods=["GET", "POST"])
@permission("elections.manage")
def schedule_table(election_id: int):
    """Every TDP's day, time, venue (and elected deputies) in one table; saved all together or not at all."""
    election = _own_election(election_id)
    if request.method == "GET":
        return _schedule_page(election)
    form = TableForm()
    if not form.validate_on_submit():
        flash_csrf_error(form)
        return _schedule_page(election, status=400)
    rows = schedule.table_rows(election, request.form)
    preview = schedule.check_rows(election, rows)
    try:
        changed = schedule.apply_schedule(current_user, election, preview)
    except ElectionError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _schedule_page(election, table_errors=_table_errors(election, preview), values=request.form,
                              status=422)
    db.session.commit()
    flash(_("Đã lưu lịch bầu cử: %(n)s tổ thay đổi; hạn trong kế hoạch đã được tính lại.", n=changed), "success")
    return redirect(url_for(".schedule_table", election_id=election.id))


def _table_errors(election: Election, preview) -> dict[int, list[str]]:
    """Round id → messages, from the problems' table lines."""
    rounds = schedule.first_rounds(election)
    errors: dict[int, list[str]] = {}
    for p in preview.problems:
        errors.setdefault(rounds[p.line - 1].id, []).append(p.message)
    return errors


@bp.route("/<id:election_id>/schedule/paste", methods=["POST"])
@permission("elections.manage")
def schedule_paste(election_id: int):
    """Rows pasted from Excel ("TDP<TAB>day<TAB>time<TAB>venue"): "Kiểm tra" previews each row with its errors
    and writes nothing; "Áp dụng tất cả" writes every row in one transaction, or none when any row is wrong."""
    election = _own_election(election_id)
    form = PasteForm()
    if not form.validate_on_submit():
        flash_csrf_error(form)
        return _schedule_page(election, paste_form=form, status=422)
    rows, _header = schedule.rows_from_text(form.text.data)
    preview = schedule.check_rows(election, rows)
    if not form.apply.data or not preview.can_apply:
        db.session.rollback()
        return _schedule_page(election, preview=preview, paste_form=form,
                              status=200 if preview.can_apply else 422)
    try:
        changed = schedule.apply_schedule(current_user, election, preview)
    except ElectionError as error:
        db.session.rollback()
        form.text.errors = [*form.text.errors, error.message]
        return _schedule_page(election, preview=preview, paste_form=form, status=422)
    db.session.commit()
    flash(_("Đã áp dụng lịch bầu cử: %(n)s tổ thay đổi; hạn trong kế hoạch đã được tính lại.", n=changed), "success")
    return redirect(url_for(".schedule_table", election_id=election.id))
