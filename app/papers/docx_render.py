"""A Paper as a .docx for Word: A4, Times New Roman, the Decree 30 header as a borderless two-column
table, ruled tables for figures, signature blocks side by side. Returns bytes."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from app.papers.document import (
    Closing,
    Grid,
    Header,
    PageBreak,
    Paper,
    Para,
    SignatureBlock,
    Signatures,
    Style,
)
from ballots.official import COUNTRY, MOTTO, place_and_date

FONT = "Times New Roman"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_ALIGN = {Style.TITLE: WD_ALIGN_PARAGRAPH.CENTER, Style.SUBJECT: WD_ALIGN_PARAGRAPH.CENTER,
          Style.CENTER: WD_ALIGN_PARAGRAPH.CENTER, Style.CENTER_ITALIC: WD_ALIGN_PARAGRAPH.CENTER,
          Style.BASIS: WD_ALIGN_PARAGRAPH.JUSTIFY, Style.BODY: WD_ALIGN_PARAGRAPH.JUSTIFY,
          Style.COPY: WD_ALIGN_PARAGRAPH.RIGHT}
_SIZE = {Style.TITLE: 14, Style.SMALL: 10, Style.CODE: 8.5, Style.SUBITEM: 12}
_BOLD = {Style.TITLE, Style.SUBJECT, Style.HEADING, Style.COPY}
_ITALIC = {Style.BASIS, Style.CENTER_ITALIC}
_INDENT_FIRST = {Style.BASIS, Style.BODY}
_INDENT_LEFT = {Style.ITEM: 10, Style.SUBITEM: 18}


def _line(container, text: str, *, bold=False, italic=False, size=13.0, align=WD_ALIGN_PARAGRAPH.CENTER):
    p = container.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    run = p.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    return p


def _header(doc, block: Header) -> None:
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.text = right.text = ""
    first = True
    for line in block.issuer_lines:
        p = left.paragraphs[0] if first else left.add_paragraph()
        first = False
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        run = p.add_run(line)
        run.bold, run.font.size = True, Pt(12.5)
    _line(left, "―――――", size=9)
    if block.number:
        _line(left, f"Số: {block.number}")
    p = right.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(COUNTRY)
    run.bold, run.font.size = True, Pt(12)
    _line(right, MOTTO, bold=True, size=13)
    _line(right, "―――――――――――", size=9)
    when = place_and_date(block.place, block.day) if block.day else f"{block.place}, ngày …… tháng …… năm ……"
    _line(right, when, italic=True, size=13)
    doc.add_paragraph()


def _para(doc, block: Para) -> None:
    p = doc.add_paragraph()
    p.alignment = _ALIGN.get(block.style, WD_ALIGN_PARAGRAPH.LEFT)
    fmt = p.paragraph_format
    fmt.space_after = Pt(3)
    if block.style in _INDENT_FIRST:
        fmt.first_line_indent = Mm(10)
    if block.style in _INDENT_LEFT:
        fmt.left_indent = Mm(_INDENT_LEFT[block.style])
    for part in block.runs:
        run = p.add_run(part.text)
        run.bold = part.bold or block.style in _BOLD
        run.italic = part.italic or block.style in _ITALIC
        run.font.size = Pt(_SIZE.get(block.style, 13))
        if block.style is Style.CODE:
            run.font.name = "Courier New"


def _grid(doc, block: Grid) -> None:
    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, row in enumerate((block.header, *block.rows)):
        bold = r == 0 or (block.bold_last_row and r == len(block.rows))
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.width = Mm(block.widths_mm[c])
            p = cell.paragraphs[0]
            if r == 0 or c in block.centred_columns:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for i, piece in enumerate(str(value).split("\n")):
                run = p.add_run(piece)
                run.bold, run.font.size = bold, Pt(11)
                if i < len(str(value).split("\n")) - 1:
                    run.add_break()
    doc.add_paragraph()


def _signature(cell, block: SignatureBlock) -> None:
    cell.text = ""
    first = True
    for line in block.lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        run = p.add_run(line)
        run.bold, run.font.size = True, Pt(13)
    if block.note:
        _line(cell, block.note, italic=True, size=11)
    for _ in range(4):
        _line(cell, "")
    _line(cell, block.name or "." * 40, bold=bool(block.name), size=13)


def _closing(doc, block: Closing) -> None:
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    p = left.paragraphs[0]
    run = p.add_run("Nơi nhận:")
    run.bold, run.italic, run.font.size = True, True, Pt(12)
    for line in block.recipients:
        _line(left, f"- {line}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _signature(right, block.signer)


def _signatures(doc, block: Signatures) -> None:
    doc.add_paragraph()
    blocks = list(block.blocks)
    n = block.columns
    table = doc.add_table(rows=(len(blocks) + n - 1) // n, cols=n)
    for i, sig in enumerate(blocks):
        _signature(table.cell(i // n, i % n), sig)


def render_docx(paper: Paper) -> bytes:
    """The paper as .docx bytes."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(13)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if paper.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    top, right, bottom, left = paper.margins_mm
    section.top_margin, section.right_margin = Mm(top), Mm(right)
    section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
    if paper.footer:
        footer = section.footer.paragraphs[0]
        run = footer.add_run(paper.footer)
        run.italic, run.font.size = True, Pt(9)
    if paper.draft:  # the page header of every page: Word has no watermark a script can set portably
        mark = section.header.paragraphs[0]
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = mark.add_run("DỰ THẢO")
        run.bold, run.font.size = True, Pt(16)
    doc.core_properties.title, doc.core_properties.author = paper.title, paper.author
    for block in paper.blocks:
        if isinstance(block, Header):
            _header(doc, block)
        elif isinstance(block, Para):
            _para(doc, block)
        elif isinstance(block, Grid):
            _grid(doc, block)
        elif isinstance(block, Closing):
            _closing(doc, block)
        elif isinstance(block, Signatures):
            _signatures(doc, block)
        elif isinstance(block, PageBreak):
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
