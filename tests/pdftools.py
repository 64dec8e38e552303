"""Read generated PDFs back with poppler and zbar, as a person's tools would."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path


def pdf_text(pdf: bytes, *, layout: bool = False, raw: bool = False) -> str:
    """The text poppler reads; `raw` in content-stream order (a rotated watermark comes out whole)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + (["-raw"] if raw else []) + [str(path), "-"]
        return subprocess.run(args, capture_output=True, check=True, text=True).stdout


def pdf_fonts(pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        return subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout


def qr_codes(pdf: bytes, *, dpi: int = 150, first: int | None = None, last: int | None = None) -> list[list[str]]:
    """Every QR code on every page, decoded by zbar, page by page."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        args = ["pdftoppm", "-r", str(dpi), "-gray", "-png"]
        if first:
            args += ["-f", str(first)]
        if last:
            args += ["-l", str(last)]
        subprocess.run(args + [str(path), str(Path(tmp) / "p")], check=True)
        pages = []
        for png in sorted(Path(tmp).glob("p-*.png")):
            out = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(png)],
                                 capture_output=True, text=True)
            pages.append([line for line in out.stdout.splitlines() if line])
        return pages
