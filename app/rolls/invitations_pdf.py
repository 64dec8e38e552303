"""Invitations (giấy mời) to the meeting: four A6 cards per A4 sheet, each with a sign-in QR code."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.core.pdf import card_sheets
from ballots import qr
from ballots.fonts import SANS, SERIF, SERIF_BOLD, SERIF_ITALIC
from ballots.layout import wrapped_lines

CARD_W, CARD_H = A4[0] / 2, A4[1] / 2
PAD = 9 * mm
QR_SIDE = 24 * mm


@dataclass(frozen=True)
class Invitation:
    honorific_name: str  #: "Ông Nguyễn Văn An"
    household_code: str
    address: str
    qr_text: str  #: what the sign-in desk reads; identifies the household, never a ballot


@dataclass(frozen=True)
class InvitationBatch:
    issuer_lines: tuple[str, ...]
    meeting: str  #: "Hội nghị tổng kết và bầu tổ trưởng, tổ phó Tổ dân phố số 5, nhiệm kỳ 2017–2020"
    when: str  #: "08 giờ 00, Chủ nhật ngày 15/10/2017"
    place: str
    signer_title: str  #: "TM. TỔ BẦU CỬ"
    invitations: Sequence[Invitation]
    signer_name: str = ""  #: the election team's head; empty: a dotted line for the pen
    signer_office: str = "TỔ TRƯỞNG"  #: the title under "TM. TỔ BẦU CỬ" (D40)
    date_line: str = ""  #: "Ngọc Thụy, ngày …… tháng …… năm 2017", over the signature


def render_invitations(batch: InvitationBatch) -> bytes:
    """PDF bytes, cards left to right, top to bottom, with dashed cutting lines."""
    return card_sheets("Giấy mời dự hội nghị bầu cử", list(batch.invitations), columns=2, rows=2,
                       size=(CARD_W, CARD_H), draw=lambda c, invitation, x, y: _card(c, batch, invitation, x, y),
                       cut_marks=_cut_lines, empty="Không có hộ nào trong danh sách.")


def _cut_lines(canvas: Canvas) -> None:
    canvas.saveState()
    canvas.setDash(3, 3)
    canvas.setLineWidth(0.3)
    canvas.line(CARD_W, 0, CARD_W, A4[1])
    canvas.line(0, CARD_H, A4[0], CARD_H)
    canvas.restoreState()


def _card(canvas: Canvas, batch: InvitationBatch, inv: Invitation, x: float, y: float) -> None:
    left, width = x + PAD, CARD_W - 2 * PAD
    top = y + CARD_H - PAD
    canvas.setFont(SERIF, 10)
    canvas.drawCentredString(left + width * 0.3, top - 10, batch.issuer_lines[0].upper())
    canvas.setFont(SERIF_BOLD, 10)
    canvas.drawCentredString(left + width * 0.3, top - 22, batch.issuer_lines[-1].upper())
    canvas.setFont(SERIF_BOLD, 20)
    canvas.drawCentredString(x + CARD_W / 2, top - 52, "GIẤY MỜI")
    line_y = top - 74
    line_y = _paragraph(canvas, f"Kính mời: {inv.honorific_name}", SERIF_BOLD, 12, left, line_y, width)
    line_y = _paragraph(canvas, f"Đại diện hộ mã {inv.household_code}, {inv.address}", SERIF, 11, left, line_y, width)
    line_y = _paragraph(canvas, f"Đến dự {batch.meeting}.", SERIF, 11, left, line_y - 4, width)
    line_y = _paragraph(canvas, f"Thời gian: {batch.when}", SERIF_BOLD, 11, left, line_y - 2, width)
    line_y = _paragraph(canvas, f"Địa điểm: {batch.place}", SERIF_BOLD, 11, left, line_y, width)
    _paragraph(canvas, "Đề nghị mang theo giấy mời này để điểm danh nhanh.", SERIF_ITALIC, 10, left, line_y - 4,
               width)
    bottom = y + PAD
    # The QR code in the bottom-left corner, the signature block bottom right where a Vietnamese paper signs (D40).
    qr.draw(canvas, qr.encode(inv.qr_text), left - 2 * mm, bottom + 8, QR_SIDE)
    canvas.setFont(SANS, 7)
    canvas.drawCentredString(left - 2 * mm + QR_SIDE / 2, bottom + 2, f"Mã hộ {inv.household_code}")
    sign_x = left + width * 0.68
    sign_top = bottom + QR_SIDE + 14
    if batch.date_line:
        canvas.setFont(SERIF_ITALIC, 9.5)
        canvas.drawCentredString(sign_x, sign_top + 12, batch.date_line)
    canvas.setFont(SERIF_BOLD, 10.5)
    canvas.drawCentredString(sign_x, sign_top, batch.signer_title)
    canvas.drawCentredString(sign_x, sign_top - 13, batch.signer_office)
    canvas.setFont(SERIF_BOLD if batch.signer_name else SERIF, 10.5)
    canvas.drawCentredString(sign_x, bottom + 6, batch.signer_name or "." * 34)


def _paragraph(canvas: Canvas, text: str, font: str, size: float, x: float, y: float, width: float) -> float:
    canvas.setFont(font, size)
    for line in wrapped_lines(text, font, size, width):
        canvas.drawString(x, y, line)
        y -= size * 1.3
    return y
