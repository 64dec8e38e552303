"""Scans of ballots printed by the app: a run's PDF rasterised, pen marks drawn per name, JPEG bytes."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

import cv2
import numpy as np

from app.printing import services as printing
from reader import synthetic

DPI = 200


def scanned(run, marks: list[tuple[str, ...]], *, seed: int = 5, dpi: int = DPI) -> list[bytes]:
    """One JPEG per entry of `marks` (a mark per name, keys of reader.synthetic.TRUTH), each a different
    ballot of `run` (the run must hold at least len(marks) ballots)."""
    spec = printing.ballot_spec(run)
    rng = np.random.default_rng(seed)
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "b.pdf"
        pdf.write_bytes(printing.render_run(run))
        subprocess.run(["pdftoppm", "-r", str(dpi), "-l", str(len(marks)), "-png", str(pdf),
                        str(Path(folder) / "page")], check=True)
        pages = sorted(Path(folder).glob("page-*.png"))[:len(marks)]
        out = []
        for page, mark in zip(pages, marks, strict=True):
            image = synthetic.draw_marks(cv2.imread(str(page)), spec, mark, dpi, rng)
            out.append(cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes())
        return out


def multipart(files: list[tuple[str, bytes]], field: str = "files") -> dict:
    """client.post(**multipart(...)): the body built in memory (the test client spools a large multipart body
    to a temporary file it never closes)."""
    from werkzeug.datastructures import FileStorage, MultiDict
    from werkzeug.test import encode_multipart

    boundary, body = encode_multipart(MultiDict([(field, FileStorage(io.BytesIO(data), filename=name))
                                                 for name, data in files]))
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}
