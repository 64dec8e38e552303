"""Benchmark: ballot images read per second, on one core and on every core, and the wall time to read a
600-ballot TDP from a folder of scans end to end.

Run as ``.venv/bin/python bench/reader_speed.py [--dpi 200] [--ballots 600]``. A few dozen marked scans are
made once (bench/reader_accuracy.py's generator), written as JPEG and copied up to ``--ballots`` files;
then the folder is read. The last line is ``per_core=<images/s>``. Needs requirements-reader.txt.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parents[1])

import cv2  # noqa: E402
import numpy as np  # noqa: E402

from reader import synthetic  # noqa: E402
from reader.folder import read_folder  # noqa: E402
from reader.read import Sheet, Status  # noqa: E402
from reader.template import build  # noqa: E402


def make_folder(folder: Path, ballots: int, distinct: int, dpi: int) -> dict[int, Sheet]:
    rng = np.random.default_rng(600)
    spec = synthetic.random_spec(rng)
    images = synthetic.rasterise(spec, 1, distinct, dpi)
    for i, image in enumerate(images):
        marks = synthetic.random_marks(rng, len(spec.candidates), synthetic.CLEAN)
        scan = synthetic.degrade_scan(synthetic.draw_marks(image, spec, marks, dpi, rng), rng)
        cv2.imwrite(str(folder / f"scan-{i:04d}.jpg"), scan, [cv2.IMWRITE_JPEG_QUALITY, 90])
    for i in range(distinct, ballots):
        shutil.copyfile(folder / f"scan-{i % distinct:04d}.jpg", folder / f"scan-{i:04d}.jpg")
    return {1: Sheet(build(spec), synthetic.KEY, synthetic.definition_of(spec))}


def timed(folder: Path, sheets, processes: int | None) -> tuple[float, float, int, int]:
    """(wall seconds, this process's CPU seconds, images, images read)."""
    started, cpu = time.perf_counter(), time.process_time()
    reads = [r for _, r in read_folder(folder, sheets, processes)]
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return wall, cpu, len(reads), sum(r.status is Status.READ for r in reads)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--ballots", type=int, default=600)
    parser.add_argument("--distinct", type=int, default=24)
    parser.add_argument("--one-core-images", type=int, default=60)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "tdp")
        folder.mkdir()
        sheets = make_folder(folder, args.ballots, args.distinct, args.dpi)
        sample = Path(tmp, "one")
        sample.mkdir()
        for path in sorted(folder.iterdir())[: args.one_core_images]:
            shutil.copyfile(path, sample / path.name)
        cv2.setNumThreads(1)
        wall, cpu, n, ok = timed(sample, sheets, 1)
        per_core = n / cpu
        # CPU time is what one core costs; wall time also counts whatever else the machine runs
        print(f"one core: {n} scans at {args.dpi} dpi: {cpu:.2f}s CPU = {per_core:.1f} images/s per core "
              f"(wall {wall:.2f}s = {n / wall:.1f} images/s; {ok} read)")
        wall, _, n, ok = timed(folder, sheets, None)
        print(f"all {cores} cores: {n} scans (a {args.ballots}-ballot TDP) read from the folder end to end "
              f"in {wall:.2f}s wall = {n / wall:.1f} images/s ({ok} read); on {cores} idle cores the CPU rate "
              f"above gives {n / (per_core * cores):.1f}s")
    print(f"load_average={os.getloadavg()[0]:.1f} (wall times count whatever else the machine runs)")
    print(f"per_core={per_core:.1f}")


if __name__ == "__main__":
    main()
