"""Issue #13: the ballot's code is read on every registered image it is in — a photo's steep angle, low
resolution or blur does not stop it — and whatever the reader decodes is still the genuine, verified code:
a damaged code is never read as another ballot. A code cut off by the image's edge is a retake."""

import cv2
import numpy as np
import pytest
import zxingcpp

from ballots.manifest import manifest
from reader import locate
from reader.read import CODE_OUT_OF_FRAME, Status

from .builders import SCALE, SPEC, ballot, read

PAPER_GREY = (90, 90, 90)


@pytest.fixture(scope="module")
def genuine():
    """The fields of the clean ballot's code (verified)."""
    result = read(ballot())
    assert result.status is Status.READ
    return result.fields


def steep_photo(squash_x: float, squash_y: float, angle: float, blur: float, image=None) -> np.ndarray:
    """The ballot as a photo taken at a steep angle from far off: shrunk much more across than down (the
    code's modules ~1.7 px wide and ~4 px high), turned by ``angle`` degrees, on a grey table, blurred."""
    image = ballot() if image is None else image
    h, w = image.shape[:2]
    turn = np.vstack([cv2.getRotationMatrix2D((w * squash_x / 2, h * squash_y / 2), angle, 1.0), [0, 0, 1]])
    shift = np.array([[1, 0, w * 0.3], [0, 1, h * 0.3], [0, 0, 1]])
    to_photo = shift @ turn @ np.diag([squash_x, squash_y, 1.0])
    photo = cv2.warpPerspective(image, to_photo, (round(w * 1.2), round(h * 1.2)), flags=cv2.INTER_AREA,
                                borderValue=PAPER_GREY)
    return cv2.GaussianBlur(photo, (0, 0), blur) if blur else photo


def raw_decodes(image: np.ndarray) -> list:
    return zxingcpp.read_barcodes(locate.gray_of(image), formats=zxingcpp.BarcodeFormat.QRCode)


def test_a_steep_photos_code_that_does_not_read_raw_reads_cut_out_upright(genuine, monkeypatch):
    photo = steep_photo(0.3, 0.7, 20, 1.0)
    assert raw_decodes(photo) == []  # the decoder alone gives up on this image
    monkeypatch.setattr(locate.cv2, "adaptiveThreshold", lambda patch, *args: patch)  # straightening alone
    result = read(photo)
    assert result.status is Status.READ
    assert result.fields == genuine


def test_a_blurred_low_resolution_code_reads_after_a_local_threshold(genuine, monkeypatch):
    photo = steep_photo(0.32, 0.6, 20, 1.0)
    assert raw_decodes(photo) == []
    result = read(photo)
    assert result.status is Status.READ and result.fields == genuine
    # neither the plain cut-out nor its page-wide threshold reads it: the local threshold does
    monkeypatch.setattr(locate.cv2, "adaptiveThreshold", lambda patch, *args: patch)
    assert read(photo).status is Status.NO_CODE


def test_a_code_cut_off_by_the_edge_of_the_photo_is_a_retake_not_a_question_for_a_person():
    image = ballot()
    h, w = image.shape[:2]
    # the far corner (bottom right, beside the code) leaves the frame; three corner marks stay in it
    corners = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    pushed = np.float32([[0, 0], [w, 0], [w * 1.1, h * 1.1], [0, h]])
    photo = cv2.warpPerspective(image, cv2.getPerspectiveTransform(corners, pushed), (w, h),
                                borderValue=PAPER_GREY)
    result = read(photo)
    assert result.status is Status.RETAKE and result.reason == CODE_OUT_OF_FRAME
    assert result.features["fiducials"] == [0, 1, 3] and not result.names


def test_a_code_inside_the_frame_that_does_not_read_is_still_no_code():
    image = ballot()
    qr = manifest(SPEC).qr
    x0, y0 = round(qr.x * SCALE), round(qr.y * SCALE)
    image[y0:round((qr.y + qr.height) * SCALE), x0:round(qr.right * SCALE)] = 255
    assert read(image).status is Status.NO_CODE


def test_a_damaged_code_never_yields_another_ballots_payload(genuine):
    """Modules of the code flipped at random, from a few (error correction repairs them) to many (it does
    not): every code the reader accepts is the genuine one, whether read raw or from a cut-out."""
    qr = manifest(SPEC).qr
    module = qr.width / (33 + 8)  # mm: our payloads are version 3-4 codes with a 4-module quiet zone
    rng = np.random.default_rng(1313)
    outcomes = []
    for damage in (2, 5, 10, 20, 40, 80, 160):
        for steep in (False, True):
            image = ballot()
            for _ in range(damage):
                x = qr.x + rng.uniform(4 * module, qr.width - 5 * module)
                y = qr.y + rng.uniform(4 * module, qr.height - 5 * module)
                ink = int(rng.choice([0, 255]))
                cv2.rectangle(image, (round(x * SCALE), round(y * SCALE)),
                              (round((x + module) * SCALE), round((y + module) * SCALE)), (ink, ink, ink), -1)
            # the same damage read from the paper flat, or photographed steeply (read through the cut-out)
            result = read(steep_photo(0.3, 0.7, 20, 1.0, image) if steep else image)
            outcomes.append(result.status)
            if result.status is Status.READ:
                assert result.fields == genuine
            else:
                assert result.status in (Status.NO_CODE, Status.REJECTED) and not result.names
    # the damage spans codes that still read and codes that do not
    assert Status.READ in outcomes and set(outcomes) - {Status.READ}
