"""Turnout per TDP as an inline SVG bar chart, laid out on the server: geometry only, drawn by the template
with SVG attributes and CSS classes (the content-security policy allows no style attributes)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from app.dashboard.stages import TdpRow, percent

HEIGHT = 200  #: plot height, in SVG units
LEFT, TOP, BOTTOM = 40, 10, 26
BAR, GAP = 18, 6
MIN_WIDTH = 960  #: a few TDPs spread over the card's width rather than huddle at its left (D34)
MAX_BAR = 48


@dataclass(frozen=True)
class Bar:
    x: int
    y: float
    width: int
    height: float
    label: str  #: the TDP number under the bar
    title: str  #: the tooltip and the accessible text
    css: str  #: "quorum", "short" or "none"


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    plot_top: int
    plot_bottom: int
    half_y: float  #: where 50% (the quorum line) sits
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, str], ...]  #: (y, "50%")
    empty: bool = False  #: no TDP has anyone signed in yet: the page says "chưa có số liệu" instead


def _y(share: Fraction) -> float:
    return round(TOP + HEIGHT - float(min(share, Fraction(1))) * HEIGHT, 2)


def turnout_chart(rows: list[TdpRow]) -> Chart:
    step = max(BAR + GAP, (MIN_WIDTH - LEFT - 2 * GAP) // max(len(rows), 1))
    bar = min(step - GAP, MAX_BAR)
    bars = []
    for i, row in enumerate(rows):
        x = LEFT + GAP + i * step + (step - GAP - bar) // 2
        y = _y(row.turnout)
        css = "none" if not row.present else ("quorum" if row.turnout > Fraction(1, 2) else "short")
        title = f"{row.name}: {row.present}/{row.households} hộ ({percent(row.turnout)})"
        bars.append(Bar(x, y, bar, round(TOP + HEIGHT - y, 2), str(row.number), title, css))
    width = LEFT + GAP + len(rows) * step + GAP
    ticks = tuple((_y(Fraction(p, 100)), f"{p}%") for p in (0, 25, 50, 75, 100))
    return Chart(max(width, 200), TOP + HEIGHT + BOTTOM, TOP, TOP + HEIGHT, _y(Fraction(1, 2)), tuple(bars), ticks,
                 empty=not any(row.present for row in rows))
