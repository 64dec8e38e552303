"""Per name: keep only the voter's ink in the name's quiet zone, fit a line to it, and decide struck,
untouched, or a person looks (with a reason code and the features behind it)."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, field

import cv2
import numpy as np

from ballots.manifest import NameBox

from . import thresholds as t
from .template import Template, px

_MM2 = t.PX_PER_MM**2


class Decision(enum.Enum):
    STRUCK = "struck"  #: a line covers the whole name: the voter struck it out
    UNTOUCHED = "untouched"  #: no ink at all in the name's quiet zone: the name is kept
    REVIEW = "review"  #: anything else: a person decides


class Reason(enum.Enum):
    """Why a name goes to a person; the values are stable codes for the count and the API."""

    PARTIAL = "partial"  #: a line along the name that does not run past both of its ends, or has gaps
    OFF_LINE = "off_line"  #: a line above or below the name (underline, overline)
    CIRCLE_TICK_SCRIBBLE = "circle_tick_scribble"  #: ink that is not one straight line
    STEEP = "steep"  #: a line too steep to cover the name end to end
    POOR_ALIGNMENT = "poor_alignment"  #: the printed name is not where the page fit puts it
    INK_BESIDE = "ink_beside"  #: a clean strike, but more ink in the row (writing, a second mark)
    FAINT = "faint"  #: faint ink only: too light to measure, too much to call the name untouched


@dataclass(frozen=True)
class NameRead:
    index: int
    decision: Decision
    reason: Reason | None = None
    features: dict = field(default_factory=dict)


def read_name(name: NameBox, template: Template, darkness: np.ndarray, ink: np.ndarray,
              faint: np.ndarray) -> NameRead:
    """Decide one name from the flattened ``darkness`` of the canonical page, its ``ink`` mask and its
    ``faint`` mask (anything darker than paper)."""
    x0, y0, x1, y1 = px(name.row)
    # the frame's rules are printed, not the voter's: keep clear of them however the page was registered
    fx0, fy0, fx1, fy1 = px(template.manifest.frame)
    inset = round(t.FRAME_INSET_MM * t.PX_PER_MM)
    x0, x1 = max(x0, fx0 + inset), min(x1, fx1 - inset)
    y0, y1 = max(y0, fy0 + inset), min(y1, fy1 - inset)
    shift, match, seen = _register_row(name, template, darkness)
    features = {"shift_px": shift, "match": round(match, 3), "printed_seen": round(seen, 3)}
    if match < t.ROW_MATCH_MIN or seen < t.PRINTED_SEEN_MIN:
        return NameRead(name.index, Decision.REVIEW, Reason.POOR_ALIGNMENT, features)
    dx, dy = shift
    printed = np.roll(template.printed[y0:y1, x0:x1], (dy, dx), axis=(0, 1))
    row_ink = ink[y0:y1, x0:x1]
    raw = row_ink & ~printed
    features["ink_mm2"] = round(float(raw.sum()) / _MM2, 2)
    # every new-ink pixel counts against "untouched": a faint line broken up by the letters it crosses is
    # still a line
    light = _drop_specks(faint[y0:y1, x0:x1] & ~printed, t.MIN_FAINT_BLOB_MM2)
    features["faint_mm2"] = round(float(light.sum()) / _MM2, 2)
    if raw.sum() / _MM2 < t.UNTOUCHED_MAX_INK_MM2:
        # the name's own span: a faint line along it raises the paper's darkness row by row
        sx0 = max(0, int(name.box.x * t.PX_PER_MM) - x0 + dx)
        sx1 = min(raw.shape[1], int(math.ceil(name.box.right * t.PX_PER_MM)) - x0 + dx)
        streak = _faint_streak(darkness[y0:y1, x0:x1], printed, sx0, sx1)
        features["faint_streak"] = round(streak, 4)
        if light.sum() / _MM2 < t.UNTOUCHED_MAX_FAINT_MM2 and streak < t.FAINT_STREAK_MIN:
            return NameRead(name.index, Decision.UNTOUCHED, None, features)
        return NameRead(name.index, Decision.REVIEW, Reason.FAINT, features)
    # specks are judged with the letters they touch, so the pieces of a line between letters survive
    ys, xs = np.nonzero(raw & _drop_specks(row_ink))
    if len(xs) < 2:
        return NameRead(name.index, Decision.REVIEW, Reason.CIRCLE_TICK_SCRIBBLE, features)
    # the name in row pixels, moved with the row
    nx0, nx1 = name.box.x * t.PX_PER_MM - x0 + dx, name.box.right * t.PX_PER_MM - x0 + dx
    base, cap = name.baseline * t.PX_PER_MM - y0 + dy, name.cap_top * t.PX_PER_MM - y0 + dy
    line = _fit_line(xs.astype(np.float64), ys.astype(np.float64))
    return _judge(name.index, line, xs, ys, printed, (nx0, nx1, cap, base), features)


def _judge(index, line, xs, ys, printed, name_px, features) -> NameRead:
    vx, vy, cx, cy = line
    nx0, nx1, cap, base = name_px
    band = t.LINE_BAND_MM * t.PX_PER_MM
    dist = np.abs((xs - cx) * vy - (ys - cy) * vx)
    on = dist <= band
    inlier = float(on.mean())
    angle = math.degrees(math.atan2(abs(vy), abs(vx)))
    features.update(inlier=round(inlier, 3), angle=round(angle, 1))

    def review(reason: Reason) -> NameRead:
        return NameRead(index, Decision.REVIEW, reason, features)

    if angle > 45:
        return review(Reason.CIRCLE_TICK_SCRIBBLE if inlier < t.LINE_INLIER_MIN else Reason.STEEP)
    # along x: where the line runs, and where it is inked
    lx, ly = xs[on], ys[on]
    y_at = lambda x: cy + (x - cx) * vy / vx  # noqa: E731
    tol = t.BAND_TOLERANCE_MM * t.PX_PER_MM
    in_band = [cap - tol <= y_at(x) <= base + tol for x in (nx0, (nx0 + nx1) / 2, nx1)]
    covered = _coverage(lx, ly, printed, (vx, vy, cx, cy), nx0, nx1)
    features.update(covered=round(covered, 3), band=in_band)
    if inlier < t.LINE_INLIER_MIN:
        # a full clean strike with other ink beside it, or no single line at all
        if covered >= 1.0 and all(in_band) and angle <= t.MAX_STRIKE_ANGLE_DEG:
            return review(Reason.INK_BESIDE)
        return review(Reason.CIRCLE_TICK_SCRIBBLE)
    if not in_band[1]:
        return review(Reason.OFF_LINE)
    if angle > t.MAX_STRIKE_ANGLE_DEG or not all(in_band):
        return review(Reason.STEEP)
    if covered < 1.0:
        return review(Reason.PARTIAL)
    beside = float((~on).sum()) / _MM2
    features["beside_mm2"] = round(beside, 2)
    if beside > t.BESIDE_MAX_INK_MM2:
        return review(Reason.INK_BESIDE)
    return NameRead(index, Decision.STRUCK, None, features)


def _coverage(lx, ly, printed, line, nx0, nx1) -> float:
    """Share of the required span (the name plus END_OVERSHOOT_MM each side) the line covers. A gap between
    two inked stretches is bridged when at most MAX_OPEN_GAP_MM of it is blank paper (the rest hidden under
    printed letters) and it is at most MAX_HIDDEN_GAP_MM long; a gap at either end never is. 1.0 means end
    to end."""
    vx, vy, cx, cy = line
    over = t.END_OVERSHOOT_MM * t.PX_PER_MM
    start, stop = int(math.floor(nx0 - over)), int(math.ceil(nx1 + over))
    if stop <= start or len(lx) == 0:
        return 0.0
    span = np.arange(start, stop + 1)
    inked = np.zeros(len(span), dtype=bool)
    cols = np.round(lx).astype(int) - start
    inked[cols[(cols >= 0) & (cols < len(span))]] = True
    centre = np.round(cy + (span - cx) * vy / vx).astype(int)
    inside = (span >= 0) & (span < printed.shape[1])
    hidden = np.zeros(len(span), dtype=bool)
    # hidden where printed ink lies anywhere across the pen's width around the line
    reach = round(t.HIDDEN_REACH_MM * t.PX_PER_MM)
    for offset in range(-reach, reach + 1):
        rows = np.clip(centre + offset, 0, printed.shape[0] - 1)
        hidden[inside] |= printed[rows[inside], span[inside]]
    max_open, max_hidden = t.MAX_OPEN_GAP_MM * t.PX_PER_MM, t.MAX_HIDDEN_GAP_MM * t.PX_PER_MM
    good = inked.copy()
    i = 0
    while i < len(span):
        if inked[i]:
            i += 1
            continue
        j = i
        while j < len(span) and not inked[j]:
            j += 1
        gap = j - i
        bounded = i > 0 and j < len(span)  # a gap at either end is not covered
        if bounded and gap <= max_hidden and (~hidden[i:j]).sum() <= max_open:
            good[i:j] = True
        i = j
    if good.all():
        return 1.0
    return float(good.mean()) * 0.999  # never 1.0 unless every step is covered


def _faint_streak(darkness: np.ndarray, printed: np.ndarray, sx0: int, sx1: int) -> float:
    """How much darker than the row's paper the darkest band of FAINT_STREAK_MM is, along the name's span:
    per pixel row, the median darkness of the paper between the printed letters (a line across the name
    covers most of it; specks and grain do not move a median), smoothed across the band, against the
    median row. A faint pen's line along the name stands out even when no pixel of it passes an ink
    threshold."""
    if sx1 - sx0 < 2:
        return 0.0
    grown = cv2.dilate(printed[:, sx0:sx1].astype(np.uint8),
                       np.ones((3, 3), np.uint8)).astype(bool)
    # a line drifting a little across the name (slope, wobble) still fills one band of rows
    reach = round(t.FAINT_STREAK_DRIFT_MM * t.PX_PER_MM)
    area = cv2.dilate(darkness[:, sx0:sx1].astype(np.float32), np.ones((2 * reach + 1, 1), np.uint8))
    rows = []
    for y in range(area.shape[0]):
        free = ~grown[y]
        rows.append(float(np.median(area[y][free])) if free.sum() >= t.FAINT_STREAK_FREE * free.size else np.nan)
    profile = np.array(rows, dtype=np.float64)
    if np.isnan(profile).all():
        return 0.0
    width = max(1, round(t.FAINT_STREAK_MM * t.PX_PER_MM))
    filled = np.where(np.isnan(profile), np.nanmedian(profile), profile)
    band = np.convolve(filled, np.ones(width) / width, mode="valid")
    return float(band.max() - np.median(filled)) if len(band) else 0.0


def _fit_line(xs: np.ndarray, ys: np.ndarray) -> tuple[float, float, float, float]:
    """(vx, vy, x0, y0) of the line through the ink, robust to a few stray pixels; vx >= 0."""
    pts = np.stack([xs, ys], axis=1).astype(np.float32)
    vx, vy, cx, cy = cv2.fitLine(pts, cv2.DIST_HUBER, 0, 0.01, 0.01).ravel().tolist()
    if vx < 0:
        vx, vy = -vx, -vy
    if abs(vx) < 1e-6:
        vx = 1e-6
    return vx, vy, cx, cy


def _drop_specks(mask: np.ndarray, min_mm2: float = t.MIN_BLOB_MM2) -> np.ndarray:
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    keep = np.zeros(count, dtype=bool)
    keep[1:] = stats[1:, cv2.CC_STAT_AREA] >= min_mm2 * _MM2
    return keep[labels]


def _register_row(name: NameBox, template: Template, darkness: np.ndarray) -> tuple[tuple[int, int], float, float]:
    """Fine registration on the printed number and name: the shift (dx, dy) in pixels that best matches the
    face, the match score, and the share of printed ink seen dark there."""
    search = round(t.ROW_SEARCH_MM * t.PX_PER_MM)
    bx0, by0, _, _ = px(name.number)
    _, _, bx1, by1 = px(name.box)
    patch = template.darkness[by0:by1, bx0:bx1]
    area = darkness[by0 - search:by1 + search, bx0 - search:bx1 + search]
    scores = cv2.matchTemplate(area.astype(np.float32), patch.astype(np.float32), cv2.TM_CCOEFF_NORMED)
    _, best, _, (mx, my) = cv2.minMaxLoc(scores)
    dx, dy = mx - search, my - search
    core = patch > 0.5
    seen_area = darkness[by0 + dy:by1 + dy, bx0 + dx:bx1 + dx]
    seen = float((seen_area[core] > t.INK_DARKNESS).mean()) if core.any() else 0.0
    return (int(dx), int(dy)), float(best), seen
