"""Read and check a ward's list of TDPs (số tổ, tên tổ, chi bộ, Ban công tác Mặt trận), typed or from a file.

Pure: no Flask, no database. The file is read by the roll import's guarded reader (`read_table`: .xlsx in a
limited child process, .csv in UTF-8), and every problem is a `Problem` tied to its row and column, in
Vietnamese, as the roll import reports them. TDP numbers need not be contiguous (merged wards), but they
must be whole numbers and unique within the ward.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from app.rolls.importing.cells import is_blank, text
from app.rolls.importing.headers import Field as RollField
from app.rolls.importing.headers import header_key, letter
from app.rolls.importing.headers import match_header as match_roll_header
from app.rolls.importing.problems import Problem, Severity
from app.rolls.importing.reader import Cell, read_table

MAX_TDP_NUMBER = 9999
#: More TDPs than any ward has (the largest merged wards have about 200): a longer file is a wrong file.
MAX_TDPS = 1000
NAME_MAX, GROUP_MAX = 120, 160
HEADER_SEARCH_ROWS = 15


class Column(enum.StrEnum):
    NUMBER = "number"
    NAME = "name"
    PARTY_CELL = "party_cell_name"
    FRONT = "front_committee_name"


#: The Vietnamese name of each column, as messages and the typed table say it.
COLUMN_NAMES = {Column.NUMBER: "Số tổ", Column.NAME: "Tên tổ dân phố", Column.PARTY_CELL: "Chi bộ",
                Column.FRONT: "Ban công tác Mặt trận"}
#: Header texts per column, folded as `header_key` folds them.
ALIASES: dict[Column, tuple[str, ...]] = {
    Column.NUMBER: ("so to", "to so", "so tdp", "tdp so", "so to dan pho", "to dan pho so", "so hieu to", "ma to",
                    "so"),
    Column.NAME: ("ten to", "ten tdp", "ten to dan pho", "ten", "to dan pho", "tdp", "ten goi"),
    Column.PARTY_CELL: ("chi bo", "ten chi bo", "chi bo to dan pho", "chi bo dang"),
    Column.FRONT: ("ban cong tac mat tran", "ban ctmt", "bctmt", "ban cong tac mt", "mat tran",
                   "ten ban cong tac mat tran"),
}
_EXACT = {alias: c for c, aliases in ALIASES.items() for alias in aliases}
_PREFIXES = sorted(((a, c) for a, c in _EXACT.items() if " " in a), key=lambda ac: -len(ac[0]))
_LOOKS_LIKE_DATE = re.compile(r"\d{1,4}\s*[/.\-]\s*\d{1,2}(\s*[/.\-]\s*\d{1,4})?", re.ASCII)
_NUMBER_PREFIX = re.compile(r"^(to dan pho|tdp|to)?\s*(so)?\s*", re.ASCII)
#: Where typed rows put each column (the typed table has no header row).
POSITIONAL = {Column.NUMBER: 0, Column.NAME: 1, Column.PARTY_CELL: 2, Column.FRONT: 3}


@dataclass(frozen=True)
class TdpEntry:
    """One TDP to create: `line` is the row number the file (or the typed table) shows."""

    line: int
    number: int
    name: str
    party_cell_name: str = ""
    front_committee_name: str = ""


@dataclass(frozen=True)
class TdpList:
    """What a list would create, and everything wrong with it. Nothing may be written while it has errors."""

    entries: tuple[TdpEntry, ...]
    problems: tuple[Problem, ...]
    #: 1-based row of the header the file was read by, None for a file (or table) without one
    header_row: int | None = None
    sheet: str | None = None

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.is_error)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    @property
    def can_apply(self) -> bool:
        return self.errors == 0 and bool(self.entries)


class _CellError(Exception):
    def __init__(self, code: str, message: str, severity: Severity = Severity.ERROR):
        super().__init__(message)
        self.code, self.message, self.severity = code, message, severity


def match_column(cell: Cell) -> Column | None:
    key = header_key(text(cell)) if not is_blank(cell) else ""
    if not key:
        return None
    if key in _EXACT:
        return _EXACT[key]
    for alias, column in _PREFIXES:
        if key.startswith(alias + " "):
            return column
    return None


def _mapping(row: Sequence[Cell]) -> dict[Column, int]:
    mapping: dict[Column, int] = {}
    for index, cell in enumerate(row):
        column = match_column(cell)
        if column is not None and column not in mapping:
            mapping[column] = index
    return mapping


def tdp_number(cell: Cell) -> int:
    """5, 5.0, "5", "05", "Tổ 5", "TDP số 5" → 5. A date (Excel turned "5/11" into 05/11) or "31/11" is refused
    with a message saying so; so is anything else that is not one whole number from 1 to MAX_TDP_NUMBER."""
    if isinstance(cell, date):
        raise _CellError("number.date", f"Excel đã đổi số tổ thành ngày {text(cell)}. Hãy định dạng cột "
                         "Số tổ là Số (Number) rồi gõ lại số tổ.")
    if isinstance(cell, bool):
        raise _CellError("number.not_number", f"Số tổ “{text(cell)}” không phải là số.")
    if isinstance(cell, float):
        if not cell.is_integer():
            raise _CellError("number.not_whole", f"Số tổ “{text(cell)}” phải là số nguyên (ví dụ 5).")
        value = int(cell)
    elif isinstance(cell, int):
        value = cell
    else:
        raw = text(cell)
        if _LOOKS_LIKE_DATE.fullmatch(raw):
            raise _CellError("number.date", f"“{raw}” không phải là số tổ mà giống một ngày. Hãy ghi số tổ là "
                             "một số nguyên (ví dụ 5).")
        rest = _NUMBER_PREFIX.sub("", header_key(raw), count=1)
        if not (rest.isascii() and rest.isdigit()):
            raise _CellError("number.not_number", f"Số tổ “{raw}” không phải là số (ví dụ 5 hoặc “Tổ 5”).")
        value = int(rest)
    if not 1 <= value <= MAX_TDP_NUMBER:
        raise _CellError("number.range", f"Số tổ {value} không hợp lệ: phải từ 1 đến {MAX_TDP_NUMBER}.")
    return value


def _where(columns: Mapping[Column, int], headers: Mapping[Column, str], column: Column, positional: bool
           ) -> tuple[str, str | None]:
    """The column's header text and letter, as a problem names them."""
    if positional:
        return COLUMN_NAMES[column], None
    index = columns[column]
    return headers.get(column) or COLUMN_NAMES[column], letter(index)


def check_rows(rows: Sequence[Sequence[Cell]], *, existing: Mapping[int, str], header_index: int | None = None,
               columns: Mapping[Column, int] | None = None, first_line: int = 1, sheet: str | None = None
               ) -> TdpList:
    """Check data rows (after the header, if any) into TDPs to create.

    `existing` maps the ward's TDP numbers to their names: a number already there is an error. `columns`
    says where each column is (default: A number, B name, C party cell, D front committee, as typed);
    `first_line` is the row number the first of `rows` shows. Rows with neither a number nor a name are
    skipped (a blank line, a "Người lập biểu" footer), with a warning when more TDPs follow them.
    """
    positional = columns is None
    columns = dict(POSITIONAL if columns is None else columns)
    headers: dict[Column, str] = {}
    problems: list[Problem] = []
    entries: list[TdpEntry] = []
    seen: dict[int, int] = {}
    skipped: list[int] = []

    def cell(row: Sequence[Cell], column: Column) -> Cell:
        index = columns.get(column)
        return row[index] if index is not None and index < len(row) else None

    def problem(line: int, column: Column | None, code: str, message: str, severity=Severity.ERROR):
        header, col_letter = _where(columns, headers, column, positional) if column else (None, None)
        problems.append(Problem(line, header, col_letter, code, message, severity))

    last = _last_data_row(rows, lambda row: cell(row, Column.NUMBER), lambda row: cell(row, Column.NAME))
    for offset, row in enumerate(rows[:last + 1]):
        line = first_line + offset
        number_cell, name_cell = cell(row, Column.NUMBER), cell(row, Column.NAME)
        if is_blank(number_cell) and is_blank(name_cell):
            if any(not is_blank(c) for c in row):
                skipped.append(line)
            continue
        if len(entries) >= MAX_TDPS:
            problem(line, None, "list.too_long", f"Danh sách có hơn {MAX_TDPS} tổ dân phố: hãy kiểm tra lại tệp.")
            break
        for earlier in skipped:
            problem(earlier, None, "row.skipped", "Dòng này không có số tổ và tên tổ nên được bỏ qua.",
                    Severity.WARNING)
        skipped.clear()
        if is_blank(number_cell):
            problem(line, Column.NUMBER, "number.missing", "Thiếu số tổ.")
            continue
        try:
            number = tdp_number(number_cell)
        except _CellError as error:
            problem(line, Column.NUMBER, error.code, error.message, error.severity)
            continue
        name = text(name_cell)
        if not name:
            name = f"Tổ dân phố số {number}"
            problem(line, Column.NAME, "name.default", f"Chưa có tên tổ: sẽ dùng “{name}”.", Severity.WARNING)
        ok = True
        if len(name) > NAME_MAX:
            problem(line, Column.NAME, "name.too_long", f"Tên tổ dài quá {NAME_MAX} ký tự.")
            ok = False
        groups = {}
        for column in (Column.PARTY_CELL, Column.FRONT):
            value = text(cell(row, column))
            if len(value) > GROUP_MAX:
                problem(line, column, f"{column.value}.too_long",
                        f"{COLUMN_NAMES[column]} dài quá {GROUP_MAX} ký tự.")
                ok = False
            groups[column] = value
        if number in seen:
            problem(line, Column.NUMBER, "number.duplicate",
                    f"Số tổ {number} trùng với dòng {seen[number]}. Nếu hai tổ cũ cùng số sau khi sáp nhập, "
                    "hãy đánh số lại một tổ trước khi nhập.")
            ok = False
        elif number in existing:
            problem(line, Column.NUMBER, "number.exists",
                    f"Tổ dân phố số {number} đã có trong phường (“{existing[number]}”). Muốn đổi tên thì sửa tổ "
                    "đó trên trang Tổ dân phố.")
            ok = False
        seen.setdefault(number, line)
        if ok:
            entries.append(TdpEntry(line, number, name, groups[Column.PARTY_CELL], groups[Column.FRONT]))
    if not entries and not problems:
        problems.append(Problem(None, None, None, "list.empty", "Danh sách chưa có tổ dân phố nào."))
    return TdpList(tuple(entries), tuple(sorted(problems, key=Problem.sort_key)),
                   None if header_index is None else header_index + 1, sheet)


def _parses(value: Cell) -> bool:
    try:
        tdp_number(value)
    except _CellError:
        return False
    return True


def _last_data_row(rows: Sequence[Sequence[Cell]], number, name) -> int:
    """The index of the last row holding a TDP (a name, or a readable number): what follows is a footer
    ("Người lập biểu", a signature) and is ignored."""
    for index in range(len(rows) - 1, -1, -1):
        if not is_blank(name(rows[index])) or _parses(number(rows[index])):
            return index
    return -1


def _looks_like_roll(row: Sequence[Cell]) -> bool:
    """A household roll's header ("Mã hộ", "Họ và tên chủ hộ") rather than a TDP list's."""
    fields = {match_roll_header(text(c)) for c in row if not is_blank(c)}
    return RollField.CODE in fields or RollField.NAME in fields


def check_table(rows: Sequence[Sequence[Cell]], *, existing: Mapping[int, str], sheet: str | None = None) -> TdpList:
    """Find the header among the first rows (title rows above it are fine), then check the rows below it.

    A file without a header row is read as columns A–D when its first filled row starts with a number."""
    head = list(rows[:HEADER_SEARCH_ROWS])
    for index, row in enumerate(head):
        mapping = _mapping(row)
        if Column.NUMBER in mapping:
            if Column.NAME not in mapping and _looks_like_roll(row):
                break
            result = check_rows(rows[index + 1:], existing=existing, header_index=index, columns=mapping,
                                first_line=index + 2, sheet=sheet)
            return _with_headers(result, row, mapping)
    for index, row in enumerate(head):
        if any(_looks_like_roll([c]) for c in row if not is_blank(c)):
            return TdpList((), (Problem(index + 1, None, None, "file.roll",
                                        "Tệp này có vẻ là danh sách hộ gia đình (có cột “Mã hộ” hoặc “Họ và tên”), "
                                        "không phải danh sách tổ dân phố. Danh sách tổ cần các cột “Số tổ” và "
                                        "“Tên tổ dân phố”."),), sheet=sheet)
    first = next(((i, r) for i, r in enumerate(rows) if any(not is_blank(c) for c in r)), None)
    if first is not None:
        if first[1] and _parses(first[1][0]):
            return check_rows(rows[first[0]:], existing=existing, columns=POSITIONAL, first_line=first[0] + 1,
                              sheet=sheet)
    return TdpList((), (Problem(None, None, None, "file.no_header",
                                "Không tìm thấy dòng tiêu đề có cột “Số tổ” (và “Tên tổ dân phố”). Hãy đặt tiêu đề "
                                "cho các cột, hoặc ghi số tổ ở cột A và tên tổ ở cột B."),), sheet=sheet)


def _with_headers(result: TdpList, row: Sequence[Cell], mapping: Mapping[Column, int]) -> TdpList:
    """Problems name the file's own header text for their column."""
    by_letter = {letter(i): text(row[i]) for i in mapping.values() if i < len(row)}
    problems = tuple(Problem(p.row, by_letter.get(p.letter or "", p.column) or p.column, p.letter, p.code,
                             p.message, p.severity) for p in result.problems)
    return TdpList(result.entries, problems, result.header_row, result.sheet)


def read_tdp_file(data: bytes, filename: str, *, existing: Mapping[int, str]) -> TdpList:
    """Read an .xlsx or .csv TDP list and check it. Raises UnreadableFile (Vietnamese) for a file that cannot
    be read at all: another format, not UTF-8, damaged, too big, empty."""
    table = read_table(data, filename)
    return check_table(table.rows, existing=existing, sheet=table.sheet)


def typed_rows(numbers: Sequence[str], names: Sequence[str], cells: Sequence[str], fronts: Sequence[str]
               ) -> list[list[str]]:
    """The typed table's columns as rows (lists of unequal length are padded)."""
    width = max(len(numbers), len(names), len(cells), len(fronts), 0)

    def at(values: Sequence[str], i: int) -> str:
        return values[i] if i < len(values) else ""

    return [[at(numbers, i), at(names, i), at(cells, i), at(fronts, i)] for i in range(width)]


def existing_numbers(tdps: Collection) -> dict[int, str]:
    """{number: name} of TDP rows (anything with `.number` and `.name`)."""
    return {t.number: t.name for t in tdps}
