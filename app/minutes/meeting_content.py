"""What the meeting minutes say, as neutral paragraphs and tables (app.papers.document): the PDF lays them
out with its QR code and numbered copies, the .docx renders them for Word; both come from here, so the
words and figures are the same."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from app.minutes import wording
from app.minutes.layout import vn_percent
from app.papers.document import B, Grid, Header, Paper, Para, SignatureBlock, Signatures, Style, para
from app.rules import format_date

WITHDRAWN = "Đã rút"


@dataclass(frozen=True)
class Opinion:
    """The residents' opinion on one person on the proposed list (lấy ý kiến cử tri)."""

    name: str  #: with "Ông"/"Bà"
    votes_for: int | None
    votes_against: int | None
    comments: str
    decision: str  #: "Giữ trong danh sách", "Chưa ghi nhận", or "Đã rút (lý do)" for whoever left the list


@dataclass(frozen=True)
class ContestPart:
    position: str  #: "leader" or "deputy"
    seats: int
    method: str  #: "secret_ballot" or "show_of_hands"
    approvals: str | None  #: the approval of the method, when the rule set requires one, in words
    opinions: Sequence[Opinion]
    result: dict | None  #: the locked snapshot; None while the count is not final


@dataclass(frozen=True)
class MeetingMinutes:
    issuer_lines: tuple[str, ...]
    place: str  #: for the date line
    day: date
    round_number: int
    tdp_name: str
    ward_name: str
    term: str
    bases: tuple[str, ...]  #: "Căn cứ …" lines: the rule set's, then the ward's own
    starts: str | None  #: "08 giờ 00"
    meeting_place: str
    team: Sequence[tuple[str, str]]  #: (name with "Ông"/"Bà", role in the election team)
    chair: str | None  #: who chairs: the head of the election team
    secretary: str | None
    electorate: int
    present: int
    quorum_needed: int
    quorum_reached: bool
    parts: Sequence[ContestPart]
    fingerprint_short: str
    result_code: str
    qr_text: str | None
    ends: str | None = None  #: "10 giờ 30 phút ngày 15/10/2017": when the last count was locked; None: for the pen

    @property
    def draft(self) -> bool:
        """A draft ("DỰ THẢO") while any contest of the round has no locked result (D32)."""
        return not self.parts or any(part.result is None for part in self.parts)


OPINION_HEADER = ("STT", "Họ và tên", "Tán thành", "Không\ntán thành", "Ý kiến", "Kết luận")
OPINION_WIDTHS = (10, 45, 18, 18, 48, 36)
RESULT_HEADER = ("STT", "Họ và tên", "Số phiếu bầu", "Tỷ lệ so với\ntổng số cử tri")
RESULT_WIDTHS = (12, 80, 32, 36)
OVER_PRESENT = ("Số ý kiến đã ghi cho người này nhiều hơn số cử tri có mặt, nên không in ra; Tổ bầu cử kiểm tra "
                "và ghi lại bằng tay.")


def title() -> str:
    return "BIÊN BẢN HỘI NGHỊ"


def subtitle(doc: MeetingMinutes) -> str:
    return f"Bầu tổ trưởng, tổ phó {doc.tdp_name}, nhiệm kỳ {doc.term}{wording.round_note(doc.round_number)}"


def opening(doc: MeetingMinutes) -> list[Para]:
    when = f"Hồi {doc.starts} ngày" if doc.starts else "Ngày"
    return [*[para(Style.BODY, line) for line in doc.bases],
            para(Style.BODY, f"{when} {format_date(doc.day)}, tại {doc.meeting_place or doc.tdp_name}, {doc.tdp_name}, "
                             f"{doc.ward_name} tổ chức hội nghị cử tri bầu tổ trưởng, tổ phó tổ dân phố.")]


def attendance(doc: MeetingMinutes) -> list[Para]:
    out = [para(Style.HEADING, "I. THÀNH PHẦN VÀ SỐ CỬ TRI THAM DỰ")]
    if doc.team:
        out.append(para(Style.BODY, "Tổ bầu cử điều hành hội nghị gồm:"))
        out += [para(Style.ITEM, f"{i}. {name} – {role};") for i, (name, role) in enumerate(doc.team, 1)]
    verdict = "hội nghị đủ điều kiện tiến hành." if doc.quorum_reached else "hội nghị không đủ điều kiện tiến hành."
    return out + [
        para(Style.BODY, "Tổng số cử tri (đại diện hộ gia đình) của tổ dân phố: ", B(doc.electorate),
             ". Số cử tri có mặt: ", B(doc.present), f", bằng {vn_percent(doc.present, doc.electorate)} tổng số cử tri."),
        para(Style.BODY, f"Hội nghị cần quá một nửa tổng số cử tri có mặt (ít nhất {doc.quorum_needed}): ", B(verdict))]


def method(doc: MeetingMinutes) -> list[Para]:
    out = [para(Style.HEADING, "II. HÌNH THỨC BIỂU QUYẾT")]
    for part in doc.parts:
        approvals = f" {part.approvals}" if part.approvals else ""
        out.append(para(Style.BODY, f"Bầu {wording.OFFICES[part.position]}: hội nghị thống nhất hình thức ",
                        B(wording.METHODS[part.method]), f".{approvals}"))
    return out


def printable_counts(opinion: Opinion, present: int) -> tuple[str, str]:
    """The two counts as the paper prints them: blank when not recorded, and blank too when together they
    exceed the people present, so that no paper shows more opinions than people in the room (D10)."""
    given = (opinion.votes_for or 0) + (opinion.votes_against or 0)
    if given > present:
        return "", ""
    return ("" if opinion.votes_for is None else str(opinion.votes_for),
            "" if opinion.votes_against is None else str(opinion.votes_against))


def over_present(opinion: Opinion, present: int) -> bool:
    return (opinion.votes_for or 0) + (opinion.votes_against or 0) > present


def opinion_grid(part: ContestPart, present: int) -> Grid:
    rows = []
    for i, o in enumerate(part.opinions, 1):
        comments = o.comments or "–"
        if over_present(o, present):
            comments = OVER_PRESENT if not o.comments else f"{o.comments} ({OVER_PRESENT})"
        rows.append((str(i), o.name, *printable_counts(o, present), comments, o.decision))
    return Grid(OPINION_HEADER, tuple(rows), OPINION_WIDTHS, centred_columns=(0, 2, 3))


def opinions(doc: MeetingMinutes) -> list[Para | Grid]:
    out: list[Para | Grid] = [para(Style.HEADING, "III. Ý KIẾN CỦA HỘI NGHỊ VỀ DANH SÁCH NGƯỜI ỨNG CỬ")]
    for part in doc.parts:
        out.append(para(Style.BODY, f"Danh sách người ứng cử {wording.OFFICES[part.position]} ({part.seats} người "
                                    "được bầu):"))
        out.append(opinion_grid(part, doc.present) if part.opinions else para(Style.ITEM, "Chưa ghi nhận ý kiến nào."))
    return out


def result_grid(snapshot: dict) -> Grid:
    return Grid(RESULT_HEADER, tuple((str(r.number), r.name, str(r.votes), r.percent)
                                     for r in wording.vote_rows(snapshot)), RESULT_WIDTHS, centred_columns=(0, 2, 3))


def results(doc: MeetingMinutes) -> list[Para | Grid]:
    out: list[Para | Grid] = [para(Style.HEADING, "IV. KẾT QUẢ BẦU CỬ")]
    for n, part in enumerate(doc.parts, 1):
        out.append(para(Style.HEADING, f"{n}. Bầu {wording.OFFICES[part.position]}"))
        s = part.result
        if s is None:
            out.append(para(Style.BODY, "Bầu cử chức danh này chưa có kết quả (kết quả kiểm phiếu chưa được chốt)."))
            continue
        out += [para(Style.BODY, f"Số phiếu thu vào: {s['returned']}; hợp lệ: {s['valid']}; không hợp lệ: "
                                 f"{sum(s['invalid'].values())}. {wording.threshold_sentence(s)}"),
                result_grid(s), *[para(Style.BODY, line) for line in wording.conclusion(s, doc.tdp_name)]]
    return out


def closing(doc: MeetingMinutes, copies: int) -> Para:
    """When the meeting ended (the lock of its last count, or a line for the pen) and how many copies."""
    end = (f"Hội nghị kết thúc hồi {doc.ends}." if doc.ends
           else "Hội nghị kết thúc hồi …… giờ …… phút cùng ngày.")
    return para(Style.BODY, f"{end} Biên bản được lập thành {copies:02d} bản có giá trị như nhau, đã được đọc lại "
                            "cho hội nghị cùng nghe và nhất trí thông qua.")


def codes(doc: MeetingMinutes) -> list[Para]:
    out = [para(Style.SMALL, "Mã kiểm tra danh sách cử tri: ", B(doc.fingerprint_short), ". Mã kiểm tra kết quả: ",
                B(doc.result_code), ". Quét mã QR (hoặc gõ dòng chữ dưới mã) tại trang “Đối chiếu biên bản” để kiểm "
                "tra bản giấy này với kết quả đã lưu.")]
    if doc.qr_text:
        out.append(para(Style.CODE, doc.qr_text))
    return out


def signature_blocks(doc: MeetingMinutes) -> tuple[SignatureBlock, ...]:
    return (SignatureBlock(("CHỦ TRÌ HỘI NGHỊ",), doc.chair or "", "(Ký, ghi rõ họ tên)"),
            SignatureBlock(("THƯ KÝ HỘI NGHỊ",), doc.secretary or "", "(Ký, ghi rõ họ tên)"))


def footer(doc: MeetingMinutes) -> str:
    return f"Biên bản hội nghị bầu cử – {doc.tdp_name} · Mã kết quả {doc.result_code}"


def meeting_paper(doc: MeetingMinutes, copies: int = 3) -> Paper:
    """The minutes for Word: one copy that says how many are made, the QR code's text instead of the code."""
    return Paper(
        title=f"Biên bản hội nghị – {doc.tdp_name}", author=doc.issuer_lines[0], footer=footer(doc),
        margins_mm=(15, 15, 18, 20), draft=doc.draft,
        blocks=(Header(doc.issuer_lines, None, doc.place, doc.day), para(Style.TITLE, title()),
                para(Style.SUBJECT, subtitle(doc)), *opening(doc), *attendance(doc), *method(doc), *opinions(doc),
                *results(doc), closing(doc, copies), *codes(doc), Signatures(signature_blocks(doc))))
