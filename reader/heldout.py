"""The held-out set: ballots marked and degraded by a method independent of reader/synthetic.py's, read
with another seed, and never used to tune a threshold (bench/reader_accuracy.py --heldout, and a slice in
tests/reader/test_heldout.py).

Only the ballots (our own, rendered by poppler) and the geometry of each kind of mark are shared with the
tuning set; everything else is done differently:

- the pen is a ballpoint stamped as overlapping discs along a smoothed path, its radius following a
  pressure curve, with ink blobs where the pen lands and lifts and a grainy ball texture (not OpenCV lines
  with a per-segment strength);
- scans go through a sheet feeder: feed-speed stretch, shear, a scan-head illumination profile, paper
  shade and texture, faint streaks from dust on the glass, gamma, unsharp
  sharpening, resolution loss, dust specks, and PNG or WebP or double JPEG (not rotation + Gaussian blur
  + Gaussian noise + one JPEG);
- photos come from a camera pose (tilt, pan, any roll incl. upside down), with lens distortion, vignetting,
  a hard-edged shadow, glare, defocus (a disc, not a Gaussian), signal-dependent noise and double JPEG.

Why not ``augraphy``: its wheel requires ``opencv-python``, a second OpenCV build that installs over the
``cv2`` package of ``opencv-python-headless`` in the same environment, and pulls numba/llvmlite, scipy,
scikit-image, scikit-learn and matplotlib; its pipelines also take seconds per page on the two shared
cores, too slow for a test slice under a minute.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import cv2
import numpy as np

from ballots.manifest import manifest
from ballots.spec import BallotSpec

from . import synthetic
from .synthetic import Sample

#: Pen inks, as the luminance a scanner sees (blue, black, violet, green).
INKS = (46.0, 32.0, 70.0, 85.0)


def samples(rng: np.random.Generator, count: int, *, kind: str, per_spec: int = 5,
            kinds: tuple[str, ...] | None = None) -> Iterator[Sample]:
    """Yield ``count`` held-out Samples of ``kind`` ("scan" or "photo")."""
    made = 0
    contest_id = 0
    while made < count:
        spec = synthetic.random_spec(rng)
        contest_id += 1
        n = min(per_spec, count - made)
        dpi = int(rng.choice([150, 180, 200, 250, 300])) if kind == "scan" else int(rng.integers(140, 240))
        for clean in synthetic.rasterise(spec, contest_id, n, dpi, grey=True):
            marks = synthetic.random_marks(rng, len(spec.candidates), kinds)
            drawn = ballpoint(clean, spec, marks, dpi, rng)
            image = feeder_scan(drawn, rng) if kind == "scan" else camera_photo(drawn, rng)
            yield Sample(image, spec, contest_id, marks, kind, dpi)
            made += 1


def ballpoint(image: np.ndarray, spec: BallotSpec, marks: tuple[str, ...], dpi: int,
              rng: np.random.Generator) -> np.ndarray:
    """The marks drawn as a ballpoint: discs stamped along a smoothed path (grey image)."""
    scale = dpi / 25.4
    ink = INKS[int(rng.integers(len(INKS)))]
    cover = np.zeros(image.shape, dtype=np.float32)
    for name, mark in zip(manifest(spec).names, marks, strict=True):
        for stroke, strength in synthetic._strokes(name, mark, rng, synthetic.HELDOUT_FAINT_STRENGTH):
            _stamp(cover, np.asarray(stroke, dtype=np.float64) * scale, scale, strength, rng)
    out = image.astype(np.float32)
    out = out * (1 - cover) + ink * cover
    return out.clip(0, 255).astype(np.uint8)


def _stamp(cover: np.ndarray, pts: np.ndarray, scale: float, strength: float, rng: np.random.Generator) -> None:
    # the path resampled every 0.1 mm and smoothed (a hand's curve, not a polyline)
    seg = np.hypot(*np.diff(pts, axis=0).T)
    length = float(seg.sum())
    if length < 1:
        return
    at = np.concatenate([[0.0], np.cumsum(seg)])
    steps = np.linspace(0, length, max(2, int(length / (0.1 * scale))))
    path = np.stack([np.interp(steps, at, pts[:, 0]), np.interp(steps, at, pts[:, 1])], axis=1)
    if len(path) > 9:
        k = np.ones(5) / 5
        inner = np.stack([np.convolve(path[:, i], k, mode="valid") for i in (0, 1)], axis=1)
        path = np.concatenate([path[:2], inner, path[-2:]])
    n = len(path)
    # pressure: a slow curve along the stroke, lighter where the pen lands and lifts
    phase, period = rng.uniform(0, 2 * math.pi), rng.uniform(15, 60) * scale
    pressure = 0.8 + 0.2 * np.sin(phase + np.arange(n) * 2 * math.pi * (0.1 * scale) / period)
    radius_mm = rng.uniform(0.13, 0.32)
    x0, y0 = np.floor(path.min(axis=0) - 3 * scale).astype(int)
    x1, y1 = np.ceil(path.max(axis=0) + 3 * scale).astype(int)
    x0, y0 = max(x0, 0), max(y0, 0)
    x1, y1 = min(x1, cover.shape[1]), min(y1, cover.shape[0])
    if x1 <= x0 or y1 <= y0:
        return
    layer = np.zeros((y1 - y0, x1 - x0), dtype=np.float32)
    for (x, y), p in zip(path, pressure):
        r = max(0.6, radius_mm * scale * (0.7 + 0.3 * p))
        cv2.circle(layer, (int(round((x - x0) * 4)), int(round((y - y0) * 4))), int(round(r * 4)),
                   float(strength * p), -1, cv2.LINE_AA, shift=2)
    for end in (path[0], path[-1]):  # a blob where the pen lands or lifts
        if rng.random() < 0.4:
            cv2.circle(layer, (int(end[0] - x0), int(end[1] - y0)), max(1, int(radius_mm * scale * 1.4)),
                       float(min(1.0, strength * 1.1)), -1, cv2.LINE_AA)
    # the ball's grain: a little ink missing here and there along the stroke
    grain = rng.uniform(0.75, 1.0, (max(1, layer.shape[0] // 2), max(1, layer.shape[1] // 2))).astype(np.float32)
    layer *= cv2.resize(grain, (layer.shape[1], layer.shape[0]), interpolation=cv2.INTER_LINEAR)
    np.maximum(cover[y0:y1, x0:x1], layer, out=cover[y0:y1, x0:x1])


def feeder_scan(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A sheet-fed scan of a grey page."""
    h, w = image.shape
    page = image.astype(np.float32)
    # the paper's own shade (the ballot is printed on one side: nothing shows through)
    page *= rng.uniform(0.93, 1.0)
    # paper texture: smooth blotches at two scales
    for cells in (12, 60):
        blot = rng.normal(0, 1, (cells, max(1, cells * w // h))).astype(np.float32)
        page += rng.uniform(1, 4) * cv2.resize(blot, (w, h), interpolation=cv2.INTER_CUBIC)
    # the feeder: the sheet enters a little skewed, sheared and stretched along the feed
    pad_x, pad_y = int(w * 0.05), int(h * 0.04)
    angle = math.radians(rng.uniform(-2.5, 2.5) + (180 if rng.random() < 0.15 else 0))
    stretch = rng.uniform(0.985, 1.015)
    shear = rng.uniform(-0.01, 0.01)
    out_w, out_h = w + 2 * pad_x, h + 2 * pad_y
    c, s = math.cos(angle), math.sin(angle)
    a = np.array([[c, -s], [s, c]]) @ np.array([[1, shear], [0, stretch]])
    centre = np.array([w / 2, h / 2])
    t = np.array([out_w / 2, out_h / 2]) + rng.uniform(-0.015, 0.015, 2) * (w, h) - a @ centre
    m = np.hstack([a, t[:, None]]).astype(np.float32)
    out = cv2.warpAffine(page, m, (out_w, out_h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_CONSTANT,
                         borderValue=float(rng.uniform(20, 250)))
    # the scan head: brightness varying across it, and faint streaks where dust sits on the glass
    profile = 1.0 + rng.uniform(-0.05, 0.05) * np.cos(np.linspace(0, rng.uniform(1, 3) * math.pi, out_w))
    out *= profile[None, :].astype(np.float32)
    for _ in range(int(rng.integers(0, 3))):
        x = int(rng.integers(out_w))
        out[:, x:x + int(rng.integers(1, 3))] *= rng.uniform(0.9, 0.97)
    # the scanner's tone curve and sharpening, then a lower optical resolution than the file's
    out = 255.0 * (out.clip(0, 255) / 255.0) ** rng.uniform(0.8, 1.25)
    soft = cv2.GaussianBlur(out, (0, 0), rng.uniform(0.6, 1.2))
    out = out + rng.uniform(0.0, 0.8) * (out - soft)
    factor = rng.uniform(0.7, 1.0)
    if factor < 0.95:
        small = cv2.resize(out, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
        out = cv2.resize(small, (out_w, out_h), interpolation=cv2.INTER_LINEAR)
    # dust: a few dark and light specks
    for _ in range(int(rng.integers(0, 30))):
        cv2.circle(out, (int(rng.integers(out_w)), int(rng.integers(out_h))), 1,
                   float(rng.choice([30.0, 255.0])), -1)
    return _encode(out, rng, photo=False)


def camera_photo(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A phone photo of a grey page from a camera pose, with the lens's and the room's faults."""
    h, w = image.shape
    fw, fh = int(w * rng.uniform(1.15, 1.35)), int(h * rng.uniform(1.12, 1.3))
    roll = rng.uniform(-12, 12) + float(rng.choice([0, 90, 180, 270]) if rng.random() < 0.35 else 0)
    frame = (fw, fh) if int(round(roll / 90)) % 2 == 0 else (fh, fw)
    # the page's corners through a pinhole camera tilted and panned over it
    tilt, pan = math.radians(rng.uniform(-14, 14)), math.radians(rng.uniform(-14, 14))
    corners = np.array([[-w / 2, -h / 2, 0], [w / 2, -h / 2, 0], [w / 2, h / 2, 0], [-w / 2, h / 2, 0]])
    rx = np.array([[1, 0, 0], [0, math.cos(tilt), -math.sin(tilt)], [0, math.sin(tilt), math.cos(tilt)]])
    ry = np.array([[math.cos(pan), 0, math.sin(pan)], [0, 1, 0], [-math.sin(pan), 0, math.cos(pan)]])
    r = math.radians(roll)
    rz = np.array([[math.cos(r), -math.sin(r), 0], [math.sin(r), math.cos(r), 0], [0, 0, 1]])
    cam = corners @ (rz @ ry @ rx).T
    distance = 2.2 * max(w, h)
    focal = distance * min(frame) / max(w, h) * rng.uniform(0.72, 0.82)
    projected = cam[:, :2] * focal / (distance + cam[:, 2:3])
    projected += np.array(frame) / 2 + rng.uniform(-0.03, 0.03, 2) * frame
    matrix = cv2.getPerspectiveTransform(np.float32([[0, 0], [w, 0], [w, h], [0, h]]), projected.astype(np.float32))
    desk = float(rng.uniform(40, 200))
    out = cv2.warpPerspective(image.astype(np.float32), matrix, frame, flags=cv2.INTER_LINEAR,
                              borderMode=cv2.BORDER_CONSTANT, borderValue=desk)
    fh2, fw2 = out.shape
    ys, xs = np.mgrid[0:fh2:8, 0:fw2:8].astype(np.float32)
    nx, ny = (xs - fw2 / 2) / (fw2 / 2), (ys - fh2 / 2) / (fh2 / 2)
    rr = nx**2 + ny**2
    # lens distortion (barrel or pincushion), mapped on a coarse grid then interpolated
    k1 = rng.uniform(-0.012, 0.012)
    map_x = cv2.resize((xs + (xs - fw2 / 2) * k1 * rr).astype(np.float32), (fw2, fh2))
    map_y = cv2.resize((ys + (ys - fh2 / 2) * k1 * rr).astype(np.float32), (fw2, fh2))
    out = cv2.remap(out, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    # light: vignetting, a hard-edged shadow of the phone, a patch of glare
    light = 1.0 - rng.uniform(0.05, 0.3) * rr
    if rng.random() < 0.5:
        shadow = np.zeros(light.shape, dtype=np.float32)
        gh, gw = light.shape
        poly = np.array([[rng.uniform(0, gw), 0], [rng.uniform(0, gw), gh], [gw * rng.choice([0, 1]), gh],
                         [gw * rng.choice([0, 1]), 0]], dtype=np.int32)
        cv2.fillPoly(shadow, [poly], 1.0)
        shadow = cv2.GaussianBlur(shadow, (0, 0), 1.0)
        light *= 1.0 - rng.uniform(0.15, 0.4) * shadow
    light = cv2.resize(light.astype(np.float32), (fw2, fh2), interpolation=cv2.INTER_LINEAR)
    out *= light
    if rng.random() < 0.3:
        glare = np.zeros((fh2 // 8, fw2 // 8), dtype=np.float32)
        cv2.circle(glare, (int(rng.integers(fw2 // 8)), int(rng.integers(fh2 // 8))),
                   int(min(fw2, fh2) // 8 * rng.uniform(0.08, 0.2)), 1.0, -1)
        glare = cv2.resize(cv2.GaussianBlur(glare, (0, 0), 4), (fw2, fh2))
        out += rng.uniform(10, 35) * glare * (255 - out) / 255
    # defocus: a small disc
    radius = int(rng.integers(0, 3))
    if radius:
        disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1)).astype(np.float32)
        out = cv2.filter2D(out, -1, disc / disc.sum())
    # sensor noise grows with the signal (shot noise) on top of a read-noise floor
    small = (max(1, fw2 // 2), max(1, fh2 // 2))
    noise = cv2.resize(rng.standard_normal(small[::-1], dtype=np.float32), (fw2, fh2),
                       interpolation=cv2.INTER_NEAREST)
    out += noise * (1.5 + 0.25 * np.sqrt(out.clip(0, 255)))
    return _encode(out, rng, photo=True)


def _encode(image: np.ndarray, rng: np.random.Generator, *, photo: bool) -> np.ndarray:
    out = image.clip(0, 255).astype(np.uint8)
    way = int(rng.integers(3))
    if way == 0 and not photo:
        ok, data = cv2.imencode(".png", out, [cv2.IMWRITE_PNG_COMPRESSION, 1])
    elif way == 1 and not photo:
        ok, data = cv2.imencode(".webp", out, [cv2.IMWRITE_WEBP_QUALITY, int(rng.integers(70, 95))])
    else:  # saved by the phone or the scanner, then once more by whatever sent it
        ok, data = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(80, 97))])
        out = cv2.imdecode(data, cv2.IMREAD_UNCHANGED)
        ok, data = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(65, 90))])
    return cv2.imdecode(data, cv2.IMREAD_UNCHANGED)
