"""Two bad PDFs for the every-paper checks to catch: a standard (unembedded) font, a signature-only last page."""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

from ballots.fonts import SERIF, register_fonts


def unembedded_pdf() -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.setFont("Helvetica", 12)
    canvas.drawString(100, 700, "Helvetica is one of the 14 standard fonts: never embedded")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def orphan_pdf() -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, initialFontName=SERIF)
    canvas.setFont(SERIF, 12)
    for y, line in zip(range(800, 100, -16), ["Nội dung biên bản"] * 40, strict=False):
        canvas.drawString(60, y, line)
    canvas.showPage()
    canvas.setFont(SERIF, 12)
    canvas.drawString(60, 700, "TM. TỔ BẦU CỬ")
    canvas.drawString(60, 680, "TỔ TRƯỞNG")
    canvas.drawString(60, 600, "Trang 2/2")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
