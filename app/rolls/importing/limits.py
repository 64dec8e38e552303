"""Limits on an untrusted roll file (zip entries, unzipped size, sheet grid), checked beside the isolated reader.

A 1.7 KB .xlsx can declare a cell at XFD1048576; calamine then allocates the whole grid densely (rows × columns
× 32 bytes, 550 GB) and aborts the process (tafia/calamine#693). The checks here read the zip directory and
stream-scan the sheet XML with zipfile, which never yields more than an entry's declared size, so a hostile
file costs a few milliseconds and a few megabytes. The parse itself runs in a child process with memory and
time limits (sandbox.py), started first so that an honest file's checks cost no time on a second core; a file
refused here has its child killed, and one that gets past these checks some other way meets the limits.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from .problems import UnreadableFile

#: The largest roll we take: a 100,000-household ward file has 100,002 rows; twice that leaves room.
MAX_ROWS = 200_000
#: A roll needs about ten columns; clerks add notes, but never hundreds.
MAX_COLUMNS = 200
#: Rows × columns of the grid calamine builds (32 bytes each): 8 M cells is 256 MB, 200,000 rows × 40 columns.
MAX_GRID_CELLS = 8_000_000
#: A normal workbook has 10–30 zip entries (sheets, styles, theme, shared strings).
MAX_ZIP_ENTRIES = 2_000
#: Unzipped size of the whole workbook: a 100,000-household .xlsx unzips to about 40 MB.
MAX_UNZIPPED_BYTES = 300 * 2**20
#: Spreadsheet XML compresses 5–20×; an entry above this ratio (and above 1 MB unzipped) is a zip bomb.
MAX_RATIO = 150
_RATIO_FLOOR = 2**20
_CHUNK = 2**20
_TOO_BIG = ("Tệp {kind} quá lớn hoặc hỏng: {what}. Danh sách hộ gia đình chỉ nhận tối đa {rows:,} dòng và "
            "{columns} cột; hãy lưu lại trang tính chỉ gồm danh sách rồi tải lên lại.")

_REF = re.compile(rb"([A-Z]{1,3})?([0-9]{1,9})")
_PREFIX = re.compile(rb"<(\w+:)?worksheet\b")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\sref=\"([^\"]*)\"")
# Honest sheets are narrow and shallow, so the scan looks only for what would be far: a reference with two
# or more column letters (column AA and beyond), or a row number from 200,000 up. An honest 100,000-row
# sheet matches neither, and the scan runs at the speed of the regex engine, not of Python.
# (A literal first character lets the regex engine skip ahead: four times faster than a leading \s.)
_WIDE = re.compile(rb"r=\"([A-Z]{2,})[0-9]")
_DEEP = re.compile(rb"r=\"[A-Z]{0,5}([2-9][0-9]{5}|[1-9][0-9]{6,})\"")
_ROW_R = re.compile(rb"<(?:\w+:)?row\b[^>]*?\sr=\"([0-9]{1,12})\"")
#: Columns up to this many make a grid no larger than MAX_GRID_CELLS even at MAX_ROWS rows.
_NARROW = MAX_GRID_CELLS // MAX_ROWS
#: A tag cut at a chunk boundary is carried to the next chunk; no single tag of a spreadsheet is this long.
_LONGEST_TAG = 32 * 1024


def too_big(what: str, kind: str = "Excel") -> UnreadableFile:
    """The refusal of a file beyond the limits, in Vietnamese; `kind` is "Excel" or "CSV"."""
    return UnreadableFile(_TOO_BIG.format(kind=kind, what=what, rows=MAX_ROWS, columns=MAX_COLUMNS)
                          .replace(",", "."),
                          code="import.too_big", params={"what": what})


def column_number(letters: bytes | str) -> int:
    """A → 1, Z → 26, AA → 27, XFD → 16384."""
    number = 0
    for ch in letters if isinstance(letters, str) else letters.decode("ascii"):
        number = number * 26 + ord(ch) - 64
    return number


def check_grid(rows: int, columns: int, kind: str = "Excel") -> None:
    """Refuse a table beyond MAX_ROWS, MAX_COLUMNS or MAX_GRID_CELLS."""
    if rows > MAX_ROWS:
        raise too_big(f"có {rows:,} dòng".replace(",", "."), kind)
    if columns > MAX_COLUMNS:
        raise too_big(f"có {columns:,} cột".replace(",", "."), kind)
    if rows * columns > MAX_GRID_CELLS:
        raise too_big(f"rộng {rows:,} dòng × {columns} cột".replace(",", "."), kind)


def check_xlsx(data: bytes) -> None:
    """Refuse a workbook whose zip or sheets exceed the limits above; raises UnreadableFile, reads nothing else.

    Checks the entry count, the declared unzipped sizes and ratios, then streams each worksheet's XML: its
    `<dimension ref>`, the largest row and column named by `r=` and the number of rows and cells (cells
    without `r=` are placed one after another, so their count bounds the grid too).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise UnreadableFile("Không mở được tệp Excel: tệp bị hỏng hoặc có mật khẩu.", code="import.damaged") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise too_big(f"tệp nén có {len(entries):,} mục".replace(",", "."))
        total = sum(e.file_size for e in entries)
        if total > MAX_UNZIPPED_BYTES:
            raise too_big(f"giải nén ra {total // 2**20:,} MB".replace(",", "."))
        for entry in entries:
            if entry.file_size > _RATIO_FLOOR and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
                raise too_big(f"mục “{entry.filename[:60]}” nén gấp {entry.file_size // max(entry.compress_size, 1)} lần")
        for entry in entries:
            if entry.filename.lower().startswith("xl/worksheets/") and entry.filename.lower().endswith(".xml"):
                _scan_sheet(archive, entry)


def _scan_sheet(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    max_row = max_col = rows = cells = 0
    row_numbers: list[int] = []  # only kept for a wide sheet, where the grid's depth must be exact
    tail, first, row_tag, cell_tag = b"", True, b"<row", b"<c"
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(_CHUNK):
                text = tail + chunk
                # Only tags that end inside this chunk count; the rest is carried over (no double counting).
                cut = text.rfind(b">") + 1
                if len(text) - cut > _LONGEST_TAG:
                    raise too_big("thẻ XML quá dài")
                text, tail = text[:cut], text[cut:]
                if first:  # the root element's namespace prefix, and <dimension>, come before the sheet data
                    prefix = _PREFIX.search(text)
                    if prefix and prefix[1]:
                        row_tag, cell_tag = b"<" + prefix[1] + b"row", b"<" + prefix[1] + b"c"
                    for ref in _DIMENSION.findall(text):
                        for letters, number in _REF.findall(ref.split(b":")[-1]):
                            max_row = max(max_row, int(number))
                            max_col = max(max_col, column_number(letters) if letters else 0)
                    first = False
                wide = set(_WIDE.findall(text))
                if wide:
                    max_col = max(max_col, max(column_number(letters) for letters in wide))
                deep = _DEEP.findall(text)
                if deep:
                    max_row = max(max_row, max(map(int, deep)))
                if max_col > _NARROW:
                    row_numbers.extend(map(int, _ROW_R.findall(text)))
                # Rows and cells without r= are placed one after another: their number bounds the grid too.
                rows += text.count(row_tag)
                cells += text.count(cell_tag)  # also counts <col>, <cfRule>…: an overestimate is safe
                depth = max(max_row, rows, max(row_numbers, default=0))
                check_grid(depth, max_col if max_col > _NARROW else 0)
                if cells > MAX_GRID_CELLS:
                    raise too_big(f"có hơn {MAX_GRID_CELLS:,} ô".replace(",", "."))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError, zlib.error):
        raise UnreadableFile("Không mở được tệp Excel: tệp bị hỏng hoặc có mật khẩu.", code="import.damaged") from None
