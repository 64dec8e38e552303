"""Results pages: keys issued and package import (the ward's copy), pairing and package export (a TDP's laptop)."""

from __future__ import annotations

import json
from collections import defaultdict

from flask import Blueprint, abort, current_app, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.auth.permissions import can, permission, require
from app.core.db import utcnow
from app.core.downloads import send_bytes
from app.dashboard import queries
from app.dashboard.services import DEFAULT_RECOGNITION_DAYS, build, visible_tdps
from app.dashboard.stages import ResultState
from app.elections.models import Contest
from app.extensions import db
from app.results import packages, pairing
from app.results.copies import CopyRole, copy_role, parse_role
from app.results.copies import refusal as copy_refusal
from app.results.errors import ResultsError
from app.results.forms import ExportForm, ImportForm, IssueForm, PairForm, PaperForm
from app.results.models import KeyOrigin
from app.results.papers import check_paper
from app.wards.models import Tdp, Ward

bp = Blueprint("results", __name__, url_prefix="/results", template_folder="templates")
MAX_PACKAGE_BYTES = 1_000_000


@bp.record_once
def _check_copy_role(state) -> None:
    """A copy with a misspelt COPY_ROLE refuses to start rather than guess which copy it is."""
    parse_role(state.app.config.get("COPY_ROLE", CopyRole.WARD.value))


def recognition_days() -> int:
    return current_app.config.get("RECOGNITION_WORKING_DAYS", DEFAULT_RECOGNITION_DAYS)


def load_tdp(tdp_id: int) -> Tdp:
    """The TDP, if the current user may do the view's action on it (404 / 403 otherwise)."""
    return require(tdp=db.session.get(Tdp, tdp_id))


def _refuse_here(action: str):
    """A Vietnamese page saying why `action` does not exist on this copy, or None when it does."""
    reason = copy_refusal(action)
    if reason is None:
        return None
    return render_template("error.html", code=403, message=reason), 403


def _by_round(contests: list[queries.ContestRow]) -> list[tuple[int, object, list[queries.ContestRow]]]:
    """(round number, vote date, contests leader first), first round first."""
    numbers = sorted({c.round_number for c in contests})
    return [(n, next(c.vote_date for c in contests if c.round_number == n),
             sorted((c for c in contests if c.round_number == n), key=lambda c: c.position != "leader"))
            for n in numbers]


def _render_index(import_form=None, pair_form=None, status: int = 200):
    board = build([current_user.ward_id], visible_tdps(current_user), recognition_days=recognition_days())
    election = board.elections.get(current_user.ward_id)
    contests: dict[int, list[queries.ContestRow]] = defaultdict(list)
    for row in queries.contest_rows([election.id]) if election else []:
        contests[row.tdp_id].append(row)
    latest = {tdp_id: [c for c in cs if c.round_number == max(x.round_number for x in cs)]
              for tdp_id, cs in contests.items()}
    rounds = {tdp_id: _by_round(cs) for tdp_id, cs in contests.items()}  # earlier rounds kept (D29)
    role = copy_role()
    admin = can(current_user, "results.import") or can(current_user, "results.keys")
    laptop = role is CopyRole.LAPTOP
    return render_template("results/index.html", board=board, election=election, latest=latest, rounds=rounds,
                           received={tdp_id for tdp_id, cs in contests.items() if any(c.package for c in cs)},
                           keys=pairing.key_statuses([r.id for r in board.rows]), admin=admin, laptop=laptop,
                           ResultState=ResultState, KeyOrigin=KeyOrigin,
                           import_form=import_form or ImportForm(), pair_form=pair_form or PairForm(),
                           can_pair=can(current_user, "results.pair"),
                           exportable={r.id for r in board.rows if can(current_user, "results.export", r.id)},
                           export_form=ExportForm()), status


@bp.route("/")
@permission("ward.view")
def index():
    """Each TDP's latest contests with their result source; each results key's origin, fingerprint, who and
    when (never the key); on a ward copy the package import, on a TDP's laptop pairing and export."""
    return _render_index()


def _render_key(tdp: Tdp, form=None, status: int = 200):
    return render_template("results/key.html", tdp=tdp, status_=pairing.key_statuses([tdp.id]).get(tdp.id),
                           history=pairing.key_history(tdp.id), form=form or IssueForm(formdata=None),
                           can_issue=can(current_user, "results.keys", tdp.id),
                           KeyOrigin=KeyOrigin), status


@bp.route("/tdp/<id:tdp_id>/key")
@permission("tdp.view")
def key(tdp_id: int):
    """A TDP's key on this copy: origin, fingerprint, who and when, every earlier key and who replaced it;
    for the ward admin on the ward copy, the form that issues (or, confirmed, re-issues) the key."""
    return _render_key(load_tdp(tdp_id))


@bp.route("/tdp/<id:tdp_id>/key", methods=["POST"])
@permission("results.keys")
def issue_key(tdp_id: int):
    """Issue the TDP's results key and show its code this once (never stored in a cookie, never shown
    again). Replacing an existing key needs the confirmation box and revokes the old key."""
    if (refused := _refuse_here("issue")) is not None:
        return refused
    tdp = load_tdp(tdp_id)
    form = IssueForm()
    if not form.validate_on_submit():
        return _render_key(tdp, form, 422)
    try:
        code = pairing.issue_key(current_user, tdp, replace=form.confirm.data)
    except ResultsError as error:
        db.session.rollback()
        form.confirm.errors.append(error.message)
        return _render_key(tdp, form, error.status)
    db.session.commit()
    response = make_response(render_template("results/issued.html", tdp=tdp, code=code,
                                             status_=pairing.key_statuses([tdp.id])[tdp.id]))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/pair", methods=["POST"])
@permission("results.pair")
def pair():
    """On the TDP's laptop only: the election team (or ward admin) stores the results key the ward issued,
    typed in as its code. A ward copy refuses, so nobody can replace the key the ward issued."""
    if (refused := _refuse_here("pair")) is not None:
        return refused
    form = PairForm()
    if not form.validate_on_submit():
        return _render_index(pair_form=form, status=422)
    tdp = db.session.scalar(select(Tdp).where(Tdp.ward_id == current_user.ward_id, Tdp.number == form.tdp_number.data))
    if tdp is None or not can(current_user, "results.pair", tdp.id):
        form.tdp_number.errors.append(_("Không có tổ dân phố này trong phạm vi của bạn."))
        return _render_index(pair_form=form, status=422)
    try:
        pairing.pair(current_user, tdp, form.code.data)
    except ResultsError as error:
        db.session.rollback()
        form.code.errors.append(error.message)
        return _render_index(pair_form=form, status=error.status)
    db.session.commit()
    flash(_("Đã ghép nối máy này với phường cho %(tdp)s (mã đối chiếu %(fp)s): gói kết quả xuất từ máy này sẽ được ký.",
            tdp=tdp.name, fp=pairing.key_statuses([tdp.id])[tdp.id].fingerprint), "success")
    return redirect(url_for("results.index"))


@bp.route("/export/<id:contest_id>.json", methods=["POST"])
@permission("results.export")
def export(contest_id: int):
    """On the TDP's laptop only: the signed results package of a locked contest, as a JSON file to carry
    to the ward. A POST (CSRF-checked), as it signs and writes an audit record; GET answers 405."""
    if (refused := _refuse_here("export")) is not None:
        return refused
    contest = db.session.get(Contest, contest_id) or abort(404)
    require(tdp=contest.round.tdp)
    if not ExportForm().validate_on_submit():
        abort(400)
    try:
        envelope = packages.build_package(current_user, contest, utcnow())
    except ResultsError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("results.index"))
    db.session.commit()
    round_ = contest.round
    name = f"goi-ket-qua-to-{round_.tdp.number}-lan-{round_.number}-{contest.position.value}.json"
    return send_bytes(json.dumps(envelope, ensure_ascii=False, indent=1).encode("utf-8"), name, "application/json")


@bp.route("/import", methods=["GET", "POST"])
@permission("results.import")
def import_package():
    """Upload a package from a TDP's laptop: verified against the key the ward issued, then stored, or
    refused with the reason. Only on the ward's copy."""
    if (refused := _refuse_here("import")) is not None:
        return refused
    form = ImportForm()
    if not form.validate_on_submit():
        return _render_import(form, 200 if not form.errors else 422)
    data = form.package.data.read(MAX_PACKAGE_BYTES + 1)
    try:
        if len(data) > MAX_PACKAGE_BYTES:
            raise ResultsError("too_big", _("Tệp quá lớn để là một gói kết quả."))
        package = packages.import_package(current_user, db.session.get(Ward, current_user.ward_id), data)
    except ResultsError as error:
        db.session.rollback()
        form.package.errors.append(error.message)
        return _render_import(form, error.status)
    db.session.commit()
    flash(_("Đã nhập gói kết quả của %(tdp)s, lần bầu thứ %(n)s.", tdp=db.session.get(Tdp, package.tdp_id).name,
            n=package.body["body"]["round"]), "success")
    return redirect(url_for("dashboard.index"))


@bp.route("/paper", methods=["POST"])
@permission("results.import")
def check_minutes_paper():
    """A paper copy of the counting minutes from a TDP's laptop, checked against the imported package."""
    if (refused := _refuse_here("import")) is not None:
        return refused
    paper = PaperForm()
    result = check_paper(current_user.ward_id, paper.payload.data or "") if paper.validate_on_submit() else None
    return _render_import(ImportForm(formdata=None), 200 if result and result.ok else 422, paper, result)


def _render_import(form, status: int, paper=None, paper_result=None):
    return render_template("results/import.html", form=form, paper=paper or PaperForm(formdata=None),
                           paper_result=paper_result), status


from app.results import recognition_views  # noqa: E402,F401  (routes on this blueprint)
