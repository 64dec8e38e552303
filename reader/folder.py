"""Read a folder of scans or photos, on one core or on a pool of processes."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import cv2

from .read import BallotRead, Sheet, Status, read_image

#: The image files read from a folder (a multi-page PDF or TIFF is split before, by the caller).
EXTENSIONS = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".webp")

_sheets: Mapping[int, Sheet] = {}


def images_in(folder: Path) -> list[Path]:
    """The image files of ``folder``, in name order."""
    return sorted(p for p in Path(folder).iterdir() if p.suffix.lower() in EXTENSIONS)


def read_file(path: Path, sheets: Mapping[int, Sheet]) -> BallotRead:
    """Read one image file; an unreadable file is a retake."""
    image = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    if image is None:
        return BallotRead(Status.RETAKE, "not an image")
    return read_image(image, sheets)


def read_folder(folder: Path, sheets: Mapping[int, Sheet], processes: int | None = 1
                ) -> Iterator[tuple[Path, BallotRead]]:
    """(path, read) for every image of ``folder``, in name order; ``processes`` None means every core."""
    paths = images_in(folder)
    workers = min(processes or os.cpu_count() or 1, max(1, len(paths)))
    if workers <= 1:
        for path in paths:
            yield path, read_file(path, sheets)
        return
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init, initargs=(dict(sheets),)) as pool:
        yield from zip(paths, pool.map(_read_in_worker, paths, chunksize=8))


def _init(sheets: Mapping[int, Sheet]) -> None:
    global _sheets
    _sheets = sheets
    cv2.setNumThreads(1)


def _read_in_worker(path: Path) -> BallotRead:
    return read_file(path, _sheets)
