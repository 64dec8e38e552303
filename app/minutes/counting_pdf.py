"""Biên bản kiểm phiếu: the counting minutes of one contest, A4, Decree 30 header, with the annex that
logs every entry; rendered only from a locked result snapshot."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table

from app.core.pdf import grid_table_style
from app.minutes import wording
from app.minutes.layout import (
    TEXT_WIDTH,
    board_lines,
    board_signatures,
    build,
    copy_line,
    esc,
    styles,
    verification_box,
    vn_percent,
)
from app.rules import format_date
from ballots.fonts import SANS, SERIF
from ballots.official import OfficialHeader


@dataclass(frozen=True)
class AnnexLine:
    """One line of the entry log: who entered and when, a group of scanned ballots or one bundle, its totals.
    Names no voter and no serial."""

    at: str
    clerk: str
    pass_no: int
    item: str  #: "Quét 10 phiếu" (one clerk's scanned ballots in one pass) or "Tệp số 3 (đếm tay)"
    outcome: str


@dataclass(frozen=True)
class CountingMinutes:
    snapshot: dict  #: the locked result, as stored
    issuer_lines: tuple[str, ...]
    place: str  #: for the date line
    tdp_name: str
    ward_name: str
    term: str
    rule_reference: str
    started: str | None  #: when the zero report was signed, "08 giờ 30 phút ngày 15/10/2017"
    finished: str | None  #: when the result was locked
    fingerprint_short: str
    result_code: str
    qr_text: str | None
    annex: Sequence[AnnexLine]
    rulings: Sequence[str] = ()  #: the board head's rulings on differences between two passes


def _opening(doc: CountingMinutes, st) -> list[Flowable]:
    s, board = doc.snapshot, doc.snapshot.get("board") or {}
    when = f"Hồi {doc.started}" if doc.started else f"Ngày {format_date(date.fromisoformat(s['vote_date']))}"
    return [Paragraph(f"Căn cứ {esc(doc.rule_reference)};", st["body"]),
            Paragraph(f"{when}, tại {esc(s.get('place') or doc.tdp_name)}, {esc(doc.tdp_name)}, "
                      f"{esc(doc.ward_name)}, Ban kiểm phiếu đã tiến hành kiểm phiếu bầu {wording.office(s)} "
                      f"{esc(doc.tdp_name)}, nhiệm kỳ {esc(doc.term)}{wording.round_note(s['round'])}; hình thức "
                      f"biểu quyết: {wording.METHODS[s['method']]}.", st["body"]),
            *board_lines(board, st)]


def _figures(doc: CountingMinutes, st) -> list[Flowable]:
    s, ballots = doc.snapshot, doc.snapshot.get("ballots") or {}
    invalid = sum(s["invalid"].values())
    lines = [f"Tổng số cử tri (đại diện hộ gia đình) của tổ dân phố: <b>{s['electorate']}</b>.",
             f"Số cử tri có mặt tại hội nghị: <b>{s['present']}</b>, bằng {vn_percent(s['present'], s['electorate'])} "
             "tổng số cử tri."]
    if s["method"] == "show_of_hands":
        lines.append(f"Số cử tri tham gia biểu quyết: <b>{s['returned']}</b>.")
    else:
        lines += [f"Số phiếu đã in (các đợt in còn hiệu lực): <b>{ballots.get('printed', '–')}</b>; số phiếu hỏng đã "
                  f"đổi: {ballots.get('spoiled', '–')}; số phiếu chưa dùng: {ballots.get('unused', '–')}.",
                  f"Số phiếu phát ra: <b>{ballots.get('issued', '–')}</b>.",
                  f"Số phiếu thu vào: <b>{s['returned']}</b>.",
                  f"Số phiếu hợp lệ: <b>{s['valid']}</b>.",
                  f"Số phiếu không hợp lệ: <b>{invalid}</b>" + (", trong đó:" if invalid else ".")]
    out = [Paragraph("I. SỐ CỬ TRI VÀ SỐ PHIẾU", st["head"])]
    out += [Paragraph(f"{i}. {line}", st["item"]) for i, line in enumerate(lines, 1)]
    out += [Paragraph(f"– {esc(label)}: <b>{n}</b>;", st["subitem"]) for label, n in wording.invalid_lines(s)]
    if "bundles" in s["sources"]:
        out.append(Paragraph("Có phiếu được đếm tay theo tệp; số liệu từng tệp ghi ở phụ lục.", st["item"]))
    return out


def _votes(doc: CountingMinutes, st) -> list[Flowable]:
    s = doc.snapshot
    header = [["STT", "Họ và tên người ứng cử", "Số phiếu bầu", "Tỷ lệ so với\ntổng số cử tri", "Kết quả"]]
    rows = [[str(r.number), Paragraph(esc(r.name), st["cell"]), str(r.votes), r.percent,
             "Trúng cử" if r.elected else "–"] for r in wording.vote_rows(s)]
    table = Table(header + rows, repeatRows=1, colWidths=[12 * mm, 68 * mm, 26 * mm, 32 * mm, 37 * mm])
    style = grid_table_style()
    style.add("ALIGN", (0, 1), (0, -1), "CENTER")
    style.add("ALIGN", (2, 1), (-1, -1), "CENTER")
    table.setStyle(style)
    return [Paragraph("II. SỐ PHIẾU BẦU CHO TỪNG NGƯỜI ỨNG CỬ", st["head"]),
            Paragraph(f"Số người được bầu: {s['seats']}. {wording.threshold_sentence(s)}", st["body"]),
            Spacer(1, 2 * mm), table, Spacer(1, 2 * mm),
            Paragraph("III. KẾT QUẢ BẦU CỬ", st["head"])] + \
        [Paragraph(esc(line), st["body"]) for line in wording.conclusion(s, doc.tdp_name)]


def _closing(doc: CountingMinutes, st, copies: int) -> list[Flowable]:
    s, board = doc.snapshot, doc.snapshot.get("board") or {}
    codes = [Paragraph(f"Mã kiểm tra danh sách cử tri: <b>{doc.fingerprint_short}</b>; mã đầy đủ (SHA-256):",
                       st["small"]),
             Paragraph(s["roll_fingerprint"], st["code"]),
             Paragraph(f"Mã kiểm tra kết quả: <b>{doc.result_code}</b>. Quét mã QR (hoặc gõ dòng chữ dưới mã) tại "
                       "trang “Đối chiếu biên bản” để kiểm tra bản giấy này với kết quả đã lưu.", st["small"])]
    if doc.qr_text:
        codes.append(Paragraph(doc.qr_text, st["code"]))
    end = f"Việc kiểm phiếu kết thúc hồi {doc.finished}. " if doc.finished else ""
    return [Spacer(1, 2 * mm),
            Paragraph(f"{end}Biên bản được lập thành {copies:02d} bản có giá trị như nhau, đã đọc lại cho "
                      "những người có mặt cùng nghe và ký tên dưới đây.", st["body"]),
            verification_box(doc.qr_text, codes), board_signatures(board, st)]


def _annex(doc: CountingMinutes, st, label: str | None) -> list[Flowable]:
    s = doc.snapshot
    copy = f" – bản số {label}" if label else ""
    out: list[Flowable] = [
        PageBreak(), *copy_line(label, st), Paragraph("PHỤ LỤC: NHẬT KÝ NHẬP PHIẾU", st["title"]),
        Paragraph(f"(Kèm theo Biên bản kiểm phiếu bầu {wording.office(s)} {esc(doc.tdp_name)}{copy})", st["subi"]),
        Spacer(1, 3 * mm),
        Paragraph(f"Mỗi dòng là số liệu tổng hợp: các phiếu quét mã do một người nhập trong một lượt (thời gian, "
                  f"số phiếu, số phiếu hợp lệ, không hợp lệ và số phiếu bầu cho từng người), hoặc một tệp phiếu đếm "
                  f"tay, một lần ghi kết quả giơ tay. Để giữ bí mật phiếu bầu, nhật ký không ghi số sê-ri hay nội "
                  f"dung của từng phiếu, và không ghi cử tri nào đã nhận hay bỏ phiếu nào. "
                  f"Tổng cộng {len(doc.annex)} dòng.", st["body"]),
        Spacer(1, 2 * mm)]
    if doc.annex:
        header = [["STT", "Thời điểm", "Người nhập", "Lượt", "Phiếu / tệp", "Số liệu"]]
        rows = [[str(i), Paragraph(esc(line.at), st["logcell"]), Paragraph(esc(line.clerk), st["logcell"]), str(line.pass_no),
                 Paragraph(esc(line.item), st["logcell"]) if " " in line.item else line.item,
                 Paragraph(esc(line.outcome), st["logcell"])] for i, line in enumerate(doc.annex, 1)]
        table = Table(header + rows, repeatRows=1, colWidths=[10 * mm, 32 * mm, 27 * mm, 10 * mm, 33 * mm,
                                                            TEXT_WIDTH - 112 * mm])
        style = grid_table_style()
        style.add("FONT", (0, 1), (-1, -1), SERIF, 10)
        style.add("FONT", (4, 1), (4, -1), SANS, 8.5)
        style.add("ALIGN", (0, 1), (0, -1), "CENTER")
        style.add("ALIGN", (3, 1), (3, -1), "CENTER")
        table.setStyle(style)
        out.append(table)
    if doc.rulings:
        out += [Spacer(1, 3 * mm), Paragraph("Quyết định của Trưởng ban kiểm phiếu về chênh lệch giữa hai lượt nhập:",
                                             st["head"])]
        out += [Paragraph(f"– {esc(r)}", st["item"]) for r in doc.rulings]
    return out


def render_counting(doc: CountingMinutes, copies: int = 3) -> bytes:
    """PDF bytes: the minutes `copies` times, each "Bản số k/n" with its annex and its own page numbers."""
    st = styles()
    s = doc.snapshot
    title = f"BIÊN BẢN KIỂM PHIẾU BẦU {wording.office(s).upper()} TỔ DÂN PHỐ"
    day = date.fromisoformat(s["vote_date"])

    def story(label: str | None) -> list[Flowable]:
        return [*copy_line(label, st), OfficialHeader(doc.issuer_lines, (doc.place, day), size=12),
                Spacer(1, 7 * mm), Paragraph(title, st["title"]),
                Paragraph(f"{esc(doc.tdp_name)} – {esc(doc.ward_name)} – Nhiệm kỳ {esc(doc.term)}"
                          f"{wording.round_note(s['round'])}", st["sub"]), Spacer(1, 5 * mm),
                *_opening(doc, st), *_figures(doc, st), *_votes(doc, st), *_closing(doc, st, copies),
                *_annex(doc, st, label)]

    return build(story, copies, title=f"Biên bản kiểm phiếu – {doc.tdp_name}", author=doc.issuer_lines[0],
                 footer_text=f"Biên bản kiểm phiếu bầu {wording.office(s)} – {doc.tdp_name} · "
                             f"Mã kết quả {doc.result_code}")
