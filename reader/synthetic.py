"""Synthetic ballots for the reader's bench and tests: our own ballots rendered and rasterised, pen marks
drawn where the manifest says the names are, then degraded like a scan or a phone photo.

Every image carries its truth: per name the kind of mark, and what the legal reading makes of it."""

from __future__ import annotations

import math
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from ballots import payload
from ballots.manifest import NameBox, manifest
from ballots.render import render
from ballots.spec import BallotPage, BallotSpec, Candidate

KEY = bytes(range(7, 39))
GIVEN = ("An", "Bình", "Chi", "Dũng", "Hà", "Hùng", "Lan", "Minh", "Ngọc", "Phương", "Quân", "Thảo", "Yến")
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Ngọc", "Thanh", "Minh", "Hoàng Phương", "Thị Ngọc", "Công Tôn Nữ Thị")

#: Marks a voter makes, and what the legal reading makes of each: "struck" (a line covers the whole name),
#: "untouched", or "review" (not struck, and a person must look: the mark may make the ballot invalid).
TRUTH = {
    "none": "untouched",
    "full": "struck", "wobble": "struck", "double": "struck", "diagonal": "struck", "faint": "struck",
    "partial": "review", "circle": "review", "underline": "review", "overline": "review", "tick": "review",
}
#: Share of photos framed with one corner of the sheet out of the picture.
OUT_OF_FRAME_SHARE = 0.1
CLEAN = ("none", "full", "wobble", "double", "diagonal")
MUST_REVIEW = ("partial", "circle", "underline", "overline", "tick")
MARK_WEIGHTS = {"none": 8, "full": 6, "wobble": 2, "double": 1, "diagonal": 1, "faint": 1,
                "partial": 2, "circle": 1, "underline": 1, "overline": 1, "tick": 1}


@dataclass(frozen=True)
class Sample:
    image: np.ndarray  #: grey, as the reader reads a file (a colour JPEG's luminance is not subsampled)
    spec: BallotSpec
    contest_id: int
    marks: tuple[str, ...]  #: per name, a key of TRUTH
    kind: str  #: "scan" or "photo"
    dpi: int


def random_spec(rng: np.random.Generator) -> BallotSpec:
    seats = int(rng.integers(1, 3))
    count = int(rng.integers(max(2, seats + 1), 7))
    names = set()
    while len(names) < count:
        middle = MIDDLE[int(rng.integers(len(MIDDLE)))] if rng.random() < 0.9 else ""
        parts = [FAMILY[int(rng.integers(len(FAMILY)))], middle, GIVEN[int(rng.integers(len(GIVEN)))]]
        names.add(" ".join(p for p in parts if p))
    candidates = tuple(Candidate("Bà" if "Thị" in n else "Ông", n) for n in sorted(names))
    n = int(rng.integers(1, 40))
    return BallotSpec(
        issuer_lines=("UBND PHƯỜNG NGỌC THỤY", f"TỔ BẦU CỬ TDP SỐ {n}"), ward_name="Phường Ngọc Thụy",
        tdp_label=f"Tổ dân phố số {n}", title=f"PHIẾU BẦU {'TỔ TRƯỞNG' if seats == 1 else 'TỔ PHÓ'} TDP SỐ {n}",
        round_label="Bầu lần thứ nhất – ngày 15/10/2027", candidates=candidates, seats=seats,
    )


def definition_of(spec: BallotSpec) -> str:
    return payload.definition_hash({"title": spec.title, "names": [c.display_name for c in spec.candidates],
                                    "seats": spec.seats})


def rasterise(spec: BallotSpec, contest_id: int, count: int, dpi: int, grey: bool = False) -> list[np.ndarray]:
    """``count`` genuine ballots of ``spec`` (fresh serials) as BGR (or ``grey``) images at ``dpi``."""
    definition = definition_of(spec)
    pages = [BallotPage(s, payload.encode(payload.PayloadFields(definition, 1, contest_id, False, s), KEY))
             for s in payload.new_serials(count)]
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "b.pdf").write_bytes(render(spec, pages))
        # grey PGM: the print is black, and an uncompressed file is the fastest way through poppler
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", f"{tmp}/b.pdf", f"{tmp}/p"], check=True)
        pages = [cv2.imread(str(p), cv2.IMREAD_GRAYSCALE) for p in sorted(Path(tmp).glob("p-*.pgm"))]
    return pages if grey else [cv2.cvtColor(p, cv2.COLOR_GRAY2BGR) for p in pages]


def random_marks(rng: np.random.Generator, count: int, kinds: tuple[str, ...] | None = None) -> tuple[str, ...]:
    kinds = kinds or tuple(MARK_WEIGHTS)
    weights = np.array([MARK_WEIGHTS[k] for k in kinds], dtype=float)
    return tuple(kinds[int(i)] for i in rng.choice(len(kinds), size=count, p=weights / weights.sum()))


def draw_marks(image: np.ndarray, spec: BallotSpec, marks: tuple[str, ...], dpi: int,
               rng: np.random.Generator) -> np.ndarray:
    """Draw each name's mark with a pen (ink colour, width, pressure, wobble and skips drawn at random) on a
    BGR or grey ``image`` (grey: the pen's luminance, what the reader sees of it)."""
    face = manifest(spec)
    scale = dpi / 25.4
    alpha = np.zeros(image.shape[:2], dtype=np.float32)
    colour = np.array([(140, 40, 20), (40, 30, 30), (150, 70, 40)][int(rng.integers(3))], dtype=np.float32)
    if image.ndim == 2:
        colour = np.float32(colour @ np.float32([0.114, 0.587, 0.299]))
    for name, mark in zip(face.names, marks, strict=True):
        for stroke, strength in _strokes(name, mark, rng):
            width = rng.uniform(0.3, 0.7) * scale
            _draw_stroke(alpha, np.asarray(stroke) * scale, width, strength, rng, scale)
    out = image.copy()
    ys, xs = np.nonzero(alpha)
    if len(xs):  # blend only where the pen went
        y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
        a = alpha[y0:y1, x0:x1, None] if image.ndim == 3 else alpha[y0:y1, x0:x1]
        out[y0:y1, x0:x1] = (image[y0:y1, x0:x1].astype(np.float32) * (1 - a) + colour * a).clip(0, 255)
    return out


#: The tuning generator's faint pen: from a pen running dry (0.12) to a light hand (0.4). The held-out set
#: (reader/heldout.py) draws its strokes here too but keeps its own, unchanged faint range.
FAINT_STRENGTH = (0.12, 0.4)
HELDOUT_FAINT_STRENGTH = (0.28, 0.4)


def _strokes(name: NameBox, mark: str, rng: np.random.Generator,
             faint: tuple[float, float] = FAINT_STRENGTH) -> list[tuple[list[tuple[float, float]], float]]:
    """Polylines in mm for one mark, each with its pen strength (1 full ink)."""
    x0, x1 = name.box.x, name.box.right
    base, cap = name.baseline, name.cap_top
    band = base - cap
    strength = rng.uniform(0.75, 1.0)

    def line(ax, ay, bx, by, wobble=0.08):
        n = max(8, int(abs(bx - ax) / 2))
        ts = np.linspace(0, 1, n)
        jitter = rng.normal(0, wobble, n).cumsum() * 0.3
        jitter -= np.linspace(jitter[0], jitter[-1], n)
        return [(ax + (bx - ax) * s, ay + (by - ay) * s + j) for s, j in zip(ts, jitter)]

    def over():
        return rng.uniform(1.5, 6.0)

    mid = lambda: cap + band * rng.uniform(0.25, 0.75)  # noqa: E731
    if mark == "none":
        return []
    if mark in ("full", "faint", "wobble"):
        ya, slope = mid(), rng.uniform(-0.2, 0.2) * band / max(x1 - x0, 1)
        left, right = x0 - over(), x1 + over()
        wob = 0.3 if mark == "wobble" else 0.08
        s = rng.uniform(*faint) if mark == "faint" else strength
        return [(line(left, ya + slope * (left - x0), right, ya + slope * (right - x0), wob), s)]
    if mark == "double":
        ya = mid()
        gap = rng.uniform(0.5, 1.0) * rng.choice([-1, 1])
        return [(line(x0 - over(), ya, x1 + over(), ya), strength),
                (line(x0 - over(), ya + gap, x1 + over(), ya + gap * rng.uniform(0.6, 1.2)), strength)]
    if mark == "diagonal":
        ya, yb = (base - 0.1 * band, cap + 0.1 * band) if rng.random() < 0.5 else (cap + 0.1 * band, base - 0.1 * band)
        slope = (yb - ya) / (x1 - x0)
        left, right = x0 - over(), x1 + over()
        return [(line(left, ya + slope * (left - x0), right, ya + slope * (right - x0)), strength)]
    if mark == "partial":
        short = rng.uniform(0.0, 0.15) * (x1 - x0)
        ya = mid()
        if rng.random() < 0.5:
            return [(line(x0 - over(), ya, x1 - short, ya), strength)]
        return [(line(x0 + short, ya, x1 + over(), ya), strength)]
    if mark in ("underline", "overline"):
        y = base + rng.uniform(1.0, 2.2) if mark == "underline" else cap - band * rng.uniform(0.55, 0.9)
        return [(line(x0 - rng.uniform(0, 3), y, x1 + rng.uniform(0, 3), y), strength)]
    if mark == "circle":
        cx, cy = (x0 + x1) / 2, (base + cap) / 2 + rng.uniform(-0.5, 0.5)
        rx, ry = (x1 - x0) / 2 + rng.uniform(1, 4), band / 2 + rng.uniform(2, 4)
        start = rng.uniform(0, 2 * math.pi)
        ts = np.linspace(start, start + rng.uniform(2.0, 2.2) * math.pi, 80)
        return [([(cx + rx * math.cos(a), cy + ry * math.sin(a)) for a in ts], strength)]
    if mark == "tick":
        tx = x0 - rng.uniform(-2, 8) if rng.random() < 0.5 else x1 + rng.uniform(1, 6)
        ty = (base + cap) / 2
        size = rng.uniform(2.0, 4.0)
        return [([(tx - size * 0.4, ty - size * 0.1), (tx, ty + size * 0.4), (tx + size * 0.7, ty - size * 0.8)],
                 strength)]
    raise ValueError(mark)


#: Share of strokes where the pen skips (lifts off the paper for SKIP_MM) once or twice.
SKIP_SHARE = 0.2
SKIP_MM = (0.15, 0.5)


def _draw_stroke(alpha: np.ndarray, pts: np.ndarray, width: float, strength: float,
                 rng: np.random.Generator, scale: float = 0.0) -> None:
    thickness = max(1, int(round(width)))
    # drawn on a layer the size of the stroke's box (a whole page per stroke was most of the cost)
    pad = thickness + 2
    x0 = max(0, int(pts[:, 0].min()) - pad)
    y0 = max(0, int(pts[:, 1].min()) - pad)
    x1 = min(alpha.shape[1], int(pts[:, 0].max()) + pad + 1)
    y1 = min(alpha.shape[0], int(pts[:, 1].max()) + pad + 1)
    if x1 <= x0 or y1 <= y0:
        return
    layer = np.zeros((y1 - y0, x1 - x0), dtype=np.float32)
    local = (pts - (x0, y0)) * 16
    # pressure: each stretch of the stroke a little lighter or darker
    for (ax, ay), (bx, by) in zip(local, local[1:]):
        s = strength * rng.uniform(0.85, 1.0)
        cv2.line(layer, (int(ax), int(ay)), (int(bx), int(by)), float(s), thickness, cv2.LINE_AA, shift=4)
    if scale and len(pts) > 2 and rng.random() < SKIP_SHARE:  # the pen skips: short bare stretches
        for _ in range(int(rng.integers(1, 3))):
            k = int(rng.integers(1, len(pts) - 1))
            (ax, ay), (bx, by) = local[k - 1], local[k + 1]
            d = np.array([bx - ax, by - ay]) / max(math.hypot(bx - ax, by - ay), 1e-6)
            cx, cy = local[k]
            half = 3 * thickness * 16
            cv2.line(layer, (int(cx - d[1] * half), int(cy + d[0] * half)), (int(cx + d[1] * half), int(cy - d[0] * half)),
                     0.0, max(1, int(round(rng.uniform(*SKIP_MM) * scale))), cv2.LINE_8, shift=4)
    np.maximum(alpha[y0:y1, x0:x1], layer, out=alpha[y0:y1, x0:x1])


def degrade_scan(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A flatbed or sheet-fed scan: small rotation and shift, blur, noise, JPEG."""
    pad = int(image.shape[1] * 0.06)  # the platen is larger than an A5 sheet
    image = cv2.copyMakeBorder(image, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=(245, 245, 245, 0))
    h, w = image.shape[:2]
    angle = rng.uniform(-3, 3) + (180 if rng.random() < 0.1 else 0)
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    m[:, 2] += rng.uniform(-0.02, 0.02, 2) * (w, h)
    out = cv2.warpAffine(image, m, (w, h), borderMode=cv2.BORDER_CONSTANT, borderValue=(235, 235, 235))
    return _finish(out, rng, blur=rng.uniform(0, 1.0), noise=rng.uniform(0, 6), quality=int(rng.integers(60, 96)))


def degrade_photo(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A phone photo: perspective, any rotation (upside down too), a shadow, a lighting gradient, motion
    blur, noise, JPEG, on a table."""
    h, w = image.shape[:2]
    out_w, out_h = int(w * 1.25), int(h * 1.2)
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    turn = int(rng.integers(4)) if rng.random() < 0.3 else 0
    src = np.roll(src, turn, axis=0)  # a quarter, half or three-quarter turn
    size = (out_w, out_h) if turn % 2 == 0 else (out_h, out_w)
    jitter = rng.uniform(-0.06, 0.06, (4, 2)) * (size[0], size[1])
    margin = 0.1
    dst = np.float32([[size[0] * margin, size[1] * margin], [size[0] * (1 - margin), size[1] * margin],
                      [size[0] * (1 - margin), size[1] * (1 - margin)], [size[0] * margin, size[1] * (1 - margin)]])
    dst = (dst + jitter).astype(np.float32)
    if rng.random() < OUT_OF_FRAME_SHARE:  # framed carelessly: one corner of the sheet out of the picture
        corner = int(rng.integers(4))
        beyond = rng.uniform(0.005, 0.03) * max(size)
        edge = np.array([0.0 if dst[corner, 0] < size[0] / 2 else size[0],
                         0.0 if dst[corner, 1] < size[1] / 2 else size[1]])
        push = edge - dst[corner] + np.sign(edge - dst[corner] + 1e-6) * beyond
        axis = int(rng.integers(2))  # out past one edge (its neighbour on that side too, if it is as far out)
        dst[:, axis] += push[axis]
        dst = dst.astype(np.float32)
    matrix = cv2.getPerspectiveTransform(src, dst)
    table = np.array([rng.uniform(60, 120)] * 3 + [0])
    out = cv2.warpPerspective(image, matrix, size, borderMode=cv2.BORDER_CONSTANT, borderValue=table.tolist())
    out = out.astype(np.float32)
    xs = np.arange(size[0], dtype=np.float32)[None, :]
    ys = np.arange(size[1], dtype=np.float32)[:, None]
    direction = rng.uniform(0, 2 * math.pi)
    ramp = (xs * math.cos(direction) + ys * math.sin(direction)) / max(size)
    light = 1.0 - rng.uniform(0.1, 0.4) * (ramp - ramp.min()) / (np.ptp(ramp) + 1e-6)
    if rng.random() < 0.6:  # a soft shadow of a hand or a phone
        # drawn and blurred at an eighth of the size (the same soft shadow, 60 times cheaper)
        small = (max(1, size[0] // 8), max(1, size[1] // 8))
        shadow = np.zeros(small[::-1], dtype=np.float32)
        cx, cy = rng.uniform(0, small[0]), rng.uniform(0, small[1])
        cv2.ellipse(shadow, (int(cx), int(cy)), (int(small[0] * rng.uniform(0.2, 0.5)), int(small[1] * rng.uniform(0.1, 0.3))),
                    rng.uniform(0, 180), 0, 360, 1.0, -1)
        shadow = cv2.GaussianBlur(shadow, (0, 0), small[0] * 0.03)
        shadow = cv2.resize(shadow, size, interpolation=cv2.INTER_LINEAR)
        light *= 1.0 - rng.uniform(0.2, 0.45) * shadow
    out *= light[..., None] if out.ndim == 3 else light
    length = int(rng.integers(1, 5))
    if length > 1:
        kernel = np.zeros((length, length), np.float32)
        kernel[length // 2, :] = 1.0 / length
        rot = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), rng.uniform(0, 180), 1.0)
        kernel = cv2.warpAffine(kernel, rot, (length, length))
        kernel /= max(kernel.sum(), 1e-6)
        out = cv2.filter2D(out, -1, kernel)
    return _finish(out.clip(0, 255).astype(np.uint8), rng, blur=rng.uniform(0, 0.8), noise=rng.uniform(2, 7),
                   quality=int(rng.integers(70, 93)))


_GRAIN: list[np.ndarray] = []


def _grain(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """Unit Gaussian sensor noise of ``shape`` (the same on the three channels): a window at a random place
    in a bank drawn once per process, so a page's noise costs a copy, not a million draws."""
    if not _GRAIN:
        _GRAIN.append(np.random.default_rng(0x5EED).standard_normal(2**23, dtype=np.float32))
    bank = _GRAIN[0]
    n = shape[0] * shape[1]
    if n >= len(bank):
        return np.resize(bank, shape)
    start = int(rng.integers(len(bank) - n))
    return bank[start:start + n].reshape(shape)


def _finish(image: np.ndarray, rng: np.random.Generator, *, blur: float, noise: float, quality: int) -> np.ndarray:
    out = image.astype(np.float32)
    if blur > 0.2:
        out = cv2.GaussianBlur(out, (0, 0), blur)
    grain = _grain(out.shape[:2], rng) * np.float32(noise)
    out += grain[..., None] if out.ndim == 3 else grain
    np.clip(out, 0, 255, out=out)
    ok, jpeg = cv2.imencode(".jpg", out.astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, quality])
    return cv2.imdecode(jpeg, cv2.IMREAD_UNCHANGED)


def samples(rng: np.random.Generator, count: int, *, kind: str, per_spec: int = 6,
            kinds: tuple[str, ...] | None = None):
    """Yield ``count`` Samples of ``kind`` ("scan" or "photo"), ``per_spec`` ballots per random contest."""
    made = 0
    contest_id = 0
    while made < count:
        spec = random_spec(rng)
        contest_id += 1
        n = min(per_spec, count - made)
        dpi = int(rng.choice([150, 200, 240, 300])) if kind == "scan" else int(rng.integers(150, 230))
        for clean in rasterise(spec, contest_id, n, dpi, grey=True):
            marks = random_marks(rng, len(spec.candidates), kinds)
            drawn = draw_marks(clean, spec, marks, dpi, rng)
            image = degrade_scan(drawn, rng) if kind == "scan" else degrade_photo(drawn, rng)
            yield Sample(image, spec, contest_id, marks, kind, dpi)
            made += 1
