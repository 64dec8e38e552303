"""Rank statistics for the secrecy tests and bench/secrecy.py: does a printed stack's order follow anything?

Under the hypothesis that the page order is a random permutation independent of a key (serial, row id),
Spearman's rho over n pages has mean 0 and variance exactly 1/(n - 1), and rho * sqrt(n - 1) is close to a
standard normal for n past a few dozen. BOUND_SIGMAS = 5 makes a false alarm about 1 in 1.7 million per
check (normal tail), while a stack in serial order gives rho = 1, i.e. sqrt(n - 1) sigmas (20 for 400
pages). Small runs are pooled with Stouffer's sum: sum(rho_i * sqrt(n_i - 1)) / sqrt(k) is again ~N(0, 1).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from tests.pdftools import pdf_text

BOUND_SIGMAS = 5.0
B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
SHORT_SERIAL = re.compile(r"\b([A-Z2-7]{4})-([A-Z2-7]{4})-([A-Z2-7]{4})\b")


def serial_number(serial: str) -> int:
    """The serial read as the base32 number it is (A=0 … 7=31), not as text ('2' sorts before 'A')."""
    value = 0
    for char in serial:
        value = value * 32 + B32.index(char)
    return value


def ranks(values: Sequence) -> list[float]:
    """Ranks from 0, ties sharing their mean rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2
        i = j + 1
    return out


def spearman(xs: Sequence, ys: Sequence) -> float:
    """Spearman's rank correlation of two equally long sequences (Pearson's r of their ranks)."""
    if len(xs) != len(ys) or len(xs) < 3:
        raise ValueError("need two sequences of the same length, at least 3")
    rx, ry = ranks(xs), ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = math.sqrt(sum((a - mx) ** 2 for a in rx))
    vy = math.sqrt(sum((b - my) ** 2 for b in ry))
    return cov / (vx * vy)


def bound(n: int) -> float:
    """The largest |rho| an independent order of n pages reaches except once in ~1.7 million checks."""
    return BOUND_SIGMAS / math.sqrt(n - 1)


def stouffer(rhos_and_sizes: Sequence[tuple[float, int]]) -> float:
    """Pooled z of several runs' rho (each rho * sqrt(n - 1) ~ N(0, 1) when the order is independent)."""
    return sum(rho * math.sqrt(n - 1) for rho, n in rhos_and_sizes) / math.sqrt(len(rhos_and_sizes))


def page_serials(pdf: bytes) -> list[str]:
    """The serial printed on each page, page by page (pdftotext; a ballot page shows exactly one)."""
    pages = pdf_text(pdf).split("\f")
    found = []
    for text in pages:
        if not text.strip():
            continue
        hits = SHORT_SERIAL.findall(text)
        assert len(hits) == 1, text
        found.append("".join(hits[0]))
    return found


def order_report(page_order: Sequence[str], row_ids: dict[str, int]) -> dict[str, float]:
    """rho between page position and: the serial as text, the serial as a number, the stored row id."""
    positions = list(range(len(page_order)))
    return {"serial_text": spearman(positions, list(page_order)),
            "serial_number": spearman(positions, [serial_number(s) for s in page_order]),
            "row_id": spearman(positions, [row_ids[s] for s in page_order])}
