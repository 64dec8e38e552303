"""Decree 30/2020 header blocks, on a canvas and as a platypus flowable."""

import io
from datetime import date

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from ballots import official
from ballots.fonts import register_fonts

from .builders import font_rows, one_line, page_texts


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2017, 10, 15), "Ngọc Thụy, ngày 15 tháng 10 năm 2017"),
        (date(2017, 2, 5), "Ngọc Thụy, ngày 05 tháng 02 năm 2017"),
        (date(2017, 3, 9), "Ngọc Thụy, ngày 09 tháng 3 năm 2017"),
    ],
)
def test_the_date_line_pads_days_below_10_and_months_1_and_2(day, expected):
    assert official.place_and_date("Ngọc Thụy", day) == expected


def test_the_header_flowable_prints_issuer_motto_and_date_on_an_a4_document():
    register_fonts()
    out = io.BytesIO()
    document = SimpleDocTemplate(out, pagesize=A4)
    body = ParagraphStyle("body", fontName="Serif", fontSize=13, leading=16)
    document.build(
        [
            official.OfficialHeader(
                ["UBND Phường Ngọc Thụy", "Tổ bầu cử TDP số 5"], ("Ngọc Thụy", date(2017, 10, 15))
            ),
            Paragraph("<b>BIÊN BẢN</b> <i>kiểm phiếu</i> bầu tổ trưởng", body),
        ]
    )
    pdf = out.getvalue()

    text = one_line(page_texts(pdf)[0])
    assert "UBND PHƯỜNG NGỌC THỤY" in text and "TỔ BẦU CỬ TDP SỐ 5" in text
    assert official.COUNTRY in text and official.MOTTO in text
    assert "Ngọc Thụy, ngày 15 tháng 10 năm 2017" in text
    assert "BIÊN BẢN kiểm phiếu bầu tổ trưởng" in text
    embedded = {row[0].split("+")[-1] for row in font_rows(pdf) if row[-5] == "yes"}
    assert embedded >= {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic"}


def test_registering_the_fonts_twice_is_harmless():
    register_fonts()
    register_fonts()
