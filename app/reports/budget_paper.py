"""Dự toán kinh phí as a paper the ward signs: A4, Decree 30/2020 header (issuer, national motto, place and
date), the cost lines and the cost per TDP, and "Người lập biểu / Kế toán / Chủ tịch" (D15)."""

from __future__ import annotations

from datetime import date

from app.core.templating import vn_number
from app.elections.models import Election
from app.papers.document import Grid, Header, Paper, SignatureBlock, Signatures, Style, para
from app.papers.pdf_render import ward_place
from app.papers.registry import PaperKind
from app.papers.settings import PaperSettings
from app.reports.budget import Estimate

LINES_HEADER = ("STT", "Nội dung chi", "Đơn vị\ntính", "Số lượng", "Đơn giá\n(đồng)", "Thành tiền\n(đồng)")
LINES_WIDTHS = (12, 73, 18, 20, 24, 28)
TDPS_HEADER = ("STT", "Tổ dân phố", "Số phiếu", "Số hội nghị", "Thành tiền\n(đồng)")
TDPS_WIDTHS = (12, 75, 28, 28, 32)


def budget_paper(estimate: Estimate, election: Election, papers: PaperSettings, today: date) -> Paper:
    """The estimate as a Paper; the chairman's block is the ward's signer of its reports."""
    lines = tuple((str(i), line.label + (f" ({line.note})" if line.note else ""), line.unit,
                   vn_number(line.quantity), vn_number(line.unit_cost), vn_number(line.amount))
                  for i, line in enumerate(estimate.lines, 1))
    lines += (("", "Tổng cộng", "", "", "", vn_number(estimate.total)),)
    tdps = tuple((str(i), t.name, vn_number(t.ballots) + ("*" if t.planned else ""), str(t.meetings),
                  vn_number(t.amount)) for i, t in enumerate(estimate.tdps, 1))
    chairman = papers.signers[PaperKind.WARD_REPORT]
    return Paper(
        title=f"Dự toán kinh phí bầu cử – {papers.ward_name}", author=papers.authority_full,
        footer=f"Dự toán kinh phí bầu cử nhiệm kỳ {election.term_label} – {papers.ward_name}",
        blocks=(
            Header(papers.issuer_lines, None, ward_place(papers.ward_name), today),
            para(Style.TITLE, "DỰ TOÁN KINH PHÍ"),
            para(Style.SUBJECT, f"Tổ chức bầu cử tổ trưởng, tổ phó tổ dân phố nhiệm kỳ {election.term_label}"),
            para(Style.HEADING, "I. CÁC KHOẢN CHI"),
            Grid(LINES_HEADER, lines, LINES_WIDTHS, bold_last_row=True, centred_columns=(0, 2)),
            para(Style.BODY, f"Tổng số tiền: {vn_number(estimate.total)} đồng."),
            para(Style.BODY, "Bằng chữ: " + "." * 120),
            para(Style.HEADING, "II. CHI TIẾT THEO TỪNG TỔ DÂN PHỐ"),
            Grid(TDPS_HEADER, tdps, TDPS_WIDTHS, centred_columns=(0, 3)),
            para(Style.SMALL, "* Tổ chưa in phiếu: số phiếu dự kiến bằng số hộ cộng 10% dự phòng cho mỗi cuộc bầu."),
            Signatures((SignatureBlock(("NGƯỜI LẬP BIỂU",), note="(Ký, ghi rõ họ tên)"),
                        SignatureBlock(("KẾ TOÁN",), note="(Ký, ghi rõ họ tên)"),
                        SignatureBlock(tuple(x for x in (chairman.capacity, chairman.title) if x), chairman.name)),
                       columns=3),
        ))
