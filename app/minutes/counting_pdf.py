"""Biên bản kiểm phiếu: the counting minutes of one contest, A4, Decree 30 header, with the annex that
logs every entry; rendered only from a locked result snapshot. The words come from counting_content,
which the .docx shares."""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table

from app.core.pdf import grid_table_style
from app.minutes import counting_content as content
from app.minutes import wording
from app.minutes.counting_content import AnnexLine, CountingMinutes
from app.minutes.layout import (
    TEXT_WIDTH,
    board_signatures,
    build,
    copy_line,
    esc,
    flow,
    styles,
    verification_box,
)
from ballots.fonts import SANS, SERIF
from ballots.official import OfficialHeader

__all__ = ["AnnexLine", "CountingMinutes", "render_counting"]


def _votes(doc: CountingMinutes, st) -> list[Flowable]:
    grid = content.vote_grid(doc)
    rows = [list(grid.header)] + [[n, Paragraph(esc(name), st["cell"]), *rest] for n, name, *rest in grid.rows]
    table = Table(rows, repeatRows=1, colWidths=[w * mm for w in grid.widths_mm])
    style = grid_table_style()
    style.add("ALIGN", (0, 1), (0, -1), "CENTER")
    style.add("ALIGN", (2, 1), (-1, -1), "CENTER")
    table.setStyle(style)
    return [*[flow(p, st) for p in content.votes_intro(doc)], Spacer(1, 2 * mm), table, Spacer(1, 2 * mm),
            *[flow(p, st) for p in content.conclusion(doc)]]


def _closing(doc: CountingMinutes, st, copies: int) -> list[Flowable]:
    board = doc.snapshot.get("board") or {}
    return [Spacer(1, 2 * mm), verification_box(doc.qr_text, [flow(p, st) for p in content.codes(doc)]),
            board_signatures(board, st, keep=[flow(content.closing(doc, copies), st)])]


def _annex(doc: CountingMinutes, st, label: str | None) -> list[Flowable]:
    intro = content.annex_intro(doc, label)
    out: list[Flowable] = [PageBreak(), *copy_line(label, st), flow(intro[0], st), flow(intro[1], st),
                           Spacer(1, 3 * mm), flow(intro[2], st), Spacer(1, 2 * mm)]
    if doc.annex:
        rows = [[i, Paragraph(esc(at), st["logcell"]), Paragraph(esc(clerk), st["logcell"]), pass_no,
                 Paragraph(esc(item), st["logcell"]) if " " in item else item, Paragraph(esc(outcome), st["logcell"])]
                for i, at, clerk, pass_no, item, outcome in content.annex_rows(doc)]
        table = Table([list(content.ANNEX_HEADER)] + rows, repeatRows=1,
                      colWidths=[10 * mm, 32 * mm, 27 * mm, 10 * mm, 33 * mm, TEXT_WIDTH - 112 * mm])
        style = grid_table_style()
        style.add("FONT", (0, 1), (-1, -1), SERIF, 10)
        style.add("FONT", (4, 1), (4, -1), SANS, 8.5)
        style.add("ALIGN", (0, 1), (0, -1), "CENTER")
        style.add("ALIGN", (3, 1), (3, -1), "CENTER")
        table.setStyle(style)
        out.append(table)
    ruled = content.rulings(doc)
    if ruled:
        out.append(Spacer(1, 3 * mm))
    return out + [flow(p, st) for p in ruled]


def render_counting(doc: CountingMinutes, copies: int = 3) -> bytes:
    """PDF bytes: the minutes `copies` times, each "Bản số k/n" with its annex and its own page numbers."""
    st = styles()
    s = doc.snapshot
    day = date.fromisoformat(s["vote_date"])

    def story(label: str | None) -> list[Flowable]:
        return [*copy_line(label, st), OfficialHeader(doc.issuer_lines, (doc.place, day), size=12),
                Spacer(1, 7 * mm), Paragraph(content.title(doc), st["title"]),
                Paragraph(esc(content.subtitle(doc)), st["sub"]), Spacer(1, 5 * mm),
                *[flow(p, st) for p in content.opening(doc)], *[flow(p, st) for p in content.figures(doc)],
                *_votes(doc, st), *_closing(doc, st, copies), *_annex(doc, st, label)]

    return build(story, copies, title=f"Biên bản kiểm phiếu – {doc.tdp_name}", author=doc.issuer_lines[0],
                 footer_text=f"Biên bản kiểm phiếu bầu {wording.office(s)} – {doc.tdp_name} · "
                             f"Mã kết quả {doc.result_code}")
