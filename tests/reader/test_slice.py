"""A small slice of bench/reader_accuracy.py on every run: marked and degraded scans and photos of our own
ballots read with no misread, every partial strike, circle, underline and tick sent to a person."""

import pytest

from reader import synthetic
from tests.reader.builders import score_samples

IMAGES = 12  # per kind
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def score():
    return score_samples(synthetic.samples, 20261205, IMAGES)


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
