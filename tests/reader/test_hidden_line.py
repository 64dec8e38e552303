"""A strike drawn along the top of the small letters is hidden by whole words ("Phương", "Nguyễn"): it is
still read as struck, and the same line stopping short of either end still goes to a person."""

from dataclasses import replace
from functools import cache

import pytest

from ballots.manifest import manifest
from ballots.spec import Candidate
from reader import synthetic
from reader.marks import Decision, Reason
from reader.read import Sheet, read_image
from reader.template import build

from .builders import DPI, SPEC, pen

LONG = replace(SPEC, candidates=(Candidate("Ông", "Ngô Hoàng Phương Lan"),
                                 Candidate("Bà", "Nguyễn Thị Hương Nguyệt"), Candidate("Ông", "Lê Hữu Hùng")))
CONTEST = 9
#: The top of the small letters, as a share of the height from the baseline up to the capitals' top.
X_HEIGHT = 0.67


@cache
def _clean():
    return synthetic.rasterise(LONG, CONTEST, 1, DPI)[0]


@cache
def _sheets():
    return {CONTEST: Sheet(build(LONG), synthetic.KEY, synthetic.definition_of(LONG))}


def _read(index: int, start: float, stop: float):
    box = manifest(LONG).names[index]
    y = box.baseline - (box.baseline - box.cap_top) * X_HEIGHT
    image = pen(_clean().copy(), [(start, y), (stop, y)], width_mm=0.4)
    return read_image(image, _sheets()).names[index]


@pytest.mark.parametrize("index", [0, 1])
def test_a_line_along_the_small_letters_past_both_ends_is_struck(index):
    box = manifest(LONG).names[index].box
    read = _read(index, box.x - 3, box.right + 3)
    assert (read.decision, read.reason) == (Decision.STRUCK, None)


@pytest.mark.parametrize("index", [0, 1])
@pytest.mark.parametrize("end", ["start", "stop"])
def test_the_same_line_stopping_short_of_an_end_goes_to_a_person(index, end):
    box = manifest(LONG).names[index].box
    short = 0.05 * box.width
    start, stop = (box.x + short, box.right + 3) if end == "start" else (box.x - 3, box.right - short)
    read = _read(index, start, stop)
    assert (read.decision, read.reason) == (Decision.REVIEW, Reason.PARTIAL)
