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


DRAFT_MARK = "DỰ THẢO"


def draw_draft_mark(canvas: Canvas) -> None:
    """"DỰ THẢO" across the page, large and light, under nothing a signer must read: a paper printed before
    everything it reports is locked must not pass for the final one (D32)."""
    width, height = canvas._pagesize
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.55, 0.55, 0.55, alpha=0.35))
    canvas.setFont(SERIF_BOLD, min(width, height) / 5)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35 if height > width else 20)
    canvas.drawCentredString(0, -min(width, height) / 15, DRAFT_MARK)
    canvas.restoreState()


def numbered_canvas(footer: Callable[[Canvas, int, int], None], *, draft: bool = False) -> type[Canvas]:
    """A canvas class that holds pages back until the end so each footer can say "Trang X/Y"; with `draft`,
    every page carries the "DỰ THẢO" mark."""

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
                if draft:
                    draw_draft_mark(self)
                footer(self, number, total)
                super().showPage()
            super().save()

    return _NumberedCanvas


def footer_line(left: str, *, size: float = 9) -> Callable[[Canvas, int, int], None]:
    """A footer with `left` at the left margin and "Trang X/Y" at the right; with no `left`, a one-page
    paper gets no footer at all (a signed decision carries no line of the software's, D32)."""

    def draw(canvas: Canvas, number: int, total: int) -> None:
        if not left and total == 1:
            return
        width, _ = canvas._pagesize
        canvas.saveState()
        canvas.setFont(SERIF_ITALIC, size)
        canvas.drawString(42, 24, left)
        canvas.drawRightString(width - 42, 24, f"Trang {number}/{total}")
        canvas.restoreState()

    return draw


def grid_table_style(header_rows: int = 1) -> TableStyle:
    """A ruled table, its first `header_rows` rows bold and centred (none: a table that continues another)."""
    register_fonts()
    style = TableStyle([
        ("FONT", (0, 0), (-1, -1), SERIF, 11),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ])
    if header_rows:
        style.add("FONT", (0, 0), (-1, header_rows - 1), SERIF_BOLD, 11)
        style.add("ALIGN", (0, 0), (-1, header_rows - 1), "CENTER")
    return style


def card_sheets(title: str, items, *, columns: int, rows: int, size: tuple[float, float],
                draw: Callable[[Canvas, object, float, float], None], cut_marks: Callable[[Canvas], None],
                empty: str) -> bytes:
    """A4 PDF bytes of cards cut from sheets: `columns`×`rows` a page, left to right and top to bottom,
    `draw(canvas, item, x, y)` at each card's lower-left corner, `cut_marks` once a page; `empty` is
    printed when there are no items."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm

    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1, initialFontName=SERIF)
    canvas.setTitle(title)
    per_page = columns * rows
    for index, item in enumerate(items):
        slot = index % per_page
        if slot == 0 and index:
            canvas.showPage()
        if slot == 0:
            cut_marks(canvas)
        draw(canvas, item, (slot % columns) * size[0], A4[1] - (slot // columns + 1) * size[1])
    if not items:
        canvas.setFont(SERIF, 12)
        canvas.drawString(40 * mm, A4[1] / 2, empty)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
