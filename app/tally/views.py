"""The count pages: setup and zero report, keyboard ballot entry, bundles and show of hands,
differences, reconciliation and result, lock and unlock, re-run."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from app.auth.permissions import can, permission, require
from app.core.inputs import id_arg, json_id
from app.elections.models import Contest, ElectionRound
from app.elections.queries import elections_for_ward
from app.extensions import db
from app.printing import ledger as ballot_ledger
from app.printing.forms import LedgerForm
from app.printing.queries import contest_rows
from app.results.forms import OpenRerunForm  # the one re-run form (D30)
from app.rules import INVALID_REASON_LABELS, InvalidDate, InvalidReason, parse_date
from app.tally import corrections, entry, services, state
from app.tally.board import board_figures, board_version
from app.tally.board_setup import approvals_label, board_choices
from app.tally.errors import TallyError
from app.tally.forms import BundleForm, ReasonForm, RerunForm, ResolveForm, SetupForm, VoidForm
from app.tally.models import BundleKind, ContestTally, TallyStatus, VotingMethod
from app.tally.queries import bundles_of, pass_counts, tally_statuses
from app.tally.rehearsal import check_rehearsal
from app.tally.result import count_view
from ballots.payload import short_serial

bp = Blueprint("tally", __name__, url_prefix="/count", template_folder="templates")
_CONTEST_ROUND_TDP = [joinedload(Contest.round).joinedload(ElectionRound.tdp)]
#: The board's figures also read the election (its rule set): in the same query, not a lazy load per poll.
_CONTEST_ROUND_TDP_ELECTION = [joinedload(Contest.round).joinedload(ElectionRound.tdp),
                               joinedload(Contest.round).joinedload(ElectionRound.election)]
CLERK_KEYS = {"S": InvalidReason.NO_STAMP.value, "V": InvalidReason.ADDED_WRITING.value,
              "M": InvalidReason.NOT_OFFICIAL.value}


def _contest(contest_id: int, options=_CONTEST_ROUND_TDP) -> Contest:
    """The contest, if the current user may do the view's action on its TDP (404 / 403 otherwise)."""
    # One query for the contest, its round and its TDP, which every view here reads at once.
    contest = db.session.get(Contest, contest_id, options=options) or abort(404)
    require(tdp=contest.round.tdp)
    return contest


#: The save path's contest with its round, TDP, election (the single-candidate setting) and count in one
#: query, built once: the hot path of every ballot (issue 15).
_CONTEST_FOR_ENTRY = (select(Contest, ContestTally)
                      .outerjoin(ContestTally, ContestTally.contest_id == Contest.id)
                      .options(joinedload(Contest.round).joinedload(ElectionRound.tdp),
                               joinedload(Contest.round).joinedload(ElectionRound.election))
                      .where(Contest.id == bindparam("contest_id")))


def _contest_for_entry(contest_id: int) -> tuple[Contest, ContestTally | None]:
    """_contest() and the contest's count (None if never opened), in one query."""
    row = db.session.execute(_CONTEST_FOR_ENTRY, {"contest_id": contest_id}).first() or abort(404)
    require(tdp=row[0].round.tdp)
    return row[0], row[1]


@bp.route("/")
@permission("ward.view")
def index():
    """Every contest the user may see, with the state of its count."""
    elections = elections_for_ward(current_user.ward_id)
    rows = contest_rows(current_user, elections[0]) if elections else []
    return render_template("tally/index.html", rows=rows, statuses=tally_statuses([r.contest.id for r in rows]))


@bp.route("/contest/<id:contest_id>")
@permission("tdp.view")
def contest(contest_id: int):
    """The count of one contest: totals, reconciliation, differences, result, and the actions."""
    return _render_contest(_contest(contest_id))


def _render_contest(contest: Contest, ledger_form: LedgerForm | None = None, status: int = 200):
    view = count_view(contest)
    can_see_entries = can(current_user, "tally.entries", contest.round.tdp_id)
    if can_see_entries and view.differences and request.method == "GET":
        entry.record_entries_read(current_user, contest, "differences", len(view.differences))
        db.session.commit()
    ledger = ballot_ledger.view(contest)
    return render_template("tally/contest.html", view=view, labels=INVALID_REASON_LABELS, can_see_entries=can_see_entries,
                           resolve_form=ResolveForm(), reason_form=ReasonForm(),
                           rerun_form=OpenRerunForm(formdata=None, data={"kind": "no_winner"}),
                           tdp_id=contest.round.tdp_id, needs_rerun=services.needs_rerun(contest.round),
                           rehearsal_check=check_rehearsal(contest), recognition=state.recognition_of(contest),
                           decision_label=state.decision_label, ledger=ledger,
                           ledger_form=ledger_form or LedgerForm(obj=ledger.ledger)), status


@bp.route("/contest/<id:contest_id>/ledger", methods=["POST"])
@permission("printing.ledger")
def ledger(contest_id: int):
    """The ballot ledger kept from the count page (D8): saved, with one warning while the figures disagree."""
    contest = _contest(contest_id)
    if state.tally_for(contest).status is TallyStatus.FINAL:
        flash(_("Kết quả đã chốt; sổ theo dõi phiếu không sửa được nữa."), "error")
        return redirect(url_for("tally.contest", contest_id=contest.id))
    form = LedgerForm()
    if not form.validate_on_submit():
        return _render_contest(contest, ledger_form=form, status=422)
    try:
        ballot_ledger.update_ledger(current_user, contest, {f: getattr(form, f).data for f in ballot_ledger.FIELDS})
    except ballot_ledger.LedgerError as error:
        db.session.rollback()
        getattr(form, error.field).errors.append(error.message)
        return _render_contest(contest, ledger_form=form, status=422)
    db.session.commit()
    if count_view(contest).blocking:
        flash(_("Đã lưu sổ theo dõi phiếu. Số liệu chưa khớp: xem mục “Đối chiếu” và làm theo cột “Cần làm”."), "warning")
    else:
        flash(_("Đã lưu sổ theo dõi phiếu; số phiếu khớp."), "success")
    return redirect(url_for("tally.contest", contest_id=contest.id) + "#ledger")


@bp.route("/contest/<id:contest_id>/setup", methods=["GET", "POST"])
@permission("tally.setup")
def setup(contest_id: int):
    """Method, board, witnesses and double entry; then the zero report opens entry."""
    contest = _contest(contest_id)
    tally = state.tally_for(contest)
    choices = board_choices(contest)
    # Until the board is saved, it is prefilled from the election team already entered (D37).
    prefilled = not (tally.board or {}).get("head")
    board = tally.board if not prefilled else {
        "head": choices.head, "secretary": choices.secretary, "members": choices.members}
    form = SetupForm(data={"method": tally.method.value, "approvals": tally.method_approvals,
                           "double_entry": tally.double_entry, "stack_size": tally.stack_size, "head": board.get("head"),
                           "secretary": board.get("secretary"), "members": ", ".join(board.get("members", [])),
                           "witness1": (board.get("witnesses") or [None])[0],
                           "witness2": (board.get("witnesses") or [None, None])[1] if len(board.get("witnesses", [])) > 1 else None,
                           "place": tally.counting_place or contest.round.place} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            state.configure(current_user, contest, method=VotingMethod(form.method.data), approvals=form.approvals.data,
                            double_entry=form.double_entry.data, place=form.place.data or "",
                            stack_size=form.stack_size.data,
                            board={"head": form.head.data, "secretary": form.secretary.data,
                                   "members": (form.members.data or "").split(","),
                                   "witnesses": [form.witness1.data, form.witness2.data]})
        except TallyError as error:
            db.session.rollback()
            (form.stack_size if error.code.startswith("stack_size") else form.method).errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Đã lưu thông tin kiểm phiếu."), "success")
            return redirect(url_for("tally.contest", contest_id=contest.id))
    form.approvals.label.text = approvals_label(contest)
    for name, names in (("head", "team-names"), ("secretary", "team-names"), ("witness1", "witness-names"),
                        ("witness2", "witness-names")):
        getattr(form, name).render_kw = {"list": names, "autocomplete": "off"}
    return render_template("tally/setup.html", contest=contest, form=form, tally=tally, choices=choices, prefilled=prefilled,
                           view=count_view(contest))


@bp.route("/contest/<id:contest_id>/zero-report", methods=["POST"])
@permission("tally.setup")
def zero_report(contest_id: int):
    """The witnesses signed the printed zero report: ballot entry opens."""
    contest = _contest(contest_id)
    return _act(contest, lambda: state.sign_zero_report(current_user, contest), _("Đã lập biên bản kiểm tra hòm phiếu; bắt đầu nhập phiếu."))


@bp.route("/contest/<id:contest_id>/rehearsal", methods=["POST"])
@permission("tally.setup")
def rehearsal(contest_id: int):
    """Start or end a rehearsal count with the test ballots of the rehearsal deck."""
    contest = _contest(contest_id)
    on = request.form.get("on") == "1"
    return _act(contest, lambda: state.set_rehearsal(current_user, contest, on),
                _("Bắt đầu tập dượt: chỉ nhận phiếu thử.") if on else _("Đã kết thúc tập dượt."))


@bp.route("/contest/<id:contest_id>/board")
@permission("tdp.view")
def board(contest_id: int):
    """The projector screen: large type, refreshed every second and a half without reloading."""
    contest = _contest(contest_id)
    return render_template("tally/board.html", view=count_view(contest))


@bp.route("/contest/<id:contest_id>/board.json")
@permission("tdp.view")
def board_json(contest_id: int):
    """The board's figures, with an ETag: a board that already shows them gets 304 and no body, and the figures
    are not computed for it (the tag is the board's version, two indexed statements). `no-cache` makes the
    browser ask every time (with If-None-Match), so the board never shows stale figures."""
    contest = _contest(contest_id, _CONTEST_ROUND_TDP_ELECTION)
    version = board_version(contest)  # before the figures: see board_version
    if version.tag in request.if_none_match:
        response = make_response("", 304)
    else:
        response = jsonify(board_figures(contest, version))
    response.set_etag(version.tag)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/contest/<id:contest_id>/enter")
@permission("tally.enter")
def enter(contest_id: int):
    """Keyboard-first entry: scan, number keys toggle names, S/V/M mark an invalid reason, Enter saves."""
    contest = _contest(contest_id)
    view = count_view(contest)
    pass_no = request.args.get("pass", 1, type=id_arg)
    entered, valid = pass_counts(contest.id, view.tally.rehearsal, pass_no)
    return render_template("tally/enter.html", view=view, pass_no=pass_no, clerk_keys=CLERK_KEYS,
                           labels=INVALID_REASON_LABELS, entered=entered, valid=valid, void_form=VoidForm(),
                           tdp_id=contest.round.tdp_id)


@bp.route("/contest/<id:contest_id>/check", methods=["POST"])
@permission("tally.enter")
def check(contest_id: int):
    """Look at a scanned code before marking: would it be accepted? Same refusals as saving."""
    contest = _contest(contest_id)
    body = request.get_json(silent=True) or {}
    try:
        serial, typed = entry.precheck(contest, str(body.get("payload", ""))[:512], json_id(body.get("pass", 1)))
    except TallyError as error:
        db.session.rollback()
        return jsonify(ok=False, code=error.code, message=error.message), error.status
    except (TypeError, ValueError):
        return jsonify(ok=False, code="bad_request", message=_("Yêu cầu không hợp lệ.")), 422
    return jsonify(ok=True, serial=short_serial(serial), typed=typed)


@bp.route("/contest/<id:contest_id>/ballots", methods=["POST"])
@permission("tally.enter")
def save_ballot(contest_id: int):
    """Save one ballot: {"payload", "kept": [person ids], "invalid_reason", "pass", "typed_reason"}; answers the
    new totals and the ballot's printed serial. The one request the entry page sends per ballot (issue 15): it
    refuses with the same codes as /check (already_counted 409; forged, other TDP, test ballot, not open,
    locked 422), and a typed code without a reason with `typed_reason_required`."""
    contest, tally = _contest_for_entry(contest_id)
    body = request.get_json(silent=True) or {}
    try:
        saved = entry.enter_ballot(current_user, contest, str(body.get("payload", ""))[:512],
                                   kept=body.get("kept") or [], invalid_reason=body.get("invalid_reason") or None,
                                   pass_no=json_id(body.get("pass", 1)),
                                   typed_reason=str(body.get("typed_reason") or "")[:255], tally=tally)
    except TallyError as error:
        db.session.rollback()
        return jsonify(ok=False, code=error.code, message=error.message), error.status
    except (TypeError, ValueError):
        db.session.rollback()
        return jsonify(ok=False, code="bad_request", message=_("Yêu cầu không hợp lệ.")), 422
    # The totals: on PostgreSQL in the save's transaction (one round trip fewer than a new one after the
    # commit); on SQLite after the commit, as a read that does not keep the one writer's lock from the next
    # clerk. Nothing else runs between the save and the commit (issue 15).
    in_transaction = db.session.get_bind().dialect.name != "sqlite"
    if in_transaction:
        totals = pass_counts(saved.contest_id, saved.test, saved.pass_no)
    db.session.commit()
    if not in_transaction:
        totals = pass_counts(saved.contest_id, saved.test, saved.pass_no)
    place = {"stack": saved.stack_no, "position": saved.stack_pos} if saved.stack_no else None
    message = (_("Đã lưu phiếu.") if not saved.invalid_reason
               else _("Đã lưu: phiếu không hợp lệ (%(r)s).", r=INVALID_REASON_LABELS[InvalidReason(saved.invalid_reason)]))
    if place:  # the comparison audit finds the paper by where it was laid
        message += " " + _("Đặt phiếu vào xấp %(s)d, vị trí %(p)d.", s=place["stack"], p=place["position"])
    answer = dict(ok=True, entry=saved.id, serial=short_serial(saved.serial), invalid=saved.invalid_reason,
                  message=message, place=place, totals={"returned": totals[0], "valid": totals[1]})
    return jsonify(answer)


@bp.route("/contest/<id:contest_id>/undo", methods=["POST"])
@permission("tally.enter")
def undo(contest_id: int):
    """Hoàn tác phiếu vừa nhập (Ctrl+Z): the clerk's own latest ballot in this pass; answers the new totals."""
    contest = _contest(contest_id)
    body = request.get_json(silent=True) or {}
    try:
        undone = corrections.undo_last(current_user, contest, json_id(body.get("pass", 1)),
                                       str(body.get("reason") or "")[:255])
    except TallyError as error:
        db.session.rollback()
        return jsonify(ok=False, code=error.code, message=error.message), error.status
    except (TypeError, ValueError):
        return jsonify(ok=False, code="bad_request", message=_("Yêu cầu không hợp lệ.")), 422
    db.session.commit()
    entered, valid = pass_counts(contest.id, undone.test, undone.pass_no)
    return jsonify(ok=True, message=_("Đã hoàn tác phiếu vừa nhập; hãy nhập lại phiếu đó."),
                   totals={"returned": entered, "valid": valid})


@bp.route("/contest/<id:contest_id>/void", methods=["POST"])
@permission("tally.correct")
def void(contest_id: int):
    """Hủy một phiếu đã nhập: the board's head re-scans the ballot or types its code, with a reason."""
    contest = _contest(contest_id)
    form = VoidForm()
    if not form.validate_on_submit():
        flash(_("Hãy quét lại mã QR của phiếu (hoặc gõ mã phiếu in cạnh mã QR) và ghi lý do hủy."), "error")
    else:
        try:
            corrections.void_entry(current_user, contest, form.code.data, form.reason.data)
        except TallyError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Đã hủy phiếu đã nhập; số liệu đã cập nhật. Có thể nhập lại phiếu này."), "success")
    return redirect(url_for("tally.enter", contest_id=contest.id))


@bp.route("/contest/<id:contest_id>/bundle", methods=["GET", "POST"])
@permission("tally.enter")
def bundle(contest_id: int):
    """A bundle counted by hand, or the show-of-hands result, with its control total."""
    contest = _contest(contest_id)
    view = count_view(contest)
    form = BundleForm()
    hands = view.tally.method is VotingMethod.SHOW_OF_HANDS
    if form.validate_on_submit():
        try:
            votes = {c.person_id: request.form.get(f"votes-{c.person_id}", 0, type=int) for c in view.candidates}
            invalid = {} if hands else {r.value: request.form.get(f"invalid-{r.value}", 0, type=int)
                                        for r in InvalidReason if request.form.get(f"invalid-{r.value}", 0, type=int)}
            entry.enter_bundle(current_user, contest, [c.person_id for c in view.candidates],
                               kind=BundleKind.SHOW_OF_HANDS if hands else BundleKind.BUNDLE,
                               bundle_no=form.bundle_no.data, ballots=form.ballots.data, votes=votes,
                               invalid=invalid, pass_no=form.pass_no.data)
        except TallyError as error:
            db.session.rollback()
            form.ballots.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Đã lưu xấp phiếu số %(n)s.", n=form.bundle_no.data), "success")
            return redirect(url_for("tally.bundle", contest_id=contest.id))
    return render_template("tally/bundle.html", view=view, form=form, hands=hands, reasons=list(InvalidReason),
                           labels=INVALID_REASON_LABELS, bundles=bundles_of(contest.id)), \
        200 if request.method == "GET" or not form.errors else 422


@bp.route("/contest/<id:contest_id>/bundle/<id:bundle_id>/delete", methods=["POST"])
@permission("tally.correct")
def delete_bundle(contest_id: int, bundle_id: int):
    """Remove a bundle entered wrongly (with a reason), so it can be entered again (the board's head)."""
    contest = _contest(contest_id)
    try:
        entry.delete_bundle(current_user, contest, bundle_id, request.form.get("reason", ""))
    except TallyError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("Đã xóa xấp phiếu; có thể nhập lại."), "success")
    return redirect(url_for("tally.bundle", contest_id=contest.id))


@bp.route("/contest/<id:contest_id>/resolve", methods=["POST"])
@permission("tally.resolve")
def resolve(contest_id: int):
    """The board's head rules on a difference between the two entry passes."""
    contest = _contest(contest_id)
    form = ResolveForm()
    if not form.validate_on_submit():
        flash(_("Hãy chọn lượt đúng và ghi nhận xét."), "error")
        return redirect(url_for("tally.contest", contest_id=contest.id))
    return _act(contest, lambda: services.resolve(current_user, contest, form.item.data, int(form.chosen_pass.data),
                                                  form.note.data), _("Đã xử lý chênh lệch."))


@bp.route("/contest/<id:contest_id>/finalize", methods=["POST"])
@permission("tally.lock")
def finalize(contest_id: int):
    """Lock the result: only the head of the TDP's counting board (Trưởng ban kiểm phiếu)."""
    contest = _contest(contest_id)
    return _act(contest, lambda: services.finalize(current_user, contest), _("Đã chốt kết quả; số liệu đã khóa."))


@bp.route("/contest/<id:contest_id>/unlock", methods=["POST"])
@permission("tally.unlock")
def unlock(contest_id: int):
    contest = _contest(contest_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(_("Hãy ghi lý do mở khóa."), "error")
        return redirect(url_for("tally.contest", contest_id=contest.id))
    return _act(contest, lambda: state.unlock(current_user, contest, form.reason.data, form.confirm.data or ""),
                _("Đã mở khóa kết quả."))


@bp.route("/contest/<id:contest_id>/rerun", methods=["POST"])
@permission("elections.rerun")
def rerun(contest_id: int):
    contest = _contest(contest_id)
    form = RerunForm()
    try:
        vote_date = parse_date(form.vote_date.data or "")
    except InvalidDate as error:
        flash(error.message, "error")
        return redirect(url_for("tally.contest", contest_id=contest.id))
    return _act(contest, lambda: services.open_rerun(current_user, contest.round, vote_date, form.place.data or ""),
                _("Đã mở vòng bầu lại; hãy lập danh sách người ứng cử và in phiếu mới."))


def _act(contest: Contest, action, success: str):
    try:
        action()
    except TallyError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(success, "success")
    return redirect(url_for("tally.contest", contest_id=contest.id))
