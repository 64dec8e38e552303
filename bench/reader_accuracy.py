"""Benchmark: read our own ballots, marked and degraded, and count misreads (the reader must never guess).

Run as ``.venv/bin/python bench/reader_accuracy.py [--images N] [--seed S]``: renders random contests
(1–2 seats, 2–6 candidates, short and long names), rasterises them with poppler, draws pen marks (full,
partial 0–15% short, circles, underlines, overlines, ticks, faint, wobbly, double and diagonal strikes)
and degrades half as scans (150–300 dpi, rotation incl. upside down, blur, noise, JPEG) and half as phone
photos (perspective, any quarter turn, shadows, lighting gradients, motion blur). Prints the misread count,
clean-to-review %, partial/circle/underline/tick-to-review %, retake %, QR read %; ``misreads=<n>`` last.
Needs requirements-reader.txt.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parents[1])

import numpy as np  # noqa: E402

from reader import synthetic  # noqa: E402
from reader.evaluate import Score  # noqa: E402
from reader.read import Sheet, read_image  # noqa: E402
from reader.template import build  # noqa: E402


def run(images: int, seed: int, verbose: bool = False) -> Score:
    rng = np.random.default_rng(seed)
    score = Score()
    for kind in ("scan", "photo"):
        sheets: dict[int, Sheet] = {}
        for sample in synthetic.samples(rng, images // 2, kind=kind):
            if sample.contest_id not in sheets:
                sheets = {sample.contest_id: Sheet(build(sample.spec), synthetic.KEY,
                                                   synthetic.definition_of(sample.spec))}
            read = read_image(sample.image, sheets)
            before = len(score.misreads)
            score.add(kind, sample.marks, tuple(synthetic.TRUTH[m] for m in sample.marks), read)
            if verbose and len(score.misreads) > before:
                print("MISREAD", score.misreads[-1], file=sys.stderr)
            if verbose and sum(score.images.values()) % 50 == 0:  # figures so far, for a long run
                print(f"-- after {sum(score.images.values())} images:", file=sys.stderr)
                for line in score.lines(synthetic.CLEAN, synthetic.MUST_REVIEW):
                    print(line, file=sys.stderr)
    return score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=400)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    score = run(args.images, args.seed, args.verbose)
    print(f"seed={args.seed} wall={time.perf_counter() - started:.1f}s")
    for line in score.lines(synthetic.CLEAN, synthetic.MUST_REVIEW):
        print(line)


if __name__ == "__main__":
    main()
