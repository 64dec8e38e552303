"""Ballot specs: text stored in NFC, the default instruction, and refused nonsense."""

import unicodedata

import pytest

from ballots.spec import BallotSpec, Candidate, default_instruction

from .builders import make_spec


def test_text_typed_decomposed_is_stored_composed():
    def nfd(text):
        return unicodedata.normalize("NFD", text)

    candidate = Candidate(nfd("Bà"), nfd("Trần Thị Ngọc Bích"))
    spec = make_spec(title=nfd("PHIẾU BẦU TỔ TRƯỞNG"), candidates=[candidate])

    assert candidate.display_name == "Bà Trần Thị Ngọc Bích"
    assert spec.title == "PHIẾU BẦU TỔ TRƯỞNG"
    assert spec.candidates == (candidate,)


def test_the_default_instruction_says_how_many_names_to_keep():
    assert make_spec(seats=2).instruction == default_instruction(2)
    assert "nhiều nhất 2 người" in default_instruction(2)
    assert make_spec(instruction="Gạch tên.").instruction == "Gạch tên."


@pytest.mark.parametrize(
    "change",
    [{"candidates": ()}, {"seats": 0}, {"issuer_lines": ()}],
)
def test_a_ballot_without_candidates_seats_or_issuer_is_refused(change):
    with pytest.raises(ValueError):
        make_spec(**change)


def test_a_candidate_needs_ong_or_ba_and_a_name():
    with pytest.raises(ValueError):
        Candidate("Anh", "Nguyễn Văn An")
    with pytest.raises(ValueError):
        Candidate("Ông", " ")


def test_specs_are_frozen_values():
    spec = make_spec()

    with pytest.raises(AttributeError):
        spec.seats = 2  # type: ignore[misc]
    assert spec == make_spec() and isinstance(spec, BallotSpec)
