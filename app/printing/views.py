"""Ballot printing pages: the ward overview, a contest's runs and ledger, downloads, the ward job."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.attendance.services import electorate
from app.auth.permissions import can, permission, require
from app.core.downloads import send_bytes
from app.elections.models import Contest, Election
from app.elections.queries import elections_for_ward
from app.extensions import db
from app.printing import jobs, ledger, queries, services
from app.printing.forms import LedgerForm, PrintForm, TdpPrintForm, VoidForm, WardJobForm
from app.printing.models import PrintJob, PrintRun, RunStatus
from app.printing.rehearsal import rehearsal_pdf
from app.wards.models import Tdp

bp = Blueprint("printing", __name__, url_prefix="/ballots", template_folder="templates")
PDF = "application/pdf"


def _contest(contest_id: int) -> Contest:
    contest = db.session.get(Contest, contest_id) or abort(404)
    require(tdp=contest.round.tdp)
    return contest


def _run(run_id: int) -> PrintRun:
    run = db.session.get(PrintRun, run_id) or abort(404)
    require(tdp=run.contest.round.tdp)
    return run


@bp.route("/")
@permission("ward.view")
def index():
    """Every contest of the current election the user may see, with what has been printed."""
    elections = elections_for_ward(current_user.ward_id)
    election = elections[0] if elections else None
    rows = queries.contest_rows(current_user, election) if election else []
    return render_template("printing/index.html", election=election, rows=rows, job_form=WardJobForm(),
                           jobs=queries.latest_jobs(election) if election else [])


@bp.route("/contest/<id:contest_id>", methods=["GET", "POST"])
@permission("tdp.view", POST="printing.print")
def contest(contest_id: int):
    """A contest's final list, print form (ward admins), runs, and ballot ledger."""
    contest = _contest(contest_id)
    form = PrintForm(quantity=services.default_quantity(electorate(contest.round)))
    if form.validate_on_submit():
        try:
            run = services.create_run(current_user, contest, form.quantity.data, test=form.test.data)
        except services.PrintingError as error:
            db.session.rollback()
            getattr(form, error.field or "quantity").errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Đã tạo đợt in %(n)s phiếu. Tải tệp PDF để in.", n=run.quantity), "success")
            return redirect(url_for("printing.contest", contest_id=contest.id))
    return _render_contest(contest, form=form)


def _render_contest(contest: Contest, *, form=None, ledger_form=None, status: int = 200):
    state = ledger.view(contest)
    ledger_form = ledger_form or LedgerForm(obj=state.ledger)
    return render_template("printing/contest.html", contest=contest, form=form or PrintForm(), tdp_form=TdpPrintForm(prefix="tdp"),
                           runs=queries.runs_of(contest), definition=services.definition_for(contest),
                           ledger=state, ledger_form=ledger_form, void_form=VoidForm(),
                           can_print=can(current_user, "printing.print", contest.round.tdp_id),
                           can_ledger=can(current_user, "printing.ledger", contest.round.tdp_id)), status


@bp.route("/contest/<id:contest_id>/ledger", methods=["POST"])
@permission("printing.ledger")
def save_ledger(contest_id: int):
    """Save the election team's ballot counts; the reconciliation is shown again with what to do."""
    contest = _contest(contest_id)
    form = LedgerForm()
    if form.validate_on_submit():
        try:
            ledger.update_ledger(current_user, contest, {f: getattr(form, f).data for f in ledger.FIELDS})
        except ledger.LedgerError as error:
            db.session.rollback()
            getattr(form, error.field).errors.append(error.message)
            return _render_contest(contest, ledger_form=form, status=422)
        db.session.commit()
        # One state (D36): saved, and a warning when the figures do not add up yet.
        if ledger.view(contest).problems:
            flash(_("Đã lưu sổ theo dõi phiếu, nhưng số liệu chưa khớp: xem phần đối chiếu bên dưới."), "warning")
        else:
            flash(_("Đã lưu sổ theo dõi phiếu."), "success")
        return redirect(url_for("printing.contest", contest_id=contest.id) + "#ledger")
    return _render_contest(contest, ledger_form=form, status=422)


@bp.route("/runs/<id:run_id>.pdf")
@permission("printing.download")
def run_pdf(run_id: int):
    """The run's ballots as one A5 PDF (rendered again from the stored serials): blank official ballots are
    for the steering committee and the TDP's election team only."""
    run = _run(run_id)
    if run.status is RunStatus.VOID:
        flash(_("Đợt in %(id)s đã bị hủy: không tải lại phiếu của đợt này.", id=run.id), "error")
        return redirect(url_for("printing.contest", contest_id=run.contest_id))
    tdp = run.contest.round.tdp
    two_up = request.args.get("two_up") == "1"
    name = (f"phieu-bau-to-{tdp.number:02d}-{jobs.SLUG[run.contest.position]}{'-ban-thu' if run.test else ''}"
            f"-dot-{run.id}{'-a4-2-phieu' if two_up else ''}.pdf")
    return send_bytes(services.render_run(run, two_up=two_up), name, PDF)


@bp.route("/tdp/<id:tdp_id>/print", methods=["POST"])
@permission("printing.print")
def print_tdp(tdp_id: int):
    """In phiếu cả tổ: one run for the leader and one for the deputy of the TDP's latest round; then the
    contest page offers the whole TDP's ballots as one PDF."""
    tdp = require(tdp=db.session.get(Tdp, tdp_id))
    contests = services.tdp_contests(tdp)
    back = url_for("printing.contest", contest_id=contests[0].id) if contests else url_for("printing.index")
    form = TdpPrintForm(prefix="tdp")  # beside the contest's own print form on one page
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return redirect(back)
    try:
        runs = services.create_tdp_runs(current_user, tdp, test=form.test.data,
                                        electorate=electorate(contests[0].round), spare_percent=form.spare.data)
    except services.PrintingError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(back)
    db.session.commit()
    flash(_("Đã tạo %(n)s đợt in cho %(tdp)s (%(q)s phiếu mỗi chức danh). Tải phiếu cả tổ để in.",
            n=len(runs), tdp=tdp.name, q=runs[0].quantity), "success")
    return redirect(back + "#tdp-print")


@bp.route("/tdp/<id:tdp_id>/ballots.pdf")
@permission("printing.download")
def tdp_pdf(tdp_id: int):
    """The whole TDP's ballots (leader then deputy) in one PDF: official unless `?test=1`, A5 pages unless
    `?two_up=1` (two to an A4 sheet, with cut marks)."""
    tdp = require(tdp=db.session.get(Tdp, tdp_id))
    test, two_up = request.args.get("test") == "1", request.args.get("two_up") == "1"
    try:
        pdf = services.render_tdp(tdp, test=test, two_up=two_up)
    except services.PrintingError as error:
        flash(error.message, "error")
        return redirect(url_for("printing.index"))
    name = f"phieu-bau-ca-to-{tdp.number:02d}{'-ban-thu' if test else ''}{'-a4-2-phieu' if two_up else ''}.pdf"
    return send_bytes(pdf, name, PDF)


@bp.route("/runs/<id:run_id>/rehearsal.pdf")
@permission("printing.rehearsal")
def run_rehearsal(run_id: int):
    """For a test run: the sheet telling the team how to mark each test ballot, and the expected result."""
    run = _run(run_id)
    if not run.test:
        abort(404)
    try:
        pdf = rehearsal_pdf(run)
    except ValueError:
        flash(_("Đợt in thử quá ít phiếu cho bộ tập dượt; hãy in thêm phiếu thử."), "error")
        return redirect(url_for("printing.contest", contest_id=run.contest_id))
    return send_bytes(pdf, f"tap-duot-kiem-phieu-dot-{run.id}.pdf", PDF)


@bp.route("/runs/<id:run_id>/void", methods=["POST"])
@permission("printing.print")
def void(run_id: int):
    """Hủy a run (ward admins): its serials are refused from then on; a reason and a confirmation are required."""
    run = _run(run_id)
    form = VoidForm()
    if form.validate_on_submit():
        try:
            services.void_run(current_user, run, form.reason.data)
        except services.PrintingError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Đã hủy đợt in %(id)s.", id=run.id), "success")
    else:
        flash(_("Chưa hủy: hãy ghi lý do và đánh dấu xác nhận."), "error")
    return redirect(url_for("printing.contest", contest_id=run.contest_id))


@bp.route("/ward-job", methods=["POST"])
@permission("printing.ward_job")
def ward_job():
    """Start printing every TDP's ballots in the background; the job page shows the progress."""
    form = WardJobForm()
    elections = elections_for_ward(current_user.ward_id)
    if not elections or not form.validate_on_submit():
        flash(_("Không bắt đầu được việc in."), "error")
        return redirect(url_for("printing.index"))
    job = jobs.start_ward_job(current_user, elections[0], test=form.test.data, spare_percent=form.spare.data)
    return redirect(url_for("printing.job", job_id=job.id))


def _job(job_id: int) -> PrintJob:
    """The ward's print job: its ZIP holds every TDP's official blank ballots, so only the ward admin sees it
    (the view's `printing.ward_job` checked that already); 404 for another ward's."""
    job = db.session.get(PrintJob, job_id) or abort(404)
    election = db.session.get(Election, job.election_id)
    if election.ward_id != current_user.ward_id:
        abort(404)
    return job


@bp.route("/jobs/<id:job_id>")
@permission("printing.ward_job")
def job(job_id: int):
    return render_template("printing/job.html", job=_job(job_id))


@bp.route("/jobs/<id:job_id>.json")
@permission("printing.ward_job")
def job_status(job_id: int):
    job = _job(job_id)
    return jsonify(status=job.status, done=job.done, total=job.total, message=job.message,
                   download=url_for("printing.job_zip", job_id=job.id) if jobs.result_path(current_app, job) else None)


@bp.route("/jobs/<id:job_id>.zip")
@permission("printing.ward_job")
def job_zip(job_id: int):
    job = _job(job_id)
    path = jobs.result_path(current_app, job)  # None once the keep time is over: print again
    if path is None:
        abort(404)
    return send_file(path, as_attachment=True,
                     download_name=f"phieu-bau-toan-phuong{'-ban-thu' if job.test else ''}.zip", max_age=0)
