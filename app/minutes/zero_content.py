"""What the zero report says (biên bản số 0), as neutral paragraphs and tables (app.papers.document): the
PDF and the .docx both come from here, so they carry the same words and figures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from app.minutes.layout import board_blocks, board_paras
from app.papers.document import B, Grid, Header, Paper, Para, SignatureBlock, Signatures, Style, para


@dataclass(frozen=True)
class ZeroReport:
    issuer_lines: tuple[str, ...]
    place: str  #: for the date line
    day: date
    office: str  #: "tổ trưởng" or "tổ phó"
    tdp_name: str
    ward_name: str
    term: str
    round_note: str  #: "" or " (bầu lần thứ hai)"
    counting_place: str
    method: str  #: "bỏ phiếu kín" or "biểu quyết giơ tay"
    board: dict  #: {"head", "secretary", "members", "witnesses"}
    electorate: int
    present: int
    fingerprint_short: str
    fingerprint_full: str
    runs: Sequence[tuple[int, int]]  #: (run id, ballots) of the active live print runs
    ledger: dict[str, int]  #: issued, spoiled, returned, unused, destroyed
    counted: int  #: ballots entered so far: zero before the count opens
    valid: int
    invalid: int
    votes: Sequence[tuple[str, int]]  #: (candidate with "Ông"/"Bà", votes entered so far)
    signed_at: str | None  #: when the witnesses signed it, for a copy printed afterwards


def title() -> str:
    return "BIÊN BẢN KIỂM TRA HÒM PHIẾU"


def subject(doc: ZeroReport) -> str:
    return f"Xác nhận số liệu trước khi kiểm phiếu bầu {doc.office}"


def subtitle(doc: ZeroReport) -> str:
    return f"{doc.tdp_name} – {doc.ward_name} – Nhiệm kỳ {doc.term}{doc.round_note}"


def opening(doc: ZeroReport) -> list[Para]:
    signed = [para(Style.BODY, B("Bản in lại."), f" Biên bản kiểm tra hòm phiếu này đã được ký hồi {doc.signed_at}; các số liệu ở "
                   "mục 4 là số liệu tại thời điểm ký; mục 1 và mục 3 ghi số liệu hiện tại.")] if doc.signed_at else []
    return [*signed,
            para(Style.BODY, f"Tại {doc.counting_place or doc.tdp_name}, trước khi nhập phiếu đầu tiên, Ban kiểm phiếu "
                             "cùng hai người chứng kiến đã kiểm tra và xác nhận các nội dung dưới đây. Hình thức biểu "
                             f"quyết: {doc.method}."),
            *board_paras(doc.board)]


def voters(doc: ZeroReport) -> list[Para]:
    return [para(Style.HEADING, "1. Cử tri"),
            para(Style.ITEM, "Tổng số cử tri (đại diện hộ gia đình): ", B(doc.electorate), "; số cử tri có mặt: ",
                 B(doc.present), ".")]


def roll(doc: ZeroReport) -> list[Para]:
    return [para(Style.HEADING, "2. Danh sách cử tri dùng tại hội nghị"),
            para(Style.ITEM, "Mã kiểm tra danh sách: ", B(doc.fingerprint_short), " (in trên danh sách niêm yết và "
                 "danh sách ký tên); mã đầy đủ (SHA-256):"),
            para(Style.CODE, doc.fingerprint_full)]


def ballots(doc: ZeroReport) -> list[Para]:
    printed = sum(q for _, q in doc.runs)
    runs = "; ".join(f"đợt in số {run_id}: {q} phiếu" for run_id, q in doc.runs) or "chưa có đợt in nào"
    led = doc.ledger
    return [para(Style.HEADING, "3. Phiếu bầu"),
            para(Style.ITEM, "Số phiếu đã in (các đợt in còn hiệu lực): ", B(printed), f" ({runs})."),
            para(Style.ITEM, "Sổ theo dõi phiếu: đã phát ra ", B(led["issued"]), f"; hỏng, đã đổi {led['spoiled']}; "
                 f"chưa dùng {led['unused']}; đã tiêu hủy {led['destroyed']}; thu về từ hòm phiếu {led['returned']}.")]


def zeros_heading() -> Para:
    return para(Style.HEADING, "4. Số liệu kiểm phiếu trước khi nhập phiếu đầu tiên")


def zeros_grid(doc: ZeroReport) -> Grid:
    rows = [("Số phiếu đã nhập", str(doc.counted)), ("Số phiếu hợp lệ", str(doc.valid)),
            ("Số phiếu không hợp lệ", str(doc.invalid))]
    rows += [(f"Số phiếu bầu cho {name}", str(n)) for name, n in doc.votes]
    return Grid(("Số liệu trên hệ thống kiểm phiếu", "Số"), tuple(rows), (120, 30), centred_columns=(1,))


def verdict(doc: ZeroReport) -> Para:
    every = all(n == 0 for n in (doc.counted, doc.valid, doc.invalid, *(v for _, v in doc.votes)))
    if doc.signed_at:
        text = "Tại thời điểm ký biên bản, mọi con số đều bằng 0: chưa có phiếu nào được nhập."
    elif every:
        text = "Mọi con số đều bằng 0: chưa có phiếu nào được nhập."
    else:
        text = "CHÚ Ý: có số liệu khác 0; không được ký biên bản này, hãy báo Ban chỉ đạo phường."
    return para(Style.BODY, B(text))


def signature_blocks(doc: ZeroReport) -> tuple[SignatureBlock, ...]:
    return tuple(SignatureBlock((t,), n or "", "(Ký, ghi rõ họ tên)") for t, n in board_blocks(doc.board))


def footer(doc: ZeroReport) -> str:
    return f"Biên bản kiểm tra hòm phiếu – kiểm phiếu bầu {doc.office} – {doc.tdp_name}"


def zero_paper(doc: ZeroReport) -> Paper:
    """The zero report for Word, with the same words and figures as its PDF."""
    return Paper(
        title=f"Biên bản kiểm tra hòm phiếu – {doc.tdp_name}", author=doc.issuer_lines[0], footer=footer(doc),
        margins_mm=(15, 15, 18, 20),
        blocks=(Header(doc.issuer_lines, None, doc.place, doc.day), para(Style.TITLE, title()),
                para(Style.SUBJECT, subject(doc)), para(Style.CENTER_ITALIC, subtitle(doc)), *opening(doc),
                *voters(doc), *roll(doc), *ballots(doc), zeros_heading(), zeros_grid(doc), verdict(doc),
                Signatures(signature_blocks(doc))))
