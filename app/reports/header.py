"""The Decree 30/2020 header of a document the ward's people's committee issues: "ỦY BAN NHÂN DÂN /
PHƯỜNG …" in bold with its rule and the document number under it, the national motto on the right, and
the italic place-and-date line under the motto."""

from __future__ import annotations

from datetime import date

from reportlab.platypus import Flowable

from ballots.fonts import SERIF, SERIF_BOLD, SERIF_ITALIC, register_fonts
from ballots.official import draw_motto, place_and_date

ISSUER_SHARE = 0.42


def ward_place(ward_name: str) -> str:
    """"Phường Ngọc Thụy" → "Ngọc Thụy", as the place-and-date line writes it."""
    for prefix in ("Phường ", "Xã ", "Thị trấn "):
        if ward_name.startswith(prefix):
            return ward_name[len(prefix):]
    return ward_name


class WardHeader(Flowable):
    """Issuer, number, motto and date. `number` is "125/QĐ-UBND", or a draft's "…/QĐ-UBND"; `day` None
    leaves the date for the signer to fill in ("ngày … tháng … năm …")."""

    def __init__(self, ward_name: str, number: str, day: date | None, size: float = 13):
        super().__init__()
        self.ward_name = ward_name
        self.lines = ("ỦY BAN NHÂN DÂN", ward_name.upper())
        self.number, self.day, self.size = number, day, size

    def wrap(self, available_width, available_height):
        self.width, self.height = available_width, self.size * 6.4
        return self.width, self.height

    def draw(self) -> None:
        register_fonts()
        canvas, size = self.canv, self.size
        left = self.width * ISSUER_SHARE / 2
        baseline = self.height - size
        for line in self.lines:
            font_size = min(size, size * (self.width * ISSUER_SHARE - 6) / canvas.stringWidth(line, SERIF_BOLD, size))
            canvas.setFont(SERIF_BOLD, font_size)
            canvas.drawCentredString(left, baseline, line)
            baseline -= size * 1.25
        rule = canvas.stringWidth(self.lines[-1], SERIF_BOLD, size) * 0.35
        canvas.setLineWidth(0.5)
        canvas.line(left - rule / 2, baseline + size * 0.8, left + rule / 2, baseline + size * 0.8)
        canvas.setFont(SERIF, size)
        canvas.drawCentredString(left, baseline - size * 0.6, f"Số: {self.number}")
        right = self.width * ISSUER_SHARE + self.width * (1 - ISSUER_SHARE) / 2
        below = draw_motto(canvas, right, self.height, size - 0.5)
        canvas.setFont(SERIF_ITALIC, size)
        place = ward_place(self.ward_name)
        text = place_and_date(place, self.day) if self.day else f"{place}, ngày …… tháng …… năm ……"
        canvas.drawCentredString(right, below - size * 1.9, text)
