"""The fast slice of bench/roll_import.py: a small run on each database, so the bench keeps working (the full run,
100,000 households and five rounds, belongs in bench/). 9,000 households: more than two of the writer's chunks, so
on PostgreSQL the one-pass import writes while it validates."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BACKENDS, PG_URL

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("kind", BACKENDS)
def test_the_import_bench_runs_one_pass_and_two_passes_and_prints_its_ratios(request, kind):
    if kind == "postgresql" and request.config._pg_problem:
        pytest.skip(f"PostgreSQL run skipped: {request.config._pg_problem}")
    argv = [sys.executable, str(ROOT / "bench" / "roll_import.py"), "--households", "9000", "--tdps", "12",
            "--rounds", "1", "--skip-executemany", "--compare-two-pass"]
    if kind == "postgresql":
        argv += ["--postgres", PG_URL]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout
    assert "our import (read, validate, diff, write, commit) of 9,000 households" in out
    assert "8,233-household ward re-import: 8,233 unchanged, 0 added, 0 changed, 0 removed" in out
    for name in ("two_pass_ratio", "ratio_calamine", "ratio"):
        assert re.search(rf"^{name}=\d+\.\d\d$", out, re.MULTILINE), name
    assert out.rstrip().splitlines()[-1].startswith("ratio=")
