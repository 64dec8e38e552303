"""Ballot PDFs: pages, exact Vietnamese text, embedded fonts, and a readable code on every page."""

import pytest

from ballots import payload, qr
from ballots.layout import TEST_BAND_TEXT
from ballots.render import render, render_many
from ballots.spec import Candidate

from .builders import (
    KEY,
    font_rows,
    make_pages,
    make_spec,
    one_line,
    page_count,
    page_texts,
    scan_codes,
)


@pytest.fixture(scope="module")
def live():
    pages = make_pages(24)
    return pages, render(make_spec(), pages)


def test_there_is_one_page_per_ballot(live):
    pages, pdf = live

    assert page_count(pdf) == len(pages)
    assert len(page_texts(pdf)) == len(pages)


def test_every_page_gives_back_the_exact_vietnamese_text(live):
    pages, pdf = live
    spec = make_spec()
    for text, page in zip(page_texts(pdf), pages):
        lines = [line.strip() for line in text.splitlines()]
        flat = one_line(text)
        assert spec.title in flat
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat
        assert "Độc lập - Tự do - Hạnh phúc" in flat
        assert "UBND PHƯỜNG NGỌC THỤY" in flat and "TỔ BẦU CỬ TDP SỐ 5" in flat
        assert "Tổ dân phố số 5 – Phường Ngọc Thụy" in flat
        assert spec.round_label in flat
        assert "1. Ông Nguyễn Văn An" in lines
        assert "2. Bà Trần Thị Ngọc Bích" in lines
        assert "Dấu của Tổ bầu cử" in flat
        assert "nhiều nhất 1 người" in flat
        assert payload.short_serial(page.serial) in lines
        assert TEST_BAND_TEXT not in flat


def test_every_code_reads_back_as_its_pages_payload_at_150_dpi(live):
    pages, pdf = live

    scanned = scan_codes(pdf, dpi=150)

    assert scanned == [[page.payload] for page in pages]
    for (text,), page in zip(scanned, pages):
        decoded = payload.decode(text, KEY)
        assert decoded.ok and decoded.fields.serial == page.serial


def test_codes_still_read_back_at_96_dpi(live):
    pages, pdf = live

    assert scan_codes(pdf, dpi=96, first=1, last=6) == [[page.payload] for page in pages[:6]]


def test_the_fonts_are_embedded_as_subsets_with_unicode_maps(live):
    _, pdf = live
    rows = font_rows(pdf)

    assert {row[0].split("+")[1] for row in rows} >= {"LiberationSerif", "LiberationSerif-Bold"}
    assert all(row[-5:-2] == ["yes", "yes", "yes"] for row in rows), rows


def test_test_ballots_carry_the_band_and_the_test_flag_in_the_code():
    pages = make_pages(3, test=True)

    pdf = render(make_spec(test=True), pages)

    for text in page_texts(pdf):
        assert TEST_BAND_TEXT in one_line(text)
    for (text,) in scan_codes(pdf, dpi=150):
        assert payload.decode(text, KEY).fields.test


def test_many_candidates_with_long_names_are_all_printed_one_per_line():
    candidates = tuple(
        Candidate("Bà" if i % 2 else "Ông", f"Công Tôn Nữ Thị Hoàng Phương Thảo Số {i}")
        for i in range(1, 11)
    )
    pages = make_pages(1)

    pdf = render(make_spec(candidates=candidates, seats=2), pages)

    lines = [line.strip() for line in page_texts(pdf)[0].splitlines()]
    for number, candidate in enumerate(candidates, start=1):
        assert f"{number}. {candidate.display_name}" in lines
    assert scan_codes(pdf, dpi=150) == [[pages[0].payload]]


def test_the_same_inputs_give_the_same_bytes():
    pages = make_pages(2)

    assert render(make_spec(), pages) == render(make_spec(), pages)


def test_rendering_nothing_is_refused():
    with pytest.raises(ValueError):
        render(make_spec(), [])


def test_render_many_returns_each_jobs_pdf_in_order_and_reports_progress():
    jobs = [(make_spec(tdp_label=f"Tổ dân phố số {n}"), make_pages(n)) for n in (1, 3, 2)]
    calls = []

    pdfs = render_many(jobs, processes=2, progress=lambda done, total: calls.append((done, total)))

    assert [page_count(pdf) for pdf in pdfs] == [1, 3, 2]
    for n, pdf in zip((1, 3, 2), pdfs):
        assert f"Tổ dân phố số {n} –" in one_line(page_texts(pdf)[0])
    assert calls == [(1, 3), (2, 3), (3, 3)]
    assert pdfs == [render(*job) for job in jobs]


def test_render_many_on_one_process_gives_the_same_pdfs():
    jobs = [(make_spec(), make_pages(2)), (make_spec(test=True), make_pages(1, test=True))]

    assert render_many(jobs, processes=1) == [render(*job) for job in jobs]


def test_without_the_zint_binding_the_segno_fallback_prints_readable_codes(monkeypatch):
    monkeypatch.setattr(qr, "zint", None)
    pages = make_pages(3)

    pdf = render(make_spec(), pages)

    assert scan_codes(pdf, dpi=150) == [[page.payload] for page in pages]
