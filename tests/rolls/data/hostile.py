"""Hostile roll files as the December 2026 review built them (Appendix B and F3/F9/F10), built in memory."""

from __future__ import annotations

import io
import zipfile
import zlib

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{_NS}" '
             'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
             '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                  'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
_HEADER_CELLS = ('<c r="A1" t="inlineStr"><is><t>Mã hộ</t></is></c><c r="B1" t="inlineStr"><is><t>Họ tên</t></is></c>'
                 '<c r="C1" t="inlineStr"><is><t>Địa chỉ</t></is></c>')


def _workbook(sheet_parts, *, sheet_size: int | None = None) -> bytes:
    """A minimal .xlsx whose sheet1.xml is the concatenation of `sheet_parts` (bytes), deflated as it streams."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for part in sheet_parts:
                sheet.write(part)
    return out.getvalue()


def _sheet(rows_xml, dimension: str | None = None):
    yield f'<worksheet xmlns="{_NS}">'.encode()
    if dimension:
        yield f'<dimension ref="{dimension}"/>'.encode()
    yield b"<sheetData>"
    yield from rows_xml
    yield b"</sheetData></worksheet>"


def far_cell_xlsx() -> bytes:
    """Appendix B (F3): 1.7 KB; a header and one cell at XFD1048576. calamine asks for 550 GB and aborts."""
    rows = [f'<row r="1">{_HEADER_CELLS}</row>'.encode(),
            b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>']
    return _workbook(_sheet(rows, "A1:XFD1048576"))


def far_cell_without_dimension_xlsx() -> bytes:
    """The same cell without the <dimension> element, so only the cell's own r= gives it away."""
    rows = [f'<row r="1">{_HEADER_CELLS}</row>'.encode(),
            b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>']
    return _workbook(_sheet(rows))


def prefixed_far_cell_xlsx() -> bytes:
    """Appendix B written with a namespace prefix (<x:row>, <x:c>), which spreadsheet XML allows."""
    parts = [f'<x:worksheet xmlns:x="{_NS}"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Mã hộ'
             '</x:t></x:is></x:c></x:row>'.encode(),
             b'<x:row r="1048576"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>']
    return _workbook(parts)


def sparse_wide_xlsx() -> bytes:
    """Two cells, A1 and GR199999: within the row and column limits one by one, 40 M cells as a grid."""
    rows = [f'<row r="1">{_HEADER_CELLS}</row>'.encode(), b'<row r="199999"><c r="GR199999"><v>1</v></c></row>']
    return _workbook(_sheet(rows))


def zip_bomb_xlsx(megabytes: int = 256) -> bytes:
    """A header row, then `megabytes` MB of blanks inside the sheet XML: about 1,000× compression."""
    blank = b" " * 2**20

    def rows():
        yield f'<row r="1">{_HEADER_CELLS}</row>'.encode()
        for _ in range(megabytes):
            yield blank

    return _workbook(_sheet(rows()))


def row_bomb_xlsx(rows: int = 3_000_000) -> bytes:
    """`rows` rows of one short cell each (the review's 15 MB, 3 M-row file; here a few MB)."""

    def parts():
        yield f'<row r="1">{_HEADER_CELLS}</row>'.encode()
        batch = 100_000
        for start in range(2, rows + 2, batch):
            yield b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n)
                           for n in range(start, min(start + batch, rows + 2)))

    return _workbook(_sheet(parts()))


def wide_row_xlsx(columns: int = 1_000_000) -> bytes:
    """One row of `columns` cells without r= attributes: nothing names a far column, the cells just go on."""
    cells = b"".join(b"<c><v>%d</v></c>" % (n * 7919 % 1_000_003) for n in range(columns))
    return _workbook(_sheet([b"<row>" + cells + b"</row>"]))


def huge_cell_csv(megabytes: int = 5) -> bytes:
    return ("Mã hộ;Họ tên;Địa chỉ\r\n050001;Nguyễn Văn An;" + "x" * (megabytes * 2**20) + "\r\n").encode()


def blank_lines_csv(lines: int = 15_000_000) -> bytes:
    return "Mã hộ;Họ tên;Địa chỉ\r\n050001;Nguyễn Văn An;Số 1\r\n".encode() + b"\n" * lines


def wide_csv(columns: int = 1_000_000) -> bytes:
    return ";".join(f"c{i}" for i in range(columns)).encode() + b"\r\n" + b"1;2;3\r\n"


def deflate_ratio(data: bytes) -> float:
    return len(data) / len(zlib.compress(data))
