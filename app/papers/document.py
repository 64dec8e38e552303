"""A paper as neutral data: header, titles, paragraphs, tables, signature blocks. Built once by each
paper's content function and rendered twice, as PDF (reportlab) and as .docx (python-docx), so the two
carry the same words and figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Style(StrEnum):
    TITLE = "title"  #: bold, centred, 14 pt
    SUBJECT = "subject"  #: bold, centred
    CENTER = "center"  #: plain, centred ("Kính gửi: …")
    CENTER_ITALIC = "center_italic"
    HEADING = "heading"  #: bold, left ("I. SỐ CỬ TRI VÀ SỐ PHIẾU")
    BASIS = "basis"  #: italic, justified, first line indented ("Căn cứ …")
    BODY = "body"  #: justified, first line indented
    ITEM = "item"  #: indented
    SUBITEM = "subitem"  #: indented further
    SMALL = "small"  #: a note under a table
    CODE = "code"  #: a fingerprint or QR text
    COPY = "copy"  #: "Bản số 1/3", right-aligned


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


def B(text: object) -> Run:  # noqa: N802 - reads like markup
    return Run(str(text), bold=True)


@dataclass(frozen=True)
class Para:
    runs: tuple[Run, ...]
    style: Style = Style.BODY

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


def para(style: Style, *parts: str | Run) -> Para:
    """A paragraph from plain strings and bold runs: para(Style.ITEM, "Số phiếu hợp lệ: ", B(308), ".")."""
    return Para(tuple(p if isinstance(p, Run) else Run(str(p)) for p in parts), style)


@dataclass(frozen=True)
class Header:
    """Decree 30/2020 header: the issuer top left (with the number under it), the motto top right, then the
    italic place-and-date line. `day` None leaves the date blank for the signer; `number` None prints none."""

    issuer_lines: tuple[str, ...]
    number: str | None
    place: str
    day: date | None


@dataclass(frozen=True)
class Grid:
    """A ruled table; the first row is the header. Cells are text; "\n" breaks a line in a cell."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths_mm: tuple[float, ...]
    bold_last_row: bool = False
    centred_columns: tuple[int, ...] = ()


@dataclass(frozen=True)
class SignatureBlock:
    lines: tuple[str, ...]  #: "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH" (bold)
    name: str = ""  #: empty: a dotted line for the pen
    note: str | None = None  #: "(Ký, ghi rõ họ tên)"; None for an official's signature ("(Ký, đóng dấu)" is implied)


@dataclass(frozen=True)
class Closing:
    """The foot of an official paper: "Nơi nhận:" on the left, the signature block on the right."""

    recipients: tuple[str, ...]
    signer: SignatureBlock


@dataclass(frozen=True)
class Signatures:
    """Signature blocks `columns` to a row: two by two (minutes), three for a budget (Người lập biểu, Kế toán,
    Chủ tịch)."""

    blocks: tuple[SignatureBlock, ...]
    columns: int = 2


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Header | Para | Grid | Closing | Signatures | PageBreak


@dataclass(frozen=True)
class Paper:
    title: str  #: the file's title metadata
    author: str
    blocks: tuple[Block, ...]
    footer: str = ""
    landscape: bool = False
    margins_mm: tuple[float, float, float, float] = (20, 15, 20, 20)  #: top, right, bottom, left
    draft: bool = False  #: "DỰ THẢO" across every page: what it reports is not final yet

    def text(self) -> str:
        """Every word of the paper, for tests and previews."""
        out: list[str] = []
        for block in self.blocks:
            if isinstance(block, Para):
                out.append(block.text)
            elif isinstance(block, Header):
                out += [*block.issuer_lines, block.number or "", block.place]
            elif isinstance(block, Grid):
                out += [" ".join(row) for row in (block.header, *block.rows)]
            elif isinstance(block, Closing):
                out += [*block.recipients, *block.signer.lines, block.signer.name]
            elif isinstance(block, Signatures):
                out += [line for b in block.blocks for line in (*b.lines, b.name)]
        return "\n".join(out)
