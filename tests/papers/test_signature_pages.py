"""No page holds only signatures (D15): a Paper of any length keeps its closing lines with the signer."""

from __future__ import annotations

import pytest

from app.papers.document import Closing, Grid, Header, Paper, SignatureBlock, Signatures, Style, para
from app.papers.pdf_render import render_pdf
from tests.papers.test_every_paper import orphan_signature_page
from tests.pdftools import pdf_text

SIGNER = SignatureBlock(("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), "Nguyễn Văn Ký")


def _report(rows: int, *, landscape: bool = True) -> Paper:
    """A report like the ward's: a header, a table of `rows` TDPs with a totals row, a note, the closing."""
    grid = Grid(("Tổ", "Số hộ", "Tổ trưởng trúng cử"),
                tuple((str(i), "235", f"Nguyễn Văn Tổ{i}") for i in range(1, rows + 1)) + (("Cộng", "9.000", ""),),
                (20, 30, 80), bold_last_row=True)
    return Paper("Báo cáo", "UBND", (Header(("UBND PHƯỜNG THỬ",), "…/BC-UBND", "Thử", None),
                                     para(Style.TITLE, "BÁO CÁO"), para(Style.BODY, "Tóm tắt kết quả."), grid,
                                     para(Style.SMALL, "* Tỷ lệ trên tổng số cử tri."),
                                     Closing(("Như trên;", "Lưu: VT."), SIGNER)), landscape=landscape)


@pytest.mark.parametrize("landscape", [True, False])
def test_a_report_of_any_length_keeps_table_rows_and_the_note_on_the_signature_page(landscape):
    pages_seen = set()
    for rows in range(1, 61):
        pdf = render_pdf(_report(rows, landscape=landscape))
        assert orphan_signature_page(pdf) is None, rows
        text = pdf_text(pdf)
        pages_seen.add(text.count("\f"))
        assert f"Nguyễn Văn Tổ{rows}" in text and text.count("Nguyễn Văn Tổ") == rows  # every row printed once
    assert len(pages_seen) >= 3  # the sweep crossed page ends


def test_minutes_style_signatures_keep_the_last_paragraphs():
    for lines in range(20, 70, 3):
        paper = Paper("Biên bản", "Tổ", (*[para(Style.BODY, f"Dòng nội dung số {i}.") for i in range(lines)],
                                         Signatures((SIGNER, SIGNER, SIGNER, SIGNER))))
        assert orphan_signature_page(render_pdf(paper)) is None, lines
