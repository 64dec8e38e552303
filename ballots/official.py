"""Decree 30/2020 header blocks for official documents: issuer, national motto, place and date."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from .fonts import SERIF, SERIF_BOLD, SERIF_ITALIC, register_fonts

COUNTRY = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

#: Baseline-to-baseline distance, in font sizes.
LEADING = 1.25
#: The rule sits this far below the baseline of the line it underlines, in font sizes.
RULE_DROP = 0.42
RULE_WIDTH = 0.5


def place_and_date(place: str, day: date) -> str:
    """The place-and-date line, e.g. "Ngọc Thụy, ngày 05 tháng 02 năm 2017".

    Decree 30/2020 writes days below 10 and the months January and February
    with a leading zero, and every other month without one.
    """
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def draw_issuer(
    canvas: Canvas,
    x_center: float,
    y_top: float,
    lines: Sequence[str],
    size: float = 13,
    max_width: float | None = None,
) -> float:
    """Draw the issuer block centred on ``x_center``; return the y just below its rule.

    The parent bodies come first in regular capitals and the issuing body
    last in bold capitals, underlined by a centred rule 40% of its width
    (Decree 30/2020 wants a third to a half). A block wider than
    ``max_width`` is set smaller to fit.
    """
    register_fonts()
    if max_width is not None:
        widest = max(canvas.stringWidth(line.upper(), SERIF_BOLD, size) for line in lines)
        size = min(size, size * max_width / widest)
    baseline = y_top - size
    for i, line in enumerate(lines):
        font = SERIF_BOLD if i == len(lines) - 1 else SERIF
        canvas.setFont(font, size)
        canvas.drawCentredString(x_center, baseline, line.upper())
        if i < len(lines) - 1:
            baseline -= size * LEADING
    width = canvas.stringWidth(lines[-1].upper(), SERIF_BOLD, size) * 0.4
    return _rule(canvas, x_center, baseline - size * RULE_DROP, width)


def draw_motto(canvas: Canvas, x_center: float, y_top: float, size: float = 12) -> float:
    """Draw the national motto centred on ``x_center``; return the y just below its rule.

    The country line is in bold capitals at ``size``, the motto a point
    larger in bold, underlined by a rule as long as the motto line.
    """
    register_fonts()
    baseline = y_top - size
    canvas.setFont(SERIF_BOLD, size)
    canvas.drawCentredString(x_center, baseline, COUNTRY)
    motto_size = size + 1
    baseline -= motto_size * LEADING
    canvas.setFont(SERIF_BOLD, motto_size)
    canvas.drawCentredString(x_center, baseline, MOTTO)
    width = canvas.stringWidth(MOTTO, SERIF_BOLD, motto_size)
    return _rule(canvas, x_center, baseline - motto_size * RULE_DROP, width)


def draw_place_and_date(
    canvas: Canvas, x_center: float, baseline: float, place: str, day: date, size: float = 13
) -> None:
    """Draw the italic place-and-date line centred on ``x_center``."""
    register_fonts()
    canvas.setFont(SERIF_ITALIC, size)
    canvas.drawCentredString(x_center, baseline, place_and_date(place, day))


def _rule(canvas: Canvas, x_center: float, y: float, width: float) -> float:
    canvas.setLineWidth(RULE_WIDTH)
    canvas.line(x_center - width / 2, y, x_center + width / 2, y)
    return y - RULE_WIDTH


class OfficialHeader(Flowable):
    """Platypus flowable for the whole Decree 30 header of an A4 or A5 document.

    The issuer block takes the left ``issuer_share`` of the frame and the
    motto the rest; the place-and-date line, when given, goes under the motto.
    """

    def __init__(
        self,
        issuer_lines: Sequence[str],
        place_and_day: tuple[str, date] | None = None,
        size: float = 12,
        issuer_share: float = 0.4,
    ) -> None:
        super().__init__()
        self.issuer_lines = tuple(issuer_lines)
        self.place_and_day = place_and_day
        self.size = size
        self.issuer_share = issuer_share

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        size = self.size
        issuer = size * (1 + LEADING * (len(self.issuer_lines) - 1) + RULE_DROP)
        motto = size + (size + 1) * (LEADING + RULE_DROP)
        if self.place_and_day is not None:
            motto += (_DATE_GAP + 0.3) * size  # 0.3: the italic descenders
        self.width = available_width
        self.height = max(issuer, motto) + RULE_WIDTH + size * 0.3
        return self.width, self.height

    def draw(self) -> None:
        issuer_width = self.width * self.issuer_share
        draw_issuer(self.canv, issuer_width / 2, self.height, self.issuer_lines, self.size)
        motto_center = issuer_width + (self.width - issuer_width) / 2
        below = draw_motto(self.canv, motto_center, self.height, self.size)
        if self.place_and_day is not None:
            place, day = self.place_and_day
            baseline = below - _DATE_GAP * self.size
            draw_place_and_date(self.canv, motto_center, baseline, place, day, self.size + 1)


#: From the motto's rule down to the place-and-date baseline, in font sizes.
_DATE_GAP = 1.9
