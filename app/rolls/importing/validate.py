"""Check every row of a roll file and turn it into typed households, listing each problem with row and column.

Pure: no database, no clock (today and the reference date come in), no Flask.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from app.rules import format_date, normalize_name

from . import cells, legacy
from .cells import CellProblem
from .headers import FIELD_NAMES, Field, HeaderMatch
from .problems import Problem, Severity
from .reader import Cell

ADULT_AGE = 18
#: Column widths of the database (households.code, persons.full_name, households.address, sub_group).
MAX_CODE, MAX_NAME, MAX_ADDRESS, MAX_SUB_GROUP = 40, 120, 255, 40
MAX_LENGTH = {Field.CODE: MAX_CODE, Field.NAME: MAX_NAME, Field.ADDRESS: MAX_ADDRESS, Field.SUB_GROUP: MAX_SUB_GROUP}


@dataclass(frozen=True)
class ImportContext:
    today: date  #: the import date: births after it are impossible
    reference_date: date  #: representatives must be 18 on this day (the import date, or election day)
    ward_tdps: frozenset[int]  #: the numbers of the ward's TDPs
    target_tdp: int | None = None  #: the TDP being imported; None for a whole-ward file with a TDP column
    #: Pad all-digit codes shorter than this with leading zeros (the user's fix for codes Excel ate).
    pad_codes_to: int | None = None


class RollRow(NamedTuple):
    """One household as the file gives it, normalised (NFC, trimmed, single spaces).

    Optional values are None when the column is absent or the cell blank. (A NamedTuple: a 100,000-row
    file makes 100,000 of them.)
    """

    line: int
    tdp: int
    code: str
    name: str
    address: str | None = None
    sub_group: str | None = None
    birth_date: date | None = None
    birth_year: int | None = None
    gender: str | None = None
    citizen_id: str | None = None


@dataclass(frozen=True)
class ParsedRoll:
    """The outcome of validation. `rows` holds each household once, in file order, with code, name and TDP
    known (a duplicate keeps its first row); `problems` are sorted by row, then column."""

    header: HeaderMatch
    rows: tuple[RollRow, ...]
    problems: tuple[Problem, ...]
    blank_rows: int

    @property
    def fields(self) -> frozenset[Field]:
        return frozenset(self.header.mapping)

    @property
    def needs_mapping(self) -> bool:
        return bool(self.header.missing)

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.is_error)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors


def locate(header: HeaderMatch, line: int | None, f: Field | None, code: str, message: str,
           severity: Severity = Severity.ERROR) -> Problem:
    """A problem at a row and the column that holds field `f` (its header text, or the field's name)."""
    column = header.column(f) if f is not None and f in header.mapping else None
    return Problem(line, (column.header or FIELD_NAMES[f]) if column else None, column.letter if column else None,
                   code, message, severity)


class _Report:
    def __init__(self, header: HeaderMatch):
        self.header, self.problems = header, []

    def add(self, line: int | None, f: Field | None, code: str, message: str,
            severity: Severity = Severity.ERROR) -> None:
        self.problems.append(locate(self.header, line, f, code, message, severity))


def validate_table(rows: Sequence[Sequence[Cell]], header: HeaderMatch, ctx: ImportContext,
                   on_row: Callable[[RollRow], None] | None = None) -> ParsedRoll:
    """Validate the rows below the header. Blank rows (every mapped cell empty) are skipped silently.
    `on_row` is called with each household kept, as soon as it is (in file order): a row a later row
    makes wrong (a second row with its code) has been handed over already; only the whole result says
    whether the file can be imported.

    Errors: missing code or name; a code twice in the file; an unreadable, impossible or future birth;
    a representative under 18 on `ctx.reference_date`; an unknown or unreadable TDP. Warnings: an
    unrecognised gender, a code that lost its leading zeros, a malformed citizen ID (never echoed).
    """
    report = _Report(header)
    if header.missing:
        for f in header.missing:
            report.add(header.row_index + 1, None, "header.missing",
                       f"Không tìm thấy cột “{FIELD_NAMES[f]}” trong dòng tiêu đề (dòng {header.row_index + 1}). "
                       "Hãy chọn cột tương ứng.")
        return ParsedRoll(header, (), tuple(report.problems), 0)
    # Absent fields read the extra blank cell appended after the last mapped column.
    width = max(header.mapping.values()) + 1
    cols = _Columns(*(header.mapping.get(f, width) for f in _Columns._fields))
    mapped = sorted(set(header.mapping.values()))
    kept: list[RollRow] = []
    all_codes: list[tuple[int, str]] = []
    first_seen: dict[str, RollRow] = {}
    blank = 0
    encoding = _encoding(rows, header, cols, width, report)
    padded: list[tuple[str, str]] = []
    # Rows below the last household code with no birth either are the paper's foot ("Người lập biểu",
    # "Tổ trưởng", a note): skipped with a warning that quotes them, never errors that block the import (D35).
    last_coded = max((i for i in range(header.row_index + 1, len(rows))
                      if cols.code < len(rows[i]) and not cells.is_blank(rows[i][cols.code])), default=len(rows))
    footer: list[str] = []
    for index in range(header.row_index + 1, len(rows)):
        raw = list(rows[index][:width])
        raw += [""] * (width + 1 - len(raw))  # short CSV rows, and the blank cell for absent fields
        if _blank_row(raw, mapped):
            blank += 1
            continue
        if index > last_coded and cells.is_blank(raw[cols.birth_year]) and cells.is_blank(raw[cols.birth_date]):
            footer.append(" ".join(str(c).strip() for c in raw if not cells.is_blank(c))[:60])
            continue
        row = _read_row(index + 1, raw, cols, ctx, report, all_codes, encoding, padded)
        if row is None:
            continue
        earlier = first_seen.get(row.code)
        if earlier is not None:
            _duplicate(report, row, earlier)
            continue
        first_seen[row.code] = row
        kept.append(row)
        if on_row is not None:
            on_row(row)
    _leading_zeros(report, all_codes)
    if footer:
        report.add(last_coded + 2, None, "rows.footer",
                   f"Bỏ qua {len(footer)} dòng cuối bảng không có mã hộ (“{footer[0]}”): coi là phần chữ ký, ghi chú "
                   "dưới danh sách, không nhập.", Severity.WARNING)
    if padded:
        examples = ", ".join(f"{old} → {new}" for old, new in padded[:3])
        report.add(None, Field.CODE, "code.zeros_restored",
                   f"Đã khôi phục số 0 đầu mã cho {len(padded)} mã hộ (ví dụ {examples}).", Severity.WARNING)
    if ctx.target_tdp is None:
        absent = sorted(ctx.ward_tdps - {r.tdp for r in kept})
        if absent and kept:
            report.add(None, None, "tdp.absent", "Tệp không có hộ nào của tổ " + ", ".join(map(str, absent)) +
                       ": danh sách các tổ này được giữ nguyên.", Severity.WARNING)
    problems = tuple(sorted(report.problems, key=Problem.sort_key))
    return ParsedRoll(header, tuple(kept), problems, blank)


class _Columns(NamedTuple):
    """The index of each field's column in a padded row (absent fields point at a blank cell)."""

    code: int
    name: int
    address: int
    birth_year: int
    birth_date: int
    gender: int
    sub_group: int
    tdp: int
    citizen_id: int


def _blank_row(raw: list[Cell], mapped: list[int]) -> bool:
    for i in mapped:
        if not cells.is_blank(raw[i]):
            return False
    return True


def _text(cell: Cell) -> str:
    return normalize_name(cell) if type(cell) is str else cells.text(cell)


_TEXT_FIELDS = (Field.NAME, Field.ADDRESS, Field.SUB_GROUP)


def _encoding(rows: Sequence[Sequence[Cell]], header: HeaderMatch, cols: _Columns, width: int,
              report: _Report) -> legacy.Encoding:
    """The one encoding of the file's text cells (names, addresses, sub-groups); an error when they mix."""
    indexes = [getattr(cols, f.value) for f in _TEXT_FIELDS if getattr(cols, f.value) < width]
    # Each distinct text once, at its first line (decide() would skip the repeats as seen, but only after a
    # tuple per cell was made): a roll repeats its sub-groups, streets and names (issue 15).
    first: dict[str, int] = {}
    for i in range(header.row_index + 1, len(rows)):
        row = rows[i]
        for c in indexes:
            if c < len(row):
                cell = row[c]
                if type(cell) is str and cell not in first and not cell.isascii():
                    first[cell] = i + 1
    found = legacy.decide((line, text) for text, line in first.items())
    if found.mixed:
        parts = "; ".join(f"dòng {line} viết bằng {legacy.LABELS[e]} (“{text}”)" for line, text, e in found.mixed)
        report.add(None, None, "encoding.mixed",
                   f"Tệp trộn nhiều bảng mã chữ Việt: {parts}. Không thể nhập một tệp trộn bảng mã: hãy chuyển cả "
                   "tệp sang Unicode (ví dụ bằng công cụ chuyển mã của Unikey) rồi tải lên lại.")
    return found.encoding


def _converted(line: int, f: Field, cell: Cell, encoding: legacy.Encoding, report: _Report) -> str:
    """A text cell in Unicode NFC; a cell in a legacy encoding is converted, and the conversion shown."""
    if encoding is legacy.Encoding.UNICODE or type(cell) is not str or cell.isascii():
        return _text(cell)
    before, after = normalize_name(cell), normalize_name(legacy.convert(cell, encoding))
    if after != before:
        report.add(line, f, "encoding.converted", f"Chữ viết bằng bảng mã {legacy.LABELS[encoding]} đã được chuyển "
                   f"sang Unicode: “{before}” → “{after}”.", Severity.WARNING)
    return after


def _read_row(line: int, raw: list[Cell], cols: _Columns, ctx: ImportContext, report: _Report,
              all_codes: list[tuple[int, str]], encoding: legacy.Encoding = legacy.Encoding.UNICODE,
              padded: list[tuple[str, str]] | None = None) -> RollRow | None:
    """One row as a RollRow, or None when its code, name or TDP is missing or unreadable."""
    ok = True
    code = ""
    try:
        code = cells.household_code(raw[cols.code])
    except CellProblem as problem:
        report.add(line, Field.CODE, problem.code, problem.message)
        ok = False
    if ctx.pad_codes_to and len(code) < ctx.pad_codes_to and code.isascii() and code.isdigit():
        if padded is not None:
            padded.append((code, code.zfill(ctx.pad_codes_to)))
        code = code.zfill(ctx.pad_codes_to)
    if code:
        all_codes.append((line, code))
    elif ok:
        report.add(line, Field.CODE, "code.missing", "Thiếu mã hộ.")
        ok = False
    if encoding is legacy.Encoding.UNICODE:  # the common case: _converted() would only hand each cell to _text()
        name, address, sub_group = _text(raw[cols.name]), _text(raw[cols.address]), _text(raw[cols.sub_group])
    else:
        name = _converted(line, Field.NAME, raw[cols.name], encoding, report)
        address = _converted(line, Field.ADDRESS, raw[cols.address], encoding, report)
        sub_group = _converted(line, Field.SUB_GROUP, raw[cols.sub_group], encoding, report)
    if not name:
        report.add(line, Field.NAME, "name.missing", "Thiếu họ tên người đại diện hộ.")
        ok = False
    if len(code) > MAX_CODE or len(name) > MAX_NAME or len(address) > MAX_ADDRESS or len(sub_group) > MAX_SUB_GROUP:
        _too_long(line, report, code=code, name=name, address=address, sub_group=sub_group)
        ok = False
    tdp = _tdp(line, raw[cols.tdp], ctx, report)
    born_on, born_in = _birth(line, raw[cols.birth_date], raw[cols.birth_year], ctx, report)
    gender = _optional(line, Field.GENDER, cells.gender, raw[cols.gender], report)
    citizen = _optional(line, Field.CITIZEN_ID, cells.citizen_id, raw[cols.citizen_id], report)
    if not ok or tdp is None:
        return None
    return RollRow(line, tdp, code, name, address or None, sub_group or None, born_on, born_in, gender, citizen)


def _too_long(line: int, report: _Report, **values: str) -> None:
    for name, value in values.items():
        f = Field(name)
        if len(value) > MAX_LENGTH[f]:
            report.add(line, f, f"{f.value}.too_long", f"Quá dài: tối đa {MAX_LENGTH[f]} ký tự, ô này có {len(value)}.")


def _optional(line: int, f: Field, read, cell: Cell, report: _Report):
    if cells.is_blank(cell):
        return None
    try:
        return read(cell)
    except CellProblem as problem:
        report.add(line, f, problem.code, problem.message, problem.severity)
        return None


def _tdp(line: int, cell: Cell, ctx: ImportContext, report: _Report) -> int | None:
    if cells.is_blank(cell):
        if ctx.target_tdp is not None:
            return ctx.target_tdp
        report.add(line, Field.TDP, "tdp.missing", "Thiếu số tổ dân phố.")
        return None
    try:
        number = cells.tdp_number(cell)
    except CellProblem as problem:
        report.add(line, Field.TDP, problem.code, problem.message)
        return None
    if ctx.target_tdp is not None and number != ctx.target_tdp:
        report.add(line, Field.TDP, "tdp.mismatch",
                   f"Dòng này ghi tổ {number}, nhưng danh sách đang được nhập cho tổ {ctx.target_tdp}.")
        return None
    if number not in ctx.ward_tdps:
        report.add(line, Field.TDP, "tdp.unknown", f"Phường không có tổ dân phố số {number}.")
        return None
    return number


def _birth(line: int, date_cell: Cell, year_cell: Cell, ctx: ImportContext,
           report: _Report) -> tuple[date | None, int | None]:
    """The birth date and year, from either column (a date typed under "Năm sinh" counts as a date)."""
    born_on: date | None = None
    born_in: int | None = None
    first: Field | None = None
    for f, cell, read in ((Field.BIRTH_DATE, date_cell, cells.birth_date),
                          (Field.BIRTH_YEAR, year_cell, cells.birth_year)):
        if cells.is_blank(cell):
            continue
        try:
            value = read(cell, ctx.today)
        except CellProblem as problem:
            report.add(line, f, problem.code, problem.message)
            continue
        year = value.year if isinstance(value, date) else value
        if born_in is not None and year != born_in:
            report.add(line, Field.BIRTH_YEAR, "birth.year_mismatch",
                       f"Năm sinh {cells.text(year_cell)} không khớp với ngày sinh {cells.text(date_cell)}.")
            return None, None
        if born_on is None and isinstance(value, date):
            born_on = value
        born_in, first = year, first or f
    if born_in is not None:
        _age(line, first, born_on, born_in, ctx, report)
    return born_on, born_in


def _age(line: int, f: Field, born_on: date | None, born_in: int, ctx: ImportContext, report: _Report) -> None:
    on = ctx.reference_date
    if born_on is not None:
        age = on.year - born_on.year - ((on.month, on.day) < (born_on.month, born_on.day))
        if age < ADULT_AGE:
            report.add(line, f, "age.under_18", f"Người đại diện hộ mới {age} tuổi vào ngày {format_date(on)}: "
                       f"phải đủ {ADULT_AGE} tuổi.")
    elif on.year - born_in < ADULT_AGE:
        report.add(line, f, "age.under_18", f"Người đại diện hộ sinh năm {born_in}, chưa đủ {ADULT_AGE} tuổi vào "
                   f"ngày {format_date(on)}.")
    elif on.year - born_in == ADULT_AGE:
        report.add(line, f, "age.maybe_under_18", f"Người đại diện hộ sinh năm {born_in} có thể chưa đủ "
                   f"{ADULT_AGE} tuổi vào ngày {format_date(on)}: hãy ghi đủ ngày sinh.", Severity.WARNING)


def _duplicate(report: _Report, row: RollRow, earlier: RollRow) -> None:
    if row.name.casefold() != earlier.name.casefold():
        report.add(row.line, Field.CODE, "code.two_representatives",
                   f"Mã hộ “{row.code}” đã có ở dòng {earlier.line} với người đại diện “{earlier.name}”, dòng này "
                   f"ghi “{row.name}”: hai người đại diện cho một hộ. Mỗi hộ chỉ có một người đại diện.")
    else:
        report.add(row.line, Field.CODE, "code.duplicate",
                   f"Mã hộ “{row.code}” bị trùng: hộ này đã có ở dòng {earlier.line}.")


def _leading_zeros(report: _Report, codes: list[tuple[int, str]]) -> None:
    """Warn about all-digit codes shorter than the column's usual length: Excel drops leading zeros, in
    number cells and in the CSV files it saves alike."""
    digits = [(line, code) for line, code in codes if code.isascii() and code.isdigit()]
    lengths = Counter(len(code) for _, code in digits)
    if not lengths:
        return
    usual, count = lengths.most_common(1)[0]
    for line, code in digits:
        if len(code) < usual and count > lengths[len(code)]:
            likely = code.zfill(usual)
            report.add(line, Field.CODE, "code.leading_zero",
                       f"Mã hộ “{code}” ngắn hơn các mã khác ({usual} chữ số): có thể Excel đã bỏ số 0 ở đầu, "
                       f"mã đúng có lẽ là “{likely}”. Hãy định dạng cột Mã hộ là Văn bản (Text).", Severity.WARNING)
