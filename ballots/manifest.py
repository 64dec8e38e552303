"""The layout manifest of a ballot face: where each name, fiducial, code and box was printed, in millimetres,
so a reader reads an image against the geometry that was printed."""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from . import layout
from .fonts import SERIF, register_fonts
from .spec import BallotSpec

#: Bumped whenever anything a reader relies on moves; it enters the election definition (and so its hash),
#: so an image is always read against the layout it was printed with. 2: corner fiducials, strike example.
LAYOUT_VERSION = 2

#: Liberation Serif's vertical metrics, in font sizes: capital height, x-height, the top of a capital's
#: Vietnamese tone mark, and the descender.
CAP_HEIGHT = 0.66
X_HEIGHT = 0.46
MARK_TOP = 0.93
DESCENT = 0.22


@dataclass(frozen=True)
class Rect:
    """A rectangle in millimetres from the top left of the page, y growing downwards (image order)."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height


@dataclass(frozen=True)
class NameBox:
    """One candidate's line. ``box`` holds the printed name (honorific included) from the top of its tone
    marks to its descenders; ``baseline`` and ``cap_top`` bound the band a strike-out runs through;
    ``row`` is the name's quiet zone: nothing else is printed there, so any ink in it is the voter's."""

    index: int  #: 0-based, in ballot order
    text: str
    box: Rect
    baseline: float
    cap_top: float
    number: Rect  #: the printed "1." left of the name
    row: Rect


@dataclass(frozen=True)
class FiducialBox:
    marker_id: int
    corner: str
    box: Rect


@dataclass(frozen=True)
class FaceManifest:
    """Everything a reader needs about one printed face, in mm (see Rect for the axes)."""

    layout_version: int
    page_width: float
    page_height: float
    names: tuple[NameBox, ...]
    fiducials: tuple[FiducialBox, ...]
    qr: Rect  #: the code with its quiet zone
    serial: Rect  #: the short serial and its label, printed per ballot
    stamp: Rect
    frame: Rect  #: the ruled frame around the names
    name_pitch: float

    def to_dict(self) -> dict:
        """JSON-ready form (floats rounded to 0.01 mm)."""
        return _rounded(asdict(self))


def manifest(spec: BallotSpec) -> FaceManifest:
    """The manifest of the face render() prints for ``spec`` (drawn once on a scratch canvas, so the two
    cannot disagree)."""
    register_fonts()
    canvas = Canvas(io.BytesIO(), pagesize=layout.A5, invariant=1, initialFontName=SERIF)
    geometry = layout.draw_face(canvas, spec)
    page_h = layout.PAGE_HEIGHT
    names = []
    rows = geometry.rows
    for i, (row, candidate) in enumerate(zip(rows, spec.candidates, strict=True)):
        frame, middle = geometry.frame, row.baseline + CAP_HEIGHT * row.size / 2
        bottom, top = max(frame.y, middle - row.pitch / 2), min(frame.top, middle + row.pitch / 2)
        names.append(NameBox(
            index=i,
            text=candidate.display_name,
            box=_rect(row.x, row.baseline - DESCENT * row.size, row.width, (MARK_TOP + DESCENT) * row.size,
                      page_h),
            baseline=(page_h - row.baseline) / mm,
            cap_top=(page_h - row.baseline - CAP_HEIGHT * row.size) / mm,
            number=_rect(row.number_x - row.size * 0.9, row.baseline - DESCENT * row.size, row.size * 0.9,
                         (MARK_TOP + DESCENT) * row.size, page_h),
            row=_rect(frame.x, bottom, frame.width, top - bottom, page_h),
        ))
    serial_left = layout.SERIAL_RIGHT - 32 * mm
    return FaceManifest(
        layout_version=LAYOUT_VERSION,
        page_width=layout.PAGE_WIDTH / mm,
        page_height=page_h / mm,
        names=tuple(names),
        fiducials=tuple(
            FiducialBox(f.marker_id, f.corner, _rect(f.x, f.y, f.side, f.side, page_h))
            for f in geometry.fiducials
        ),
        qr=_rect(layout.QR.x, layout.QR.y, layout.QR.width, layout.QR.height, page_h),
        serial=_rect(serial_left, layout.SERIAL_BASELINE - 1 * mm, layout.SERIAL_RIGHT - serial_left,
                     layout.SERIAL_SIZE * 2 + 3 * mm, page_h),
        stamp=_rect(layout.STAMP.x, layout.STAMP.y, layout.STAMP.width, layout.STAMP.height, page_h),
        frame=_rect(geometry.frame.x, geometry.frame.y, geometry.frame.width, geometry.frame.height, page_h),
        name_pitch=rows[0].pitch / mm if len(rows) > 1 else layout.NAME_PITCH / mm,
    )


def pitch_too_small(spec: BallotSpec) -> bool:
    """True when the names sit closer than a reader separates reliably (layout.MIN_READABLE_PITCH): print
    preview warns, and the count reads such ballots by hand."""
    return manifest(spec).name_pitch * mm < layout.MIN_READABLE_PITCH


def _rect(x: float, y: float, width: float, height: float, page_h: float) -> Rect:
    """A box in points from the bottom left, as Rect (mm from the top left)."""
    return Rect(x / mm, (page_h - y - height) / mm, width / mm, height / mm)


def _rounded(value):
    if isinstance(value, float):
        return round(value, 2)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_rounded(v) for v in value]
    return value
