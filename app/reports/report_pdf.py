"""The ward's results report for the province level, A4 landscape, in the Decree 30/2020 format: built
once as a Paper (recipient, signer, recipients and any bases from the ward's paper settings) and rendered
as PDF or .docx."""

from __future__ import annotations

from datetime import date

from app.dashboard.stages import percent
from app.papers.document import Closing, Grid, Header, Paper, SignatureBlock, Style, para
from app.papers.docx_render import render_docx
from app.papers.pdf_render import render_pdf, ward_place
from app.papers.registry import PaperKind
from app.papers.settings import PaperSettings
from app.reports.queries import Report, Winner
from app.rules import format_date

HEADER = ("Tổ", "Số hộ", "Có mặt", "Tỷ lệ", "Tổ trưởng trúng cử", "Số phiếu", "Tỷ lệ*", "Tổ phó trúng cử",
          "Số phiếu", "Tỷ lệ*", "Bầu lại", "Công nhận")
WIDTHS = (12, 16, 16, 15, 52, 15, 16, 48, 15, 16, 25, 21)
KIND = PaperKind.WARD_REPORT


def _n(value: int) -> str:
    """8233 → "8.233"."""
    return f"{value:,}".replace(",", ".")


def _lines(winners: tuple[Winner, ...], what) -> str:
    return "\n".join(what(w) for w in winners) or "–"


def _rows(report: Report) -> tuple[tuple[str, ...], ...]:
    rows = []
    for line in report.lines:
        rerun = "" if not line.reruns else f"{line.reruns} lần" + (" (vi phạm)" if line.rule_breach else "")
        rows.append((str(line.number), _n(line.electorate), _n(line.present), percent(line.turnout),
                     _lines(line.leaders, lambda w: w.name) if line.leaders else line.result,
                     _lines(line.leaders, lambda w: str(w.votes)), _lines(line.leaders, lambda w: percent(w.share, 2)),
                     _lines(line.deputies, lambda w: w.name), _lines(line.deputies, lambda w: str(w.votes)),
                     _lines(line.deputies, lambda w: percent(w.share, 2)), rerun,
                     format_date(line.recognised_on) if line.recognised_on else ""))
    rows.append(("Cộng", _n(report.electorate), _n(report.present), percent(report.turnout),
                 f"{report.complete}/{len(report.lines)} tổ bầu xong", "", "", "", "", "", f"{report.reruns} tổ",
                 f"{report.recognised} tổ"))
    return tuple(rows)


def is_draft(report: Report) -> bool:
    """The report is a draft until every TDP's result is recognised by decision: before that a figure in
    it can still change (a count unlocked, a re-run)."""
    return not report.lines or report.recognised < len(report.lines)


def report_paper(report: Report, today: date, papers: PaperSettings, rule_set_id: str | None = None,
                 reference: str = "") -> Paper:
    """Header, title, whom it is sent to, a summary, one row per TDP with totals, recipients and signer."""
    term = report.election.term_label if report.election else ""
    ward = report.ward
    summary = (f"Toàn phường có {len(report.lines)} tổ dân phố với {_n(report.electorate)} hộ gia đình. Đã có "
               f"{report.elected}/{len(report.lines)} tổ bầu được tổ trưởng; {_n(report.present)} hộ tham gia bầu cử, "
               f"đạt {percent(report.turnout)} tổng số hộ; {report.reruns} tổ phải bầu lại, trong đó "
               f"{report.rule_breach_reruns} tổ do vi phạm quy định; {report.recognised} tổ đã có quyết định công nhận "
               "kết quả.")
    bases = papers.bases(KIND, rule_set_id, reference) if rule_set_id else papers.extra_bases.get(KIND, ())
    signer = papers.signers[KIND]
    return Paper(
        title=f"Báo cáo kết quả bầu cử – {ward.name}", author=papers.authority_full, landscape=True,
        footer=f"{ward.name} – báo cáo lập ngày {format_date(today)}", margins_mm=(15, 12, 16, 20),
        draft=is_draft(report),
        blocks=(
            Header(papers.issuer_lines, "…/BC-UBND", ward_place(ward.name), today),
            para(Style.TITLE, "BÁO CÁO"),
            para(Style.TITLE, f"Kết quả bầu tổ trưởng, tổ phó tổ dân phố nhiệm kỳ {term}"),
            para(Style.CENTER, f"Kính gửi: {papers.report_recipient}"),
            *[para(Style.BASIS, line) for line in bases],
            para(Style.BODY, summary),
            Grid(HEADER, _rows(report), WIDTHS, bold_last_row=True, centred_columns=(0, 1, 2, 3, 5, 6, 8, 9, 10, 11)),
            para(Style.SMALL, "* Tỷ lệ số phiếu trên tổng số cử tri (hộ gia đình) của tổ, không phải trên số phiếu "
                              "hợp lệ."),
            Closing(papers.recipients[KIND],
                    SignatureBlock(tuple(x for x in (signer.capacity, signer.title) if x), signer.name)),
        ))


def render_report(report: Report, today: date, papers: PaperSettings, rule_set_id: str | None = None,
                  reference: str = "") -> bytes:
    """PDF bytes of the report."""
    return render_pdf(report_paper(report, today, papers, rule_set_id, reference), size=12)


def render_report_docx(report: Report, today: date, papers: PaperSettings, rule_set_id: str | None = None,
                       reference: str = "") -> bytes:
    """.docx bytes of the same report."""
    return render_docx(report_paper(report, today, papers, rule_set_id, reference))
