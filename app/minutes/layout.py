"""Shared pieces of the minutes PDFs: styles, numbers as Vietnamese write them, copies numbered
"Bản số k/n" with their own "Trang X/Y", signature blocks and the QR code."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.core.pdf import draw_draft_mark, grid_table_style
from app.core.time import LOCAL_TZ
from app.papers.document import Grid, Para, Style, para
from app.rules import format_date
from ballots import qr
from ballots.fonts import SANS, SERIF, SERIF_BOLD, SERIF_ITALIC, register_fonts

MAX_COPIES = 5
TEXT_WIDTH = A4[0] - 35 * mm


def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    return {
        "title": ParagraphStyle("title", fontName=SERIF_BOLD, fontSize=14, leading=18, alignment=TA_CENTER),
        "sub": ParagraphStyle("sub", fontName=SERIF_BOLD, fontSize=13, leading=16, alignment=TA_CENTER),
        "subi": ParagraphStyle("subi", fontName=SERIF_ITALIC, fontSize=12, leading=15, alignment=TA_CENTER),
        "copy": ParagraphStyle("copy", fontName=SERIF_BOLD, fontSize=11, leading=13, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", fontName=SERIF_BOLD, fontSize=13, leading=17, spaceBefore=6, spaceAfter=2,
                               keepWithNext=1),
        "body": ParagraphStyle("body", fontName=SERIF, fontSize=13, leading=17, alignment=TA_JUSTIFY,
                               firstLineIndent=10 * mm, spaceAfter=2),
        "item": ParagraphStyle("item", fontName=SERIF, fontSize=13, leading=17, leftIndent=10 * mm),
        "subitem": ParagraphStyle("subitem", fontName=SERIF, fontSize=12, leading=15, leftIndent=18 * mm),
        "cell": ParagraphStyle("cell", fontName=SERIF, fontSize=11, leading=13),
        "logcell": ParagraphStyle("logcell", fontName=SERIF, fontSize=10, leading=12),
        "small": ParagraphStyle("small", fontName=SERIF, fontSize=10, leading=12),
        "code": ParagraphStyle("code", fontName=SANS, fontSize=8.5, leading=11),
        "codeitem": ParagraphStyle("codeitem", fontName=SANS, fontSize=8.5, leading=11, leftIndent=10 * mm),
        "sign": ParagraphStyle("sign", fontName=SERIF_BOLD, fontSize=12, leading=15, alignment=TA_CENTER),
        "signi": ParagraphStyle("signi", fontName=SERIF_ITALIC, fontSize=11, leading=14, alignment=TA_CENTER),
        "signname": ParagraphStyle("signname", fontName=SERIF_BOLD, fontSize=12, leading=15, alignment=TA_CENTER),
    }


def vn_percent(part: int, whole: int) -> str:
    """part/whole as a percentage with two decimals and a Vietnamese decimal comma, rounded half up from
    the exact fraction: 159/361 → "44,04%". Integer arithmetic, so no float ever decides a digit."""
    if whole <= 0:
        return "–"
    hundredths = (part * 10000 * 2 + whole) // (2 * whole)
    return f"{hundredths // 100},{hundredths % 100:02d}%"


def vn_clock(moment: datetime) -> str:
    """"08 giờ 30 phút ngày 15/10/2017", in Vietnam's time zone."""
    local = moment.astimezone(LOCAL_TZ)
    return f"{local.hour:02d} giờ {local.minute:02d} phút ngày {format_date(local.date())}"


def vn_stamp(moment: datetime) -> str:
    """"08:30:05 15/10/2017", in Vietnam's time zone, for log lines."""
    local = moment.astimezone(LOCAL_TZ)
    return f"{local:%H:%M:%S} {format_date(local.date())}"


def esc(text: str) -> str:
    """Text safe inside a reportlab Paragraph (which reads a little XML)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class CopyMark(Flowable):
    """Marks the pages from here on as belonging to copy `label` (e.g. "1/3"); draws nothing."""

    def __init__(self, label: str):
        super().__init__()
        self.label = label

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        self.canv.copy_label = self.label


def _copies_canvas(footer: Callable[[Canvas, str | None, int, int], None], draft: bool = False) -> type[Canvas]:
    """Holds pages back until the end so each page's footer can say "Bản số k/n · Trang X/Y" counted
    within its own copy; with `draft`, every page carries the "DỰ THẢO" mark."""

    class _CopiesCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            register_fonts()
            kwargs["initialFontName"] = kwargs.get("initialFontName") or SERIF  # not an unembedded Helvetica
            super().__init__(*args, **kwargs)
            self.copy_label: str | None = None
            self._held: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            totals = Counter(state.get("copy_label") for state in self._held)
            seen: Counter = Counter()
            for state in self._held:
                self.__dict__.update(state)
                seen[self.copy_label] += 1
                if draft:
                    draw_draft_mark(self)
                footer(self, self.copy_label, seen[self.copy_label], totals[self.copy_label])
                super().showPage()
            super().save()

    return _CopiesCanvas


def footer(left: str) -> Callable[[Canvas, str | None, int, int], None]:
    def draw(canvas: Canvas, copy: str | None, number: int, total: int) -> None:
        width, _ = canvas._pagesize
        canvas.saveState()
        canvas.setFont(SERIF_ITALIC, 9)
        canvas.drawString(20 * mm, 24, left)
        right = f"Trang {number}/{total}" if copy is None else f"Bản số {copy} · Trang {number}/{total}"
        canvas.drawRightString(width - 15 * mm, 24, right)
        canvas.restoreState()

    return draw


def build(story_for_copy: Callable[[str | None], list[Flowable]], copies: int, *, title: str, author: str,
          footer_text: str, draft: bool = False) -> bytes:
    """A4 PDF bytes holding the document `copies` times; with more than one copy, each starts on a new
    page marked "Bản số k/n" and numbers its own pages; `draft` marks every page "DỰ THẢO"."""
    if not 1 <= copies <= MAX_COPIES:
        raise ValueError(f"copies must be 1..{MAX_COPIES}")
    buffer = io.BytesIO()
    template = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                                 bottomMargin=18 * mm, title=title, author=author)
    story: list[Flowable] = []
    for k in range(1, copies + 1):
        label = f"{k}/{copies}" if copies > 1 else None
        if k > 1:
            story.append(PageBreak())
        if label:
            story.append(CopyMark(label))
        story.extend(story_for_copy(label))
    template.build(story, canvasmaker=_copies_canvas(footer(footer_text), draft))
    return buffer.getvalue()


def copy_line(label: str | None, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    return [Paragraph(f"Bản số {label}", st["copy"]), Spacer(1, 1 * mm)] if label else []


def board_paras(board: dict) -> list[Para]:
    """The counting board, head and secretary first, then the two witnesses; a dotted line where a name
    is missing, for the pen."""
    people = [(board.get("head"), "Trưởng ban"), (board.get("secretary"), "Thư ký")]
    people += [(m, "Thành viên") for m in board.get("members") or []]
    witnesses = (list(board.get("witnesses") or []) + [None, None])[:2]
    return ([para(Style.BODY, "Ban kiểm phiếu gồm:")]
            + [para(Style.ITEM, f"{i}. {n or '.' * 30} – {r};") for i, (n, r) in enumerate(people, 1)]
            + [para(Style.BODY, "Với sự chứng kiến của hai cử tri đại diện hộ gia đình (không phải người ứng cử):")]
            + [para(Style.ITEM, f"{i}. {w or '.' * 30}.") for i, w in enumerate(witnesses, 1)])


def board_lines(board: dict, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    return [flow(p, st) for p in board_paras(board)]


def board_blocks(board: dict) -> list[tuple[str, str | None]]:
    """(title, name) of the board head, the secretary, the two witnesses, then any other members."""
    witnesses = (list(board.get("witnesses") or []) + [None, None])[:2]
    blocks = [("TRƯỞNG BAN KIỂM PHIẾU", board.get("head")), ("THƯ KÝ", board.get("secretary")),
              ("NGƯỜI CHỨNG KIẾN", witnesses[0]), ("NGƯỜI CHỨNG KIẾN", witnesses[1])]
    return blocks + [("THÀNH VIÊN BAN KIỂM PHIẾU", m) for m in board.get("members") or []]


def board_signatures(board: dict, st: dict[str, ParagraphStyle], keep: Sequence[Flowable] = ()) -> Flowable:
    """Signature blocks of the board head, the secretary, the two witnesses, then any other members, on
    one page with the `keep` lines before them."""
    return signatures(board_blocks(board), st, keep)


_STYLE_NAMES = {Style.BODY: "body", Style.BASIS: "body", Style.ITEM: "item", Style.SUBITEM: "subitem",
                Style.HEADING: "head", Style.SMALL: "small", Style.CODE: "code", Style.TITLE: "title",
                Style.SUBJECT: "sub", Style.CENTER: "sub", Style.CENTER_ITALIC: "subi", Style.COPY: "copy"}


def flow(p: Para, st: dict[str, ParagraphStyle]) -> Paragraph:
    """A neutral paragraph (app.papers.document) as a reportlab Paragraph in the minutes' styles."""
    text = "".join(f"<b>{esc(r.text)}</b>" if r.bold else esc(r.text) for r in p.runs)
    return Paragraph(text, st[_STYLE_NAMES[p.style]])


def signatures(blocks: Sequence[tuple[str, str | None]], st: dict[str, ParagraphStyle],
               keep: Sequence[Flowable] = ()) -> Flowable:
    """Signature blocks two by two: the title, "(Ký, ghi rõ họ tên)", room to sign, then the name (or a
    dotted line to write it on). Kept on one page together with `keep`, the closing lines of the body, so
    no page holds only signatures (D15: a signature page must show what is being signed)."""
    cells = []
    for title, name in blocks:
        cells.append([Paragraph(esc(title), st["sign"]), Paragraph("(Ký, ghi rõ họ tên)", st["signi"]),
                      Spacer(1, 20 * mm), Paragraph(esc(name) if name else "." * 40, st["signname"])])
    if len(cells) % 2:
        cells.append("")
    rows = [cells[i:i + 2] for i in range(0, len(cells), 2)]
    table = Table(rows, colWidths=[TEXT_WIDTH / 2] * 2)
    # Every table names its font: reportlab sets each cell's font, Helvetica unless told otherwise.
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), SERIF, 12), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 10)]))
    return KeepTogether([*keep, Spacer(1, 6 * mm), table])


class QrCode(Flowable):
    """The QR code of `text`, drawn as vector paths (no image), `side` points square with its quiet zone."""

    def __init__(self, text: str, side: float = 32 * mm):
        super().__init__()
        self.text, self.side = text, side

    def wrap(self, available_width, available_height):
        return self.side, self.side

    def draw(self):
        qr.draw(self.canv, qr.encode(self.text), 0, 0, self.side)


def verification_box(qr_text: str | None, lines: Sequence[Flowable]) -> Flowable:
    """The QR code beside what a person can read off and type instead: roll fingerprint, result code."""
    if qr_text is None:
        return KeepTogether(list(lines))
    table = Table([[QrCode(qr_text), list(lines)]], colWidths=[36 * mm, TEXT_WIDTH - 36 * mm])
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), SERIF, 10), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("LEFTPADDING", (0, 0), (0, 0), 0)]))
    return KeepTogether([Spacer(1, 3 * mm), table])


def grid_flowable(grid: Grid, st: dict[str, ParagraphStyle], wrapped: Sequence[int] = ()) -> Table:
    """A neutral table (app.papers.document) as a ruled reportlab Table; the `wrapped` columns hold
    paragraphs that wrap inside their cell."""
    rows = [list(grid.header)] + [[Paragraph(esc(v), st["cell"]) if c in wrapped else v for c, v in enumerate(row)]
                                  for row in grid.rows]
    table = Table(rows, repeatRows=1, colWidths=[w * mm for w in grid.widths_mm])
    style = grid_table_style()
    for c in grid.centred_columns:
        style.add("ALIGN", (c, 1), (c, -1), "CENTER")
    table.setStyle(style)
    return table
