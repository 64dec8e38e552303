"""The posted list of candidates (danh sách người ứng cử), A4, Decree 30 header, names in Vietnamese order."""

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

from app.candidates.policy import list_of
from app.candidates.publishing import final_list
from app.core.pdf import esc, footer_line, grid_table_style, numbered_canvas
from app.rolls.documents import place_name
from app.rules import format_date
from app.wards.history import tdp_name_on
from ballots.fonts import SERIF, SERIF_BOLD, SERIF_ITALIC, register_fonts
from ballots.official import OfficialHeader

TITLES = {"leader": "DANH SÁCH NGƯỜI ỨNG CỬ TỔ TRƯỞNG TỔ DÂN PHỐ",
          "deputy": "DANH SÁCH NGƯỜI ỨNG CỬ TỔ PHÓ TỔ DÂN PHỐ"}


@dataclass(frozen=True)
class ListLine:
    name: str  #: with "Ông"/"Bà"
    birth_year: int | None
    address: str


@dataclass(frozen=True)
class ListDocument:
    issuer_lines: tuple[str, ...]
    place: str  #: for the date line
    position: str  #: "leader" or "deputy"
    tdp_name: str
    ward_name: str
    term: str
    vote_date: date
    seats: int
    lines: Sequence[ListLine]  #: already in ballot (Vietnamese name) order
    posted_on: date
    printed_on: date
    signer: tuple[str, ...] = ("TM. BAN CÔNG TÁC MẶT TRẬN", "TRƯỞNG BAN")
    signer_name: str = ""  #: empty: a dotted line for the pen


def list_issuer(tdp, day: date | None) -> tuple[str, str]:
    """Who issues the list is who signs it (D15): the TDP's front work committee, under the ward's Fatherland
    Front committee ("UBMTTQ PHƯỜNG …" / "BAN CÔNG TÁC MẶT TRẬN TỔ DÂN PHỐ SỐ 5"), never the UBND."""
    body = (tdp.front_committee_name or "").strip() or f"Ban công tác Mặt trận {tdp_name_on(tdp, day)}"
    return f"UBMTTQ {tdp.ward.name}".upper(), body.upper()


def _styles():
    register_fonts()
    return {
        "title": ParagraphStyle("title", fontName=SERIF_BOLD, fontSize=14, leading=18, alignment=TA_CENTER),
        "sub": ParagraphStyle("sub", fontName=SERIF, fontSize=13, leading=17, alignment=TA_CENTER),
        "cell": ParagraphStyle("cell", fontName=SERIF, fontSize=12, leading=15),
        "note": ParagraphStyle("note", fontName=SERIF_ITALIC, fontSize=12, leading=15),
        "sign": ParagraphStyle("sign", fontName=SERIF_BOLD, fontSize=13, leading=17, alignment=TA_CENTER),
        "signi": ParagraphStyle("signi", fontName=SERIF_ITALIC, fontSize=11, leading=14, alignment=TA_CENTER),
    }


def render_list(doc: ListDocument) -> bytes:
    """PDF bytes: header, title, one numbered row per candidate, the posting note, the signature block."""
    styles = _styles()
    buffer = io.BytesIO()
    template = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                                 bottomMargin=18 * mm, title=f"{TITLES[doc.position].capitalize()} – {doc.tdp_name}",
                                 author=doc.issuer_lines[0])
    header = [["STT", "Họ và tên", "Năm sinh", "Nơi cư trú"]]
    rows = [[str(i), Paragraph(esc(line.name), styles["cell"]), str(line.birth_year or ""),
             Paragraph(esc(line.address), styles["cell"])] for i, line in enumerate(doc.lines, 1)]
    table = Table(header + rows, repeatRows=1, colWidths=[13 * mm, 62 * mm, 22 * mm, 78 * mm])
    style = grid_table_style()
    style.add("ALIGN", (0, 1), (0, -1), "CENTER")
    style.add("ALIGN", (2, 1), (2, -1), "CENTER")
    table.setStyle(style)
    block = [*[Paragraph(esc(line), styles["sign"]) for line in doc.signer],
             Paragraph("(Ký, ghi rõ họ tên)", styles["signi"]), Spacer(1, 20 * mm),
             Paragraph(esc(doc.signer_name) if doc.signer_name else "." * 40, styles["sign"])]
    signature = Table([["", block]], colWidths=[85 * mm, 90 * mm])
    signature.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONT", (0, 0), (-1, -1), SERIF, 12)]))
    story = [
        OfficialHeader(doc.issuer_lines, (doc.place, doc.posted_on), size=12),
        Spacer(1, 8 * mm),
        Paragraph(TITLES[doc.position], styles["title"]),
        Paragraph(f"{esc(doc.tdp_name)} – {esc(doc.ward_name)}", styles["sub"]),
        Paragraph(f"Nhiệm kỳ {esc(doc.term)} – Ngày bầu cử: {format_date(doc.vote_date)}", styles["sub"]),
        Paragraph(f"Số người được bầu: {doc.seats}", styles["sub"]),
        Spacer(1, 5 * mm),
        table,
        KeepTogether([  # the closing note goes with the signature: no page of signatures only (D15)
            Spacer(1, 4 * mm),
            Paragraph(f"Danh sách gồm {len(doc.lines)} người, xếp theo thứ tự chữ cái tiếng Việt của tên, họ và "
                      f"tên đệm. Niêm yết ngày {format_date(doc.posted_on)}.", styles["note"]),
            Spacer(1, 8 * mm),
            signature]),
    ]
    title = TITLES[doc.position].capitalize()
    footer = footer_line(f"{doc.tdp_name} · {title} · In ngày {format_date(doc.printed_on)}")
    template.build(story, canvasmaker=numbered_canvas(footer))
    return buffer.getvalue()


def list_pdf(contest, today: date) -> bytes | None:
    """The contest's posted list as PDF bytes, or None while it is not posted."""
    row = list_of(contest)
    if row is None or row.published_on is None:
        return None
    round_ = contest.round
    tdp = round_.tdp
    return render_list(ListDocument(
        issuer_lines=list_issuer(tdp, round_.vote_date), place=place_name(tdp), position=contest.position.value,
        tdp_name=tdp_name_on(tdp, round_.vote_date),
        ward_name=tdp.ward.name, term=round_.election.term_label, vote_date=round_.vote_date, seats=contest.seats,
        lines=[ListLine(f"{c.honorific} {c.full_name}", c.birth_year, c.address) for c in final_list(contest)],
        posted_on=row.published_on, printed_on=today))
