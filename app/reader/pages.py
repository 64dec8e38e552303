"""Split an upload into ballot pages: an image as it is, a multi-page TIFF and a PDF page by page.

A PDF is rasterised by poppler's `pdftoppm` (the system package poppler-utils, which the ballot tests use
already) at PDF_DPI in grey; a TIFF by OpenCV's imdecodemulti. Every page that is not the uploaded bytes is
stored as PNG (lossless: the stored image is the evidence)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from app.reader.errors import NOT_INSTALLED, ReaderError

PDF_DPI = 200
#: Files of a scanned folder that are not ballots (a scanner's index, a truth file): skipped, not refused.
SKIPPED_SUFFIXES = (".csv", ".txt", ".db", ".ini", ".xml", ".json", ".ds_store")
PDF_SECONDS = 120


@dataclass(frozen=True)
class Page:
    data: bytes
    media_type: str


def _kind(data: bytes) -> str | None:
    if data.startswith(b"%PDF"):
        return "pdf"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"BM"):
        return "image/bmp"
    return None


def skipped(filename: str) -> bool:
    name = Path(filename or "").name.lower()
    return name.startswith(".") or name.endswith(SKIPPED_SUFFIXES)


def pages_of(filename: str, data: bytes) -> list[Page]:
    """The ballot pages of one uploaded file; ReaderError naming the file when it is none of an image, a
    PDF or a TIFF, or does not decode."""
    from reader import available

    if not available():
        raise ReaderError("reader_missing", NOT_INSTALLED, status=503)
    import cv2
    import numpy as np

    label = Path(filename or "").name or "tệp"
    kind = _kind(data)
    if kind is None:
        raise ReaderError("not_an_image", f"Tệp “{label}” không phải ảnh (JPEG, PNG, TIFF) hay PDF.")
    if kind == "pdf":
        pages = _pdf_pages(label, data)
    elif kind == "tiff":
        ok, images = cv2.imdecodemulti(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)
        if not ok or not images:
            raise ReaderError("not_an_image", f"Tệp TIFF “{label}” không đọc được.")
        pages = [Page(cv2.imencode(".png", image)[1].tobytes(), "image/png") for image in images]
    else:
        if cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE) is None:
            raise ReaderError("not_an_image", f"Ảnh “{label}” bị hỏng, không đọc được.")
        pages = [Page(data, kind)]
    if not pages:
        raise ReaderError("not_an_image", f"Tệp “{label}” không có trang nào.")
    return pages


def _pdf_pages(label: str, data: bytes) -> list[Page]:
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise ReaderError("pdf_unsupported", f"Máy chủ chưa cài poppler-utils (pdftoppm): không tách được PDF "
                          f"“{label}”. Hãy tải lên ảnh từng trang.")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(data)
        done = subprocess.run([tool, "-r", str(PDF_DPI), "-gray", "-png", str(source), str(Path(folder) / "p")],
                              capture_output=True, timeout=PDF_SECONDS, check=False)
        if done.returncode != 0:
            raise ReaderError("not_an_image", f"Tệp PDF “{label}” bị hỏng, không tách được trang.")
        return [Page(p.read_bytes(), "image/png") for p in sorted(Path(folder).glob("p-*.png"))]
