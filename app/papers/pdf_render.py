"""A Paper as PDF bytes (reportlab), A4 in the Decree 30/2020 format: the same blocks the .docx gets."""

from __future__ import annotations

import io

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus import PageBreak as PdfPageBreak

from app.core.pdf import esc, footer_line, grid_table_style, numbered_canvas
from app.papers.document import Closing, Grid, Header, PageBreak, Paper, Para, SignatureBlock, Signatures, Style
from ballots.fonts import SANS, SERIF, SERIF_BOLD, SERIF_BOLD_ITALIC, SERIF_ITALIC, register_fonts
from ballots.official import draw_motto, place_and_date

ISSUER_SHARE = 0.42


def ward_place(ward_name: str) -> str:
    """"Phường Ngọc Thụy" → "Ngọc Thụy", as the place-and-date line writes it."""
    for prefix in ("Phường ", "Xã ", "Thị trấn ", "Đặc khu "):
        if ward_name.startswith(prefix):
            return ward_name[len(prefix):]
    return ward_name


class IssuerHeader(Flowable):
    """Issuer lines in bold with a rule and the number under them, the national motto on the right and the
    italic place-and-date line under it; `day` None leaves the date for the signer ("ngày … tháng … năm …")."""

    def __init__(self, header: Header, size: float = 13):
        super().__init__()
        self.header, self.size = header, size

    def wrap(self, available_width, available_height):
        self.width = available_width
        self.height = self.size * (6.4 + max(0, len(self.header.issuer_lines) - 2) * 1.25)
        return self.width, self.height

    def draw(self) -> None:
        register_fonts()
        canvas, size, h = self.canv, self.size, self.header
        left = self.width * ISSUER_SHARE / 2
        baseline = self.height - size
        for line in h.issuer_lines:
            font_size = min(size, size * (self.width * ISSUER_SHARE - 6) / max(1, canvas.stringWidth(line, SERIF_BOLD, size)))
            canvas.setFont(SERIF_BOLD, font_size)
            canvas.drawCentredString(left, baseline, line)
            baseline -= size * 1.25
        last = h.issuer_lines[-1] if h.issuer_lines else ""
        rule = min(canvas.stringWidth(last, SERIF_BOLD, size), self.width * ISSUER_SHARE) * 0.35
        canvas.setLineWidth(0.5)
        canvas.line(left - rule / 2, baseline + size * 0.8, left + rule / 2, baseline + size * 0.8)
        if h.number:
            canvas.setFont(SERIF, size)
            canvas.drawCentredString(left, baseline - size * 0.6, f"Số: {h.number}")
        right = self.width * ISSUER_SHARE + self.width * (1 - ISSUER_SHARE) / 2
        below = draw_motto(canvas, right, self.height, size - 0.5)
        canvas.setFont(SERIF_ITALIC, size)
        text = place_and_date(h.place, h.day) if h.day else f"{h.place}, ngày …… tháng …… năm ……"
        canvas.drawCentredString(right, below - size * 1.9, text)


def _styles(size: float) -> dict[str, ParagraphStyle]:
    register_fonts()
    return {
        Style.TITLE: ParagraphStyle("title", fontName=SERIF_BOLD, fontSize=14, leading=18, alignment=TA_CENTER),
        Style.SUBJECT: ParagraphStyle("subject", fontName=SERIF_BOLD, fontSize=size, leading=size + 4,
                                      alignment=TA_CENTER, spaceAfter=3),
        Style.CENTER: ParagraphStyle("center", fontName=SERIF, fontSize=size, leading=size + 4, alignment=TA_CENTER),
        Style.CENTER_ITALIC: ParagraphStyle("centeri", fontName=SERIF_ITALIC, fontSize=size, leading=size + 4,
                                            alignment=TA_CENTER),
        Style.HEADING: ParagraphStyle("heading", fontName=SERIF_BOLD, fontSize=size, leading=size + 4, spaceBefore=6,
                                      spaceAfter=2, keepWithNext=1),
        Style.BASIS: ParagraphStyle("basis", fontName=SERIF_ITALIC, fontSize=size, leading=size + 4,
                                    alignment=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=2),
        Style.BODY: ParagraphStyle("body", fontName=SERIF, fontSize=size, leading=size + 4, alignment=TA_JUSTIFY,
                                   firstLineIndent=10 * mm, spaceAfter=4),
        Style.ITEM: ParagraphStyle("item", fontName=SERIF, fontSize=size, leading=size + 4, leftIndent=10 * mm),
        Style.SUBITEM: ParagraphStyle("subitem", fontName=SERIF, fontSize=size - 1, leading=size + 2,
                                      leftIndent=18 * mm),
        Style.SMALL: ParagraphStyle("small", fontName=SERIF, fontSize=10, leading=12),
        Style.CODE: ParagraphStyle("code", fontName=SANS, fontSize=8.5, leading=11),
        Style.COPY: ParagraphStyle("copy", fontName=SERIF_BOLD, fontSize=11, leading=13, alignment=TA_RIGHT),
        "cell": ParagraphStyle("cell", fontName=SERIF, fontSize=10, leading=12),
        "to_head": ParagraphStyle("to_head", fontName=SERIF_BOLD_ITALIC, fontSize=12, leading=14),
        "to": ParagraphStyle("to", fontName=SERIF, fontSize=11, leading=13, alignment=TA_LEFT),
        "sign": ParagraphStyle("sign", fontName=SERIF_BOLD, fontSize=13, leading=17, alignment=TA_CENTER),
        "signi": ParagraphStyle("signi", fontName=SERIF_ITALIC, fontSize=11, leading=14, alignment=TA_CENTER),
    }


def _markup(block: Para) -> str:
    out = []
    for run in block.runs:
        text = esc(run.text)
        if run.bold:
            text = f"<b>{text}</b>"
        if run.italic:
            text = f"<i>{text}</i>"
        out.append(text)
    return "".join(out)


def _cell(value: str, style) -> Paragraph | str:
    """Short one-line figures stay plain strings (they never wrap); names and multi-line cells wrap."""
    text = str(value)
    if "\n" not in text and len(text) <= 12:
        return text
    return Paragraph("<br/>".join(esc(v) for v in text.split("\n")), style)


def _grid(block: Grid, st, rows: slice = slice(None), *, header: bool = True) -> Table:
    """The grid's `rows` (all by default) as a ruled table, under the header row unless `header` is off
    (the tail of a table kept on the signature page continues the rows above it)."""
    bold = ParagraphStyle("cellb", parent=st["cell"], fontName=SERIF_BOLD)
    last = len(block.rows) - 1
    indexed = list(enumerate(block.rows))[rows]
    body = [[_cell(v, bold if block.bold_last_row and i == last else st["cell"]) for v in row] for i, row in indexed]
    table = Table(([list(block.header)] if header else []) + body, repeatRows=1 if header else 0,
                  colWidths=[w * mm for w in block.widths_mm])
    first = 1 if header else 0
    style = grid_table_style(header_rows=first)
    style.add("FONT", (0, first), (-1, -1), SERIF, 10)
    if block.bold_last_row and indexed and indexed[-1][0] == last:
        style.add("FONT", (0, -1), (-1, -1), SERIF_BOLD, 10)
    for column in block.centred_columns:
        style.add("ALIGN", (column, first), (column, -1), "CENTER")
    style.add("VALIGN", (0, 0), (-1, -1), "TOP")
    table.setStyle(style)
    return table


#: Rows of a table that go to the signature page with the closing lines, and paragraphs before a signature.
TAIL_ROWS = 2
TAIL_PARAS = 3


def _signature(block: SignatureBlock, st) -> list[Flowable]:
    out: list[Flowable] = [Paragraph(esc(line), st["sign"]) for line in block.lines]
    if block.note:
        out.append(Paragraph(esc(block.note), st["signi"]))
    out += [Spacer(1, 22 * mm), Paragraph(esc(block.name) if block.name else "." * 40, st["sign"])]
    return out


def _closing(block: Closing, st, width: float, keep: list[Flowable]) -> Flowable:
    recipients = [Paragraph("Nơi nhận:", st["to_head"])] + [Paragraph(f"- {esc(r)}", st["to"]) for r in block.recipients]
    table = Table([[recipients, _signature(block.signer, st)]], colWidths=[width * 0.48, width * 0.52])
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), SERIF, 11), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return KeepTogether([*keep, Spacer(1, 4 * mm), table])


def _signatures(block: Signatures, st, width: float, keep: list[Flowable]) -> Flowable:
    n = block.columns
    cells: list = [_signature(b, st) for b in block.blocks]
    cells += [""] * (-len(cells) % n)
    table = Table([cells[i:i + n] for i in range(0, len(cells), n)], colWidths=[width / n] * n)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), SERIF, 12), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 10)]))
    return KeepTogether([*keep, Spacer(1, 6 * mm), table])


def _closing_lines(story: list[Flowable], grid: tuple[int, Grid] | None, st) -> list[Flowable]:
    """Take the body's last lines off `story` to keep them on the signature page (D15: no page holds only
    signatures): the paragraphs since the last table, and, when a table comes just before them, its last
    rows, split off as a table of their own that continues the one above."""
    keep: list[Flowable] = []
    paragraphs = 0
    while story and (isinstance(story[-1], Spacer) or (isinstance(story[-1], Paragraph) and paragraphs < TAIL_PARAS)):
        paragraphs += isinstance(story[-1], Paragraph)
        keep.insert(0, story.pop())
    if grid is not None and len(story) == grid[0] + 1:
        at, block = grid
        if len(block.rows) > TAIL_ROWS + 1:
            story[at] = _grid(block, st, slice(None, -TAIL_ROWS))
            keep.insert(0, _grid(block, st, slice(-TAIL_ROWS, None), header=False))
        else:
            keep.insert(0, story.pop())
    return keep


def render_pdf(paper: Paper, *, size: float = 13) -> bytes:
    """The paper as PDF bytes, "Trang X/Y" in the footer."""
    page = landscape(A4) if paper.landscape else A4
    top, right, bottom, left = paper.margins_mm
    width = page[0] - (left + right) * mm
    st = _styles(size)
    buffer = io.BytesIO()
    template = SimpleDocTemplate(buffer, pagesize=page, leftMargin=left * mm, rightMargin=right * mm,
                                 topMargin=top * mm, bottomMargin=bottom * mm, title=paper.title, author=paper.author)
    story: list[Flowable] = []
    grid: tuple[int, Grid] | None = None  #: the last table: its index in the story and its block
    for block in paper.blocks:
        if isinstance(block, Header):
            story += [IssuerHeader(block, size), Spacer(1, 5 * mm)]
        elif isinstance(block, Para):
            story.append(Paragraph(_markup(block), st[block.style]))
        elif isinstance(block, Grid):
            story += [Spacer(1, 2 * mm), _grid(block, st)]
            grid = (len(story) - 1, block)
            story.append(Spacer(1, 1 * mm))
        elif isinstance(block, Closing):
            story.append(_closing(block, st, width, _closing_lines(story, grid, st)))
        elif isinstance(block, Signatures):
            story.append(_signatures(block, st, width, _closing_lines(story, grid, st)))
        elif isinstance(block, PageBreak):
            story.append(PdfPageBreak())
    template.build(story, canvasmaker=numbered_canvas(footer_line(paper.footer), draft=paper.draft))
    return buffer.getvalue()
