"""Read a roll file into rows of cells: .xlsx through python-calamine, .csv in UTF-8 through the csv module."""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import PurePath

import python_calamine

from .problems import UnreadableFile

Cell = str | int | float | bool | date | datetime | time | timedelta | None

#: Extensions this reader opens, for upload forms and messages.
EXTENSIONS = ("xlsx", "csv")
_DELIMITERS = (",", ";", "\t")
_SNIFF_ROWS = 50
_SAVE_AS_UTF8 = "Trong Excel, chọn Lưu thành (Save As) → “CSV UTF-8 (Comma delimited) (*.csv)” rồi tải lên lại."


@dataclass(frozen=True)
class Table:
    """The cells of one sheet. `rows[i]` is the row the spreadsheet shows as number i + 1; empty cells are ""."""

    rows: list[list[Cell]]
    kind: str  #: "xlsx" or "csv"
    sheet: str | None = None
    delimiter: str | None = None


def read_table(data: bytes, filename: str) -> Table:
    """Read an .xlsx (first visible worksheet) or a .csv file.

    CSV must be UTF-8, with or without a byte-order mark; comma, semicolon or tab delimited (sniffed).
    Raises UnreadableFile with a Vietnamese message for any other format or encoding, a damaged file,
    or a file without a single filled cell.
    """
    ext = PurePath(filename).suffix.lower().lstrip(".")
    if ext == "xlsx":
        table = _read_xlsx(data)
    elif ext == "csv":
        table = _read_csv(data)
    elif ext in ("xls", "ods", "numbers", "txt"):
        raise UnreadableFile(f"Không đọc tệp .{ext}. Hãy lưu danh sách thành tệp Excel .xlsx hoặc CSV UTF-8.",
                             code="import.format", params={"ext": ext})
    else:
        raise UnreadableFile("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).", code="import.format",
                             params={"ext": ext})
    if not any(any(cell not in ("", None) for cell in row) for row in table.rows):
        raise UnreadableFile("Tệp không có dữ liệu.", code="import.empty")
    return table


def _read_xlsx(data: bytes) -> Table:
    if not data.startswith(b"PK\x03\x04"):
        raise UnreadableFile("Tệp không phải là tệp Excel .xlsx (có thể là .xls đổi tên, hoặc tệp có mật khẩu). "
                             "Hãy mở bằng Excel và lưu lại thành .xlsx.", code="import.not_xlsx")
    try:
        with python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)) as workbook:
            visible = [m.name for m in workbook.sheets_metadata
                       if m.visible == python_calamine.SheetVisibleEnum.Visible
                       and m.typ == python_calamine.SheetTypeEnum.WorkSheet]
            if not visible:
                raise UnreadableFile("Tệp Excel không có trang tính nào đang hiện.", code="import.no_sheet")
            sheet = workbook.get_sheet_by_name(visible[0])
            # skip_empty_area=False keeps row i as spreadsheet row i + 1 and column 0 as column A.
            rows = sheet.to_python(skip_empty_area=False)
    except python_calamine.CalamineError as error:
        raise UnreadableFile("Không mở được tệp Excel: tệp bị hỏng hoặc có mật khẩu.",
                             code="import.damaged", params={"detail": type(error).__name__}) from None
    return Table(rows, "xlsx", sheet=visible[0])


def _read_csv(data: bytes) -> Table:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UnreadableFile("Tệp CSV đang ở bảng mã UTF-16 (“Unicode Text”), không phải UTF-8. " + _SAVE_AS_UTF8,
                             code="import.csv_encoding")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise UnreadableFile("Tệp CSV không ở bảng mã UTF-8 (có thể là Windows-1258, TCVN3 hoặc VNI), nên chữ "
                             "tiếng Việt sẽ bị sai. " + _SAVE_AS_UTF8, code="import.csv_encoding") from None
    delimiter = _sniff_delimiter(text)
    rows: list[list[Cell]] = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return Table(rows, "csv", delimiter=delimiter)


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first rows into the most rows of one same width (≥ 2 columns).

    Vietnamese addresses are full of commas ("Số 5, ngõ 12"), so a semicolon file split on commas gives
    rows of varying widths, while the right delimiter gives one width for header and data alike.
    """
    sample = io.StringIO(text, newline="")
    lines = [line for _, line in zip(range(_SNIFF_ROWS), sample, strict=False)]
    best, best_score = ",", (0, 0)
    for delimiter in _DELIMITERS:
        widths = [len(r) for r in csv.reader(lines, delimiter=delimiter) if len(r) > 1]
        if not widths:
            continue
        width, count = Counter(widths).most_common(1)[0]
        if (count, width) > best_score:
            best, best_score = delimiter, (count, width)
    return best
