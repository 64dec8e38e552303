"""Benchmark: what reading a roll .xlsx safely costs, and what the hostile files cost.

Run as ``.venv/bin/python bench/xlsx_isolation.py`` (``--repeat 5`` for steadier medians).

For an honest 8,233-household file (Ngọc Thụy) and a 100,000-household one it times, median of `--repeat`:
- ``in-process``: python-calamine in this process, as the reader did before (no limits);
- ``pre-check``: the zip and sheet-grid checks alone (app/rolls/importing/limits.py);
- ``isolated``: what `read_table` does now: the checks, then calamine in a child process under RLIMIT_AS and
  RLIMIT_CPU, the rows coming back pickled.
Then, for each hostile file of the December 2026 review, the time to refusal and the peak memory of this
process and of its children (ru_maxrss), each file in a fresh interpreter so the peaks are its own.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Run as a script, sys.path[0] is bench/; the repository root must come first.
sys.path[0] = str(Path(__file__).resolve().parents[1])

HOSTILE = ["far_cell_xlsx", "far_cell_without_dimension_xlsx", "prefixed_far_cell_xlsx", "sparse_wide_xlsx", "zip_bomb_xlsx", "row_bomb_xlsx", "wide_row_xlsx",
           "huge_cell_csv", "blank_lines_csv", "wide_csv"]


def _honest(households: int, path: Path) -> Path:
    from bench.roll_import import write_roll

    tdps = max(1, households // 220)
    sizes = [households // tdps + (1 if i < households % tdps else 0) for i in range(tdps)]
    write_roll(path, sizes)
    return path


def _in_process(data: bytes) -> int:
    import python_calamine

    with python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)) as workbook:
        return len(workbook.get_sheet_by_index(0).to_python(skip_empty_area=False))


def _median(fn, repeat: int) -> float:
    """Median wall time, with the garbage collector paused as preview_import pauses it."""
    times = []
    gc.disable()
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    gc.enable()
    return statistics.median(times)


def honest(repeat: int) -> None:
    from app.rolls.importing import limits
    from app.rolls.importing.reader import read_table

    with tempfile.TemporaryDirectory() as tmp:
        for households in (8_233, 100_000):
            data = _honest(households, Path(tmp) / f"roll-{households}.xlsx").read_bytes()
            rows = _in_process(data)
            assert len(read_table(data, "roll.xlsx").rows) == rows
            plain = _median(lambda d=data: _in_process(d), repeat)
            check = _median(lambda d=data: limits.check_xlsx(d), repeat)
            isolated = _median(lambda d=data: read_table(d, "roll.xlsx"), repeat)
            print(f"honest {households:>7,} households ({len(data) / 2**20:.1f} MB, {rows:,} rows): "
                  f"in-process {plain * 1000:7.0f} ms | pre-check {check * 1000:6.0f} ms | "
                  f"isolated {isolated * 1000:7.0f} ms | overhead {isolated - plain:+.3f} s "
                  f"({isolated / plain:.2f}×)")


_ONE = """
import gc, json, resource, sys, time
sys.path[0] = {root!r}
from tests.rolls.data import hostile
from app.rolls.importing.reader import read_table
from app.rolls.importing.problems import UnreadableFile
name = {name!r}
data = getattr(hostile, name)()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    gc.disable()
    read_table(data, "f." + name.rsplit("_", 1)[1])
    outcome = "ACCEPTED"
except UnreadableFile as error:
    outcome = error.code
print(json.dumps({{"bytes": len(data), "seconds": time.perf_counter() - start, "outcome": outcome,
                  "self_before_kb": before, "self_peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "child_peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}}))
"""


def hostile() -> None:
    root = str(Path(__file__).resolve().parents[1])
    for name in HOSTILE:
        out = subprocess.run([sys.executable, "-c", _ONE.format(root=root, name=name)], capture_output=True,
                             text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"hostile {name:<32} {r['bytes'] / 1024:9.1f} KB → {r['outcome']:<16} in {r['seconds'] * 1000:6.0f} ms; "
              f"peak RSS: process {r['self_peak_kb'] / 1024:5.0f} MB (built the file: {r['self_before_kb'] / 1024:.0f}"
              f" MB), child reader {r['child_peak_kb'] / 1024:5.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    random.seed(0)
    honest(args.repeat)
    hostile()


if __name__ == "__main__":
    main()
