"""QR encoding: both encoders make codes zbar reads, drawn as exactly the dark modules."""

import io
import re

import pytest
from reportlab.lib.pagesizes import A6
from reportlab.pdfgen.canvas import Canvas

from ballots import payload, qr

from .builders import KEY, make_fields, scan_codes


def sample_payload(**ids) -> str:
    return payload.encode(make_fields(payload.new_serials(1)[0], **ids), KEY)


def code_pdf(encoder, texts) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A6)
    for text in texts:
        qr.draw(canvas, encoder(text), 40, 100, 30 * 72 / 25.4)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


@pytest.mark.parametrize("encoder", [qr.encode_zint, qr.encode_segno], ids=["zint", "segno"])
def test_both_encoders_make_codes_that_zbar_reads_back(encoder):
    texts = [sample_payload(test=i % 2 == 0, contest_id=i) for i in range(4)]

    assert scan_codes(code_pdf(encoder, texts), dpi=150) == [[text] for text in texts]


def test_zint_is_the_encoder_in_use():
    assert qr.zint is not None


def test_a_payload_fits_version_3_at_level_m_and_the_largest_version_4():
    typical = sample_payload(tdp_id=99_999, contest_id=999_999)
    largest = sample_payload(tdp_id=999_999_999, contest_id=999_999_999)

    assert qr.encode(typical).size == 29  # version 3
    assert qr.encode(largest).size == 33  # version 4


def test_the_path_fills_exactly_the_dark_modules():
    matrix = qr.encode(sample_payload())
    filled = set()
    for x, y, width, height in re.findall(r"(\d+) (\d+) (\d+) (\d+) re", qr.path_operators(matrix)):
        assert height == "1"
        for column in range(int(x), int(x) + int(width)):
            assert (column, int(y)) not in filled, "rectangles overlap"
            filled.add((column, int(y)))

    dark = {(x, y) for y in range(matrix.size) for x in range(matrix.size) if matrix.is_dark(x, y)}
    assert filled == dark
    assert qr.path_operators(matrix).endswith("f")


def test_zint_and_segno_agree_on_the_fixed_patterns():
    text = sample_payload()
    zint_matrix, segno_matrix = qr.encode_zint(text), qr.encode_segno(text)
    finder = [(x, y) for y in range(7) for x in range(7)]

    assert zint_matrix.size == segno_matrix.size
    assert all(zint_matrix.is_dark(x, y) == segno_matrix.is_dark(x, y) for x, y in finder)
