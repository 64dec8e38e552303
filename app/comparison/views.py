"""The comparison audit's pages: publish, draw, compare, recount; the report and the stack slips."""

from __future__ import annotations

from fractions import Fraction

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.auth.permissions import permission, require
from app.comparison import queries, services
from app.comparison.forms import CompareForm, DrawForm, PublishForm, RecountForm
from app.comparison.models import AuditDraw
from app.comparison.report import LEAN_LABELS, STATUS_LABELS, audit_paper, conclusion, slip_paper
from app.core.downloads import send_bytes
from app.elections.models import Contest
from app.extensions import db
from app.papers.docx_render import DOCX, render_docx
from app.papers.pdf_render import render_pdf
from app.rules import INVALID_REASON_LABELS
from app.tally.models import ContestTally

bp = Blueprint("comparison", __name__, url_prefix="/comparison", template_folder="templates")


def _contest(contest_id: int) -> Contest:
    contest = db.session.get(Contest, contest_id) or abort(404)
    require(tdp=contest.round.tdp)
    return contest


def _tally(contest: Contest) -> ContestTally | None:
    return db.session.scalar(select(ContestTally).where(ContestTally.contest_id == contest.id))


def _back(contest: Contest):
    return redirect(url_for("comparison.page", contest_id=contest.id))


class _NotYet(Exception):
    """The step needs an audit (or a stack) that does not exist yet: back to the page with a message."""


def _audit(contest: Contest):
    audit = services.audit_of(contest)
    if audit is None:
        raise _NotYet
    return audit


@bp.errorhandler(_NotYet)
def _not_yet(_error):
    flash(_("Chưa có lần kiểm tra đối chiếu (hoặc xấp phiếu) này: hãy công bố cỡ mẫu trước."), "error")
    return redirect(url_for("comparison.page", contest_id=request.view_args["contest_id"]))


@bp.route("/contest/<id:contest_id>")
@permission("tdp.view")
def page(contest_id: int, forms: dict | None = None):
    """The audit of one contest: the size to publish (or published), the draw, each drawn place with its
    comparison form, the recount, the report. Reads only."""
    contest = _contest(contest_id)
    audit = services.audit_of(contest)
    size = problem = None
    if audit is None:
        try:
            size = services.size_for(contest)[0]
        except services.ComparisonError as error:
            problem = error.message
    tally = _tally(contest)
    names = {str(v["person"]): v["name"] for v in ((tally.result or {}).get("votes", []) if tally else [])}
    forms = forms or {}
    return render_template("comparison/page.html", contest=contest, audit=audit, size=size, problem=problem,
                           names=names, stacks=queries.stacks(contest), lean_labels=LEAN_LABELS,
                           status_labels=STATUS_LABELS, reasons=INVALID_REASON_LABELS,
                           conclusion=conclusion(audit, names) if audit else None,
                           publish_form=forms.get("publish") or PublishForm(), draw_form=forms.get("draw") or DrawForm(),
                           compare_form=forms.get("compare") or CompareForm(),
                           recount_form=forms.get("recount") or RecountForm())


def _refused(contest: Contest, error: services.ComparisonError, key: str, form):
    db.session.rollback()
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message] if isinstance(field.errors, list) else [error.message]
    else:
        flash(error.message, "error")
    return page(contest.id, forms={key: form}), 422


@bp.route("/contest/<id:contest_id>/publish", methods=["POST"])
@permission("comparison.run")
def publish(contest_id: int):
    """Publish N, m, k and α (before any seed exists)."""
    contest = _contest(contest_id)
    form = PublishForm()
    if not form.validate_on_submit():
        return page(contest.id, forms={"publish": form}), 422
    try:
        services.publish(current_user, contest, Fraction(form.risk_percent.data, 100))
    except services.ComparisonError as error:
        return _refused(contest, error, "publish", form)
    db.session.commit()
    flash(_("Đã công bố cỡ mẫu; hãy gieo xúc xắc trước người chứng kiến."), "success")
    return _back(contest)


@bp.route("/contest/<id:contest_id>/draw", methods=["POST"])
@permission("comparison.run")
def draw(contest_id: int):
    """Draw the places from the witnesses' seed."""
    contest = _contest(contest_id)
    audit = _audit(contest)
    form = DrawForm()
    if not form.validate_on_submit():
        return page(contest.id, forms={"draw": form}), 422
    try:
        services.draw_papers(current_user, audit, form.seed.data, form.witnesses.data.split(","))
    except services.ComparisonError as error:
        return _refused(contest, error, "draw", form)
    db.session.commit()
    return _back(contest)


@bp.route("/contest/<id:contest_id>/compare", methods=["POST"])
@permission("comparison.run")
def compare(contest_id: int):
    """Record what the paper at one drawn place says."""
    contest = _contest(contest_id)
    audit = _audit(contest)
    form = CompareForm()
    if not form.validate_on_submit():
        return page(contest.id, forms={"compare": form}), 422
    row = db.session.get(AuditDraw, int(form.draw_id.data)) if form.draw_id.data.isdigit() else None
    if row is None or row.audit_id != audit.id:
        abort(404)
    kept = [int(k) for k in request.form.getlist("kept") if k.isdigit()]
    try:
        outcome = services.compare(current_user, row, services.PaperInput(
            found=form.found.data == "yes", serial=form.serial.data or "", kept=kept,
            invalid_reason=form.invalid_reason.data or None, note=form.note.data or ""))
    except services.ComparisonError as error:
        return _refused(contest, error, "compare", form)
    db.session.commit()
    flash(f"{row.where}: {LEAN_LABELS[outcome.value]}", "success" if outcome.value == "none" else "error")
    return _back(contest)


@bp.route("/contest/<id:contest_id>/recount", methods=["POST"])
@permission("comparison.run")
def recount(contest_id: int):
    """Record the full hand recount's figures."""
    contest = _contest(contest_id)
    audit = _audit(contest)
    form = RecountForm()
    if not form.validate_on_submit():
        return page(contest.id, forms={"recount": form}), 422
    try:
        votes = {int(p): int(request.form.get(f"votes-{p}", "") or 0) for p in audit.announced["votes"]}
    except ValueError:
        form.valid.errors = [_("Số phiếu của mỗi người phải là số nguyên không âm.")]
        return page(contest.id, forms={"recount": form}), 422
    try:
        services.record_recount(current_user, audit, votes, form.valid.data, form.invalid.data, form.note.data or "")
    except services.ComparisonError as error:
        return _refused(contest, error, "recount", form)
    db.session.commit()
    return _back(contest)


def _report(contest_id: int):
    contest = _contest(contest_id)
    return contest, audit_paper(_audit(contest), _tally(contest))


@bp.route("/contest/<id:contest_id>/report.pdf")
@permission("tdp.view")
def report_pdf(contest_id: int):
    """The audit report as PDF: seed, m, k, places drawn, comparisons, conclusion, signatures."""
    contest, paper = _report(contest_id)
    return send_bytes(render_pdf(paper), f"doi-chieu-to-{contest.round.tdp.number}-{contest.id}.pdf",
                      "application/pdf")


@bp.route("/contest/<id:contest_id>/report.docx")
@permission("tdp.view")
def report_docx(contest_id: int):
    """The same report as .docx, for Word."""
    contest, paper = _report(contest_id)
    return send_bytes(render_docx(paper), f"doi-chieu-to-{contest.round.tdp.number}-{contest.id}.docx", DOCX)


@bp.route("/contest/<id:contest_id>/slip.pdf")
@permission("tdp.view")
def slip(contest_id: int):
    """The slip for a banded stack (?stack=N): its positions, to sign and band onto the stack."""
    contest = _contest(contest_id)
    number = request.args.get("stack", type=int)
    found = next((s for s in queries.stacks(contest) if s.stack == number), None)
    if found is None:
        raise _NotYet
    size = _tally(contest).stack_size
    return send_bytes(render_pdf(slip_paper(contest, found.stack, found.first, found.last, size, found.papers)),
                      f"xap-{found.stack}-to-{contest.round.tdp.number}.pdf", "application/pdf")
