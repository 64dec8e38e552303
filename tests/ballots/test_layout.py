"""Line breaking for the ballot's title and instruction."""

from reportlab.pdfbase.pdfmetrics import stringWidth

from ballots.fonts import SERIF_BOLD, register_fonts
from ballots.layout import balanced_lines, wrapped_lines

TITLE = "PHIẾU BẦU TỔ TRƯỞNG TỔ DÂN PHỐ SỐ 5"


def width(text: str) -> float:
    return stringWidth(text, SERIF_BOLD, 15)


def test_a_title_breaks_into_even_lines_not_a_long_line_and_an_orphan():
    register_fonts()
    greedy = wrapped_lines(TITLE, SERIF_BOLD, 15, width(TITLE) * 0.7)

    balanced = balanced_lines(TITLE, SERIF_BOLD, 15, width(TITLE) * 0.7)

    assert len(balanced) == len(greedy) == 2
    assert balanced == ["PHIẾU BẦU TỔ TRƯỞNG", "TỔ DÂN PHỐ SỐ 5"]
    assert " ".join(balanced) == TITLE


def test_text_that_fits_stays_on_one_line_and_every_line_fits():
    register_fonts()

    assert balanced_lines(TITLE, SERIF_BOLD, 15, width(TITLE) + 1) == [TITLE]
    for line in wrapped_lines(TITLE * 3, SERIF_BOLD, 15, 120):
        assert width(line) <= 120 or " " not in line
