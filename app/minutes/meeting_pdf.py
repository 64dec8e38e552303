"""Biên bản hội nghị: the meeting of one round (attendance and quorum, the voting method, the opinions on
the candidate list, the results of the contests from their locked snapshots), A4, Decree 30 header. The
words come from meeting_content, which the .docx shares."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from app.minutes import meeting_content as content
from app.minutes.layout import build, copy_line, esc, flow, grid_flowable, signatures, styles, verification_box
from app.minutes.meeting_content import ContestPart, MeetingMinutes, Opinion
from app.papers.document import Grid
from ballots.official import OfficialHeader

__all__ = ["ContestPart", "MeetingMinutes", "Opinion", "render_meeting"]


def _blocks(blocks, st, wrapped) -> list[Flowable]:
    out: list[Flowable] = []
    for block in blocks:
        if isinstance(block, Grid):
            out += [Spacer(1, 1 * mm), grid_flowable(block, st, wrapped), Spacer(1, 2 * mm)]
        else:
            out.append(flow(block, st))
    return out


def render_meeting(doc: MeetingMinutes, copies: int = 3) -> bytes:
    """PDF bytes: the meeting minutes `copies` times, each "Bản số k/n" when more than one."""
    st = styles()

    def story(label: str | None) -> list[Flowable]:
        return [*copy_line(label, st), OfficialHeader(doc.issuer_lines, (doc.place, doc.day), size=12),
                Spacer(1, 7 * mm), Paragraph(content.title(), st["title"]),
                Paragraph(esc(content.subtitle(doc)), st["sub"]), Spacer(1, 5 * mm),
                *_blocks(content.opening(doc), st, ()), *_blocks(content.attendance(doc), st, ()),
                *_blocks(content.method(doc), st, ()), *_blocks(content.opinions(doc), st, (1, 4, 5)),
                *_blocks(content.results(doc), st, (1,)), Spacer(1, 2 * mm),
                verification_box(doc.qr_text, [flow(p, st) for p in content.codes(doc)]),
                signatures([(b.lines[0], b.name or None) for b in content.signature_blocks(doc)], st,
                           keep=[flow(content.closing(doc, copies), st)])]

    return build(story, copies, title=f"Biên bản hội nghị – {doc.tdp_name}", author=doc.issuer_lines[0],
                 footer_text=content.footer(doc), draft=doc.draft)
