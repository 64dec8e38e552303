"""Find the page in an image: the corner fiducials (and the QR's corners as a fifth anchor), the page
homography, the QR payload, and the warp to the canonical page with a fine registration on the printed face."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import zxingcpp

from ballots import qr as ballot_qr
from ballots.manifest import FaceManifest

from .thresholds import (
    DETECT_MAX_SIDE,
    FIDUCIAL_MAX_RESIDUAL_MM,
    MIN_FIDUCIALS,
    PX_PER_MM,
    QR_FRAME_INSET_MM,
    QR_RETRY_LOCAL_OFFSET,
    QR_RETRY_LOCAL_WINDOW_MM,
    QR_RETRY_MARGIN_MM,
    QR_RETRY_PX_PER_MM,
)

_DICTIONARY = cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_4X4_50)
_PARAMETERS = cv2.aruco.DetectorParameters()
_PARAMETERS.minMarkerPerimeterRate = 0.01
_PARAMETERS.cornerRefinementMethod = cv2.aruco.CORNER_REFINE_SUBPIX
_DETECTOR = cv2.aruco.ArucoDetector(_DICTIONARY, _PARAMETERS)
#: Our four markers are ids 0..3; any other id found is not ours.
_OUR_IDS = range(4)


@dataclass(frozen=True)
class PageFit:
    """The page found in an image: ``to_image`` maps canonical pixels to image pixels."""

    to_image: np.ndarray
    fiducials: tuple[int, ...]  #: ids of the markers the fit rests on
    residual_mm: float  #: worst marker corner residual


def gray_of(image: np.ndarray) -> np.ndarray:
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def find_fiducials(gray: np.ndarray) -> dict[int, np.ndarray]:
    """Marker id -> its four corners in image pixels (marker's own top-left first, clockwise)."""
    scale = min(1.0, DETECT_MAX_SIDE / max(gray.shape))
    small = gray if scale == 1.0 else cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    corners, ids, _ = _DETECTOR.detectMarkers(small)
    found: dict[int, np.ndarray] = {}
    if ids is None:
        return found
    for marker, quad in zip(ids.ravel().tolist(), corners):
        if marker in _OUR_IDS and marker not in found:
            found[marker] = quad.reshape(4, 2) / scale
    return found


def fit_page(face: FaceManifest, found: dict[int, np.ndarray]) -> PageFit | None:
    """The homography canonical page -> image from the markers found, or None ("retake") when fewer than
    MIN_FIDUCIALS agree."""
    canonical = {f.marker_id: _square(f.box.x, f.box.y, f.box.width) for f in face.fiducials}
    ids = sorted(m for m in found if m in canonical)
    while len(ids) >= MIN_FIDUCIALS:
        src = np.concatenate([canonical[m] for m in ids]).astype(np.float32)
        dst = np.concatenate([found[m] for m in ids]).astype(np.float32)
        to_image, _ = cv2.findHomography(src, dst, 0)
        if to_image is None:
            return None
        back = np.linalg.inv(to_image)
        residuals = {m: _residual_mm(back, found[m], canonical[m]) for m in ids}
        worst = max(residuals, key=residuals.get)
        if residuals[worst] <= FIDUCIAL_MAX_RESIDUAL_MM:
            return PageFit(to_image, tuple(ids), residuals[worst])
        ids.remove(worst)
    return None


def read_code(gray: np.ndarray, face: FaceManifest, fit: PageFit | None) -> tuple[str, np.ndarray] | None:
    """The QR text and its four corners in image pixels; searched near where the page puts the code when
    there is a fit, else in the whole image."""
    offset = np.zeros(2)
    region = gray
    if fit is not None:
        q = face.qr
        box = cv2.perspectiveTransform(
            _square(q.x - 5, q.y - 5, q.width + 10).reshape(-1, 1, 2), fit.to_image).reshape(-1, 2)
        x0, y0 = np.maximum(box.min(axis=0).astype(int), 0)
        x1, y1 = box.max(axis=0).astype(int)
        region, offset = gray[y0:y1, x0:x1], np.array([x0, y0], dtype=float)
        if region.size == 0:
            region, offset = gray, np.zeros(2)
    codes = zxingcpp.read_barcodes(np.ascontiguousarray(region), formats=zxingcpp.BarcodeFormat.QRCode)
    if not codes and region is not gray:
        codes = zxingcpp.read_barcodes(gray, formats=zxingcpp.BarcodeFormat.QRCode)
        offset = np.zeros(2)
    if not codes:
        return _read_straightened(gray, face, fit) if fit is not None else None
    return codes[0].text, _corners(codes[0]) + offset


def _corners(code) -> np.ndarray:
    pos = code.position
    return np.array([[p.x, p.y] for p in (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left)],
                    dtype=float)


def _read_straightened(gray: np.ndarray, face: FaceManifest, fit: PageFit) -> tuple[str, np.ndarray] | None:
    """The code read again where the page says it is, cut out square and upright at QR_RETRY_PX_PER_MM (a
    photo's perspective, rotation or scale can defeat the decoder on the raw image): plain, binarised over
    the whole cut-out, then binarised locally (a blurred low-resolution code's modules are mid-grey).
    Corners are mapped back to image pixels. What it reads is still verified like any code: a decoder
    answers only what passes the code's own error correction, and the payload's signature is checked after."""
    q, margin = face.qr, QR_RETRY_MARGIN_MM
    side = round((q.width + 2 * margin) * QR_RETRY_PX_PER_MM)
    step = PX_PER_MM / QR_RETRY_PX_PER_MM  # canonical pixels per pixel of the cut-out
    to_canonical = np.array([[step, 0, (q.x - margin) * PX_PER_MM], [0, step, (q.y - margin) * PX_PER_MM],
                             [0, 0, 1]], dtype=np.float64)
    to_image = fit.to_image @ to_canonical
    patch = cv2.warpPerspective(gray, to_image, (side, side), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                                borderMode=cv2.BORDER_REPLICATE)
    _, binary = cv2.threshold(cv2.GaussianBlur(patch, (3, 3), 0), 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    window = round(QR_RETRY_LOCAL_WINDOW_MM * QR_RETRY_PX_PER_MM) | 1
    local = cv2.adaptiveThreshold(patch, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, window,
                                  QR_RETRY_LOCAL_OFFSET)
    for attempt in (patch, binary, local):
        codes = zxingcpp.read_barcodes(np.ascontiguousarray(attempt), formats=zxingcpp.BarcodeFormat.QRCode)
        if codes:
            corners = cv2.perspectiveTransform(_corners(codes[0]).reshape(-1, 1, 2), to_image).reshape(-1, 2)
            return codes[0].text, corners
    return None


def code_out_of_frame(shape: tuple[int, ...], face: FaceManifest, fit: PageFit) -> bool:
    """Whether the page puts part of its code's modules (the printed code box less QR_FRAME_INSET_MM of its
    quiet zone) outside the image: a photo with the code cut off, to be taken again."""
    q, inset = face.qr, QR_FRAME_INSET_MM
    box = cv2.perspectiveTransform(_square(q.x + inset, q.y + inset, q.width - 2 * inset).reshape(-1, 1, 2),
                                   fit.to_image).reshape(-1, 2)
    height, width = shape[:2]
    return bool((box < 0).any() or (box[:, 0] > width - 1).any() or (box[:, 1] > height - 1).any())


def refit_with_code(face: FaceManifest, found: dict[int, np.ndarray], fit: PageFit, text: str,
                    corners: np.ndarray) -> PageFit:
    """The fit again with the code's corners as a fifth anchor, when they agree with the markers."""
    size = ballot_qr.encode(text).size
    module = face.qr.width / (size + 2 * ballot_qr.QUIET_ZONE)
    inner = _square(face.qr.x + ballot_qr.QUIET_ZONE * module, face.qr.y + ballot_qr.QUIET_ZONE * module,
                    size * module)
    if _residual_mm(np.linalg.inv(fit.to_image), corners, inner) > FIDUCIAL_MAX_RESIDUAL_MM:
        return fit
    canonical = {f.marker_id: _square(f.box.x, f.box.y, f.box.width) for f in face.fiducials}
    src = np.concatenate([canonical[m] for m in fit.fiducials] + [inner]).astype(np.float32)
    dst = np.concatenate([found[m] for m in fit.fiducials] + [corners]).astype(np.float32)
    to_image, _ = cv2.findHomography(src, dst, 0)
    return fit if to_image is None else PageFit(to_image, fit.fiducials, fit.residual_mm)


def warp(gray: np.ndarray, to_image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """The canonical page cut out of the image. A large image is first shrunk (area averaging) to about
    the canonical scale, so thin pen lines are averaged, not skipped."""
    scale = _scale(to_image, size)
    if scale > 1.5:
        shrink = 1.0 / scale
        gray = cv2.resize(gray, None, fx=shrink, fy=shrink, interpolation=cv2.INTER_AREA)
        to_image = np.diag([shrink, shrink, 1.0]) @ to_image
    return cv2.warpPerspective(gray, to_image, size, flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                               borderMode=cv2.BORDER_REPLICATE)


def _scale(to_image: np.ndarray, size: tuple[int, int]) -> float:
    """Image pixels per canonical pixel at the middle of the page."""
    w, h = size
    pts = np.array([[[w / 2, h / 2]], [[w / 2 + 100, h / 2]], [[w / 2, h / 2 + 100]]], dtype=np.float32)
    a, b, c = cv2.perspectiveTransform(pts, to_image).reshape(3, 2)
    return float((np.linalg.norm(b - a) + np.linalg.norm(c - a)) / 200)


def _square(x: float, y: float, side: float) -> np.ndarray:
    """The corners of a square given in mm, as canonical pixels, top-left first, clockwise."""
    s = PX_PER_MM
    return np.array([[x, y], [x + side, y], [x + side, y + side], [x, y + side]], dtype=np.float64) * s


def _residual_mm(back: np.ndarray, image_pts: np.ndarray, canonical_pts: np.ndarray) -> float:
    mapped = cv2.perspectiveTransform(np.asarray(image_pts, dtype=np.float64).reshape(-1, 1, 2), back)
    return float(np.max(np.linalg.norm(mapped.reshape(-1, 2) - canonical_pts, axis=1)) / PX_PER_MM)
