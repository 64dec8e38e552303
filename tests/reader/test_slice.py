"""A small slice of bench/reader_accuracy.py on every run: marked and degraded scans and photos of our own
ballots read with no misread, every partial strike, circle, underline and tick sent to a person."""

import numpy as np
import pytest

from reader import synthetic
from reader.evaluate import Score
from reader.read import Sheet, read_image
from reader.template import build

IMAGES = 12  # per kind
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def score():
    rng = np.random.default_rng(20261205)
    result = Score()
    for kind in ("scan", "photo"):
        sheets = {}
        for sample in synthetic.samples(rng, IMAGES, kind=kind, per_spec=4):
            if sample.contest_id not in sheets:
                sheets = {sample.contest_id: Sheet(build(sample.spec), synthetic.KEY,
                                                   synthetic.definition_of(sample.spec))}
            result.add(kind, sample.marks, tuple(synthetic.TRUTH[m] for m in sample.marks),
                       read_image(sample.image, sheets))
    return result


def test_no_name_is_misread_on_scans_or_photos(score):
    assert sum(score.names.values()) >= 2 * IMAGES * 2
    assert score.misreads == []


def test_every_partial_strike_circle_underline_and_tick_goes_to_a_person(score):
    for kind in ("scan", "photo"):
        sent, names = score.rate(kind, synthetic.MUST_REVIEW)
        assert sent == names


def test_every_registered_image_has_its_code_read_and_few_ask_for_a_retake(score):
    assert score.code_read == score.registered
    assert sum(score.retakes.values()) <= 1


def test_most_clean_names_are_decided_without_a_person(score):
    sent, names = score.rate("scan", synthetic.CLEAN)
    assert names and sent / names <= 0.05
