"""Limits on an untrusted roll file, checked before any reader sees it (zip entries, unzipped size, sheet grid).

A 1.7 KB .xlsx can declare a cell at XFD1048576; calamine then allocates the whole grid densely (rows × columns
× 32 bytes, 550 GB) and aborts the process (tafia/calamine#693). The checks here read the zip directory and
stream-scan the sheet XML with zipfile, which never yields more than an entry's declared size, so a hostile
file costs a few milliseconds and a few megabytes. The parse itself then runs in a child process with memory
and time limits (sandbox.py), in case a file gets past these checks some other way.
"""

from __future__ import annotations

import io
import re
import zipfile

from .problems import UnreadableFile

#: The largest roll we take: a 100,000-household ward file has 100,002 rows; twice that leaves room.
MAX_ROWS = 200_000
#: A roll needs about ten columns; clerks add notes, but never hundreds.
MAX_COLUMNS = 200
#: Rows × columns of the grid calamine builds (32 bytes each): 5 M cells is 160 MB, a 100,000 × 50 sheet.
MAX_GRID_CELLS = 5_000_000
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
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\sref=\"([^\"]*)\"")
_ROW_R = re.compile(rb"<(?:\w+:)?row\b[^>]*?\sr=\"([0-9]{1,12})\"")
_CELL_R = re.compile(rb"<(?:\w+:)?c\b[^>]*?\sr=\"([A-Z]{1,5})([0-9]{1,12})\"")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")
#: A tag cut at a chunk boundary is carried to the next chunk; no tag we look for is longer than this.
_OVERLAP = 512


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
    tail = b""
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(_CHUNK):
                text = tail + chunk
                # Only tags that end inside this chunk count; the rest is carried over (no double counting).
                cut = text.rfind(b">") + 1
                if len(text) - cut > _OVERLAP * 64:  # a single tag longer than 32 KB: not a spreadsheet
                    raise too_big("thẻ XML quá dài")
                text, tail = text[:cut], text[cut:]
                for ref in _DIMENSION.findall(text):
                    for letters, number in _REF.findall(ref.split(b":")[-1]):
                        max_row = max(max_row, int(number))
                        max_col = max(max_col, column_number(letters) if letters else 0)
                found = _ROW_R.findall(text)
                if found:
                    max_row = max(max_row, max(map(int, found)))
                letters = {letter for letter, _ in _CELL_R.findall(text)}
                if letters:
                    max_col = max(max_col, max(column_number(letter) for letter in letters))
                rows += len(_ROW_TAG.findall(text))
                cells += len(_CELL_TAG.findall(text))
                check_grid(max(max_row, rows), max_col)
                if cells > MAX_GRID_CELLS:
                    raise too_big(f"có hơn {MAX_GRID_CELLS:,} ô".replace(",", "."))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError):
        raise UnreadableFile("Không mở được tệp Excel: tệp bị hỏng hoặc có mật khẩu.", code="import.damaged") from None
