"""The expected face of a contest's ballots: its layout manifest and the printed face rendered to the
canonical page, from which the reader predicts the printed ink."""

from __future__ import annotations

import io
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from reportlab.pdfgen.canvas import Canvas

from ballots import layout
from ballots.fonts import SERIF, register_fonts
from ballots.manifest import FaceManifest, Rect, manifest
from ballots.spec import BallotSpec

from .thresholds import PRINTED_DARKNESS, PRINTED_GROW_MM, PX_PER_MM


@dataclass(frozen=True)
class Template:
    """One contest's face: ``darkness`` is the rendered face on the canonical page (0 white .. 1 black),
    ``printed`` where printed ink is expected, grown by PRINTED_GROW_MM."""

    manifest: FaceManifest
    darkness: np.ndarray
    printed: np.ndarray

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) of the canonical page in pixels."""
        return self.darkness.shape[1], self.darkness.shape[0]


def build(spec: BallotSpec) -> Template:
    """Render ``spec``'s face (no code, no serial) with poppler's pdftoppm and derive the prediction."""
    face = manifest(spec)
    width, height = round(face.page_width * PX_PER_MM), round(face.page_height * PX_PER_MM)
    gray = _rasterise(_face_pdf(spec), width, height)
    darkness = 1.0 - gray.astype(np.float32) / 255.0
    grow = max(1, round(PRINTED_GROW_MM * PX_PER_MM))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * grow + 1, 2 * grow + 1))
    printed = cv2.dilate((darkness > PRINTED_DARKNESS).astype(np.uint8), kernel) > 0
    return Template(face, darkness, printed)


def px(rect: Rect) -> tuple[int, int, int, int]:
    """A manifest rectangle as (x0, y0, x1, y1) canonical pixels."""
    return (round(rect.x * PX_PER_MM), round(rect.y * PX_PER_MM),
            round(rect.right * PX_PER_MM), round(rect.bottom * PX_PER_MM))


def _face_pdf(spec: BallotSpec) -> bytes:
    register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=layout.A5, invariant=1, initialFontName=SERIF)
    layout.draw_face(canvas, spec)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _rasterise(pdf: bytes, width: int, height: int) -> np.ndarray:
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "face.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-gray", "-singlefile", "-scale-to-x", str(width), "-scale-to-y",
                        str(height), f"{tmp}/face.pdf", f"{tmp}/face"], check=True, capture_output=True)
        image = cv2.imread(f"{tmp}/face.pgm", cv2.IMREAD_GRAYSCALE)
    if image is None or image.shape != (height, width):
        raise RuntimeError("pdftoppm did not render the ballot face")
    return image
