"""Check every row of a roll file and turn it into typed households, listing each problem with row and column.

Pure: no database, no clock (today and the reference date come in), no Flask.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from app.rules import format_date

from . import cells
from .cells import CellProblem
from .headers import FIELD_NAMES, Field, HeaderMatch
from .problems import Problem, Severity
from .reader import Cell

ADULT_AGE = 18
#: Column widths of the database (households.code, persons.full_name, households.address, sub_group).
MAX_LENGTH = {Field.CODE: 40, Field.NAME: 120, Field.ADDRESS: 255, Field.SUB_GROUP: 40}


@dataclass(frozen=True)
class ImportContext:
    today: date  #: the import date: births after it are impossible
    reference_date: date  #: representatives must be 18 on this day (the import date, or election day)
    ward_tdps: frozenset[int]  #: the numbers of the ward's TDPs
    target_tdp: int | None = None  #: the TDP being imported; None for a whole-ward file with a TDP column


@dataclass(frozen=True)
class RollRow:
    """One household as the file gives it, normalised (NFC, trimmed, single spaces).

    Optional values are None when the column is absent or the cell blank.
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


class _Report:
    def __init__(self, header: HeaderMatch):
        self.header, self.problems = header, []

    def add(self, line: int | None, f: Field | None, code: str, message: str,
            severity: Severity = Severity.ERROR) -> None:
        column = self.header.column(f) if f is not None and f in self.header.mapping else None
        self.problems.append(Problem(line, (column.header or FIELD_NAMES[f]) if column else None,
                                     column.letter if column else None, code, message, severity))


def validate_table(rows: Sequence[Sequence[Cell]], header: HeaderMatch, ctx: ImportContext) -> ParsedRoll:
    """Validate the rows below the header. Blank rows (every mapped cell empty) are skipped silently.

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
    mapped = sorted(header.mapping.items(), key=lambda item: item[1])
    kept: list[RollRow] = []
    all_codes: list[tuple[int, str]] = []
    first_seen: dict[str, RollRow] = {}
    blank = 0
    for index in range(header.row_index + 1, len(rows)):
        raw = rows[index]
        values = {f: raw[i] if i < len(raw) else "" for f, i in mapped}
        if all(cells.is_blank(v) for v in values.values()):
            blank += 1
            continue
        row = _read_row(index + 1, values, ctx, report, all_codes)
        if row is None:
            continue
        earlier = first_seen.get(row.code)
        if earlier is not None:
            _duplicate(report, row, earlier)
            continue
        first_seen[row.code] = row
        kept.append(row)
    _leading_zeros(report, all_codes)
    if ctx.target_tdp is None:
        absent = sorted(ctx.ward_tdps - {r.tdp for r in kept})
        if absent and kept:
            report.add(None, None, "tdp.absent", "Tệp không có hộ nào của tổ " + ", ".join(map(str, absent)) +
                       ": danh sách các tổ này được giữ nguyên.", Severity.WARNING)
    problems = tuple(sorted(report.problems, key=Problem.sort_key))
    return ParsedRoll(header, tuple(kept), problems, blank)


def _read_row(line: int, values: dict, ctx: ImportContext, report: _Report,
              all_codes: list[tuple[int, str]]) -> RollRow | None:
    """One row as a RollRow, or None when its code, name or TDP is missing or unreadable."""
    ok = True
    code = name = ""
    if Field.CODE in values:
        try:
            code = cells.household_code(values[Field.CODE])
            if code:
                all_codes.append((line, code))
        except CellProblem as problem:
            report.add(line, Field.CODE, problem.code, problem.message)
            ok = False
    if ok and not code:
        report.add(line, Field.CODE, "code.missing", "Thiếu mã hộ.")
        ok = False
    name = cells.text(values.get(Field.NAME))
    if not name:
        report.add(line, Field.NAME, "name.missing", "Thiếu họ tên người đại diện hộ.")
        ok = False
    texts = {f: cells.text(values[f]) for f in (Field.ADDRESS, Field.SUB_GROUP) if f in values}
    for f, value in ((Field.CODE, code), (Field.NAME, name), *texts.items()):
        if len(value) > MAX_LENGTH[f]:
            report.add(line, f, f"{f.value}.too_long", f"Quá dài: tối đa {MAX_LENGTH[f]} ký tự, ô này có {len(value)}.")
            ok = False
    tdp = _tdp(line, values, ctx, report)
    born_on, born_in = _birth(line, values, ctx, report)
    gender = _optional(line, Field.GENDER, cells.gender, values, report)
    citizen = _optional(line, Field.CITIZEN_ID, cells.citizen_id, values, report)
    if not ok or tdp is None:
        return None
    return RollRow(line, tdp, code, name, texts.get(Field.ADDRESS) or None, texts.get(Field.SUB_GROUP) or None,
                   born_on, born_in, gender, citizen)


def _optional(line: int, f: Field, read, values: dict, report: _Report):
    if cells.is_blank(values.get(f)):
        return None
    try:
        return read(values[f])
    except CellProblem as problem:
        report.add(line, f, problem.code, problem.message, problem.severity)
        return None


def _tdp(line: int, values: dict, ctx: ImportContext, report: _Report) -> int | None:
    if Field.TDP not in values:
        return ctx.target_tdp
    cell = values[Field.TDP]
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


def _birth(line: int, values: dict, ctx: ImportContext, report: _Report) -> tuple[date | None, int | None]:
    """The birth date and year, from either column (a date typed under "Năm sinh" counts as a date)."""
    found: dict[Field, date | int] = {}
    for f, read in ((Field.BIRTH_DATE, cells.birth_date), (Field.BIRTH_YEAR, cells.birth_year)):
        if cells.is_blank(values.get(f)):
            continue
        try:
            found[f] = read(values[f], ctx.today)
        except CellProblem as problem:
            report.add(line, f, problem.code, problem.message)
    dates = {f: v for f, v in found.items() if isinstance(v, date)}
    years = {f: v for f, v in found.items() if not isinstance(v, date)}
    born_on = next(iter(dates.values()), None)
    born_in = born_on.year if born_on else next(iter(years.values()), None)
    if len({v.year if isinstance(v, date) else v for v in found.values()}) > 1:
        shown = {f: format_date(v) if isinstance(v, date) else str(v) for f, v in found.items()}
        report.add(line, Field.BIRTH_YEAR, "birth.year_mismatch", f"Năm sinh {shown[Field.BIRTH_YEAR]} không khớp "
                   f"với ngày sinh {shown[Field.BIRTH_DATE]}.")
        return None, None
    if born_in is not None:
        _age(line, next(iter(found)), born_on, born_in, ctx, report)
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
