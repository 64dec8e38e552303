"""Ballot PDFs: one A5 page per ballot, or two A5 ballots side by side on A4 with cut marks, fast enough to
print a whole ward in seconds."""

from __future__ import annotations

import io
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
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


#: Two A5 ballots side by side on A4 landscape: the sheet, and where the right-hand ballot starts.
SHEET = landscape(A4)
RIGHT_X = SHEET[0] - layout.PAGE_WIDTH
CUT_X = SHEET[0] / 2
CUT_TICK = 7 * mm


def render_sets(sets: Sequence[Job], *, two_up: bool = False) -> bytes:
    """Several contests' ballots in one PDF (a whole TDP: the leader's, then the deputy's), each contest in
    the order of its pages; with ``two_up``, two A5 ballots side by side on each A4 landscape sheet, cut
    marks on the line between them, and each contest starting on a sheet of its own (so a cut stack holds
    one contest only). The layout of each ballot, fold included, is render()'s.

    Raises ValueError without sets or with a set without pages.
    """
    if not sets or any(not pages for _, pages in sets):
        raise ValueError("nothing to print: no pages")
    register_fonts()
    out = io.BytesIO()
    canvas = Canvas(
        out, pagesize=SHEET if two_up else layout.A5, pageCompression=0, invariant=1, initialFontName=SERIF
    )
    canvas.setTitle(" + ".join(spec.title for spec, _ in sets))
    canvas.setCreator(CREATOR)
    for index, (spec, _) in enumerate(sets):
        canvas.beginForm(f"{_FACE}-{index}", 0, 0, layout.PAGE_WIDTH, layout.PAGE_HEIGHT)
        layout.draw_face(canvas, spec)
        canvas.endForm()
    for index, (_, pages) in enumerate(sets):
        per_sheet = 2 if two_up else 1
        for start in range(0, len(pages), per_sheet):
            if two_up:
                _draw_cut_marks(canvas)
            for slot, page in enumerate(pages[start:start + per_sheet]):
                canvas.saveState()
                canvas.translate(RIGHT_X * slot, 0)
                canvas.doForm(f"{_FACE}-{index}")
                qr.draw(canvas, qr.encode(page.payload), layout.QR.x, layout.QR.y, layout.QR.width)
                layout.draw_serial(canvas, short_serial(page.serial))
                canvas.restoreState()
            canvas.showPage()
    canvas.save()
    return out.getvalue()


def _draw_cut_marks(canvas: Canvas) -> None:
    """Ticks at the top and bottom edges and a dotted line between them, in the gap between the two
    ballots: on the cut itself, never across a ballot, so a cut ballot shows none of it."""
    canvas.saveState()
    canvas.setLineWidth(0.4)
    canvas.setStrokeGray(0.2)
    canvas.line(CUT_X, SHEET[1], CUT_X, SHEET[1] - CUT_TICK)
    canvas.line(CUT_X, 0, CUT_X, CUT_TICK)
    canvas.setDash(1, 3)
    canvas.line(CUT_X, CUT_TICK, CUT_X, SHEET[1] - CUT_TICK)
    canvas.restoreState()


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
