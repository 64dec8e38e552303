"""The reading pipeline for one image: locate, verify the code as the count does, flatten, predict the
printed face, and decide each name."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

import cv2
import numpy as np

from ballots import payload

from . import locate
from . import thresholds as t
from .marks import Decision, NameRead, Reason, read_name
from .template import Template, px

#: The RETAKE reason when the page is found but its code runs out of the image and does not read.
CODE_OUT_OF_FRAME = "code out of frame"


class Status(enum.Enum):
    """What became of an image; only READ carries name decisions."""

    READ = "read"
    RETAKE = "retake"  #: fewer than MIN_FIDUCIALS page corners found, or the code cut off: take it again
    NO_CODE = "no_code"  #: the page is there but its code does not read: a person types the short serial
    REJECTED = "rejected"  #: the code reads but is not a genuine ballot of this count (reason: DecodeReason)
    UNKNOWN_CONTEST = "unknown_contest"  #: a genuine-looking code of a contest this count does not read


@dataclass(frozen=True)
class Sheet:
    """What the reader needs to read ballots of one contest: the expected face, the election key the
    codes are signed with and the definition hash they must carry."""

    template: Template
    key: bytes
    definition: str


@dataclass(frozen=True)
class BallotRead:
    """One image read. ``fields`` (the verified code) only when READ; ``names`` in ballot order."""

    status: Status
    reason: str | None = None
    fields: payload.PayloadFields | None = None
    names: tuple[NameRead, ...] = ()
    features: dict = field(default_factory=dict)

    @property
    def writing_outside_names(self) -> bool:
        """New ink in the names' frame outside every name's row: writing added, a person looks."""
        return self.features.get("ink_outside_names_mm2", 0.0) > t.OUTSIDE_MAX_INK_MM2

    @property
    def needs_review(self) -> bool:
        return (self.status is not Status.READ or self.writing_outside_names
                or any(n.decision is Decision.REVIEW for n in self.names))


def read_image(image: np.ndarray, sheets: Mapping[int, Sheet]) -> BallotRead:
    """Read one ballot image (BGR or grayscale) against the sheets of the contests being counted (by
    contest id). Never raises for a bad image: the status says what to do with it."""
    if not sheets:
        raise ValueError("no contest to read against")
    gray = locate.gray_of(image)
    # fiducials and code sit at the same place on every face of a layout version: any sheet finds the page
    any_face = next(iter(sheets.values())).template.manifest
    found = locate.find_fiducials(gray)
    features: dict = {"fiducials": sorted(found)}
    fit = locate.fit_page(any_face, found)
    if fit is None:
        return BallotRead(Status.RETAKE, f"{len(found)} of 4 corner marks found", features=features)
    features["fit_residual_mm"] = round(fit.residual_mm, 2)
    code = locate.read_code(gray, any_face, fit)
    if code is None:
        if locate.code_out_of_frame(gray.shape, any_face, fit):
            return BallotRead(Status.RETAKE, CODE_OUT_OF_FRAME, features=features)
        return BallotRead(Status.NO_CODE, features=features)
    text, corners = code
    peeked = payload.peek(text)
    sheet = sheets.get(peeked.contest_id) if peeked is not None else None
    if sheet is None:
        problem = payload.format_problem(text)
        if problem is not None:
            return BallotRead(Status.REJECTED, problem.value, features=features)
        return BallotRead(Status.UNKNOWN_CONTEST, features=features)
    decoded = payload.decode(text, sheet.key, definition=sheet.definition)
    if not decoded.ok:
        return BallotRead(Status.REJECTED, decoded.reason.value, features=features)
    face = sheet.template.manifest
    fit = locate.refit_with_code(face, found, fit, text, corners)
    page = locate.warp(gray, fit.to_image, sheet.template.size)
    darkness = flatten(page)
    ink = cv2.GaussianBlur(darkness, (3, 3), 0) > t.INK_DARKNESS
    blur = round(t.FAINT_BLUR_MM * t.PX_PER_MM) | 1
    faint = cv2.GaussianBlur(darkness, (blur, blur), 0) > t.FAINT_DARKNESS
    names = tuple(read_name(name, sheet.template, darkness, ink, faint) for name in face.names)
    features.update(_page_features(sheet.template, darkness, ink))
    return BallotRead(Status.READ, fields=decoded.fields, names=names, features=features)


def flatten(page: np.ndarray) -> np.ndarray:
    """Darkness 0 (paper) .. 1 (black) with the lighting taken out: each pixel against the paper around it,
    estimated by a closing over BACKGROUND_WINDOW_MM (which erases every line thinner than that, printed or
    written, but keeps the edge of a shadow where it is), so shadows and gradients do not read as ink."""
    window = round(t.BACKGROUND_WINDOW_MM * t.PX_PER_MM / 2) | 1  # on the half-size page
    small = cv2.resize(page, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (window, window))
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    paper = cv2.blur(paper, (3, 3))
    paper = cv2.resize(paper, (page.shape[1], page.shape[0]), interpolation=cv2.INTER_LINEAR)
    paper = np.maximum(paper.astype(np.float32), 1.0)
    return np.clip(1.0 - page.astype(np.float32) / paper, 0.0, 1.0)


def _page_features(template: Template, darkness: np.ndarray, ink: np.ndarray) -> dict:
    """Ballot-wide signs for the count: ink in the stamp box (a stamp), and new ink in the names' frame
    outside every name's row (writing added)."""
    face = template.manifest
    sx0, sy0, sx1, sy1 = px(face.stamp)
    stamp = ink[sy0:sy1, sx0:sx1] & ~template.printed[sy0:sy1, sx0:sx1]
    fx0, fy0, fx1, fy1 = px(face.frame)
    m = t.PX_PER_MM
    outside = ink[fy0 + m:fy1 - m, fx0 + m:fx1 - m] & ~template.printed[fy0 + m:fy1 - m, fx0 + m:fx1 - m]
    for name in face.names:
        _, ry0, _, ry1 = px(name.row)
        outside[max(0, ry0 - fy0 - m):max(0, ry1 - fy0 - m), :] = False
    return {
        "stamp_ink": round(float(stamp.mean()), 3),
        "ink_outside_names_mm2": round(float(outside.sum()) / m**2, 2),
    }


__all__ = ["CODE_OUT_OF_FRAME", "BallotRead", "Decision", "NameRead", "Reason", "Sheet", "Status", "flatten", "read_image"]
