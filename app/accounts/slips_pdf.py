"""Login slips (phiếu đăng nhập): six per A4 sheet, one per account, with cut marks; fonts embedded."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.core.pdf import card_sheets
from ballots.fonts import SANS, SANS_BOLD, SERIF, SERIF_BOLD, SERIF_ITALIC
from ballots.layout import wrapped_lines

COLUMNS, ROWS = 2, 3
SLIP_W, SLIP_H = A4[0] / COLUMNS, A4[1] / ROWS
PAD = 8 * mm
MARK = 4 * mm


@dataclass(frozen=True)
class Slip:
    full_name: str
    duties: str  #: "Tổ bầu cử, Chi bộ"
    username: str
    password: str  #: one-time: the app asks for a new one at first login


@dataclass(frozen=True)
class SlipBatch:
    ward: str  #: "Phường Ngọc Thụy"
    tdp: str  #: "Tổ dân phố số 5"
    address: str  #: where the app answers, "http://192.168.1.10:5000/"
    issued: str  #: "Đặt lại lúc 08:05 15/10/2017"
    slips: Sequence[Slip]


STEPS = (
    "1. Mở trình duyệt, vào địa chỉ ở trên.",
    "2. Nhập tên đăng nhập và mật khẩu một lần.",
    "3. Chọn mật khẩu mới (ít nhất 10 ký tự) và ghi nhớ.",
    "Giữ phiếu này kín; mật khẩu trên phiếu hết dùng được sau lần đổi đầu tiên.",
)


def render_slips(batch: SlipBatch) -> bytes:
    """PDF bytes: slips left to right, top to bottom, with dashed cutting lines and corner marks."""
    return card_sheets(f"Phiếu đăng nhập — {batch.tdp}", list(batch.slips), columns=COLUMNS, rows=ROWS,
                       size=(SLIP_W, SLIP_H), draw=lambda c, slip, x, y: _slip(c, batch, slip, x, y),
                       cut_marks=_cut_marks, empty="Không có tài khoản nào được chọn.")


def _cut_marks(canvas: Canvas) -> None:
    """Dashed lines between the slips, and solid ticks in the margins where the scissors start."""
    canvas.saveState()
    canvas.setLineWidth(0.3)
    canvas.setDash(3, 3)
    for col in range(1, COLUMNS):
        canvas.line(col * SLIP_W, 0, col * SLIP_W, A4[1])
    for row in range(1, ROWS):
        canvas.line(0, row * SLIP_H, A4[0], row * SLIP_H)
    canvas.setDash()
    canvas.setLineWidth(0.8)
    for col in range(1, COLUMNS):
        canvas.line(col * SLIP_W, 0, col * SLIP_W, MARK)
        canvas.line(col * SLIP_W, A4[1] - MARK, col * SLIP_W, A4[1])
    for row in range(1, ROWS):
        canvas.line(0, row * SLIP_H, MARK, row * SLIP_H)
        canvas.line(A4[0] - MARK, row * SLIP_H, A4[0], row * SLIP_H)
    canvas.restoreState()


def _slip(canvas: Canvas, batch: SlipBatch, slip: Slip, x: float, y: float) -> None:
    left, width = x + PAD, SLIP_W - 2 * PAD
    line_y = y + SLIP_H - PAD - 8
    canvas.setFont(SERIF, 9)
    canvas.drawString(left, line_y, f"{batch.ward} · {batch.tdp}")
    line_y -= 16
    canvas.setFont(SERIF_BOLD, 12)
    canvas.drawString(left, line_y, "PHIẾU ĐĂNG NHẬP PHẦN MỀM BẦU CỬ")
    line_y -= 16
    line_y = _lines(canvas, f"Người dùng: {slip.full_name or slip.username}", SERIF_BOLD, 10.5, left, line_y, width)
    line_y = _lines(canvas, f"Nhiệm vụ: {slip.duties}", SERIF, 10, left, line_y, width)
    line_y = _lines(canvas, f"Địa chỉ: {batch.address}", SANS, 9.5, left, line_y - 2, width)
    line_y -= 4
    for label, value in (("Tên đăng nhập:", slip.username), ("Mật khẩu một lần:", slip.password)):
        canvas.setFont(SERIF, 10)
        canvas.drawString(left, line_y, label)
        canvas.setFont(SANS_BOLD, 12)
        canvas.drawString(left + 30 * mm, line_y, value)
        line_y -= 16
    line_y -= 2
    for step in STEPS[:-1]:
        line_y = _lines(canvas, step, SERIF, 9, left, line_y, width)
    _lines(canvas, STEPS[-1], SERIF_ITALIC, 8.5, left, line_y - 2, width)
    canvas.setFont(SERIF_ITALIC, 7.5)
    canvas.drawRightString(x + SLIP_W - PAD, y + PAD - 4, batch.issued)


def _lines(canvas: Canvas, text: str, font: str, size: float, x: float, y: float, width: float) -> float:
    canvas.setFont(font, size)
    for line in wrapped_lines(text, font, size, width):
        canvas.drawString(x, y, line)
        y -= size * 1.3
    return y
