"""Read a roll file into rows of cells: .xlsx through python-calamine, .csv in UTF-8 through the csv module."""

from __future__ import annotations

import codecs
import csv
import io
import logging
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import PurePath

from . import limits, sandbox
from .problems import UnreadableFile

Cell = str | int | float | bool | date | datetime | time | timedelta | None

#: Extensions this reader opens, for upload forms and messages.
EXTENSIONS = ("xlsx", "csv")
_DELIMITERS = (",", ";", "\t")
_SNIFF_ROWS = 50
#: The child that parses an .xlsx may use this much address space and CPU time (wall time: 10 s more). An honest
#: 100,000-household file needs about 2.5 s in all and under 400 MB (bench/xlsx_isolation.py).
CHILD_MEMORY_BYTES = 1536 * 2**20
CHILD_CPU_SECONDS = 20
#: An .xlsx under this size is checked (limits.py) before its child reader starts; a larger one alongside it.
CHECK_FIRST_BYTES = 1 << 20
logger = logging.getLogger(__name__)
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
    # A small file is checked before any child starts: a 1.7 KB far-cell file is refused in a millisecond,
    # no process spawned. A large one is checked here while the child parses it (a refusal kills the
    # child and is raised as before): the checks of a 100,000-household file cost no time on a second core.
    checks = None
    if len(data) < CHECK_FIRST_BYTES:
        limits.check_xlsx(data)
    else:
        def checks():
            limits.check_xlsx(data)
    try:
        answer = sandbox.parse_isolated(data, memory_bytes=CHILD_MEMORY_BYTES, cpu_seconds=CHILD_CPU_SECONDS,
                                        max_columns=limits.MAX_COLUMNS, max_cells=limits.MAX_GRID_CELLS,
                                        alongside=checks)
    except sandbox.SandboxFailed as error:
        logger.warning("roll .xlsx refused: the isolated reader failed (%s)", error)
        raise limits.too_big("máy chủ không đọc được tệp trong giới hạn bộ nhớ và thời gian") from None
    if answer[0] == "error":
        if answer[1] == "no_sheet":
            raise UnreadableFile("Tệp Excel không có trang tính nào đang hiện.", code="import.no_sheet")
        if answer[1] == "too_wide":
            raise limits.too_big(f"rộng hơn {limits.MAX_COLUMNS} cột")
        if answer[1] == "too_big":
            raise limits.too_big(f"có hơn {limits.MAX_GRID_CELLS:,} ô".replace(",", "."))
        raise UnreadableFile("Không mở được tệp Excel: tệp bị hỏng hoặc có mật khẩu.",
                             code="import.damaged", params={"detail": answer[1]})
    _, sheet, rows = answer
    limits.check_grid(len(rows), max(map(len, rows), default=0))
    return Table(rows, "xlsx", sheet=sheet)


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
    # Blank lines count as rows too (15 M of them took 13 s to parse): refuse before parsing.
    lines = text.count("\n")
    if lines > limits.MAX_ROWS:
        raise limits.too_big(f"có {lines:,} dòng".replace(",", "."), "CSV")
    try:
        delimiter = _sniff_delimiter(text)
        rows: list[list[Cell]] = []
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if len(row) > limits.MAX_COLUMNS:
                raise limits.too_big(f"dòng {len(rows) + 1} có {len(row):,} cột".replace(",", "."), "CSV")
            rows.append(row)
    except csv.Error:
        # The csv module refuses a field over 128 KB (field_size_limit); a name or address is under 200 characters.
        raise UnreadableFile("Tệp CSV có một ô quá dài hoặc sai định dạng (ví dụ thiếu dấu ngoặc kép đóng). "
                             "Hãy mở tệp bằng Excel, kiểm tra rồi lưu lại.", code="import.csv_field") from None
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
        try:
            widths = [len(r) for r in csv.reader(lines, delimiter=delimiter) if len(r) > 1]
        except csv.Error:  # a field over the csv module's limit when split on this delimiter: not this one
            continue
        if not widths:
            continue
        width, count = Counter(widths).most_common(1)[0]
        if (count, width) > best_score:
            best, best_score = delimiter, (count, width)
    return best
