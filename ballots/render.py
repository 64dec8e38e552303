"""Ballot PDFs: one A5 page per ballot, fast enough to print a whole ward in seconds."""

from __future__ import annotations

import io
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed

from reportlab.pdfgen.canvas import Canvas

from . import layout, qr
from .fonts import SERIF, register_fonts
from .payload import short_serial
from .spec import BallotPage, BallotSpec

_FACE = "ballot-face"
CREATOR = "Bầu cử Tổ dân phố"

Job = tuple[BallotSpec, Sequence[BallotPage]]
Progress = Callable[[int, int], None]


def render(spec: BallotSpec, pages: Sequence[BallotPage]) -> bytes:
    """The PDF with one ballot per page, in the order of ``pages``.

    The same inputs always give the same bytes. Raises ValueError without pages.
    """
    return _render(spec, pages, draw_codes=True)


def render_many(
    jobs: Sequence[Job],
    processes: int | None = None,
    progress: Progress | None = None,
) -> list[bytes]:
    """render() every (spec, pages) job on a pool of processes; PDFs in job order.

    One job (one contest of one TDP) is one task; the largest go first so the
    cores finish together. ``processes`` defaults to every core; with one
    process or one job everything runs here. ``progress(done, total)`` is
    called in this process after each finished job.
    """
    jobs = list(jobs)
    total = len(jobs)
    workers = min(processes or os.cpu_count() or 1, total)
    if workers <= 1:
        return [_report(render(*job), done, total, progress) for done, job in enumerate(jobs, 1)]
    results: list[bytes] = [b""] * total
    largest_first = sorted(range(total), key=lambda i: len(jobs[i][1]), reverse=True)
    # forkserver: the workers inherit neither the caller's threads nor its
    # open connections, which a fork of a web worker would.
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {pool.submit(render, *jobs[i]): i for i in largest_first}
        for done, future in enumerate(as_completed(futures), start=1):
            results[futures[future]] = _report(future.result(), done, total, progress)
    return results


def _report(pdf: bytes, done: int, total: int, progress: Progress | None) -> bytes:
    if progress is not None:
        progress(done, total)
    return pdf


def _render(spec: BallotSpec, pages: Sequence[BallotPage], *, draw_codes: bool) -> bytes:
    """render(), or with ``draw_codes=False`` the same pages without QR codes (bench ceiling)."""
    if not pages:
        raise ValueError("nothing to print: no pages")
    register_fonts()
    out = io.BytesIO()
    # Nothing is compressed. Measured on 1,000 ballots: reportlab's default
    # zlib + ASCII85 is ~35% slower; zlib alone is ~4% slower for files ~2.8x
    # smaller, but needs the process-wide rl_config.useA85 off. Compressing
    # the font subsets costs ~9 ms a PDF to save ~60 kB.
    canvas = Canvas(
        out, pagesize=layout.A5, pageCompression=0, invariant=1, initialFontName=SERIF
    )
    canvas.setTitle(spec.title)
    canvas.setCreator(CREATOR)
    canvas.beginForm(_FACE)
    layout.draw_face(canvas, spec)
    canvas.endForm()
    x, y, side = layout.QR.x, layout.QR.y, layout.QR.width
    for page in pages:
        canvas.doForm(_FACE)
        if draw_codes:
            qr.draw(canvas, qr.encode(page.payload), x, y, side)
        layout.draw_serial(canvas, short_serial(page.serial))
        canvas.showPage()
    canvas.save()
    return out.getvalue()
