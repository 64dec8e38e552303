"""Biên bản hội nghị: the meeting of one round (attendance and quorum, the voting method, the opinions on
the candidate list, the results of the contests from their locked snapshots), A4, Decree 30 header."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from app.core.pdf import grid_table_style
from app.minutes import wording
from app.minutes.layout import TEXT_WIDTH, build, copy_line, esc, signatures, styles, verification_box, vn_percent
from app.rules import format_date
from ballots.official import OfficialHeader


@dataclass(frozen=True)
class Opinion:
    """The residents' opinion on one person on the proposed list (lấy ý kiến cử tri)."""

    name: str  #: with "Ông"/"Bà"
    votes_for: int | None
    votes_against: int | None
    comments: str
    decision: str  #: "Giữ trong danh sách", "Rút khỏi danh sách" or "Chưa ghi nhận"


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


def _attendance(doc: MeetingMinutes, st) -> list[Flowable]:
    out = [Paragraph("I. THÀNH PHẦN VÀ SỐ CỬ TRI THAM DỰ", st["head"])]
    if doc.team:
        out.append(Paragraph("Tổ bầu cử điều hành hội nghị gồm:", st["body"]))
        out += [Paragraph(f"{i}. {esc(name)} – {esc(role)};", st["item"]) for i, (name, role) in enumerate(doc.team, 1)]
    out += [Paragraph(f"Tổng số cử tri (đại diện hộ gia đình) của tổ dân phố: <b>{doc.electorate}</b>. Số cử tri có "
                      f"mặt: <b>{doc.present}</b>, bằng {vn_percent(doc.present, doc.electorate)} tổng số cử tri.",
                      st["body"]),
            Paragraph(f"Hội nghị cần quá một nửa tổng số cử tri có mặt (ít nhất {doc.quorum_needed}): "
                      + ("<b>hội nghị đủ điều kiện tiến hành.</b>" if doc.quorum_reached
                         else "<b>hội nghị không đủ điều kiện tiến hành.</b>"), st["body"])]
    return out


def _method(doc: MeetingMinutes, st) -> list[Flowable]:
    out = [Paragraph("II. HÌNH THỨC BIỂU QUYẾT", st["head"])]
    for part in doc.parts:
        approvals = f" {esc(part.approvals)}" if part.approvals else ""
        out.append(Paragraph(f"Bầu {wording.OFFICES[part.position]}: hội nghị thống nhất hình thức "
                             f"<b>{wording.METHODS[part.method]}</b>.{approvals}", st["body"]))
    return out


def _opinions(doc: MeetingMinutes, st) -> list[Flowable]:
    out = [Paragraph("III. Ý KIẾN CỦA HỘI NGHỊ VỀ DANH SÁCH NGƯỜI ỨNG CỬ", st["head"])]
    for part in doc.parts:
        out.append(Paragraph(f"Danh sách người ứng cử {wording.OFFICES[part.position]} ({part.seats} người được bầu):",
                             st["body"]))
        if not part.opinions:
            out.append(Paragraph("Chưa ghi nhận ý kiến nào.", st["item"]))
            continue
        header = [["STT", "Họ và tên", "Tán thành", "Không\ntán thành", "Ý kiến", "Kết luận"]]
        rows = [[str(i), Paragraph(esc(o.name), st["cell"]), "" if o.votes_for is None else str(o.votes_for),
                 "" if o.votes_against is None else str(o.votes_against),
                 Paragraph(esc(o.comments) or "–", st["cell"]), Paragraph(esc(o.decision), st["cell"])]
                for i, o in enumerate(part.opinions, 1)]
        table = Table(header + rows, repeatRows=1, colWidths=[10 * mm, 45 * mm, 18 * mm, 18 * mm,
                                                            TEXT_WIDTH - 127 * mm, 36 * mm])
        style = grid_table_style()
        style.add("ALIGN", (0, 1), (0, -1), "CENTER")
        style.add("ALIGN", (2, 1), (3, -1), "CENTER")
        table.setStyle(style)
        out += [table, Spacer(1, 2 * mm)]
    return out


def _results(doc: MeetingMinutes, st) -> list[Flowable]:
    out = [Paragraph("IV. KẾT QUẢ BẦU CỬ", st["head"])]
    for n, part in enumerate(doc.parts, 1):
        office = wording.OFFICES[part.position]
        out.append(Paragraph(f"{n}. Bầu {office}", st["head"]))
        s = part.result
        if s is None:
            out.append(Paragraph("Bầu cử chức danh này chưa có kết quả (kết quả kiểm phiếu chưa được chốt).",
                                 st["body"]))
            continue
        out.append(Paragraph(f"Số phiếu thu vào: {s['returned']}; hợp lệ: {s['valid']}; không hợp lệ: "
                             f"{sum(s['invalid'].values())}. {wording.threshold_sentence(s)}", st["body"]))
        rows = [["STT", "Họ và tên", "Số phiếu bầu", "Tỷ lệ so với\ntổng số cử tri"]]
        rows += [[str(r.number), Paragraph(esc(r.name), st["cell"]), str(r.votes), r.percent]
                 for r in wording.vote_rows(s)]
        table = Table(rows, repeatRows=1, colWidths=[12 * mm, 80 * mm, 32 * mm, 36 * mm])
        style = grid_table_style()
        style.add("ALIGN", (0, 1), (0, -1), "CENTER")
        style.add("ALIGN", (2, 1), (-1, -1), "CENTER")
        table.setStyle(style)
        out += [Spacer(1, 1 * mm), table, Spacer(1, 1 * mm)]
        out += [Paragraph(esc(line), st["body"]) for line in wording.conclusion(s, doc.tdp_name)]
    return out


def render_meeting(doc: MeetingMinutes, copies: int = 1) -> bytes:
    """PDF bytes: the meeting minutes `copies` times, each "Bản số k/n" when more than one."""
    st = styles()
    when = f"Hồi {doc.starts} ngày" if doc.starts else "Ngày"
    codes = [Paragraph(f"Mã kiểm tra danh sách cử tri: <b>{doc.fingerprint_short}</b>. Mã kiểm tra kết quả: "
                       f"<b>{doc.result_code}</b>. Quét mã QR (hoặc gõ dòng chữ dưới mã) tại trang “Đối chiếu biên "
                       "bản” để kiểm tra bản giấy này với kết quả đã lưu.", st["small"])]
    if doc.qr_text:
        codes.append(Paragraph(doc.qr_text, st["code"]))

    def story(label: str | None) -> list[Flowable]:
        return [*copy_line(label, st), OfficialHeader(doc.issuer_lines, (doc.place, doc.day), size=12),
                Spacer(1, 7 * mm), Paragraph("BIÊN BẢN HỘI NGHỊ", st["title"]),
                Paragraph(f"Bầu tổ trưởng, tổ phó {esc(doc.tdp_name)}, nhiệm kỳ {esc(doc.term)}"
                          f"{wording.round_note(doc.round_number)}", st["sub"]), Spacer(1, 5 * mm),
                *[Paragraph(esc(line), st["body"]) for line in doc.bases],
                Paragraph(f"{when} {format_date(doc.day)}, tại {esc(doc.meeting_place or doc.tdp_name)}, "
                          f"{esc(doc.tdp_name)}, {esc(doc.ward_name)} tổ chức hội nghị cử tri bầu tổ trưởng, tổ phó "
                          f"tổ dân phố.", st["body"]),
                *_attendance(doc, st), *_method(doc, st), *_opinions(doc, st), *_results(doc, st), Spacer(1, 2 * mm),
                Paragraph(f"Hội nghị kết thúc cùng ngày. Biên bản được lập thành {copies:02d} bản có giá trị như "
                          "nhau, đã được đọc lại cho hội nghị cùng nghe.", st["body"]),
                verification_box(doc.qr_text, codes),
                signatures([("CHỦ TRÌ HỘI NGHỊ", doc.chair), ("THƯ KÝ HỘI NGHỊ", doc.secretary)], st)]

    return build(story, copies, title=f"Biên bản hội nghị – {doc.tdp_name}", author=doc.issuer_lines[0],
                 footer_text=f"Biên bản hội nghị bầu cử – {doc.tdp_name} · Mã kết quả {doc.result_code}")
