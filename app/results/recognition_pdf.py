"""The recognition decision (quyết định công nhận kết quả bầu tổ trưởng, tổ phó) in the Decree 30/2020
format, built once as a Paper from plain data and rendered as PDF or .docx; knows nothing of the database.
Its legal bases, issuer, signer and recipients come from the ward's paper settings and the rule set."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from app.dashboard.stages import percent
from app.papers.document import B, Closing, Header, Paper, SignatureBlock, Style, para
from app.papers.docx_render import render_docx
from app.papers.pdf_render import render_pdf
from app.papers.settings import Signer
from app.rules import format_date


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
    vote_date: date
    elected: tuple[ElectedLine, ...]
    printed_on: date
    issuer_lines: tuple[str, ...]  #: ("ỦY BAN NHÂN DÂN", "PHƯỜNG NGỌC THỤY")
    place: str  #: of the place-and-date line, "Ngọc Thụy"
    authority: str  #: "Ủy ban nhân dân phường Ngọc Thụy", the issuer as a sentence names it
    bases: tuple[str, ...]  #: the rule set's "Căn cứ" lines, then the ward's own
    recipients: tuple[str, ...]  #: "Nơi nhận"
    signer: Signer


def _in_text(name: str) -> str:
    return name[:1].lower() + name[1:]


def _offices(doc: DecisionDoc) -> str:
    offices = {line.office.lower() for line in doc.elected}
    return "tổ trưởng, tổ phó" if "tổ phó" in offices else "tổ trưởng"


def decision_paper(doc: DecisionDoc) -> Paper:
    """Header, title and subject, the legal basis, Articles 1–3, the recipients and the signature block."""
    offices = _offices(doc)
    bases = [*doc.bases, f"Căn cứ biên bản kiểm phiếu bầu {offices} {doc.tdp_name} ngày {format_date(doc.vote_date)};",
             f"Xét đề nghị của Ban chỉ đạo bầu cử tổ trưởng, tổ phó tổ dân phố {_in_text(doc.ward_name)}."]
    elected = []
    for i, line in enumerate(doc.elected, 1):
        share = percent(Fraction(line.votes, line.electorate) if line.electorate else Fraction(0), 2)
        end = "." if i == len(doc.elected) else ";"
        elected.append(para(Style.BODY, f"{i}. {line.name}, trúng cử {line.office.lower()} {doc.tdp_name} với "
                                        f"{line.votes}/{line.electorate} phiếu, đạt {share} tổng số cử tri đại diện hộ "
                                        f"gia đình{end}"))
    draft = doc.day is None
    signer = SignatureBlock(tuple(x for x in (doc.signer.capacity, doc.signer.title) if x), doc.signer.name)
    return Paper(
        title=f"Quyết định công nhận – {doc.tdp_name}", author=doc.authority,
        # A decision once numbered and dated is what the chairman signs: no line of the software's on it (D32).
        footer=f"Dự thảo – lập ngày {format_date(doc.printed_on)} bằng Bầu cử Tổ dân phố" if draft else "",
        draft=draft,
        margins_mm=(20, 15, 20, 30),
        blocks=(
            Header(doc.issuer_lines, doc.number, doc.place, doc.day),
            para(Style.TITLE, "QUYẾT ĐỊNH"),
            para(Style.SUBJECT, f"Về việc công nhận kết quả bầu {offices} {doc.tdp_name}, nhiệm kỳ {doc.term}"),
            para(Style.SUBJECT, doc.authority.upper()),
            *[para(Style.BASIS, line) for line in bases],
            para(Style.SUBJECT, "QUYẾT ĐỊNH:"),
            para(Style.BODY, B("Điều 1."), f" Công nhận kết quả bầu {offices} {doc.tdp_name}, nhiệm kỳ {doc.term}, "
                                           f"bầu ngày {format_date(doc.vote_date)}, như sau:"),
            *elected,
            para(Style.BODY, B("Điều 2."), " Quyết định này có hiệu lực kể từ ngày ký. Các ông (bà) có tên tại Điều 1 "
                                           "thực hiện nhiệm vụ, quyền hạn theo quy định của pháp luật."),
            para(Style.BODY, B("Điều 3."), f" Văn phòng {doc.authority}, Ban chỉ đạo bầu cử phường, Ban công tác "
                                           f"Mặt trận {doc.tdp_name} và các ông (bà) có tên tại Điều 1 chịu trách "
                                           "nhiệm thi hành Quyết định này./."),
            Closing(doc.recipients, signer),
        ))


def render_decision(doc: DecisionDoc) -> bytes:
    """PDF bytes of the decision."""
    return render_pdf(decision_paper(doc))


def render_decision_docx(doc: DecisionDoc) -> bytes:
    """.docx bytes of the same decision."""
    return render_docx(decision_paper(doc))
