"""The printed household roll (danh sách cử tri đại diện hộ), A4, also the meeting's sign-in sheet."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from app.core.pdf import esc, footer_line, grid_table_style, numbered_canvas
from app.rules import format_date
from ballots.fonts import SERIF, SERIF_BOLD, register_fonts
from ballots.official import OfficialHeader


@dataclass(frozen=True)
class RollLine:
    code: str
    representative: str  #: with "Ông"/"Bà"
    birth_year: int | None
    address: str


@dataclass(frozen=True)
class RollDocument:
    issuer_lines: tuple[str, ...]  #: e.g. ("UBND PHƯỜNG NGỌC THỤY", "TỔ DÂN PHỐ SỐ 5")
    place: str  #: for the date line, e.g. "Ngọc Thụy"
    tdp_name: str
    ward_name: str
    subtitle: str  #: e.g. "Bầu tổ trưởng, tổ phó nhiệm kỳ 2017–2020 – ngày 15/10/2017"
    lines: Sequence[RollLine]  #: already in Vietnamese name order
    fingerprint: str  #: the short roll fingerprint
    printed_on: date


def _styles():
    register_fonts()
    return {
        "title": ParagraphStyle("title", fontName=SERIF_BOLD, fontSize=14, leading=18, alignment=TA_CENTER),
        "sub": ParagraphStyle("sub", fontName=SERIF, fontSize=12, leading=15, alignment=TA_CENTER),
        "cell": ParagraphStyle("cell", fontName=SERIF, fontSize=11, leading=13),
        "note": ParagraphStyle("note", fontName=SERIF, fontSize=11, leading=14),
    }


def render_roll(doc: RollDocument) -> bytes:
    """PDF bytes: the official header, the title, one row per household with an empty signature
    column, "Trang X/Y" and the roll fingerprint with the print date on every page."""
    styles = _styles()
    buffer = io.BytesIO()
    template = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
                                 topMargin=15 * mm, bottomMargin=18 * mm, title=f"Danh sách cử tri – {doc.tdp_name}",
                                 author=doc.issuer_lines[0])
    header = [["STT", "Mã hộ", "Họ và tên người đại diện hộ", "Năm sinh", "Địa chỉ", "Ký tên"]]
    rows = [[str(i), line.code, Paragraph(esc(line.representative), styles["cell"]), str(line.birth_year or ""),
             Paragraph(esc(line.address), styles["cell"]), ""] for i, line in enumerate(doc.lines, 1)]
    table = Table(header + rows, repeatRows=1,
                  colWidths=[11 * mm, 20 * mm, 52 * mm, 17 * mm, 55 * mm, 25 * mm])
    style = grid_table_style()
    style.add("ALIGN", (0, 1), (1, -1), "CENTER")
    style.add("ALIGN", (3, 1), (3, -1), "CENTER")
    table.setStyle(style)
    story = [
        OfficialHeader(doc.issuer_lines, (doc.place, doc.printed_on), size=12),
        Spacer(1, 8 * mm),
        Paragraph("DANH SÁCH CỬ TRI ĐẠI DIỆN HỘ GIA ĐÌNH", styles["title"]),
        Paragraph(f"{esc(doc.tdp_name)} – {esc(doc.ward_name)}", styles["sub"]),
        Paragraph(esc(doc.subtitle), styles["sub"]),
        Spacer(1, 5 * mm),
        table,
        Spacer(1, 4 * mm),
        Paragraph(f"Tổng số: <b>{len(doc.lines)}</b> hộ gia đình. Mã kiểm tra danh sách: <b>{esc(doc.fingerprint)}</b>.",
                  styles["note"]),
    ]
    footer = footer_line(f"{doc.tdp_name} · Mã kiểm tra danh sách {doc.fingerprint} · In ngày "
                         f"{format_date(doc.printed_on)}")
    template.build(story, canvasmaker=numbered_canvas(footer))
    return buffer.getvalue()
