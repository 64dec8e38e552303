"""The ward's results report for the district, A4 landscape, in the Decree 30/2020 format."""

from __future__ import annotations

import io
from datetime import date

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.core.pdf import esc, footer_line, grid_table_style, numbered_canvas
from app.dashboard.stages import percent
from app.reports.header import WardHeader
from app.reports.queries import Report, Winner
from app.rules import format_date
from ballots.fonts import SERIF, SERIF_BOLD, SERIF_BOLD_ITALIC, register_fonts

HEADER = ["Tổ", "Số hộ", "Có mặt", "Tỷ lệ", "Tổ trưởng trúng cử", "Số phiếu", "Tỷ lệ*", "Tổ phó trúng cử",
          "Số phiếu", "Tỷ lệ*", "Bầu lại", "Công nhận"]
WIDTHS = [12, 16, 16, 15, 52, 15, 16, 48, 15, 16, 25, 21]


def _styles():
    register_fonts()
    return {
        "title": ParagraphStyle("title", fontName=SERIF_BOLD, fontSize=14, leading=18, alignment=TA_CENTER),
        "sub": ParagraphStyle("sub", fontName=SERIF, fontSize=12, leading=16, alignment=TA_CENTER),
        "body": ParagraphStyle("body", fontName=SERIF, fontSize=12, leading=16, alignment=TA_JUSTIFY),
        "cell": ParagraphStyle("cell", fontName=SERIF, fontSize=10, leading=12),
        "to_head": ParagraphStyle("to_head", fontName=SERIF_BOLD_ITALIC, fontSize=12, leading=14),
        "to": ParagraphStyle("to", fontName=SERIF, fontSize=11, leading=13),
        "sign": ParagraphStyle("sign", fontName=SERIF_BOLD, fontSize=13, leading=17, alignment=TA_CENTER),
    }


def _n(value: int) -> str:
    """8233 → "8.233"."""
    return f"{value:,}".replace(",", ".")


def _names(winners: tuple[Winner, ...], style) -> Paragraph:
    return Paragraph("<br/>".join(esc(w.name) for w in winners) or "–", style)


def _numbers(winners: tuple[Winner, ...], what) -> str:
    return "\n".join(what(w) for w in winners) or "–"


def _rows(report: Report, style) -> list[list]:
    rows = []
    for line in report.lines:
        rerun = "" if not line.reruns else f"{line.reruns} lần" + (" (vi phạm)" if line.rule_breach else "")
        rows.append([str(line.number), _n(line.electorate), _n(line.present),
                     percent(line.turnout), _names(line.leaders, style) if line.leaders else Paragraph(esc(line.result), style),
                     _numbers(line.leaders, lambda w: str(w.votes)), _numbers(line.leaders, lambda w: percent(w.share, 2)),
                     _names(line.deputies, style), _numbers(line.deputies, lambda w: str(w.votes)),
                     _numbers(line.deputies, lambda w: percent(w.share, 2)), rerun,
                     format_date(line.recognised_on) if line.recognised_on else ""])
    rows.append(["Cộng", _n(report.electorate), _n(report.present),
                 percent(report.turnout), f"{report.elected}/{len(report.lines)} tổ bầu xong", "", "", "", "", "",
                 f"{report.reruns} tổ", f"{report.recognised} tổ"])
    return rows


def render_report(report: Report, today: date) -> bytes:
    """PDF bytes: header, title, a summary paragraph, one row per TDP with totals, the signature block."""
    styles = _styles()
    buffer = io.BytesIO()
    term = report.election.term_label if report.election else ""
    ward = report.ward
    template = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=20 * mm, rightMargin=12 * mm,
                                 topMargin=15 * mm, bottomMargin=16 * mm, title=f"Báo cáo kết quả bầu cử – {ward.name}",
                                 author=f"UBND {ward.name}")
    table = Table([HEADER] + _rows(report, styles["cell"]), repeatRows=1, colWidths=[w * mm for w in WIDTHS])
    style = grid_table_style()
    style.add("FONT", (0, 1), (-1, -1), SERIF, 10)
    style.add("FONT", (0, -1), (-1, -1), SERIF_BOLD, 10)
    style.add("ALIGN", (0, 1), (3, -1), "RIGHT")
    style.add("ALIGN", (5, 1), (6, -1), "RIGHT")
    style.add("ALIGN", (8, 1), (9, -1), "RIGHT")
    style.add("VALIGN", (0, 0), (-1, -1), "TOP")
    table.setStyle(style)
    summary = (f"Toàn phường có {len(report.lines)} tổ dân phố với {_n(report.electorate)} hộ gia đình. Đã có "
               f"{report.elected}/{len(report.lines)} tổ bầu được tổ trưởng; {_n(report.present)} hộ tham gia bầu cử, "
               f"đạt {percent(report.turnout)} tổng số hộ; {report.reruns} tổ phải bầu lại, trong đó "
               f"{report.rule_breach_reruns} tổ do vi phạm quy định; {report.recognised} tổ đã có quyết định công nhận "
               "kết quả.")
    district = f"Ủy ban nhân dân {ward.district}" if ward.district else "Ủy ban nhân dân cấp trên"
    recipients = [Paragraph("Nơi nhận:", styles["to_head"]),
                  Paragraph(f"- {esc(district)};", styles["to"]), Paragraph(f"- Thường trực Đảng ủy {esc(ward.name)};", styles["to"]),
                  Paragraph("- Lưu: VT.", styles["to"])]
    signature = [Paragraph("TM. ỦY BAN NHÂN DÂN", styles["sign"]), Paragraph("CHỦ TỊCH", styles["sign"])]
    closing = Table([[recipients, signature]],
                    colWidths=[130 * mm, 110 * mm])
    closing.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), SERIF, 11), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story = [
        WardHeader(ward.name, "…/BC-UBND", today, size=12),
        Spacer(1, 4 * mm),
        Paragraph("BÁO CÁO", styles["title"]),
        Paragraph(f"Kết quả bầu tổ trưởng, tổ phó tổ dân phố nhiệm kỳ {esc(term)}", styles["title"]),
        Paragraph(f"Kính gửi: {esc(district)}", styles["sub"]),
        Spacer(1, 3 * mm),
        Paragraph(summary, styles["body"]),
        Spacer(1, 3 * mm),
        table,
        Paragraph("* Tỷ lệ số phiếu trên tổng số cử tri (hộ gia đình) của tổ, không phải trên số phiếu hợp lệ.",
                  styles["cell"]),
        Spacer(1, 5 * mm),
        KeepTogether(closing),
    ]
    template.build(story, canvasmaker=numbered_canvas(footer_line(f"{ward.name} – báo cáo lập ngày {format_date(today)}")))
    return buffer.getvalue()
