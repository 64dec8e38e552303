"""Biên bản số 0: before the first ballot is entered, the witnesses see and sign that every count is zero,
with the roll fingerprint, the ballots printed and handed out, and who counts. The words come from
zero_content, which the .docx shares."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from app.minutes import zero_content as content
from app.minutes.layout import build, esc, flow, grid_flowable, signatures, styles, verification_box
from app.minutes.zero_content import ZeroReport
from ballots.official import OfficialHeader

__all__ = ["ZeroReport", "render_zero_report"]


def render_zero_report(doc: ZeroReport) -> bytes:
    """PDF bytes, one copy; a copy printed after signing says when it was signed."""
    st = styles()

    def story(_label) -> list[Flowable]:
        roll = content.roll(doc)
        return [OfficialHeader(doc.issuer_lines, (doc.place, doc.day), size=12), Spacer(1, 7 * mm),
                Paragraph(content.title(), st["title"]), Paragraph(esc(content.subject(doc)), st["sub"]),
                Paragraph(esc(content.subtitle(doc)), st["subi"]), Spacer(1, 5 * mm),
                *[flow(p, st) for p in content.opening(doc)], *[flow(p, st) for p in content.voters(doc)],
                flow(roll[0], st), verification_box(None, [flow(roll[1], st), flow(roll[2], st)]),
                *[flow(p, st) for p in content.ballots(doc)],
                signatures([(b.lines[0], b.name or None) for b in content.signature_blocks(doc)], st,
                           keep=[flow(content.zeros_heading(), st), grid_flowable(content.zeros_grid(doc), st, (0,)),
                                 Spacer(1, 2 * mm), flow(content.verdict(doc), st)])]

    return build(story, 1, title=f"Biên bản kiểm tra hòm phiếu – {doc.tdp_name}", author=doc.issuer_lines[0],
                 footer_text=content.footer(doc))
