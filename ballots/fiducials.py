"""Corner fiducials: four ArUco 4×4 markers drawn as vector squares, one per page corner, so a reader can
find the page, its orientation and its perspective in a scan or a photo."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

#: The 4×4 inner bits (1 is white, as ArUco counts them; top row first) of ids 0–3 of OpenCV's DICT_4X4_50, as
#: cv2.aruco.generateImageMarker draws them; tests/reader checks them against OpenCV when it is installed.
ARUCO_4X4_BITS: dict[int, tuple[str, ...]] = {
    0: ("1011", "0101", "0011", "0010"),
    1: ("0000", "1111", "1001", "1010"),
    2: ("0011", "0011", "0010", "1101"),
    3: ("1001", "1001", "0100", "0110"),
}
#: The marker with its one-cell black border, side in points (about 5.5 mm, 6 cells of ~0.92 mm).
SIDE = 5.5 * mm
CELLS = 6
#: Distance of each marker's outer edge from the paper's edges: inside the 10 mm margin, outside the
#: 3–5 mm a home printer cannot print.
INSET = 4.5 * mm
#: White paper kept around each marker (ArUco needs a light border), in points.
QUIET = 1.0 * mm


@dataclass(frozen=True)
class Fiducial:
    """One marker: its ArUco id, the page corner it marks, and its outer square in points from the
    bottom left of the page."""

    marker_id: int
    corner: str  #: "top_left", "top_right", "bottom_right" or "bottom_left"
    x: float
    y: float
    side: float = SIDE


def placements(page_width: float, page_height: float) -> tuple[Fiducial, ...]:
    """The four markers, clockwise from the top left: ids 0, 1, 2, 3, so any one of them tells which way
    up the page is."""
    low, high_x, high_y = INSET, page_width - INSET - SIDE, page_height - INSET - SIDE
    return (
        Fiducial(0, "top_left", low, high_y),
        Fiducial(1, "top_right", high_x, high_y),
        Fiducial(2, "bottom_right", high_x, low),
        Fiducial(3, "bottom_left", low, low),
    )


def draw(canvas: Canvas, page_width: float, page_height: float) -> tuple[Fiducial, ...]:
    """Draw the four markers, each on a white square (a test ballot's hatching must not touch them)."""
    marks = placements(page_width, page_height)
    canvas.saveState()
    for mark in marks:
        cell = mark.side / CELLS
        canvas.setFillGray(1)
        canvas.rect(mark.x - QUIET, mark.y - QUIET, mark.side + 2 * QUIET, mark.side + 2 * QUIET,
                    stroke=0, fill=1)
        canvas.setFillGray(0)
        canvas.rect(mark.x, mark.y, mark.side, mark.side, stroke=0, fill=1)
        canvas.setFillGray(1)
        for row, bits in enumerate(ARUCO_4X4_BITS[mark.marker_id], start=1):
            # each run of white cells is one rectangle, so no seam shows inside it
            for run in re.finditer("1+", bits):
                top = mark.y + mark.side - row * cell  # rows count down from the marker's top edge
                canvas.rect(mark.x + (run.start() + 1) * cell, top - cell, len(run[0]) * cell, cell,
                            stroke=0, fill=1)
    canvas.restoreState()
    return marks
