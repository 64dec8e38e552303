"""Benchmark: read our own ballots, marked and degraded, and count misreads (the reader must never guess).

Run as ``nice .venv/bin/python bench/reader_accuracy.py [--images N] [--seed S] [--processes P]
[--heldout]``: renders random contests (1–2 seats, 2–6 candidates, short and long names), rasterises them
with poppler, draws pen marks (full, partial 0–15% short, circles, underlines, overlines, ticks, faint,
wobbly, double and diagonal strikes; pen pressure, width and skips) and degrades half as scans (150–300 dpi,
rotation incl. upside down, blur, noise, JPEG) and half as phone photos (perspective, any quarter turn,
shadows, lighting gradients, motion blur, a corner out of frame). ``--heldout`` uses the held-out set
instead: its own seed and reader/heldout.py's independent pen and degradations, never used to tune a
threshold. The images are made and read in ``--processes`` worker processes (default: every core), in
chunks with their own seeds, so a run is the same whatever the number of processes.

Prints clean-to-review %, partial/circle/underline/tick-to-review %, retake %, QR read %, the reasons,
the number of name decisions, and ``misreads=<n>`` last. 30,000 name decisions take about 7,100 images.
Needs requirements-reader.txt.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parents[1])

import numpy as np  # noqa: E402

from reader import heldout, synthetic  # noqa: E402
from reader.evaluate import Score  # noqa: E402
from reader.read import Sheet, read_image  # noqa: E402
from reader.template import build  # noqa: E402

#: Images per chunk of work (one seed each).
CHUNK = 24
#: The held-out set's seed when --seed is not given (the tuning seed is 13).
HELDOUT_SEED = 90210


def run_chunk(kind: str, seed: int, images: int, held_out: bool) -> Score:
    """Make and read ``images`` images of ``kind`` from ``seed``; the score."""
    import cv2

    cv2.setNumThreads(1)
    rng = np.random.default_rng(seed)
    score = Score()
    sheets: dict[int, Sheet] = {}
    make = heldout.samples if held_out else synthetic.samples
    for sample in make(rng, images, kind=kind):
        if sample.contest_id not in sheets:
            sheets = {sample.contest_id: Sheet(build(sample.spec), synthetic.KEY,
                                               synthetic.definition_of(sample.spec))}
        score.add(kind, sample.marks, tuple(synthetic.TRUTH[m] for m in sample.marks),
                  read_image(sample.image, sheets))
    return score


def run(images: int, seed: int, *, held_out: bool = False, processes: int | None = None,
        verbose: bool = False, stop_after: float | None = None) -> Score:
    """Half the images scans, half photos, in chunks of CHUNK with seeds spawned from ``seed``; with
    ``stop_after`` (seconds), the chunks not started by then are dropped and the score covers the rest."""
    jobs = []
    for kind, share in (("scan", images // 2), ("photo", images - images // 2)):
        count = -(-share // CHUNK)
        seeds = np.random.SeedSequence([seed, kind == "photo", held_out]).generate_state(max(count, 1))
        for i in range(count):
            jobs.append((kind, int(seeds[i]), min(CHUNK, share - i * CHUNK), held_out))
    score = Score()
    workers = processes or os.cpu_count() or 1
    started = time.perf_counter()
    if workers <= 1:
        done = (run_chunk(*job) for job in jobs)
    else:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("forkserver"))
        futures = [pool.submit(run_chunk, *job) for job in jobs]
        done = (f.result() for f in as_completed(futures) if not f.cancelled())
    for i, part in enumerate(done, 1):
        score.merge(part)
        if stop_after is not None and time.perf_counter() - started > stop_after and workers > 1:
            cancelled = sum(f.cancel() for f in futures)
            if cancelled:
                print(f"-- stopping after {stop_after:.0f}s: {cancelled} chunks not started are dropped",
                      file=sys.stderr, flush=True)
        if verbose:
            for misread in part.misreads:
                print("MISREAD", misread, file=sys.stderr)
            if i % 10 == 0 or i == len(jobs):
                print(f"-- {i}/{len(jobs)} chunks, {sum(score.images.values())} images, "
                      f"{sum(score.names.values())} decisions, {len(score.misreads)} misreads, "
                      f"{time.perf_counter() - started:.0f}s", file=sys.stderr, flush=True)
            if i % 40 == 0:
                print("\n".join(score.lines(synthetic.CLEAN, synthetic.MUST_REVIEW)), file=sys.stderr, flush=True)
    if workers > 1:
        pool.shutdown()
    return score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=400)
    parser.add_argument("--seed", type=int, default=None, help=f"13 (tuning) or {HELDOUT_SEED} (held out)")
    parser.add_argument("--heldout", action="store_true", help="the held-out set (reader/heldout.py)")
    parser.add_argument("--processes", type=int, default=None, help="worker processes (default every core)")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--stop-after", type=float, default=None,
                        help="seconds: chunks not started by then are dropped (the figures say how many decisions)")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else (HELDOUT_SEED if args.heldout else 13)
    started = time.perf_counter()
    score = run(args.images, seed, held_out=args.heldout, processes=args.processes, verbose=args.verbose,
                stop_after=args.stop_after)
    print(f"set={'held-out' if args.heldout else 'tuning'} seed={seed} wall={time.perf_counter() - started:.1f}s "
          f"load_average={os.getloadavg()[0]:.1f}")
    for line in score.lines(synthetic.CLEAN, synthetic.MUST_REVIEW):
        print(line)


if __name__ == "__main__":
    main()
