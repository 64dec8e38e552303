"""Results pages: pairing keys, package export (the TDP's laptop) and import (the ward)."""

from __future__ import annotations

import json
from collections import defaultdict

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
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
from app.results.errors import ResultsError
from app.results.forms import ExportForm, ImportForm, IssueForm, PairForm, PaperForm
from app.results.papers import check_paper
from app.wards.models import Tdp, Ward

bp = Blueprint("results", __name__, url_prefix="/results", template_folder="templates")
MAX_PACKAGE_BYTES = 1_000_000


def recognition_days() -> int:
    return current_app.config.get("RECOGNITION_WORKING_DAYS", DEFAULT_RECOGNITION_DAYS)


def load_tdp(tdp_id: int) -> Tdp:
    """The TDP, if the current user may do the view's action on it (404 / 403 otherwise)."""
    return require(tdp=db.session.get(Tdp, tdp_id))


def _render_index(import_form=None, pair_form=None, status: int = 200):
    board = build([current_user.ward_id], visible_tdps(current_user), recognition_days=recognition_days())
    election = board.elections.get(current_user.ward_id)
    contests: dict[int, list[queries.ContestRow]] = defaultdict(list)
    for row in queries.contest_rows([election.id]) if election else []:
        contests[row.tdp_id].append(row)
    latest = {tdp_id: [c for c in cs if c.round_number == max(x.round_number for x in cs)]
              for tdp_id, cs in contests.items()}
    admin = can(current_user, "results.keys")
    keys = pairing.key_origins([r.id for r in board.rows])
    codes = {}
    if admin:
        tdps = {t.id: t for t in db.session.scalars(select(Tdp).where(Tdp.id.in_(list(keys))))}
        codes = {tdp_id: pairing.code_for(tdps[tdp_id]) for tdp_id in keys}
    return render_template("results/index.html", board=board, election=election, latest=latest, keys=keys,
                           codes=codes, admin=admin, ResultState=ResultState,
                           import_form=import_form or ImportForm(), pair_form=pair_form or PairForm(),
                           writable={r.id for r in board.rows
                                                             if can(current_user, "results.export", r.id)}), status


@bp.route("/")
@permission("ward.view")
def index():
    """Each TDP's latest contests with their result source and export link; pairing keys; package import."""
    return _render_index()


@bp.route("/tdp/<id:tdp_id>/key", methods=["POST"])
@permission("results.keys")
def issue_key(tdp_id: int):
    """Issue a new results key for the TDP: packages signed with an earlier key are refused from now on."""
    tdp = load_tdp(tdp_id)
    if not IssueForm().validate_on_submit():
        abort(400)
    code = pairing.issue_key(current_user, tdp)
    db.session.commit()
    flash(_("Mã kết quả của %(tdp)s: %(code)s — tổ bầu cử nhập mã này vào máy của tổ một lần.", tdp=tdp.name, code=code),
          "success")
    return redirect(url_for("results.index", _anchor=f"tdp-{tdp.number}"))


@bp.route("/pair", methods=["POST"])
@permission("results.pair")
def pair():
    """On the TDP's laptop: store the results key the ward issued, typed in as its code."""
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
        return _render_index(pair_form=form, status=422)
    db.session.commit()
    flash(_("Đã ghép nối máy này với phường cho %(tdp)s: gói kết quả xuất từ máy này sẽ được ký.", tdp=tdp.name),
          "success")
    return redirect(url_for("results.index"))


@bp.route("/export/<id:contest_id>.json", methods=["POST"])
@permission("results.export")
def export(contest_id: int):
    """The signed results package of a locked contest, as a JSON file to carry to the ward. A POST: signing
    and the audit record are changes, which no GET may make."""
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
    """Upload a package from a TDP's laptop: verified, then stored, or refused with the reason."""
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
    paper = PaperForm()
    result = check_paper(current_user.ward_id, paper.payload.data or "") if paper.validate_on_submit() else None
    return _render_import(ImportForm(formdata=None), 200 if result and result.ok else 422, paper, result)


def _render_import(form, status: int, paper=None, paper_result=None):
    return render_template("results/import.html", form=form, paper=paper or PaperForm(formdata=None),
                           paper_result=paper_result), status


from app.results import recognition_views  # noqa: E402,F401  (routes on this blueprint)
