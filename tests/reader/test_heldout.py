"""A slice of the held-out set (reader/heldout.py: its own pen, its own scanner and camera faults, its own
seed; never used to tune a threshold) read on every run with no misread. The full set's figures come from
``bench/reader_accuracy.py --heldout``."""

import pytest

from reader import heldout, synthetic
from tests.reader.builders import score_samples

IMAGES = 8  # per kind
SEED = 4_2027
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def score():
    return score_samples(heldout.samples, SEED, IMAGES)


def test_no_held_out_name_is_misread(score):
    assert sum(score.names.values()) >= 2 * IMAGES * 2
    assert score.misreads == []


def test_held_out_marks_that_are_not_a_full_strike_go_to_a_person(score):
    for kind in ("scan", "photo"):
        sent, names = score.rate(kind, synthetic.MUST_REVIEW)
        assert sent == names


def test_held_out_images_found_have_their_code_read(score):
    assert score.code_read == score.registered
    assert score.registered["scan"] == IMAGES
