"""Crops of a stored ballot image on the printed page: a name's row for the review grid, the names' frame
for the board head's differences. The image is registered again as the reader does (corner marks, then the
code as a fifth anchor), so a crop shows the same place on every ballot whatever the scan's angle."""

from __future__ import annotations

import threading
from collections import OrderedDict

from app.elections.models import Contest
from app.printing import services as printing
from app.reader.models import CountImage

#: Faces rendered recently, by definition hash (a face is rendered with pdftoppm: worth keeping a few).
_FACES: OrderedDict = OrderedDict()
_LOCK = threading.Lock()
FACES_KEPT = 8
#: Margin around a crop, in mm.
MARGIN_MM = 2.0


def template_for(run):
    """The reader's Template of a print run's face, cached by definition hash."""
    from reader.template import build

    with _LOCK:
        if run.definition_hash in _FACES:
            _FACES.move_to_end(run.definition_hash)
            return _FACES[run.definition_hash]
    template = build(printing.ballot_spec(run))
    with _LOCK:
        _FACES[run.definition_hash] = template
        while len(_FACES) > FACES_KEPT:
            _FACES.popitem(last=False)
    return template


def crop_png(contest: Contest, image: CountImage, *, name: int | None = None) -> bytes | None:
    """PNG of name `name`'s row (or, with None, of the names' frame) of the image on the canonical page;
    None when the reader is missing, the image is purged or the page cannot be found on it."""
    from app.reader.services import reader_installed, reader_run

    if image.data is None or not reader_installed():
        return None
    import cv2
    import numpy as np

    from reader import locate
    from reader.template import px
    from reader.thresholds import PX_PER_MM

    template = template_for(reader_run(contest))
    face = template.manifest
    pixels = cv2.imdecode(np.frombuffer(image.data, np.uint8), cv2.IMREAD_GRAYSCALE)
    if pixels is None:
        return None
    gray = locate.gray_of(pixels)
    found = locate.find_fiducials(gray)
    fit = locate.fit_page(face, found)
    if fit is None:
        return None
    code = locate.read_code(gray, face, fit)
    if code is not None:
        fit = locate.refit_with_code(face, found, fit, code[0], code[1])
    page = locate.warp(gray, fit.to_image, template.size)
    if name is None:
        rect = face.frame
    elif 0 <= name < len(face.names):
        rect = face.names[name].row
    else:
        return None
    x0, y0, x1, y1 = px(rect)
    m = round(MARGIN_MM * PX_PER_MM)
    h, w = page.shape[:2]
    crop = page[max(0, y0 - m):min(h, y1 + m), max(0, x0 - m):min(w, x1 + m)]
    return cv2.imencode(".png", crop)[1].tobytes()
