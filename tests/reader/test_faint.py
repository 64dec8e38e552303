"""Issue #13: a faint pen's strike is never read as "untouched" — at worst a person looks (reason "faint")."""

import math

import numpy as np
import pytest

from ballots.manifest import manifest
from reader import synthetic
from reader import thresholds as t
from reader.marks import Decision, Reason
from reader.read import Sheet, Status, read_image
from reader.template import build

from .builders import SCALE, SPEC, ballot, read


def _faint_names(kind: str, seed: int, count: int):
    """(decision, reason, features) of every name struck with the tuning generator's faint pen."""
    rng = np.random.default_rng(seed)
    sheets = {}
    out = []
    for sample in synthetic.samples(rng, count, kind=kind, per_spec=3, kinds=("faint",)):
        if sample.contest_id not in sheets:
            sheets = {sample.contest_id: Sheet(build(sample.spec), synthetic.KEY,
                                               synthetic.definition_of(sample.spec))}
        result = read_image(sample.image, sheets)
        if result.status is not Status.READ:  # a photo with a corner out of the frame: retaken, not read
            continue
        out += [(n.decision, n.reason, n.features) for n in result.names]
    return out


@pytest.mark.parametrize("kind", ["scan", "photo"])
def test_a_faint_strike_is_never_decided_untouched(kind, monkeypatch):
    names = _faint_names(kind, 1313, 9)
    assert len(names) >= 15
    assert all(d is not Decision.UNTOUCHED for d, _, _ in names), [f for d, _, f in names
                                                                  if d is Decision.UNTOUCHED]
    # the lightest of them are caught by the faint-streak detector alone: without it they would be untouched
    monkeypatch.setattr(t, "FAINT_STREAK_MIN", math.inf)
    without = _faint_names(kind, 1313, 9)
    assert len(without) == len(names)
    missed = [i for i, (d, _, _) in enumerate(without) if d is Decision.UNTOUCHED]
    assert missed, "these pens are not faint enough to test the detector"
    assert all(names[i][1] is Reason.FAINT for i in missed)


def test_the_faint_streak_detector_leaves_clean_names_untouched():
    names = []
    for kind in ("scan", "photo"):
        rng = np.random.default_rng(1314)
        sheets = {}
        for sample in synthetic.samples(rng, 6, kind=kind, per_spec=3, kinds=("none",)):
            if sample.contest_id not in sheets:
                sheets = {sample.contest_id: Sheet(build(sample.spec), synthetic.KEY,
                                                   synthetic.definition_of(sample.spec))}
            result = read_image(sample.image, sheets)
            if result.status is Status.READ:
                names += [n for n in result.names]
    assert len(names) >= 15
    assert all(n.decision is Decision.UNTOUCHED for n in names), [n.features for n in names
                                                                  if n.decision is not Decision.UNTOUCHED]
    assert max(n.features["faint_streak"] for n in names) < t.FAINT_STREAK_MIN


@pytest.mark.parametrize("damage", ["blank", "smudged"])
def test_a_registered_page_whose_code_does_not_read_answers_no_code(damage):
    """The page is found (its corner marks) but the code is gone: a person types the short serial; no name is
    decided from an unverified ballot."""
    image = ballot()
    qr = manifest(SPEC).qr
    x0, y0 = round(qr.x * SCALE), round(qr.y * SCALE)
    x1, y1 = round(qr.right * SCALE), round((qr.y + qr.height) * SCALE)
    if damage == "blank":
        image[y0:y1, x0:x1] = 255
    else:  # the middle third of the code inked over
        h = (y1 - y0) // 3
        image[y0 + h:y1 - h, x0:x1] = 40
    result = read(image)
    assert result.status is Status.NO_CODE
    assert result.names == () and result.needs_review
    assert read(ballot()).status is Status.READ
