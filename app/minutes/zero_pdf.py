"""Biên bản số 0: before the first ballot is entered, the witnesses see and sign that every count is zero,
with the roll fingerprint, the ballots printed and handed out, and who counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from app.core.pdf import grid_table_style
from app.minutes.layout import board_lines, board_signatures, build, esc, styles, verification_box
from ballots.official import OfficialHeader


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


def _ballots(doc: ZeroReport, st) -> list[Flowable]:
    printed = sum(q for _, q in doc.runs)
    runs = "; ".join(f"đợt in số {run_id}: {q} phiếu" for run_id, q in doc.runs) or "chưa có đợt in nào"
    led = doc.ledger
    return [Paragraph("3. Phiếu bầu", st["head"]),
            Paragraph(f"Số phiếu đã in (các đợt in còn hiệu lực): <b>{printed}</b> ({runs}).", st["item"]),
            Paragraph(f"Sổ theo dõi phiếu: đã phát ra <b>{led['issued']}</b>; hỏng, đã đổi {led['spoiled']}; "
                      f"chưa dùng {led['unused']}; đã tiêu hủy {led['destroyed']}; thu về từ hòm phiếu "
                      f"{led['returned']}.", st["item"])]


def _zeros(doc: ZeroReport, st) -> list[Flowable]:
    rows = [["Số liệu trên hệ thống kiểm phiếu", "Số"], ["Số phiếu đã nhập", str(doc.counted)],
            ["Số phiếu hợp lệ", str(doc.valid)], ["Số phiếu không hợp lệ", str(doc.invalid)]]
    rows += [[Paragraph(f"Số phiếu bầu cho {esc(name)}", st["cell"]), str(n)] for name, n in doc.votes]
    table = Table(rows, colWidths=[120 * mm, 30 * mm])
    style = grid_table_style()
    style.add("ALIGN", (1, 1), (1, -1), "CENTER")
    table.setStyle(style)
    every = all(n == 0 for n in (doc.counted, doc.valid, doc.invalid, *(v for _, v in doc.votes)))
    if doc.signed_at:
        verdict = "Tại thời điểm ký biên bản, mọi con số đều bằng 0: chưa có phiếu nào được nhập."
    elif every:
        verdict = "Mọi con số đều bằng 0: chưa có phiếu nào được nhập."
    else:
        verdict = "CHÚ Ý: có số liệu khác 0; không được ký biên bản này, hãy báo Ban chỉ đạo phường."
    return [Paragraph("4. Số liệu kiểm phiếu trước khi nhập phiếu đầu tiên", st["head"]), table, Spacer(1, 2 * mm),
            Paragraph(f"<b>{verdict}</b>", st["body"])]


def render_zero_report(doc: ZeroReport) -> bytes:
    """PDF bytes, one copy; a copy printed after signing says when it was signed."""
    st = styles()

    def story(_label) -> list[Flowable]:
        signed = [Paragraph(f"<b>Bản in lại.</b> Biên bản số 0 này đã được ký hồi {doc.signed_at}; các số liệu ở "
                            "mục 4 là số liệu tại thời điểm ký; mục 1 và mục 3 ghi số liệu hiện tại.", st["body"])]
        return [OfficialHeader(doc.issuer_lines, (doc.place, doc.day), size=12), Spacer(1, 7 * mm),
                Paragraph("BIÊN BẢN SỐ 0", st["title"]),
                Paragraph(f"Xác nhận số liệu trước khi kiểm phiếu bầu {doc.office}", st["sub"]),
                Paragraph(f"{esc(doc.tdp_name)} – {esc(doc.ward_name)} – Nhiệm kỳ {esc(doc.term)}{doc.round_note}",
                          st["subi"]), Spacer(1, 5 * mm), *(signed if doc.signed_at else []),
                Paragraph(f"Tại {esc(doc.counting_place or doc.tdp_name)}, trước khi nhập phiếu đầu tiên, Ban kiểm "
                          f"phiếu cùng hai người chứng kiến đã kiểm tra và xác nhận các nội dung dưới đây. Hình thức "
                          f"biểu quyết: {doc.method}.", st["body"]),
                *board_lines(doc.board, st),
                Paragraph("1. Cử tri", st["head"]),
                Paragraph(f"Tổng số cử tri (đại diện hộ gia đình): <b>{doc.electorate}</b>; số cử tri có mặt: "
                          f"<b>{doc.present}</b>.", st["item"]),
                Paragraph("2. Danh sách cử tri dùng tại hội nghị", st["head"]),
                verification_box(None, [
                    Paragraph(f"Mã kiểm tra danh sách: <b>{doc.fingerprint_short}</b> (in trên danh sách niêm yết và "
                              "danh sách ký tên); mã đầy đủ (SHA-256):", st["item"]),
                    Paragraph(doc.fingerprint_full, st["codeitem"])]),
                *_ballots(doc, st), *_zeros(doc, st), board_signatures(doc.board, st)]

    return build(story, 1, title=f"Biên bản số 0 – {doc.tdp_name}", author=doc.issuer_lines[0],
                 footer_text=f"Biên bản số 0 – kiểm phiếu bầu {doc.office} – {doc.tdp_name}")
