"""The layout manifest says where the face put each name, fiducial and box; the PDF agrees with it."""

import re

from ballots import layout
from ballots.fiducials import ARUCO_4X4_BITS
from ballots.manifest import LAYOUT_VERSION, manifest, pitch_too_small
from ballots.render import render
from ballots.spec import Candidate

from .builders import make_pages, make_spec, run

SIX = tuple(Candidate("Bà" if i % 2 else "Ông", f"Lê Thị Hoàng Phương Thảo Số {i}") for i in range(1, 7))
TWENTY = tuple(Candidate("Ông", f"Trần Văn Số {i}") for i in range(1, 21))


def _word_boxes(pdf: bytes) -> list[tuple[str, float, float, float, float]]:
    """(word, xMin, yMin, xMax, yMax) in mm from the top left, as pdftotext -bbox finds them."""
    html = run("pdftotext", "-bbox", "-enc", "UTF-8", "-", "-", stdin=pdf)
    pt = 25.4 / 72
    return [(w, float(a) * pt, float(b) * pt, float(c) * pt, float(d) * pt)
            for a, b, c, d, w in re.findall(
                r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', html)]


def test_each_name_box_holds_exactly_that_names_words_as_printed():
    spec = make_spec(candidates=SIX, seats=2)
    words = _word_boxes(render(spec, make_pages(1)))
    face = manifest(spec)
    assert len(face.names) == 6
    for name in face.names:
        inside = [w for w, x0, y0, x1, y1 in words
                  if x0 >= name.box.x - 0.5 and x1 <= name.box.right + 0.5
                  and y0 >= name.box.y - 0.5 and y1 <= name.box.bottom + 0.5]
        assert " ".join(inside) == name.text
        assert name.box.y < name.cap_top < name.baseline < name.box.bottom
        assert name.row.y <= name.box.y and name.box.bottom <= name.row.bottom
        assert name.row.x <= name.number.x and name.box.right <= name.row.right


def test_the_quiet_zones_of_neighbouring_names_do_not_overlap_and_stay_in_the_frame():
    face = manifest(make_spec(candidates=SIX, seats=2))
    for upper, lower in zip(face.names, face.names[1:]):
        assert upper.row.bottom <= lower.row.y + 1e-6
        assert abs(lower.baseline - upper.baseline - face.name_pitch) < 1e-6
    for name in face.names:
        assert face.frame.y <= name.row.y and name.row.bottom <= face.frame.bottom + 1e-6


def test_the_fiducials_sit_in_the_four_corners_inside_the_margins_clear_of_code_and_text():
    face = manifest(make_spec())
    margin = layout.MARGIN / layout.mm
    corners = {f.corner: f for f in face.fiducials}
    assert [f.marker_id for f in face.fiducials] == [0, 1, 2, 3]
    assert set(corners) == {"top_left", "top_right", "bottom_right", "bottom_left"}
    for f in face.fiducials:
        assert 5.0 <= f.box.width <= 6.0
        assert min(f.box.x, face.page_width - f.box.right) >= 3.0  # printable by a home printer
        assert min(f.box.x, face.page_width - f.box.right) + f.box.width <= margin + 0.01
        assert min(f.box.y, face.page_height - f.box.bottom) + f.box.height <= margin + 0.01
        assert f.box.right <= face.qr.x + 1e-6 or f.box.x >= face.qr.right - 1e-6 or f.box.y >= face.qr.bottom
    assert set(ARUCO_4X4_BITS) == {0, 1, 2, 3}


def test_the_manifest_is_json_ready_and_carries_the_layout_version():
    data = manifest(make_spec()).to_dict()
    assert data["layout_version"] == LAYOUT_VERSION
    assert data["names"][1]["text"] == "Bà Trần Thị Ngọc Bích"
    assert data["qr"] == {"x": 108.0, "y": 172.0, "width": 30.0, "height": 30.0}


def test_print_preview_is_warned_only_when_names_get_too_close_to_read():
    assert not pitch_too_small(make_spec(candidates=SIX, seats=2))
    assert pitch_too_small(make_spec(candidates=TWENTY, seats=2))


def test_the_ballot_prints_an_example_of_a_correct_strike_on_the_flap():
    words = _word_boxes(render(make_spec(), make_pages(1)))
    example = [(w, y0) for w, x0, y0, x1, y1 in words if w in ("Ví", "Mẫu")]
    assert [w for w, _ in example] == ["Ví", "Mẫu"]
    flap_top = (layout.PAGE_HEIGHT - layout.FOLD_Y) / layout.mm
    assert all(y0 > flap_top for _, y0 in example)  # hidden by the fold like the names
