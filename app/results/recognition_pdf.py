"""The draft recognition decision (quyết định công nhận kết quả bầu tổ trưởng, tổ phó), A4, in the
Decree 30/2020 format. Renders bytes from plain data; knows nothing of the database."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.core.pdf import esc, footer_line, numbered_canvas
from app.dashboard.stages import percent
from app.reports.header import WardHeader
from app.rules import format_date
from ballots.fonts import SERIF, SERIF_BOLD, SERIF_BOLD_ITALIC, SERIF_ITALIC, register_fonts

#: What each rule set's legal text is about, after its reference, for the "Căn cứ" lines.
LEGAL_BASIS = {
    "nqlt-09-2008": ["Căn cứ {reference} hướng dẫn thi hành các Điều 11, Điều 14, Điều 16, Điều 22 và Điều 26 của "
                     "Pháp lệnh Thực hiện dân chủ ở xã, phường, thị trấn;"],
    "tt-14-2018": ["Căn cứ {reference} sửa đổi, bổ sung một số điều của Thông tư số 04/2012/TT-BNV ngày 31/8/2012 "
                   "của Bộ trưởng Bộ Nội vụ hướng dẫn về tổ chức và hoạt động của thôn, tổ dân phố;"],
    "nd-59-2023": ["Căn cứ Luật Thực hiện dân chủ ở cơ sở ngày 10 tháng 11 năm 2022;",
                   "Căn cứ {reference} quy định chi tiết một số điều của Luật Thực hiện dân chủ ở cơ sở;"],
}
LOCAL_GOVERNMENT = ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số "
                    "điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;")


@dataclass(frozen=True)
class ElectedLine:
    office: str  #: "Tổ trưởng" or "Tổ phó"
    name: str  #: with "Ông"/"Bà"
    votes: int
    electorate: int


@dataclass(frozen=True)
class DecisionDoc:
    ward_name: str  #: "Phường Ngọc Thụy"
    number: str  #: "125/QĐ-UBND", or "…/QĐ-UBND" for a draft
    day: date | None  #: the signing day; None for a draft
    tdp_name: str
    term: str
    rule_set_id: str
    reference: str  #: the rule set's legal reference
    vote_date: date
    elected: tuple[ElectedLine, ...]
    printed_on: date


def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = dict(fontName=SERIF, fontSize=13, leading=17)
    return {
        "title": ParagraphStyle("title", fontName=SERIF_BOLD, fontSize=14, leading=18, alignment=TA_CENTER),
        "subject": ParagraphStyle("subject", fontName=SERIF_BOLD, fontSize=13, leading=17, alignment=TA_CENTER),
        "issuer": ParagraphStyle("issuer", fontName=SERIF_BOLD, fontSize=13, leading=17, alignment=TA_CENTER,
                                 spaceBefore=8, spaceAfter=4),
        "basis": ParagraphStyle("basis", fontName=SERIF_ITALIC, fontSize=13, leading=17, alignment=TA_JUSTIFY,
                                firstLineIndent=10 * mm, spaceAfter=2),
        "body": ParagraphStyle("body", alignment=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=4, **base),
        "to_head": ParagraphStyle("to_head", fontName=SERIF_BOLD_ITALIC, fontSize=12, leading=14),
        "to": ParagraphStyle("to", fontName=SERIF, fontSize=11, leading=13),
        "sign": ParagraphStyle("sign", fontName=SERIF_BOLD, fontSize=13, leading=17, alignment=TA_CENTER),
    }


def _in_text(ward_name: str) -> str:
    """"Phường Ngọc Thụy" as it reads inside a sentence: "phường Ngọc Thụy"."""
    return ward_name[:1].lower() + ward_name[1:]


def _offices(doc: DecisionDoc) -> str:
    offices = {line.office.lower() for line in doc.elected}
    return "tổ trưởng, tổ phó" if "tổ phó" in offices else "tổ trưởng"


def _elected(doc: DecisionDoc, styles) -> list[Paragraph]:
    lines = []
    for i, line in enumerate(doc.elected, 1):
        share = percent(Fraction(line.votes, line.electorate) if line.electorate else Fraction(0), 2)
        end = "." if i == len(doc.elected) else ";"
        lines.append(Paragraph(f"{i}. {esc(line.name)}, trúng cử {line.office.lower()} {esc(doc.tdp_name)} với {line.votes}/"
                               f"{line.electorate} phiếu, đạt {share} tổng số cử tri đại diện hộ gia đình{end}",
                               styles["body"]))
    return lines


def render_decision(doc: DecisionDoc) -> bytes:
    """PDF bytes of the decision: header, title and subject, the legal basis, Articles 1–3, the
    recipients and the signature block "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH"."""
    styles = _styles()
    buffer = io.BytesIO()
    subject = esc(f"Về việc công nhận kết quả bầu {_offices(doc)} {doc.tdp_name}, nhiệm kỳ {doc.term}")
    template = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=30 * mm, rightMargin=15 * mm, topMargin=20 * mm,
                                 bottomMargin=20 * mm, title=f"Quyết định công nhận – {doc.tdp_name}",
                                 author=f"UBND {doc.ward_name}")
    basis = [LOCAL_GOVERNMENT] + [line.format(reference=doc.reference) for line in LEGAL_BASIS.get(doc.rule_set_id, [])]
    basis.append(f"Căn cứ biên bản kiểm phiếu bầu {_offices(doc)} {doc.tdp_name} ngày {format_date(doc.vote_date)};")
    basis.append(f"Xét đề nghị của Ban chỉ đạo bầu cử tổ trưởng, tổ phó tổ dân phố {_in_text(doc.ward_name)}.")
    basis = [esc(line) for line in basis]  # the reference, TDP and ward names are typed by users
    recipients = [Paragraph("Nơi nhận:", styles["to_head"])] + [
        Paragraph(esc(text), styles["to"]) for text in ("- Như Điều 3;", f"- Thường trực Đảng ủy {_in_text(doc.ward_name)};",
                                                   f"- Ủy ban MTTQ Việt Nam {_in_text(doc.ward_name)};", "- Lưu: VT.")]
    signature = [Paragraph("TM. ỦY BAN NHÂN DÂN", styles["sign"]), Paragraph("CHỦ TỊCH", styles["sign"])]
    closing = Table([[recipients, signature]], colWidths=[80 * mm, 85 * mm])
    closing.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), SERIF, 11), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story = [
        WardHeader(doc.ward_name, doc.number, doc.day),
        Spacer(1, 6 * mm),
        Paragraph("QUYẾT ĐỊNH", styles["title"]),
        Paragraph(subject, styles["subject"]),
        HRFlowable(width="22%", thickness=0.5, color="black", spaceBefore=2, spaceAfter=2),
        Paragraph(f"ỦY BAN NHÂN DÂN {esc(doc.ward_name.upper())}", styles["issuer"]),
        *[Paragraph(line, styles["basis"]) for line in basis],
        Spacer(1, 2 * mm),
        Paragraph("QUYẾT ĐỊNH:", styles["issuer"]),
        Paragraph(f"<b>Điều 1.</b> Công nhận kết quả bầu {_offices(doc)} {esc(doc.tdp_name)}, nhiệm kỳ {esc(doc.term)}, "
                  f"bầu ngày {format_date(doc.vote_date)}, như sau:", styles["body"]),
        *_elected(doc, styles),
        Paragraph("<b>Điều 2.</b> Quyết định này có hiệu lực kể từ ngày ký. Các ông (bà) có tên tại Điều 1 thực hiện "
                  "nhiệm vụ, quyền hạn theo quy định của pháp luật.", styles["body"]),
        Paragraph(f"<b>Điều 3.</b> Văn phòng Ủy ban nhân dân {esc(_in_text(doc.ward_name))}, Ban chỉ đạo bầu cử phường, "
                  f"Ban công tác Mặt trận {esc(doc.tdp_name)} và các ông (bà) có tên tại Điều 1 chịu trách nhiệm thi "
                  "hành Quyết định này./.", styles["body"]),
        Spacer(1, 4 * mm),
        KeepTogether(closing),
    ]
    footer = ("Dự thảo – " if doc.day is None else "") + f"lập ngày {format_date(doc.printed_on)} bằng Bầu cử Tổ dân phố"
    template.build(story, canvasmaker=numbered_canvas(footer_line(footer)))
    return buffer.getvalue()
