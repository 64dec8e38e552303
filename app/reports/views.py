"""Reports for the province level (results PDF and .xlsx) and the cost estimate."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import can, permission
from app.core.downloads import send_bytes
from app.dashboard.services import DEFAULT_RECOGNITION_DAYS
from app.dashboard.stages import percent
from app.dashboard.views import today
from app.elections.queries import elections_for_ward
from app.extensions import db
from app.papers.docx_render import DOCX
from app.papers.pdf_render import render_pdf
from app.papers.settings import paper_settings
from app.reports import budget
from app.reports.budget_paper import budget_paper
from app.reports.forms import BudgetForm
from app.reports.queries import ward_report
from app.reports.report_pdf import render_report, render_report_docx
from app.reports.report_xlsx import report_xlsx
from app.rules import get_rule_set

bp = Blueprint("reports", __name__, url_prefix="/reports", template_folder="templates")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _election():
    elections = elections_for_ward(current_user.ward_id)
    return elections[0] if elections else abort(404)


def _report():
    return ward_report(current_user.ward_id,
                       current_app.config.get("RECOGNITION_WORKING_DAYS", DEFAULT_RECOGNITION_DAYS))


def _file_name(ext: str) -> str:
    return f"bao-cao-ket-qua-bau-cu-{today().strftime('%d-%m-%Y')}.{ext}"


@bp.route("/")
@permission("reports.view")
def index():
    """The reports for the district and the cost estimate, on one page (every TDP: `reports.view`)."""
    return render_template("reports/index.html", report=_report(), percent=percent)


@bp.route("/results.pdf")
@permission("reports.view")
def results_pdf():
    """Báo cáo kết quả bầu cử (PDF, A4 ngang): per TDP electorate, attendance, winners and their share of
    the whole electorate, re-runs; totals."""
    return send_bytes(render_report(*_paper_args()), _file_name("pdf"), "application/pdf")


def _paper_args() -> tuple:
    report = _report()
    election = report.election
    rule_set = get_rule_set(election.rule_set_id) if election else None
    return (report, today(), paper_settings(report.ward), rule_set.id if rule_set else None,
            rule_set.reference if rule_set else "")


@bp.route("/results.docx")
@permission("reports.view")
def results_docx():
    """The same report as .docx, for the ward office to touch up in Word before signing."""
    return send_bytes(render_report_docx(*_paper_args()), _file_name("docx"), DOCX)


@bp.route("/results.xlsx")
@permission("reports.view")
def results_xlsx():
    """The same report as a spreadsheet."""
    return send_bytes(report_xlsx(_report()), _file_name("xlsx"), XLSX)


@bp.route("/budget.pdf")
@permission("reports.view")
def budget_pdf():
    """Dự toán kinh phí as an A4 PDF in the Decree 30/2020 layout, with the blocks the ward signs."""
    election = _election()
    paper = budget_paper(budget.estimate(election), election, paper_settings(election.ward), today())
    return send_bytes(render_pdf(paper, size=12), f"du-toan-kinh-phi-{today().strftime('%d-%m-%Y')}.pdf",
                      "application/pdf")


@bp.route("/budget", methods=["GET", "POST"])
@permission("reports.view", POST="reports.budget")
def budget_page():
    """Dự toán kinh phí, printable; ward admins edit the unit costs."""
    election = _election()
    settings = budget.settings_for(election)
    form = BudgetForm(obj=settings)
    if form.validate_on_submit():
        budget.save_settings(current_user, election, {name: getattr(form, name).data for name in budget.COST_FIELDS})
        db.session.commit()
        flash(_("Đã lưu đơn giá dự toán."), "success")
        return redirect(url_for("reports.budget_page"))
    return render_template("reports/budget.html", election=election, estimate=budget.estimate(election), form=form,
                           admin=can(current_user, "reports.budget"), today=today()), 422 if form.errors else 200
