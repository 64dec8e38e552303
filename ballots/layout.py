"""Where everything sits on an A5 ballot, and the drawing of its unchanging face.

Bí mật phiếu bầu: the ballot is folded once, along FOLD_Y (ticks in both margins), the bottom edge up onto the
face. Folded, only the part above HIDDEN_TOP shows: issuer, motto, title and the stamp box (stamped on the
folded ballot). The QR code and its short code sit on the folded-up flap, the candidates' names between the
flap and HIDDEN_TOP: whoever stamps, hands out or watches the hand-out sees neither the serial nor the marks.
The four corners stay free for reading marks from an image later."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from . import fiducials, official
from .fonts import SANS_BOLD, SERIF, SERIF_BOLD, SERIF_ITALIC
from .spec import BallotSpec

PAGE_WIDTH, PAGE_HEIGHT = A5
MARGIN = 10 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
TEST_BAND_TEXT = "BẢN THỬ – KHÔNG CÓ GIÁ TRỊ"
STAMP_LABEL = "Dấu của Tổ bầu cử"
SERIAL_LABEL = "Mã phiếu"


@dataclass(frozen=True)
class Box:
    """A rectangle in points, from the bottom left of the page."""

    x: float
    y: float
    width: float
    height: float

    @property
    def top(self) -> float:
        return self.y + self.height

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def center_x(self) -> float:
        return self.x + self.width / 2


# The left column holds the issuer and the stamp, the right the motto.
ISSUER_COLUMN = Box(MARGIN, 0, 0.4 * CONTENT_WIDTH, PAGE_HEIGHT)
MOTTO_COLUMN = Box(ISSUER_COLUMN.right, 0, CONTENT_WIDTH - ISSUER_COLUMN.width, PAGE_HEIGHT)
HEADER_TOP = PAGE_HEIGHT - MARGIN
HEADER_SIZE = 9.5
STAMP = Box(MARGIN, HEADER_TOP - 44 * mm, 36 * mm, 28 * mm)
#: Title, TDP and round, centred beside the stamp box.
HEADING = Box(
    STAMP.right + 3 * mm, STAMP.y, PAGE_WIDTH - MARGIN - STAMP.right - 3 * mm, STAMP.height
)

#: The fold line, from the bottom of the page. The flap below it folds up over the face and covers up to
#: HIDDEN_TOP, which stays below the stamp box so the folded ballot can be stamped.
FOLD_Y = 76 * mm
HIDDEN_TOP = 2 * FOLD_Y
FOLD_LABEL = "gấp"

#: The code with its quiet zone, bottom right (on the flap, so the fold hides it); the serial reads beside it.
QR = Box(PAGE_WIDTH - MARGIN - 30 * mm, MARGIN - 2 * mm, 30 * mm, 30 * mm)
SERIAL_RIGHT = QR.x
SERIAL_BASELINE = QR.y + 4.5 * mm
SERIAL_FONT = SANS_BOLD
SERIAL_SIZE = 9.0
#: The marking instruction, left of the code.
INSTRUCTION = Box(MARGIN, SERIAL_BASELINE + 9 * mm, QR.x - MARGIN - 3 * mm, 22 * mm)

INSTRUCTION_SIZE = 9.5
TITLE_SIZE = 15.0
LABEL_SIZE = 11.5
NAME_SIZE = 16.0
QUESTION_SIZE = 12.5
NAME_PITCH = 15 * mm  #: room between names to strike one out cleanly
#: Below this pitch a reader cannot tell a strike of one name from its neighbour's reliably (print preview warns).
MIN_READABLE_PITCH = 9 * mm
#: The printed example of a correct strike, under the instruction, left of the serial.
STRIKE_EXAMPLE_LABEL = "Ví dụ gạch đúng:"
STRIKE_EXAMPLE_NAME = "Ông Họ Tên Mẫu"
#: On a yes/no question's ballot the example is a sample choice, never a name nor one of the real choices.
STRIKE_EXAMPLE_CHOICE = "Ý kiến mẫu"
STRIKE_EXAMPLE_SIZE = 9.0
STRIKE_EXAMPLE_BASELINE = 7.5 * mm  #: below the serial's line, right of the bottom-left fiducial
STRIKE_EXAMPLE_X = MARGIN + 2 * mm


@dataclass(frozen=True)
class NameRow:
    """Where one candidate's line was drawn, in points from the bottom left of the page."""

    number_x: float  #: right end of the printed number ("1.")
    x: float  #: start of the name (honorific included)
    width: float  #: advance width of the name
    baseline: float
    size: float  #: font size of the name
    pitch: float  #: distance to the next name's baseline


@dataclass(frozen=True)
class FaceGeometry:
    """What draw_face() put where: enough for ballots.manifest to describe the face to a reader."""

    frame: Box  #: the ruled frame around the names
    rows: tuple[NameRow, ...]
    fiducials: tuple[fiducials.Fiducial, ...]


def draw_face(canvas: Canvas, spec: BallotSpec) -> FaceGeometry:
    """Draw everything on the ballot except its QR code and serial; return where the names went.

    Rendered once per batch as a form and stamped onto every page.
    """
    if spec.test:
        _draw_test_hatching(canvas)
    official.draw_issuer(
        canvas, ISSUER_COLUMN.center_x, HEADER_TOP, spec.issuer_lines, HEADER_SIZE,
        max_width=ISSUER_COLUMN.width - 2 * mm,
    )
    official.draw_motto(canvas, MOTTO_COLUMN.center_x, HEADER_TOP, HEADER_SIZE)
    _draw_stamp_box(canvas)
    y = _draw_heading(canvas, spec) - 6 * mm
    if spec.test:
        y = _draw_test_band(canvas, y) - 4 * mm
    y = min(y, HIDDEN_TOP - 3 * mm)  # the names stay under the folded flap
    bottom = INSTRUCTION.top + 4 * mm
    if spec.question:
        y = _draw_question(canvas, spec.question, y, bottom + 2 * NAME_PITCH) - 3 * mm
    frame = Box(MARGIN, bottom, CONTENT_WIDTH, y - bottom)
    rows = _draw_candidates(canvas, spec, frame)
    _draw_fold_marks(canvas)
    _draw_instruction(canvas, spec)
    _draw_strike_example(canvas, STRIKE_EXAMPLE_CHOICE if spec.question else STRIKE_EXAMPLE_NAME)
    marks = fiducials.draw(canvas, PAGE_WIDTH, PAGE_HEIGHT)
    canvas.setFont(SERIF_ITALIC, 7.5)
    canvas.setFillGray(0.35)
    canvas.drawRightString(SERIAL_RIGHT, SERIAL_BASELINE + SERIAL_SIZE + 1, SERIAL_LABEL)
    canvas.setFillGray(0)
    return FaceGeometry(frame, rows, marks)


def draw_serial(canvas: Canvas, short_serial: str) -> None:
    """Draw the per-ballot serial beside the code, on the flap the fold hides (the count types it when the
    code will not scan)."""
    canvas.setFont(SERIAL_FONT, SERIAL_SIZE)
    canvas.drawRightString(SERIAL_RIGHT, SERIAL_BASELINE, short_serial)


def balanced_lines(text: str, font: str, size: float, max_width: float) -> list[str]:
    """Break ``text`` into as few lines as fit ``max_width``, made as even as possible.

    A title broken greedily leaves a short orphan ("... TỔ" / "DÂN PHỐ SỐ 5");
    this keeps the greedy line count and then searches the narrowest width
    that still needs no more lines.
    """
    words = text.split()
    widths = [stringWidth(word, font, size) for word in words]
    space = stringWidth(" ", font, size)
    count = len(_greedy(widths, space, max_width))
    low, high = max(widths), max_width
    while high - low > 0.5:
        middle = (low + high) / 2
        if len(_greedy(widths, space, middle)) <= count:
            high = middle
        else:
            low = middle
    return [" ".join(words[i:j]) for i, j in _greedy(widths, space, high)]


def wrapped_lines(text: str, font: str, size: float, max_width: float) -> list[str]:
    """Break ``text`` greedily into lines no wider than ``max_width`` (a word may overflow)."""
    words = text.split()
    widths = [stringWidth(word, font, size) for word in words]
    space = stringWidth(" ", font, size)
    return [" ".join(words[i:j]) for i, j in _greedy(widths, space, max_width)]


def _greedy(widths: list[float], space: float, max_width: float) -> list[tuple[int, int]]:
    """Lines as (first word, past the last word); widths add up, as reportlab does not kern."""
    lines: list[tuple[int, int]] = []
    start, line_width = 0, -space
    for i, width in enumerate(widths):
        if i > start and line_width + space + width > max_width:
            lines.append((start, i))
            start, line_width = i, -space
        line_width += space + width
    if widths:
        lines.append((start, len(widths)))
    return lines


def _draw_fold_marks(canvas: Canvas) -> None:
    """Short dashed ticks in both side margins where the ballot folds, the left one labelled; never across
    the names, where a line would read as a strike-out."""
    canvas.saveState()
    canvas.setLineWidth(0.6)
    canvas.setDash(1.5, 1.5)
    canvas.setStrokeGray(0.35)
    canvas.line(3 * mm, FOLD_Y, MARGIN - 1.5 * mm, FOLD_Y)
    canvas.line(PAGE_WIDTH - MARGIN + 1.5 * mm, FOLD_Y, PAGE_WIDTH - 3 * mm, FOLD_Y)
    canvas.setFont(SERIF_ITALIC, 6)
    canvas.setFillGray(0.35)
    canvas.drawString(3 * mm, FOLD_Y + 1.2 * mm, FOLD_LABEL)
    canvas.restoreState()


def _draw_stamp_box(canvas: Canvas) -> None:
    canvas.setLineWidth(0.6)
    canvas.setDash(2, 2)
    canvas.setStrokeGray(0.45)
    canvas.rect(STAMP.x, STAMP.y, STAMP.width, STAMP.height)
    canvas.setDash()
    canvas.setStrokeGray(0)
    canvas.setFont(SERIF_ITALIC, 7)
    canvas.setFillGray(0.4)
    canvas.drawCentredString(STAMP.center_x, STAMP.y + 2 * mm, STAMP_LABEL)
    canvas.setFillGray(0)


def _draw_heading(canvas: Canvas, spec: BallotSpec) -> float:
    """Title, TDP and ward, round, centred beside the stamp box; returns the y below them."""
    title = balanced_lines(spec.title, SERIF_BOLD, TITLE_SIZE, HEADING.width)
    place = f"{spec.tdp_label} – {spec.ward_name}"
    place = balanced_lines(place, SERIF_BOLD, LABEL_SIZE, HEADING.width)
    when = balanced_lines(spec.round_label, SERIF_ITALIC, LABEL_SIZE, HEADING.width)
    rows = (
        [(line, SERIF_BOLD, TITLE_SIZE, TITLE_SIZE * 1.2) for line in title]
        + [(line, SERIF_BOLD, LABEL_SIZE, LABEL_SIZE * 1.3) for line in place]
        + [(line, SERIF_ITALIC, LABEL_SIZE, LABEL_SIZE * 1.3) for line in when]
    )
    gap = LABEL_SIZE * 0.5  # between the title and the lines under it
    height = sum(leading for *_, leading in rows) + gap
    top = max(HEADING.top, HEADING.y + HEADING.height / 2 + height / 2)
    baseline = top
    for i, (line, font, size, leading) in enumerate(rows):
        baseline -= leading
        if i == len(title):
            baseline -= gap
        canvas.setFont(font, size)
        canvas.drawCentredString(HEADING.center_x, baseline + (leading - size) * 0.8, line)
    return min(baseline, HEADING.y)


def _draw_candidates(canvas: Canvas, spec: BallotSpec, frame: Box) -> tuple[NameRow, ...]:
    """The numbered names in a frame, one block centred in it, spaced to strike out cleanly."""
    lines = [c.display_name for c in spec.candidates]
    count = len(lines)
    canvas.setLineWidth(0.8)
    canvas.rect(frame.x, frame.y, frame.width, frame.height)
    pitch = min(NAME_PITCH, frame.height / (count + 0.6))
    size = min(NAME_SIZE, pitch * 0.55)
    usable = frame.width - 16 * mm
    numbers = stringWidth(f"{count}.  ", SERIF, size)
    widest = numbers + max(stringWidth(line, SERIF, size) for line in lines)
    if widest > usable:
        size *= usable / widest
        numbers *= usable / widest
        widest = usable
    left = frame.center_x - widest / 2
    baseline = frame.y + frame.height / 2 + (count - 1) * pitch / 2 - size * 0.3
    canvas.setFont(SERIF, size)
    rows = []
    for number, line in enumerate(lines, start=1):
        canvas.drawRightString(left + numbers - size * 0.5, baseline, f"{number}.")
        canvas.drawString(left + numbers, baseline, line)
        rows.append(NameRow(left + numbers - size * 0.5, left + numbers, stringWidth(line, SERIF, size),
                            baseline, size, pitch))
        baseline -= pitch
    return tuple(rows)


def _draw_question(canvas: Canvas, question: str, top: float, lowest: float) -> float:
    """A yes/no question's text, centred under the heading above the framed choices, made smaller until it
    leaves the choices room down to `lowest`; returns the y below it."""
    size = QUESTION_SIZE
    lines = balanced_lines(question, SERIF_BOLD, size, CONTENT_WIDTH - 4 * mm)
    while top - len(lines) * size * 1.3 < lowest and size > 8:
        size -= 0.5
        lines = balanced_lines(question, SERIF_BOLD, size, CONTENT_WIDTH - 4 * mm)
    canvas.setFont(SERIF_BOLD, size)
    baseline = top
    for line in lines:
        baseline -= size * 1.3
        canvas.drawCentredString(PAGE_WIDTH / 2, baseline + size * 0.3, line)
    return baseline


def _draw_strike_example(canvas: Canvas, sample: str) -> None:
    """A sample name (or, on a question's ballot, a sample choice) struck through end to end with one line
    running past both ends: what a reader (a person or the machine) counts as struck."""
    size = STRIKE_EXAMPLE_SIZE
    canvas.saveState()
    canvas.setFont(SERIF_ITALIC, size)
    canvas.drawString(STRIKE_EXAMPLE_X, STRIKE_EXAMPLE_BASELINE, STRIKE_EXAMPLE_LABEL)
    x = STRIKE_EXAMPLE_X + stringWidth(STRIKE_EXAMPLE_LABEL, SERIF_ITALIC, size) + 2 * mm
    canvas.setFont(SERIF, size)
    canvas.drawString(x, STRIKE_EXAMPLE_BASELINE, sample)
    width = stringWidth(sample, SERIF, size)
    canvas.setLineWidth(0.9)
    canvas.setStrokeColorRGB(0.1, 0.2, 0.6)
    canvas.line(x - 1.5 * mm, STRIKE_EXAMPLE_BASELINE + size * 0.3, x + width + 1.5 * mm,
                STRIKE_EXAMPLE_BASELINE + size * 0.32)
    canvas.restoreState()


def _draw_instruction(canvas: Canvas, spec: BallotSpec) -> None:
    """The marking instruction, in italics, made smaller if it would not fit its box."""
    size = INSTRUCTION_SIZE
    lines = wrapped_lines(spec.instruction, SERIF_ITALIC, size, INSTRUCTION.width)
    while len(lines) * size * 1.25 > INSTRUCTION.height and size > 6:
        size -= 0.5
        lines = wrapped_lines(spec.instruction, SERIF_ITALIC, size, INSTRUCTION.width)
    text = canvas.beginText(INSTRUCTION.x, INSTRUCTION.top - size)
    text.setFont(SERIF_ITALIC, size, size * 1.25)
    text.textLines(lines)
    canvas.drawText(text)


def _draw_test_band(canvas: Canvas, top: float) -> float:
    """The loud horizontal band of a test ballot; returns the y below it."""
    height = 9 * mm
    canvas.setFillColorRGB(0.8, 0.05, 0.05)
    canvas.rect(0, top - height, PAGE_WIDTH, height, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setFont(SANS_BOLD, 15)
    canvas.drawCentredString(PAGE_WIDTH / 2, top - height / 2 - 5.2, TEST_BAND_TEXT)
    canvas.setFillGray(0)
    return top - height


def _draw_test_hatching(canvas: Canvas) -> None:
    """A pale diagonal stripe corner to corner, so a cut-off band still shows."""
    canvas.saveState()
    canvas.setFillColorRGB(1, 0.86, 0.86)
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(54)
    canvas.rect(-200 * mm, -9 * mm, 400 * mm, 18 * mm, stroke=0, fill=1)
    canvas.restoreState()
    canvas.setFillGray(1)  # the code keeps its white quiet zone
    canvas.rect(QR.x, QR.y, QR.width, QR.height, stroke=0, fill=1)
    canvas.setFillGray(0)
