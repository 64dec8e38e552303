"""Registration of the vendored Liberation fonts (Times/Arial metrics) with reportlab."""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).with_name("fonts")

#: Registered name -> vendored file. Serif is metric-compatible with Times New
#: Roman, which Decree 30/2020 asks for; Sans (Arial metrics) is for codes and
#: small print.
FONT_FILES: dict[str, str] = {
    "Serif": "LiberationSerif-Regular.ttf",
    "Serif-Bold": "LiberationSerif-Bold.ttf",
    "Serif-Italic": "LiberationSerif-Italic.ttf",
    "Serif-BoldItalic": "LiberationSerif-BoldItalic.ttf",
    "Sans": "LiberationSans-Regular.ttf",
    "Sans-Bold": "LiberationSans-Bold.ttf",
}

SERIF = "Serif"
SERIF_BOLD = "Serif-Bold"
SERIF_ITALIC = "Serif-Italic"
SERIF_BOLD_ITALIC = "Serif-BoldItalic"
SANS = "Sans"
SANS_BOLD = "Sans-Bold"

_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the fonts and the "Serif"/"Sans" families; safe to call any number of times.

    TrueType fonts are embedded as subsets holding only the glyphs a document
    uses, with a ToUnicode map, so text extraction gives the Vietnamese back.
    The families make ``<b>``/``<i>`` work in platypus Paragraphs; Sans has no
    italic face, so its italics fall back to upright.
    """
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
        pdfmetrics.registerFontFamily(
            SERIF, normal=SERIF, bold=SERIF_BOLD, italic=SERIF_ITALIC, boldItalic=SERIF_BOLD_ITALIC
        )
        pdfmetrics.registerFontFamily(
            SANS, normal=SANS, bold=SANS_BOLD, italic=SANS, boldItalic=SANS_BOLD
        )
        _registered = True
