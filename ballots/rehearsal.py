"""Bầu thử: how to mark each test ballot of a contest, and the count that must come out."""

from __future__ import annotations

import enum
import io
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .fonts import SANS_BOLD, SERIF, SERIF_BOLD, SERIF_ITALIC, register_fonts
from .official import OfficialHeader
from .payload import short_serial
from .spec import BallotPage, BallotSpec


class MarkKind(enum.Enum):
    """What the rehearsal team does to one test ballot. Voters strike out the names they reject."""

    KEEP_ONE = "KEEP_ONE"  #: keep one name, strike every other
    OVER_MARKED = "OVER_MARKED"  #: keep one name more than there are seats
    UNTOUCHED = "UNTOUCHED"  #: strike nothing, so every name is kept
    ALL_STRUCK = "ALL_STRUCK"  #: strike every name


class Outcome(enum.Enum):
    """How the count must classify a marked ballot."""

    VALID = "VALID"
    TOO_MANY_KEPT = "TOO_MANY_KEPT"  #: invalid: more names kept than seats
    ALL_STRUCK = "ALL_STRUCK"  #: invalid: every name struck out
    AGAINST = "AGAINST"  #: valid, against the only candidate, where that is the setting


@dataclass(frozen=True)
class MarkInstruction:
    """One test ballot's marking: the names left standing, by id and by line, and the outcome."""

    kind: MarkKind
    kept: tuple[int, ...]  #: candidate ids left unstruck, in ballot order
    kept_lines: tuple[int, ...]  #: their line numbers as printed, from 1
    outcome: Outcome


@dataclass(frozen=True)
class ExpectedTally:
    """The count the rehearsal must produce; compare the app's tally with it field by field."""

    ballots: int
    valid: int
    invalid: int
    too_many_kept: int
    all_struck: int
    against: int
    votes: tuple[tuple[int, int], ...]  #: (candidate id, votes), in ballot order


def plan_rehearsal(
    candidate_ids: Sequence[int], seats: int, *, single_struck_is_against: bool = False
) -> list[MarkInstruction]:
    """The test ballots of one contest: one per candidate keeping only them, then the edge cases.

    After one KEEP_ONE ballot per candidate (ids in ballot order) come an
    over-marked ballot (when there are more candidates than seats), an
    untouched ballot, and one with every name struck. An untouched ballot
    keeps every name, so it is invalid exactly when candidates outnumber
    seats; the instructions say "strike nothing" rather than "blank" so
    nobody has to guess. With a single candidate, a struck name counts
    against them when ``single_struck_is_against`` (a ward setting), else it
    makes the ballot invalid.
    """
    ids = tuple(candidate_ids)
    if not ids or len(set(ids)) != len(ids):
        raise ValueError("candidate ids must be distinct and not empty")
    if seats < 1:
        raise ValueError("a contest has at least one seat")

    def keep(kind: MarkKind, lines: Sequence[int]) -> MarkInstruction:
        kept = tuple(ids[line - 1] for line in lines)
        if not kept and len(ids) == 1 and single_struck_is_against:
            outcome = Outcome.AGAINST
        elif not kept:
            outcome = Outcome.ALL_STRUCK
        elif len(kept) > seats:
            outcome = Outcome.TOO_MANY_KEPT
        else:
            outcome = Outcome.VALID
        return MarkInstruction(kind, kept, tuple(lines), outcome)

    every_line = range(1, len(ids) + 1)
    plan = [keep(MarkKind.KEEP_ONE, [line]) for line in every_line]
    if len(ids) > seats:
        plan.append(keep(MarkKind.OVER_MARKED, every_line[: seats + 1]))
    plan.append(keep(MarkKind.UNTOUCHED, every_line))
    plan.append(keep(MarkKind.ALL_STRUCK, []))
    return plan


def expected_tally(candidate_ids: Sequence[int], plan: Sequence[MarkInstruction]) -> ExpectedTally:
    """What counting the ballots marked by ``plan`` must give."""
    votes = dict.fromkeys(candidate_ids, 0)
    for mark in plan:
        if mark.outcome is Outcome.VALID:
            for candidate in mark.kept:
                votes[candidate] += 1
    outcomes = [mark.outcome for mark in plan]
    return ExpectedTally(
        ballots=len(plan),
        valid=outcomes.count(Outcome.VALID) + outcomes.count(Outcome.AGAINST),
        invalid=outcomes.count(Outcome.TOO_MANY_KEPT) + outcomes.count(Outcome.ALL_STRUCK),
        too_many_kept=outcomes.count(Outcome.TOO_MANY_KEPT),
        all_struck=outcomes.count(Outcome.ALL_STRUCK),
        against=outcomes.count(Outcome.AGAINST),
        votes=tuple(votes.items()),
    )


def render_rehearsal_sheet(
    spec: BallotSpec, pages: Sequence[BallotPage], expected: Sequence[MarkInstruction]
) -> bytes:
    """An A4 sheet telling the team how to mark each test ballot, found by its short serial.

    ``pages`` are the test ballots printed for ``spec`` (a test spec), one per
    instruction of ``expected``, in the same order. The sheet ends with the
    result the count must give.
    """
    if not spec.test:
        raise ValueError("a rehearsal uses test ballots: render them from a spec with test=True")
    if len(pages) != len(expected):
        raise ValueError(f"one test ballot per instruction: {len(pages)} for {len(expected)}")
    register_fonts()
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=20 * mm, rightMargin=15 * mm, topMargin=15 * mm,
        bottomMargin=15 * mm, title=f"Hướng dẫn bầu thử – {spec.title}",
    )
    names = [f"{line}. {c.display_name}" for line, c in enumerate(spec.candidates, start=1)]
    line_of = {cid: line for mark in expected for cid, line in zip(mark.kept, mark.kept_lines)}
    tally = expected_tally(sorted(line_of, key=line_of.__getitem__), expected)
    document.build(
        [
            OfficialHeader(spec.issuer_lines),
            Spacer(0, 6 * mm),
            Paragraph("HƯỚNG DẪN BẦU THỬ", _TITLE),
            Paragraph(escape(f"{spec.title} – {spec.tdp_label}, {spec.ward_name}"), _CENTRED),
            Paragraph(escape(spec.round_label), _CENTRED_ITALIC),
            Spacer(0, 4 * mm),
            Paragraph(_INTRO.format(count=len(pages)), _BODY),
            Spacer(0, 3 * mm),
            _marks_table(spec, pages, expected, names),
            Spacer(0, 5 * mm),
            Paragraph("<b>Kết quả kiểm phiếu phải đúng như sau</b>", _BODY),
            Spacer(0, 2 * mm),
            _tally_table(tally, [names[line_of[cid] - 1] for cid, _ in tally.votes], spec.seats),
        ],
        canvasmaker=_EmbeddedCanvas,
    )
    return out.getvalue()


class _EmbeddedCanvas(Canvas):
    """A canvas whose initial font is the embedded serif: reportlab's default, Helvetica, is one of the
    14 standard fonts it never embeds, and `pdffonts` listed it on this sheet (D38)."""

    def __init__(self, *args, **kwargs):
        kwargs["initialFontName"] = kwargs.get("initialFontName") or SERIF  # the template passes None
        super().__init__(*args, **kwargs)


_INTRO = (
    "Dùng {count} phiếu bầu thử (có dải chữ <b>BẢN THỬ – KHÔNG CÓ GIÁ TRỊ</b>). Tìm từng phiếu "
    "theo <b>mã phiếu</b> in cạnh mã QR (mở mép gấp ở cuối phiếu), đánh dấu đúng như hướng dẫn dưới đây (gạch ngang "
    "họ tên người không chọn), bỏ vào hòm phiếu rồi kiểm phiếu như bầu thật. Kết quả kiểm "
    "phiếu phải khớp với bảng cuối trang; nếu không khớp, báo ngay cho Ban chỉ đạo."
)
_BODY = ParagraphStyle("body", fontName=SERIF, fontSize=12, leading=15)
_CELL = ParagraphStyle("cell", parent=_BODY, fontSize=11, leading=13.5)
_TITLE = ParagraphStyle("title", parent=_BODY, fontName=SERIF_BOLD, fontSize=15, leading=20,
                        alignment=TA_CENTER)
_CENTRED = ParagraphStyle("centred", parent=_BODY, fontName=SERIF_BOLD, alignment=TA_CENTER)
_CENTRED_ITALIC = ParagraphStyle("centred-italic", parent=_BODY, fontName=SERIF_ITALIC,
                                 alignment=TA_CENTER)
_GRID = [
    ("FONT", (0, 0), (-1, -1), SERIF, 11),  # a cell's font is Helvetica unless the table names one (D38)
    ("FONT", (0, 0), (-1, 0), SERIF_BOLD, 11),
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
]
_HOW = {
    MarkKind.KEEP_ONE: "Chỉ giữ lại <b>{kept}</b>; gạch ngang tất cả các tên còn lại.",
    MarkKind.OVER_MARKED: "Giữ lại <b>{kept}</b>; gạch ngang các tên còn lại (nếu có).",
    MarkKind.UNTOUCHED: "<b>Không gạch tên nào</b>: để nguyên phiếu, giữ lại cả {count} tên.",
    MarkKind.ALL_STRUCK: "<b>Gạch ngang tất cả</b> các tên trên phiếu.",
}


def _outcome_text(mark: MarkInstruction, names: list[str], seats: int) -> str:
    if mark.outcome is Outcome.VALID:
        kept = ", ".join(names[line - 1] for line in mark.kept_lines)
        return f"Hợp lệ; 1 phiếu cho {escape(kept)}"
    return {
        Outcome.TOO_MANY_KEPT: f"Không hợp lệ: giữ lại quá {seats} người",
        Outcome.ALL_STRUCK: "Không hợp lệ: gạch hết tất cả các tên",
        Outcome.AGAINST: "Hợp lệ; không đồng ý với người ứng cử",
    }[mark.outcome]


def _marks_table(spec, pages, expected, names) -> Table:
    rows = [["STT", "Mã phiếu", "Cách đánh dấu", "Phiếu phải được tính là"]]
    for number, (page, mark) in enumerate(zip(pages, expected), start=1):
        kept = ", ".join(names[line - 1] for line in mark.kept_lines)
        how = _HOW[mark.kind].format(kept=escape(kept), count=len(names))
        rows.append([
            str(number),
            short_serial(page.serial),
            Paragraph(how, _CELL),
            Paragraph(_outcome_text(mark, names, spec.seats), _CELL),
        ])
    table = Table(rows, colWidths=[11 * mm, 38 * mm, 68 * mm, 58 * mm], repeatRows=1)
    body = [("FONT", (0, 1), (0, -1), SERIF, 11), ("FONT", (1, 1), (1, -1), SANS_BOLD, 10)]
    table.setStyle(TableStyle(_GRID + body))
    return table


def _tally_table(tally: ExpectedTally, names: list[str], seats: int) -> Table:
    """The expected count; ``names`` are those of ``tally.votes``, in the same order."""
    rows = [
        ["", "Số phiếu"],
        ["Phiếu bầu thử bỏ vào hòm", tally.ballots],
        ["Phiếu hợp lệ", tally.valid],
        ["Phiếu không hợp lệ", tally.invalid],
        [f"    trong đó: giữ lại quá {seats} người", tally.too_many_kept],
        ["    trong đó: gạch hết tất cả các tên", tally.all_struck],
    ]
    if tally.against:
        rows.append(["Phiếu không đồng ý", tally.against])
    rows += [[f"Số phiếu bầu cho {name}", votes] for name, (_, votes) in zip(names, tally.votes)]
    table = Table([[a, str(b)] for a, b in rows], colWidths=[130 * mm, 45 * mm])
    table.setStyle(TableStyle(_GRID + [("FONT", (0, 1), (-1, -1), SERIF, 11),
                                       ("ALIGN", (1, 0), (1, -1), "CENTER")]))
    return table
