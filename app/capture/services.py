"""The framing probe: which of the ballot's four corner marks a downscaled camera frame shows, so the camera
page fires only when the whole page is in view. Reads nothing from the database and keeps no image."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.domain import DomainError

#: A probe frame larger than this on its long side is refused: the page sends about 800 pixels.
PROBE_MAX_SIDE = 2000
#: The four marks, clockwise from the top left (ballots.fiducials.placements): all four must be seen.
CORNERS = (0, 1, 2, 3)


class CaptureError(DomainError):
    """A probe frame that is not an image the reader can look at."""


@dataclass(frozen=True)
class Probe:
    found: tuple[int, ...]  #: marker ids seen, of CORNERS
    centres: dict[int, tuple[float, float]]  #: marker id -> its centre, as fractions of width and height
    width: int
    height: int

    @property
    def ready(self) -> bool:
        return set(self.found) == set(CORNERS)


def reader_installed() -> bool:
    from reader import available

    return available()


def probe(data: bytes) -> Probe:
    """Find the corner marks in one encoded frame (JPEG or PNG). Raises CaptureError for anything that does not
    decode as an image or is too large; needs the reader installed (check `reader_installed()` first)."""
    import cv2
    import numpy as np

    from reader.locate import find_fiducials

    if not data:
        raise CaptureError("Không nhận được ảnh khung hình.", "frame")
    gray = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_GRAYSCALE)
    if gray is None or gray.size == 0:
        raise CaptureError("Khung hình gửi lên không phải ảnh JPEG hoặc PNG đọc được.", "frame")
    height, width = gray.shape
    if max(height, width) > PROBE_MAX_SIDE:
        raise CaptureError(f"Khung hình quá lớn ({width}×{height}); tối đa {PROBE_MAX_SIDE} điểm ảnh mỗi cạnh.", "frame")
    marks = find_fiducials(gray)
    centres = {m: (round(float(q[:, 0].mean()) / width, 4), round(float(q[:, 1].mean()) / height, 4))
               for m, q in marks.items() if m in CORNERS}
    return Probe(tuple(sorted(centres)), centres, width, height)
