"""A yes/no question's ballot (issue 14): the question above two choices, the strike-out instruction for
choices, the code and serial as on any ballot; the choices where the manifest says they are."""

import pytest

from ballots.manifest import manifest as face_manifest
from ballots.render import render
from ballots.spec import BallotSpec, Candidate
from tests.ballots.builders import make_pages, make_spec, one_line, page_texts, scan_codes

QUESTION = ("Đồng ý đổi tên Tổ dân phố số 5 thành Tổ dân phố Hoa Sữa và nhận thêm một phần địa bàn của "
            "Tổ dân phố số 6?")
CHOICES = (Candidate("", "Đồng ý"), Candidate("", "Không đồng ý"))


def question_spec(**overrides) -> BallotSpec:
    return make_spec(title="PHIẾU LẤY Ý KIẾN HỘ GIA ĐÌNH TỔ DÂN PHỐ SỐ 5", candidates=CHOICES, question=QUESTION,
                     **overrides)


def test_a_question_ballot_prints_the_question_its_two_choices_and_how_to_strike_one():
    pages = make_pages(2)
    pdf = render(question_spec(), pages)
    text = one_line(page_texts(pdf)[0])
    assert "PHIẾU LẤY Ý KIẾN HỘ GIA ĐÌNH" in text and "Hoa Sữa" in text and "Tổ dân phố số 6?" in text
    assert "1. Đồng ý" in text and "2. Không đồng ý" in text
    assert "gạch ngang ý kiến không chọn" in text and "giữ lại cả hai ý kiến, gạch cả hai ý kiến" in text
    assert "Ông" not in text.split("Tổ dân phố số 6?")[1].split("Cách ghi phiếu")[0]  # no honorific on a choice
    assert "Ý kiến mẫu" in text and "Họ Tên Mẫu" not in text  # the strike example is a sample choice, not a name
    assert scan_codes(pdf, dpi=150) == [[pages[0].payload], [pages[1].payload]]


def test_the_question_sits_above_the_framed_choices_and_leaves_them_room_to_strike():
    manifest = face_manifest(question_spec())
    first, second = manifest.names
    assert (first.text, second.text) == ("Đồng ý", "Không đồng ý")
    assert manifest.frame.y < first.box.y < second.box.y  # the choices inside the frame, in order
    assert second.baseline - first.baseline >= 9  # mm: room to strike one choice cleanly


def test_only_a_question_s_choices_go_without_an_honorific():
    with pytest.raises(ValueError):
        make_spec(candidates=(Candidate("", "Nguyễn Văn An"),))
    assert question_spec().instruction.startswith("Cách ghi phiếu: giữ lại ý kiến mình chọn")
