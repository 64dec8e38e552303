"""Bí mật phiếu bầu on paper: folded along its ticks, a ballot shows its title and stamp box and hides the
code, the short code and the names, so whoever stamps, hands out or watches the hand-out learns no serial."""

import subprocess
import tempfile
from pathlib import Path

import pytest

from ballots import payload
from ballots.layout import FOLD_Y, HIDDEN_TOP, PAGE_HEIGHT, PAGE_WIDTH, QR, STAMP
from ballots.render import render
from ballots.spec import FOLD_INSTRUCTION, Candidate

from .builders import make_pages, make_spec, one_line, run

MANY = tuple(Candidate("Bà" if i % 2 else "Ông", f"Công Tôn Nữ Thị Hoàng Phương Thảo Số {i}") for i in range(1, 11))


def _region_text(pdf: bytes, top: float, bottom: float) -> str:
    """The text pdftotext finds between two heights measured from the bottom of the page, in points."""
    y, height = PAGE_HEIGHT - top, top - bottom
    return run("pdftotext", "-r", "72", "-x", "0", "-y", str(int(y)), "-W", str(int(PAGE_WIDTH)), "-H",
               str(int(height)), "-enc", "UTF-8", "-", "-", stdin=pdf)


def _region_codes(pdf: bytes, top: float, bottom: float, dpi: int = 150) -> str:
    scale = dpi / 72
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "b.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", "-x", "0",
                        "-y", str(int((PAGE_HEIGHT - top) * scale)), "-W", str(int(PAGE_WIDTH * scale)),
                        "-H", str(int((top - bottom) * scale)), f"{tmp}/b.pdf", f"{tmp}/p"], check=True)
        done = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", f"{tmp}/p.png"],
                              capture_output=True, text=True)
        return done.stdout.strip()


@pytest.mark.parametrize("spec", [make_spec(), make_spec(candidates=MANY, seats=2), make_spec(test=True)],
                         ids=["two names", "ten long names", "test ballot"])
def test_the_folded_ballot_shows_title_and_stamp_box_but_no_serial_code_or_name(spec):
    pages = make_pages(1, test=spec.test)
    pdf = render(spec, pages)
    serial = payload.short_serial(pages[0].serial)
    outside = one_line(_region_text(pdf, PAGE_HEIGHT, HIDDEN_TOP))
    assert spec.title in outside and "Dấu của Tổ bầu cử" in outside and "CỘNG HÒA" in outside
    assert serial not in outside and "Mã phiếu" not in outside
    for candidate in spec.candidates:
        assert candidate.full_name not in outside
    assert _region_codes(pdf, PAGE_HEIGHT, HIDDEN_TOP) == ""
    # unfolded, the flap holds the code and its short code, and both still read
    flap = one_line(_region_text(pdf, FOLD_Y, 0))
    assert serial in flap and _region_codes(pdf, FOLD_Y, 0) == pages[0].payload


def test_the_flap_covers_the_names_and_leaves_the_stamp_box_out():
    assert QR.top <= FOLD_Y  # the code is on the flap
    assert STAMP.y >= HIDDEN_TOP + 3  # stamping the folded ballot needs the whole box outside
    text = one_line(_region_text(render(make_spec(), make_pages(1)), FOLD_Y, 0))
    assert FOLD_INSTRUCTION in text  # the ballot says how to fold it back
