"""Shared pieces for the app's A4 documents: escaping for Paragraph, "page X of Y" footers, the table style."""

from __future__ import annotations

from collections.abc import Callable
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import TableStyle

from ballots.fonts import SERIF, SERIF_BOLD, SERIF_ITALIC, register_fonts

# reportlab fetches `<img src="http://…">` when a Paragraph asks; no document of ours draws a remote or
# data: image, so no scheme is trusted. (trustedHosts=None makes reportlab 5.1's guard fail with
# UnboundLocalError rather than refuse: give it a host list that matches nothing.)
rl_config.trustedSchemes = []
rl_config.trustedHosts = ["no-remote-resources.invalid"]


def esc(text: object) -> str:
    """Text drawn literally inside a reportlab Paragraph, which reads a little XML: without this a name with
    `<` is a 500, `<a href>` a live link and `<img src="/path">` a server file in an official document.
    Every user- or file-supplied string given to Paragraph goes through here."""
    return escape("" if text is None else str(text))


def numbered_canvas(footer: Callable[[Canvas, int, int], None]) -> type[Canvas]:
    """A canvas class that holds pages back until the end so each footer can say "Trang X/Y"."""

    class _NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            register_fonts()
            kwargs["initialFontName"] = kwargs.get("initialFontName") or SERIF  # not an unembedded Helvetica
            super().__init__(*args, **kwargs)
            self._saved: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._saved)
            for number, state in enumerate(self._saved, 1):
                self.__dict__.update(state)
                footer(self, number, total)
                super().showPage()
            super().save()

    return _NumberedCanvas


def footer_line(left: str, *, size: float = 9) -> Callable[[Canvas, int, int], None]:
    """A footer with `left` at the left margin and "Trang X/Y" at the right."""

    def draw(canvas: Canvas, number: int, total: int) -> None:
        width, _ = canvas._pagesize
        canvas.saveState()
        canvas.setFont(SERIF_ITALIC, size)
        canvas.drawString(42, 24, left)
        canvas.drawRightString(width - 42, 24, f"Trang {number}/{total}")
        canvas.restoreState()

    return draw


def grid_table_style(header_rows: int = 1) -> TableStyle:
    register_fonts()
    return TableStyle([
        ("FONT", (0, 0), (-1, -1), SERIF, 11),
        ("FONT", (0, 0), (-1, header_rows - 1), SERIF_BOLD, 11),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, header_rows - 1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ])
