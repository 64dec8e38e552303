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
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.core.pdf import esc, footer_line, grid_table_style, numbered_canvas
from app.rules import format_date
from ballots.fonts import SERIF, SERIF_BOLD, SERIF_ITALIC, register_fonts
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
    sign_in: bool = False  #: the meeting's sign-in sheet ("danh sách ký tên"), not the posted roll
    team_head: str = ""  #: the election team's head, printed under "TỔ TRƯỞNG"; empty: a line for the pen


def _styles():
    register_fonts()
    return {
        "title": ParagraphStyle("title", fontName=SERIF_BOLD, fontSize=14, leading=18, alignment=TA_CENTER),
        "sub": ParagraphStyle("sub", fontName=SERIF, fontSize=12, leading=15, alignment=TA_CENTER),
        "cell": ParagraphStyle("cell", fontName=SERIF, fontSize=11, leading=13),
        "note": ParagraphStyle("note", fontName=SERIF, fontSize=11, leading=14),
        "sign": ParagraphStyle("sign", fontName=SERIF_BOLD, fontSize=12, leading=15, alignment=TA_CENTER),
        "signi": ParagraphStyle("signi", fontName=SERIF_ITALIC, fontSize=11, leading=14, alignment=TA_CENTER),
    }


#: Table rows kept on the signature page with the totals (D15: no page of signatures only).
TAIL_ROWS = 2


def _signatures(doc: RollDocument, styles) -> Table:
    """"Người lập" on the left; "TM. Tổ bầu cử / Tổ trưởng" on the right, with the head's name."""
    def block(lines, name):
        return [*[Paragraph(esc(line), styles["sign"]) for line in lines],
                Paragraph("(Ký, ghi rõ họ tên)", styles["signi"]), Spacer(1, 20 * mm),
                Paragraph(esc(name) if name else "." * 40, styles["sign"])]

    table = Table([[block(("NGƯỜI LẬP",), ""), block(("TM. TỔ BẦU CỬ", "TỔ TRƯỞNG"), doc.team_head)]],
                  colWidths=[90 * mm, 90 * mm])
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), SERIF, 12), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _table(rows: list, *, header: bool) -> Table:
    """The roll's ruled table; without `header`, rows that continue the table above (the tail kept with
    the signatures)."""
    table = Table(rows, repeatRows=1 if header else 0, colWidths=[11 * mm, 20 * mm, 52 * mm, 17 * mm, 55 * mm, 25 * mm])
    first = 1 if header else 0
    style = grid_table_style(header_rows=first)
    style.add("ALIGN", (0, first), (1, -1), "CENTER")
    style.add("ALIGN", (3, first), (3, -1), "CENTER")
    table.setStyle(style)
    return table


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
    split = len(rows) - TAIL_ROWS if len(rows) > TAIL_ROWS + 1 else 0
    title = "DANH SÁCH CỬ TRI ĐẠI DIỆN HỘ GIA ĐÌNH" + (" KÝ TÊN DỰ HỘI NGHỊ" if doc.sign_in else "")
    story = [
        OfficialHeader(doc.issuer_lines, (doc.place, doc.printed_on), size=12),
        Spacer(1, 8 * mm),
        Paragraph(title, styles["title"]),
        Paragraph(f"{esc(doc.tdp_name)} – {esc(doc.ward_name)}", styles["sub"]),
        Paragraph(esc(doc.subtitle), styles["sub"]),
        Spacer(1, 5 * mm),
        *([_table(header + rows[:split], header=True)] if split else []),
        KeepTogether([_table((rows[split:] if split else header + rows), header=not split), Spacer(1, 4 * mm),
                      Paragraph(f"Tổng số: <b>{len(doc.lines)}</b> hộ gia đình. Mã kiểm tra danh sách: "
                                f"<b>{esc(doc.fingerprint)}</b>." + (" Số hộ đã ký tên: ........" if doc.sign_in else ""),
                                styles["note"]),
                      Spacer(1, 6 * mm), _signatures(doc, styles)]),
    ]
    footer = footer_line(f"{doc.tdp_name} · Mã kiểm tra danh sách {doc.fingerprint} · In ngày "
                         f"{format_date(doc.printed_on)}")
    template.build(story, canvasmaker=numbered_canvas(footer))
    return buffer.getvalue()
