"""Find the header row of a roll file and match its columns to fields by folded Vietnamese aliases."""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from app.rules import fold, normalize_name

from .problems import MappingError
from .reader import Cell

#: Title rows allowed above the header ("DANH SÁCH HỘ GIA ĐÌNH ...", the ward's name, a blank line ...).
HEADER_SEARCH_ROWS = 15


class Field(enum.StrEnum):
    CODE = "code"
    NAME = "name"
    ADDRESS = "address"
    BIRTH_YEAR = "birth_year"
    BIRTH_DATE = "birth_date"
    GENDER = "gender"
    SUB_GROUP = "sub_group"
    TDP = "tdp"
    CITIZEN_ID = "citizen_id"


#: The Vietnamese name of each field, as problem messages say it.
FIELD_NAMES = {
    Field.CODE: "Mã hộ", Field.NAME: "Họ và tên người đại diện", Field.ADDRESS: "Địa chỉ",
    Field.BIRTH_YEAR: "Năm sinh", Field.BIRTH_DATE: "Ngày sinh", Field.GENDER: "Giới tính",
    Field.SUB_GROUP: "Liên gia", Field.TDP: "Tổ dân phố", Field.CITIZEN_ID: "Số CCCD",
}

#: Header texts per field, folded (no tones, lower case, punctuation as spaces).
ALIASES: dict[Field, tuple[str, ...]] = {
    Field.CODE: ("ma ho", "ma so ho", "so ho", "ma ho gia dinh", "ma so ho gia dinh", "ma ho khau", "so ho khau",
                 "so so ho khau", "ma"),
    Field.NAME: ("ho va ten", "ho ten", "chu ho", "ten chu ho", "ho va ten chu ho", "ho ten chu ho",
                 "nguoi dai dien", "nguoi dai dien ho", "dai dien ho", "ho ten nguoi dai dien",
                 "ho va ten nguoi dai dien", "ho va ten chu ho nguoi dai dien", "ho ten chu ho nguoi dai dien",
                 "cu tri dai dien ho", "ho va ten cu tri dai dien ho", "ho ten cu tri dai dien ho"),
    Field.ADDRESS: ("dia chi", "dia chi thuong tru", "dia chi cu tru", "noi o", "noi o hien nay",
                    "cho o hien nay", "so nha"),
    Field.BIRTH_YEAR: ("nam sinh",),
    Field.BIRTH_DATE: ("ngay sinh", "ngay thang nam sinh", "sinh ngay"),
    Field.GENDER: ("gioi tinh", "nam nu", "gioi", "phai"),
    Field.SUB_GROUP: ("lien gia", "so lien gia", "lien gia so"),
    Field.TDP: ("to dan pho", "to dan pho so", "tdp", "to", "to so", "so to", "thon to dan pho"),
    Field.CITIZEN_ID: ("so cccd", "cccd", "cmnd", "so cmnd", "cccd cmnd", "cmnd cccd", "so cccd cmnd",
                       "so cmnd cccd", "can cuoc cong dan", "so can cuoc", "so can cuoc cong dan", "so dinh danh",
                       "so dinh danh ca nhan"),
}
_EXACT = {alias: f for f, aliases in ALIASES.items() for alias in aliases}
# Only aliases of two words or more may start a longer header: "tổ" must not claim "Tổ trưởng".
_PREFIXES = sorted(((a, f) for a, f in _EXACT.items() if " " in a), key=lambda af: -len(af[0]))
_NOT_WORD = re.compile(r"[\W_]+")
_LETTERS = re.compile(r"[A-Za-z]{1,3}")


@dataclass(frozen=True)
class Column:
    index: int  #: 0-based
    letter: str  #: "A", "B", ... "AA"
    header: str  #: the header cell's text, normalised; "" when the header cell is empty

    @property
    def label(self) -> str:
        return f"{self.letter} – {self.header}" if self.header else self.letter


@dataclass(frozen=True)
class HeaderMatch:
    """Where the header is and which column holds which field.

    `row_index` is 0-based (the spreadsheet shows row_index + 1); `required` is what this import needs
    (code and name; the TDP too for a whole-ward file).
    """

    row_index: int
    columns: tuple[Column, ...]
    mapping: Mapping[Field, int]
    required: frozenset[Field] = field(default_factory=frozenset)

    @property
    def missing(self) -> list[Field]:
        return [f for f in Field if f in self.required and f not in self.mapping]

    def column(self, f: Field) -> Column:
        return self.columns[self.mapping[f]]


def letter(index: int) -> str:
    """0 → "A", 25 → "Z", 26 → "AA"."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def header_key(text: str) -> str:
    """A header as aliases are written: folded, punctuation as spaces, single-spaced."""
    return " ".join(_NOT_WORD.sub(" ", fold(text)).split())


def match_header(text: str) -> Field | None:
    """The field a header names, by exact alias first, then by the longest alias that starts it."""
    key = header_key(text)
    if not key:
        return None
    if key in _EXACT:
        return _EXACT[key]
    for alias, f in _PREFIXES:
        if key.startswith(alias + " "):
            return f
    return None


def _header_text(cell: Cell) -> str:
    return normalize_name(str(cell)) if cell not in (None, "") else ""


def _auto_mapping(row: Sequence[Cell]) -> dict[Field, int]:
    mapping: dict[Field, int] = {}
    for index, cell in enumerate(row):
        f = match_header(_header_text(cell))
        if f is not None and f not in mapping:  # the first column of a field wins
            mapping[f] = index
    return mapping


def find_header(rows: Sequence[Sequence[Cell]], *, whole_ward: bool) -> HeaderMatch:
    """Pick the header among the first rows: the one naming the most fields (the earliest on a tie).

    When no row names any field, the first widest row is taken, so the columns can be mapped by hand.
    Never raises; the caller checks `missing`.
    """
    head = rows[:HEADER_SEARCH_ROWS]
    scored = [(len(_auto_mapping(r)), -i) for i, r in enumerate(head)]
    best_score, neg_index = max(scored, default=(0, 0))
    if best_score == 0:
        filled = [sum(1 for c in r if c not in (None, "")) for r in head]
        neg_index = -filled.index(max(filled, default=0)) if filled else 0
    index = -neg_index
    width = max((len(r) for r in rows[index:index + 50]), default=0)
    header_row = list(rows[index]) if rows else []
    header_row += [""] * (width - len(header_row))
    columns = tuple(Column(i, letter(i), _header_text(c)) for i, c in enumerate(header_row))
    required = frozenset({Field.CODE, Field.NAME} | ({Field.TDP} if whole_ward else set()))
    return HeaderMatch(index, columns, _auto_mapping(header_row), required)


def parse_map_options(options: Sequence[str]) -> dict[str, str | None]:
    """`["code=B", "name=Họ tên", "gender="]` → {"code": "B", "name": "Họ tên", "gender": None}."""
    out: dict[str, str | None] = {}
    for option in options:
        name, sep, ref = option.partition("=")
        if not sep:
            raise MappingError(f"“{option}” không đúng dạng trường=cột (ví dụ code=B).", code="import.mapping_format")
        out[name.strip()] = ref.strip() or None
    return out


def apply_mapping(match: HeaderMatch, overrides: Mapping[str, str | None]) -> HeaderMatch:
    """The match with some fields pointed at other columns (by letter or header text) or unmapped (None).

    A column given to a field here is taken from any field that was only detected on it. Raises
    MappingError for an unknown field or column, or for one column given to two fields here.
    """
    chosen: dict[Field, int | None] = {}
    for name, ref in overrides.items():
        try:
            f = Field(name)
        except ValueError:
            known = ", ".join(f.value for f in Field)
            raise MappingError(f"Không có trường “{name}”. Các trường: {known}.", code="import.mapping_field",
                               params={"field": name}) from None
        chosen[f] = None if ref is None else _find_column(match.columns, ref)
    # A column chosen by hand is taken away from a field that was only guessed from its header.
    taken = {i for i in chosen.values() if i is not None}
    mapping = {f: i for f, i in match.mapping.items() if f not in chosen and i not in taken}
    mapping.update({f: i for f, i in chosen.items() if i is not None})
    used: dict[int, Field] = {}
    for f, index in mapping.items():
        if index in used:
            raise MappingError(f"Cột {letter(index)} được chọn cho cả “{FIELD_NAMES[used[index]]}” và "
                               f"“{FIELD_NAMES[f]}”.", code="import.mapping_twice", params={"column": letter(index)})
        used[index] = f
    return replace(match, mapping=mapping)


def _find_column(columns: Sequence[Column], ref: str) -> int:
    key = header_key(ref)
    for c in columns:
        if c.header and header_key(c.header) == key:
            return c.index
    if _LETTERS.fullmatch(ref.strip()):
        wanted = ref.strip().upper()
        for c in columns:
            if c.letter == wanted:
                return c.index
    raise MappingError(f"Không tìm thấy cột “{ref}” trong dòng tiêu đề.", code="import.mapping_column",
                       params={"column": ref})
