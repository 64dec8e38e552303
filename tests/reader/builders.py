"""Builders for the reader tests: one rendered ballot, pen strokes drawn where the manifest puts a name."""

from __future__ import annotations

from functools import cache

import cv2
import numpy as np

from ballots.manifest import NameBox, manifest
from ballots.spec import BallotSpec, Candidate
from reader import synthetic
from reader.read import BallotRead, Sheet, read_image
from reader.template import build

DPI = 200
SCALE = DPI / 25.4
BLUE = (150, 50, 20)
SPEC = BallotSpec(
    issuer_lines=("UBND PHƯỜNG NGỌC THỤY", "TỔ BẦU CỬ TDP SỐ 5"), ward_name="Phường Ngọc Thụy",
    tdp_label="Tổ dân phố số 5", title="PHIẾU BẦU TỔ TRƯỞNG TỔ DÂN PHỐ SỐ 5",
    round_label="Bầu lần thứ nhất – ngày 15/10/2027",
    candidates=(Candidate("Ông", "Nguyễn Văn An"), Candidate("Bà", "Trần Thị Ngọc Bích"),
                Candidate("Ông", "Lê Hữu Hùng")),
    seats=1,
)
CONTEST = 7


@cache
def clean_ballot() -> np.ndarray:
    return synthetic.rasterise(SPEC, CONTEST, 1, DPI)[0]


@cache
def sheet(key: bytes = synthetic.KEY) -> Sheet:
    return Sheet(build(SPEC), key, synthetic.definition_of(SPEC))


def name(index: int) -> NameBox:
    return manifest(SPEC).names[index]


def ballot() -> np.ndarray:
    return clean_ballot().copy()


def pen(image: np.ndarray, points_mm: list[tuple[float, float]], width_mm: float = 0.5,
        colour: tuple[int, int, int] = BLUE) -> np.ndarray:
    """A pen line through ``points_mm`` (page millimetres, from the top left)."""
    pts = (np.asarray(points_mm) * SCALE * 16).astype(np.int32)
    cv2.polylines(image, [pts], False, colour, max(1, round(width_mm * SCALE)), cv2.LINE_AA, shift=4)
    return image


def middle(box: NameBox) -> float:
    """The height halfway between the capitals' top and the baseline."""
    return (box.cap_top + box.baseline) / 2


def read(image: np.ndarray, key: bytes = synthetic.KEY) -> BallotRead:
    return read_image(image, {CONTEST: sheet(key)})


def score_samples(samples, seed: int, images: int):
    """Read `images` scans and `images` photos drawn by `samples` (synthetic.samples or heldout.samples) from
    `seed`, scored against the truth of their marks."""
    from reader.evaluate import Score

    rng = np.random.default_rng(seed)
    result = Score()
    for kind in ("scan", "photo"):
        sheets = {}
        for sample in samples(rng, images, kind=kind, per_spec=4):
            if sample.contest_id not in sheets:
                sheets = {sample.contest_id: Sheet(build(sample.spec), synthetic.KEY,
                                                   synthetic.definition_of(sample.spec))}
            result.add(kind, sample.marks, tuple(synthetic.TRUTH[m] for m in sample.marks),
                       read_image(sample.image, sheets))
    return result
