"""What the counting minutes say, as neutral paragraphs and tables (app.papers.document): the PDF lays
them out with its QR code and numbered copies, the .docx renders them for Word; the words and figures are
the same because they come from here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from app.minutes import wording
from app.minutes.layout import board_blocks, board_paras, vn_percent
from app.papers.document import B, Grid, Header, PageBreak, Paper, Para, SignatureBlock, Signatures, Style, para
from app.rules import format_date


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
    bases: tuple[str, ...]  #: "Căn cứ …" lines: the rule set's, then the ward's own
    started: str | None  #: when the zero report was signed, "08 giờ 30 phút ngày 15/10/2017"
    finished: str | None  #: when the result was locked
    fingerprint_short: str
    result_code: str
    qr_text: str | None
    annex: Sequence[AnnexLine]
    rulings: Sequence[str] = ()  #: the board head's rulings on differences between two passes


VOTE_HEADER = ("STT", "Họ và tên người ứng cử", "Số phiếu bầu", "Tỷ lệ so với\ntổng số cử tri", "Kết quả")
VOTE_WIDTHS = (12, 68, 26, 32, 37)
ANNEX_HEADER = ("STT", "Thời điểm", "Người nhập", "Lượt", "Phiếu / tệp", "Số liệu")


def title(doc: CountingMinutes) -> str:
    return f"BIÊN BẢN KIỂM PHIẾU BẦU {wording.office(doc.snapshot).upper()} TỔ DÂN PHỐ"


def subtitle(doc: CountingMinutes) -> str:
    return f"{doc.tdp_name} – {doc.ward_name} – Nhiệm kỳ {doc.term}{wording.round_note(doc.snapshot['round'])}"


def opening(doc: CountingMinutes) -> list[Para]:
    s = doc.snapshot
    when = f"Hồi {doc.started}" if doc.started else f"Ngày {format_date(date.fromisoformat(s['vote_date']))}"
    return [*[para(Style.BODY, line) for line in doc.bases],
            para(Style.BODY, f"{when}, tại {s.get('place') or doc.tdp_name}, {doc.tdp_name}, {doc.ward_name}, Ban "
                             f"kiểm phiếu đã tiến hành kiểm phiếu bầu {wording.office(s)} {doc.tdp_name}, nhiệm kỳ "
                             f"{doc.term}{wording.round_note(s['round'])}; hình thức biểu quyết: "
                             f"{wording.METHODS[s['method']]}."),
            *board_paras(s.get("board") or {})]


def figures(doc: CountingMinutes) -> list[Para]:
    s, ballots = doc.snapshot, doc.snapshot.get("ballots") or {}
    invalid = sum(s["invalid"].values())
    lines = [("Tổng số cử tri (đại diện hộ gia đình) của tổ dân phố: ", B(s["electorate"]), "."),
             ("Số cử tri có mặt tại hội nghị: ", B(s["present"]),
              f", bằng {vn_percent(s['present'], s['electorate'])} tổng số cử tri.")]
    if s["method"] == "show_of_hands":
        lines.append(("Số cử tri tham gia biểu quyết: ", B(s["returned"]), "."))
    else:
        lines += [("Số phiếu đã in (các đợt in còn hiệu lực): ", B(ballots.get("printed", "–")),
                   f"; số phiếu hỏng đã đổi: {ballots.get('spoiled', '–')}; số phiếu chưa dùng: "
                   f"{ballots.get('unused', '–')}."),
                  ("Số phiếu phát ra: ", B(ballots.get("issued", "–")), "."),
                  ("Số phiếu thu vào: ", B(s["returned"]), "."),
                  ("Số phiếu hợp lệ: ", B(s["valid"]), "."),
                  ("Số phiếu không hợp lệ: ", B(invalid), ", trong đó:" if invalid else ".")]
    out = [para(Style.HEADING, "I. SỐ CỬ TRI VÀ SỐ PHIẾU")]
    out += [para(Style.ITEM, f"{i}. ", *parts) for i, parts in enumerate(lines, 1)]
    out += [para(Style.SUBITEM, f"– {label}: ", B(n), ";") for label, n in wording.invalid_lines(s)]
    if "bundles" in s["sources"]:
        out.append(para(Style.ITEM, "Có phiếu được đếm tay theo tệp; số liệu từng tệp ghi ở phụ lục."))
    return out


def votes_intro(doc: CountingMinutes) -> list[Para]:
    s = doc.snapshot
    return [para(Style.HEADING, "II. SỐ PHIẾU BẦU CHO TỪNG NGƯỜI ỨNG CỬ"),
            para(Style.BODY, f"Số người được bầu: {s['seats']}. {wording.threshold_sentence(s)}")]


def vote_grid(doc: CountingMinutes) -> Grid:
    rows = tuple((str(r.number), r.name, str(r.votes), r.percent, "Trúng cử" if r.elected else "–")
                 for r in wording.vote_rows(doc.snapshot))
    return Grid(VOTE_HEADER, rows, VOTE_WIDTHS, centred_columns=(0, 2, 3, 4))


def conclusion(doc: CountingMinutes) -> list[Para]:
    return [para(Style.HEADING, "III. KẾT QUẢ BẦU CỬ")] + \
        [para(Style.BODY, line) for line in wording.conclusion(doc.snapshot, doc.tdp_name)]


def closing(doc: CountingMinutes, copies: int) -> Para:
    end = f"Việc kiểm phiếu kết thúc hồi {doc.finished}. " if doc.finished else ""
    return para(Style.BODY, f"{end}Biên bản được lập thành {copies:02d} bản có giá trị như nhau, đã đọc lại cho "
                            "những người có mặt cùng nghe và ký tên dưới đây.")


def codes(doc: CountingMinutes) -> list[Para]:
    out = [para(Style.SMALL, "Mã kiểm tra danh sách cử tri: ", B(doc.fingerprint_short), "; mã đầy đủ (SHA-256):"),
           para(Style.CODE, doc.snapshot["roll_fingerprint"]),
           para(Style.SMALL, "Mã kiểm tra kết quả: ", B(doc.result_code), ". Quét mã QR (hoặc gõ dòng chữ dưới mã) tại "
                "trang “Đối chiếu biên bản” để kiểm tra bản giấy này với kết quả đã lưu.")]
    if doc.qr_text:
        out.append(para(Style.CODE, doc.qr_text))
    return out


def signature_blocks(doc: CountingMinutes) -> tuple[SignatureBlock, ...]:
    return tuple(SignatureBlock((t,), n or "", "(Ký, ghi rõ họ tên)")
                 for t, n in board_blocks(doc.snapshot.get("board") or {}))


def annex_intro(doc: CountingMinutes, label: str | None) -> list[Para]:
    copy = f" – bản số {label}" if label else ""
    return [para(Style.TITLE, "PHỤ LỤC: NHẬT KÝ NHẬP PHIẾU"),
            para(Style.CENTER_ITALIC, f"(Kèm theo Biên bản kiểm phiếu bầu {wording.office(doc.snapshot)} "
                                      f"{doc.tdp_name}{copy})"),
            para(Style.BODY, "Mỗi dòng là số liệu tổng hợp: các phiếu quét mã do một người nhập trong một lượt (thời "
                             "gian, số phiếu, số phiếu hợp lệ, không hợp lệ và số phiếu bầu cho từng người), hoặc một "
                             "xấp phiếu đếm tay, một lần ghi kết quả giơ tay. Để giữ bí mật phiếu bầu, nhật ký không ghi "
                             "số sê-ri hay nội dung của từng phiếu, và không ghi cử tri nào đã nhận hay bỏ phiếu nào. "
                             f"Tổng cộng {len(doc.annex)} dòng.")]


def annex_rows(doc: CountingMinutes) -> tuple[tuple[str, ...], ...]:
    return tuple((str(i), line.at, line.clerk, str(line.pass_no), line.item, line.outcome)
                 for i, line in enumerate(doc.annex, 1))


def rulings(doc: CountingMinutes) -> list[Para]:
    if not doc.rulings:
        return []
    return [para(Style.HEADING, "Quyết định của Trưởng ban kiểm phiếu về chênh lệch giữa hai lượt nhập:")] + \
        [para(Style.ITEM, f"– {r}") for r in doc.rulings]


def counting_paper(doc: CountingMinutes, copies: int = 3) -> Paper:
    """The minutes for Word: one copy (Word prints as many as needed), the QR code's text instead of the
    code itself, then the annex."""
    day = date.fromisoformat(doc.snapshot["vote_date"])
    annex = [Grid(ANNEX_HEADER, annex_rows(doc), (10, 32, 27, 10, 33, 63), centred_columns=(0, 3))] if doc.annex else []
    return Paper(
        title=f"Biên bản kiểm phiếu – {doc.tdp_name}", author=doc.issuer_lines[0],
        footer=f"Biên bản kiểm phiếu bầu {wording.office(doc.snapshot)} – {doc.tdp_name} · Mã kết quả {doc.result_code}",
        margins_mm=(15, 15, 18, 20),
        blocks=(Header(doc.issuer_lines, None, doc.place, day), para(Style.TITLE, title(doc)),
                para(Style.SUBJECT, subtitle(doc)), *opening(doc), *figures(doc), *votes_intro(doc), vote_grid(doc),
                *conclusion(doc), closing(doc, copies), *codes(doc), Signatures(signature_blocks(doc)),
                PageBreak(), *annex_intro(doc, None), *annex, *rulings(doc)))
