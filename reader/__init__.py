"""Đọc phiếu: read ballots from scans and photos (an optional extra: OpenCV and zxing-cpp, see
requirements-reader.txt). Flask-free; the app runs without it: check ``available()`` before importing
``reader.read``."""

from __future__ import annotations

import importlib.util


def available() -> bool:
    """True when the optional packages the reader needs are installed."""
    return all(importlib.util.find_spec(name) is not None for name in ("cv2", "numpy", "zxingcpp"))
