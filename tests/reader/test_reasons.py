"""Each decision and each reason code, from one pen mark on an otherwise clean ballot."""

from dataclasses import replace

import cv2
import numpy as np
import pytest

from ballots import payload
from ballots.fiducials import ARUCO_4X4_BITS
from ballots.manifest import manifest
from reader import synthetic
from reader.marks import Decision, Reason
from reader.read import Sheet, Status, read_image
from reader.template import build

from .builders import CONTEST, SCALE, SPEC, ballot, middle, name, pen, read


def _decisions(result):
    return [(n.decision, n.reason) for n in result.names]


def test_a_clean_ballot_reads_every_name_untouched_and_verifies_its_code():
    result = read(ballot())
    assert result.status is Status.READ and result.fields.contest_id == CONTEST
    assert _decisions(result) == [(Decision.UNTOUCHED, None)] * 3


def test_a_line_through_the_whole_name_past_both_ends_is_struck_and_only_that_name():
    box = name(1)
    image = pen(ballot(), [(box.box.x - 3, middle(box)), (box.box.right + 3, middle(box) + 0.3)])
    assert _decisions(read(image)) == [(Decision.UNTOUCHED, None), (Decision.STRUCK, None),
                                       (Decision.UNTOUCHED, None)]


def test_a_line_stopping_short_of_the_last_letter_goes_to_a_person_as_partial():
    box = name(0)
    stop = box.box.right - 0.05 * box.box.width
    image = pen(ballot(), [(box.box.x - 3, middle(box)), (stop, middle(box))])
    assert _decisions(read(image))[0] == (Decision.REVIEW, Reason.PARTIAL)


def test_a_line_ending_exactly_at_the_name_is_not_enough_to_call_it_struck():
    box = name(0)
    image = pen(ballot(), [(box.box.x - 3, middle(box)), (box.box.right, middle(box))])
    assert _decisions(read(image))[0] == (Decision.REVIEW, Reason.PARTIAL)


@pytest.mark.parametrize("below", [True, False], ids=["underline", "overline"])
def test_a_line_under_or_over_the_name_goes_to_a_person_as_off_line(below):
    box = name(2)
    y = box.baseline + 1.5 if below else box.cap_top - 2.0
    image = pen(ballot(), [(box.box.x - 2, y), (box.box.right + 2, y)])
    assert _decisions(read(image))[2] == (Decision.REVIEW, Reason.OFF_LINE)


def test_a_circle_around_the_name_goes_to_a_person():
    box = name(1)
    image = ballot()
    centre = (int((box.box.x + box.box.width / 2) * SCALE), int(middle(box) * SCALE))
    axes = (int((box.box.width / 2 + 3) * SCALE), int(5 * SCALE))
    cv2.ellipse(image, centre, axes, 0, 0, 360, (150, 50, 20), 4, cv2.LINE_AA)
    assert _decisions(read(image))[1] == (Decision.REVIEW, Reason.CIRCLE_TICK_SCRIBBLE)


def test_a_tick_beside_the_name_goes_to_a_person():
    box = name(0)
    x, y = box.box.right + 3, middle(box)
    image = pen(ballot(), [(x - 1, y), (x, y + 1.5), (x + 2.5, y - 3)])
    decision, reason = _decisions(read(image))[0]
    assert decision is Decision.REVIEW and reason is not None


def test_a_steep_line_across_the_name_goes_to_a_person_as_steep():
    box = name(1)
    x = box.box.x + box.box.width / 2
    image = pen(ballot(), [(x - 4, box.baseline + 2), (x + 4, box.cap_top - 3)])
    assert _decisions(read(image))[1] == (Decision.REVIEW, Reason.STEEP)


def test_a_struck_name_with_writing_beside_it_goes_to_a_person_as_ink_beside():
    box = name(0)
    image = pen(ballot(), [(box.box.x - 3, middle(box)), (box.box.right + 3, middle(box))])
    x = box.box.right + 6
    image = pen(image, [(x, box.cap_top - 2), (x + 2, box.baseline + 2), (x + 4, box.cap_top - 2),
                        (x + 6, box.baseline + 2)])
    assert _decisions(read(image))[0] == (Decision.REVIEW, Reason.INK_BESIDE)


def test_a_faint_line_is_never_called_untouched():
    box = name(2)
    image = ballot()
    mark = pen(np.zeros_like(image), [(box.box.x - 3, middle(box)), (box.box.right + 3, middle(box))],
               colour=(255, 255, 255))
    image = (image.astype(np.float32) * (1 - 0.2 * mark / 255.0)).astype(np.uint8)  # 20% darker only
    decision, reason = _decisions(read(image))[2]
    assert decision is not Decision.UNTOUCHED and decision is not Decision.STRUCK


def test_names_printed_elsewhere_than_the_template_says_go_to_a_person_as_poor_alignment():
    shifted = SPEC.candidates[1:] + SPEC.candidates[:1]  # every line holds another name than the template's
    wrong = Sheet(build(replace(SPEC, candidates=shifted)), synthetic.KEY, synthetic.definition_of(SPEC))
    result = read_image(ballot(), {CONTEST: wrong})
    assert {n.reason for n in result.names} == {Reason.POOR_ALIGNMENT}


def test_a_name_written_in_below_the_printed_names_sends_the_ballot_to_a_person():
    face = manifest(SPEC)
    y = face.names[-1].row.bottom + 8
    image = pen(ballot(), [(40, y), (43, y - 4), (46, y), (49, y - 4), (52, y), (60, y - 3), (75, y)])
    result = read(image)
    assert [n.decision for n in result.names] == [Decision.UNTOUCHED] * 3
    assert result.writing_outside_names and result.needs_review
    assert not read(ballot()).needs_review


def test_three_corner_marks_are_enough_and_two_ask_for_a_retake():
    face = manifest(SPEC)
    image = ballot()
    for fiducial in face.fiducials[:1]:
        _white_out(image, fiducial.box)
    assert read(image).status is Status.READ
    _white_out(image, face.fiducials[1].box)
    result = read(image)
    assert result.status is Status.RETAKE and not result.names


def test_a_code_signed_with_another_key_is_rejected_as_the_count_rejects_it():
    result = read(ballot(), key=bytes(range(1, 33)))
    assert result.status is Status.REJECTED and result.reason == payload.DecodeReason.BAD_SIGNATURE.value
    assert not result.names


def test_an_upside_down_scan_reads_the_same_names():
    box = name(0)
    image = pen(ballot(), [(box.box.x - 3, middle(box)), (box.box.right + 3, middle(box))])
    result = read(cv2.rotate(image, cv2.ROTATE_180))
    assert [n.decision for n in result.names] == [Decision.STRUCK, Decision.UNTOUCHED, Decision.UNTOUCHED]


def test_the_printed_fiducial_bits_are_opencvs_dictionary():
    dictionary = cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_4X4_50)
    for marker_id, rows in ARUCO_4X4_BITS.items():
        drawn = cv2.aruco.generateImageMarker(dictionary, marker_id, 6, borderBits=1)
        assert ["".join("1" if v else "0" for v in row[1:5]) for row in drawn[1:5]] == list(rows)


def _white_out(image, box):
    x0, y0 = int((box.x - 1.5) * SCALE), int((box.y - 1.5) * SCALE)
    x1, y1 = int((box.right + 1.5) * SCALE), int((box.bottom + 1.5) * SCALE)
    image[y0:y1, x0:x1] = 255
