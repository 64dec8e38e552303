"""Benchmark: print every ballot of a demo-sized ward; compare with no QR and with the obvious way.

Run as ``.venv/bin/python bench/ballots.py`` (``--quick`` for a small ward).
The last two lines are ``vs_naive=`` (our pages/s over the obvious way's)
and ``of_ceiling=`` (ours over the same pages without a QR code), both on
one core and on the same pages.
"""

from __future__ import annotations

import argparse
import io
import math
import os
import random
import sys
import time
from pathlib import Path

# Run as a script, sys.path[0] is bench/, where this very file would shadow the
# `ballots` package: put the repository root there instead.
sys.path[0] = str(Path(__file__).resolve().parents[1])

import qrcode  # noqa: E402
from reportlab.lib.utils import ImageReader  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from ballots import layout, payload  # noqa: E402
from ballots import render as ballot_render  # noqa: E402
from ballots.fonts import register_fonts  # noqa: E402
from ballots.spec import BallotPage, BallotSpec, Candidate  # noqa: E402

SPARE = 0.10
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hùng", "Lan", "Minh", "Ngọc", "Thảo"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = {"Ông": ["Văn", "Đức", "Hữu", "Quang"], "Bà": ["Thị", "Thị Ngọc", "Thu", "Thanh"]}


def ward_sizes(tdps: int, households: int, low: int, high: int, seed: int = 2017) -> list[int]:
    """Deterministic pseudo-random TDP sizes in [low, high] that sum to ``households``."""
    rng = random.Random(seed)
    mean = households / tdps
    # A beta draw skewed towards small TDPs, with the mean the ward needs.
    a = 0.6
    b = a * (high - mean) / (mean - low)
    sizes = [round(low + (high - low) * rng.betavariate(a, b)) for _ in range(tdps)]
    while (gap := households - sum(sizes)) != 0:
        i = rng.randrange(tdps)
        step = 1 if gap > 0 else -1
        if low <= sizes[i] + step <= high:
            sizes[i] += step
    return sizes


def candidates(rng: random.Random, count: int) -> tuple[Candidate, ...]:
    people = []
    for _ in range(count):
        honorific = rng.choice(["Ông", "Bà"])
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[honorific])} {rng.choice(GIVEN)}"
        people.append(Candidate(honorific, name))
    return tuple(people)


def contest_job(
    tdp: int, contest: str, households: int, count: int, rng: random.Random, key: bytes
) -> tuple[BallotSpec, list[BallotPage]]:
    """One contest of one TDP: the spec and a page per ballot, spares included."""
    title = {"leader": "TỔ TRƯỞNG", "deputy": "TỔ PHÓ"}[contest]
    spec = BallotSpec(
        issuer_lines=("UBND PHƯỜNG NGỌC THỤY", f"TỔ BẦU CỬ TDP SỐ {tdp}"),
        ward_name="Phường Ngọc Thụy",
        tdp_label=f"Tổ dân phố số {tdp}",
        title=f"PHIẾU BẦU {title} TỔ DÂN PHỐ SỐ {tdp}",
        round_label="Bầu lần thứ nhất – ngày 15/10/2017",
        candidates=candidates(rng, count),
        seats=1,
    )
    definition = payload.definition_hash({
        "tdp": tdp,
        "contest": contest,
        "round": 1,
        "seats": spec.seats,
        "candidates": [c.display_name for c in spec.candidates],
    })
    contest_id = tdp * 2 + (contest == "deputy")
    pages = []
    for serial in payload.new_serials(math.ceil(households * (1 + SPARE))):
        fields = payload.PayloadFields(definition, tdp, contest_id, False, serial)
        pages.append(BallotPage(serial, payload.encode(fields, key)))
    return spec, pages


def ward_jobs(sizes: list[int], key: bytes) -> list[tuple[BallotSpec, list[BallotPage]]]:
    rng = random.Random(38)
    jobs = []
    for tdp, households in enumerate(sizes, start=1):
        jobs.append(contest_job(tdp, "leader", households, 2, rng, key))
        jobs.append(contest_job(tdp, "deputy", households, rng.choice([2, 3]), rng, key))
    return jobs


def first_pages(jobs, limit: int):
    """The jobs cut down to their first ``limit`` pages in all."""
    subset, left = [], limit
    for spec, pages in jobs:
        if left <= 0:
            break
        subset.append((spec, pages[:left]))
        left -= len(subset[-1][1])
    return subset


def naive_render(spec: BallotSpec, pages) -> bytes:
    """The obvious way: every page drawn in full, the code a PIL image from `qrcode`."""
    register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=layout.A5)
    box = layout.QR
    for page in pages:
        layout.draw_face(canvas, spec)
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
        code.add_data(page.payload)
        image = code.make_image().get_image()
        canvas.drawImage(ImageReader(image), box.x, box.y, box.width, box.height)
        layout.draw_serial(canvas, payload.short_serial(page.serial))
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def ours(spec, pages) -> bytes:
    return ballot_render.render(spec, pages)


def ceiling(spec, pages) -> bytes:
    return ballot_render._render(spec, pages, draw_codes=False)


def timed(renderer, jobs) -> float:
    start = time.perf_counter()
    for spec, pages in jobs:
        renderer(spec, pages)
    return time.perf_counter() - start


def pages_in(jobs) -> int:
    return sum(len(pages) for _, pages in jobs)


def line(label: str, pages: int, seconds: float) -> float:
    rate = pages / seconds
    print(f"  {label:<46} {pages:>7,} pages in {seconds:6.2f} s = {rate:8,.0f} pages/s")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small ward, for smoke tests")
    args = parser.parse_args()
    tdps, households, subset_size, rounds = (4, 900, 200, 2) if args.quick else (38, 8233, 1000, 5)

    key = payload.new_key()
    sizes = ward_sizes(tdps, households, 100, 600)
    jobs = ward_jobs(sizes, key)
    total = pages_in(jobs)
    print(f"ward: {tdps} TDPs, {sum(sizes):,} households ({min(sizes)}–{max(sizes)} a TDP), "
          f"leader and deputy contests, {SPARE:.0%} spare -> {total:,} ballots in {len(jobs)} PDFs")
    ours(*first_pages(jobs, 10)[0])  # fonts and caches warm, as in a long-running worker

    print("one core, whole ward:")
    line("ours", total, timed(ours, jobs))

    subset = first_pages(jobs, subset_size)
    n = pages_in(subset)
    print(f"one core, the first {n:,} pages of the ward ({len(subset)} PDFs); "
          f"ours and the ceiling best of {rounds} interleaved runs, the obvious way one run:")
    ours_best = ceiling_best = math.inf
    for _ in range(rounds):
        ours_best = min(ours_best, timed(ours, subset))
        ceiling_best = min(ceiling_best, timed(ceiling, subset))
    ours_rate = line("ours", n, ours_best)
    ceiling_rate = line("ceiling: the same pages without the QR code", n, ceiling_best)
    naive_seconds = timed(naive_render, subset)
    naive_rate = line("obvious: no form, qrcode -> PIL -> drawImage", n, naive_seconds)

    processes = os.cpu_count() or 1
    print(f"all cores ({processes} processes), whole ward:")
    start = time.perf_counter()
    ballot_render.render_many(jobs, processes=processes)
    line("render_many", total, time.perf_counter() - start)

    print("one 600-household contest, end to end (serials, payloads, PDF):")
    start = time.perf_counter()
    spec, pages = contest_job(1, "leader", 600, 2, random.Random(1), key)
    pdf = ours(spec, pages)
    seconds = time.perf_counter() - start
    line(f"{len(pages)} ballots, {len(pdf) / 1e6:.1f} MB", len(pages), seconds)

    print(f"vs_naive={ours_rate / naive_rate:.2f}")
    print(f"of_ceiling={ours_rate / ceiling_rate:.2f}")


if __name__ == "__main__":
    main()
