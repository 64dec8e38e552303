"""Sample papers printed with a ward's settings and made-up figures, for the settings page's previews."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from app.papers.docx_render import render_docx
from app.papers.pdf_render import render_pdf, ward_place
from app.papers.registry import PaperKind
from app.papers.settings import paper_settings
from app.reports.queries import Report, ReportLine, Winner
from app.reports.report_pdf import report_paper
from app.results.recognition_pdf import DecisionDoc, ElectedLine, decision_paper
from app.wards.models import Ward

SAMPLE_TDP = "Tổ dân phố số 1 (mẫu)"


def sample(kind: PaperKind, ward: Ward, rule_set, day: date, fmt: str) -> bytes:
    """A sample recognition decision or ward report as PDF or .docx bytes."""
    papers = paper_settings(ward)
    if kind is PaperKind.RECOGNITION:
        paper = decision_paper(DecisionDoc(
            ward_name=ward.name, number="…/QĐ-UBND", day=None, tdp_name=SAMPLE_TDP, term="(mẫu)", vote_date=day,
            elected=(ElectedLine("Tổ trưởng", "Ông Nguyễn Văn A", 159, 300),), printed_on=day,
            issuer_lines=papers.issuer_lines, place=ward_place(ward.name), authority=papers.authority_full,
            bases=papers.bases(kind, rule_set.id, rule_set.reference), recipients=papers.recipients[kind],
            signer=papers.signers[kind]))
    else:
        winner = Winner("Ông Nguyễn Văn A", 159, Fraction(159, 300))
        line = ReportLine(1, SAMPLE_TDP, 300, 250, Fraction(250, 300), (winner,), (), "Đã bầu xong", 0, False, None)
        report = Report(ward, None, [line], 1, 300, 250, 0, 0, 0)
        paper = report_paper(report, day, papers, rule_set.id, rule_set.reference)
    return render_docx(paper) if fmt == "docx" else render_pdf(paper, size=12 if kind is PaperKind.WARD_REPORT else 13)
