"""Two A5 ballots on an A4 sheet with cut marks: every ballot once, its code readable, the fold layout kept."""

import re

import pytest

from ballots import layout
from ballots.render import CUT_X, RIGHT_X, SHEET, render, render_sets

from .builders import make_pages, make_spec, page_count, page_texts, run, scan_codes


def test_two_ballots_go_on_each_a4_landscape_sheet_and_an_odd_one_gets_a_sheet_of_its_own():
    pages = make_pages(7)
    pdf = render_sets([(make_spec(), pages)], two_up=True)
    assert page_count(pdf) == 4
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", run("pdfinfo", "-", stdin=pdf), re.M)
    assert (round(float(size[1])), round(float(size[2]))) == (842, 595)  # A4 landscape


def test_every_code_on_a_two_up_sheet_reads_back_as_its_ballots_payload_in_page_order():
    pages = make_pages(6)
    pdf = render_sets([(make_spec(), pages)], two_up=True)
    found = [sorted(codes) for codes in scan_codes(pdf, 150)]
    assert found == [sorted(p.payload for p in pages[i:i + 2]) for i in range(0, 6, 2)]


def test_each_half_holds_one_whole_ballot_with_its_fold_marks():
    pdf = render_sets([(make_spec(), make_pages(2))], two_up=True)
    single = page_texts(render(make_spec(), make_pages(1)))[0]
    text = page_texts(pdf)[0]
    assert text.count("PHIẾU BẦU") == 2
    assert text.count(layout.FOLD_LABEL) == 2 * single.count(layout.FOLD_LABEL) > 0


def test_the_right_ballot_sits_flush_right_and_the_cut_line_falls_between_the_two():
    assert RIGHT_X >= layout.PAGE_WIDTH  # the two ballots never overlap
    assert layout.PAGE_WIDTH <= CUT_X <= RIGHT_X
    assert RIGHT_X + layout.PAGE_WIDTH == pytest.approx(SHEET[0])


def test_a_contest_starts_on_a_sheet_of_its_own():
    first, second = make_pages(3), make_pages(2, contest_id=13)
    spec_b = make_spec(title="PHIẾU BẦU TỔ PHÓ TỔ DÂN PHỐ SỐ 5")
    pdf = render_sets([(make_spec(), first), (spec_b, second)], two_up=True)
    texts = page_texts(pdf)
    assert len(texts) == 3 and "TỔ PHÓ" not in texts[1] and "TỔ PHÓ" in texts[2]


def test_nothing_to_print_is_refused():
    with pytest.raises(ValueError):
        render_sets([])
    with pytest.raises(ValueError):
        render_sets([(make_spec(), [])])
