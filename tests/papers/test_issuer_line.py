"""The roll, the candidate list and the ballots print the ward's issuing authority from its paper settings above
the TDP, not "UBND" + the ward's name."""

from __future__ import annotations

from datetime import date

import pytest

from app.candidates.list_pdf import list_pdf
from app.papers.issuer import authority_line
from app.printing import services as printing
from app.rolls.documents import roll_pdf
from app.wards.models import Ward
from tests.electionkit import published
from tests.pdftools import pdf_text


@pytest.mark.parametrize(("authority", "line"), [
    ("Ủy ban nhân dân xã Đông Anh", "UBND XÃ ĐÔNG ANH"),
    ("UBND  phường   Bồ Đề", "UBND PHƯỜNG BỒ ĐỀ"),
    ("Ban chỉ đạo bầu cử đặc khu Côn Đảo", "BAN CHỈ ĐẠO BẦU CỬ ĐẶC KHU CÔN ĐẢO"),
    ("", "UBND PHƯỜNG NGỌC THỤY"),
])
def test_the_authority_line_comes_from_the_setting_in_its_short_form(authority, line):
    assert authority_line(Ward(name="Phường Ngọc Thụy", issuing_authority=authority)) == line


def _flat(pdf: bytes) -> str:
    return " ".join(pdf_text(pdf).split())


def test_roll_candidate_list_and_ballots_print_the_wards_issuing_authority(session):
    kit = published()
    kit.ward.issuing_authority = "Ủy ban nhân dân xã Đông Anh"
    session.flush()
    run = printing.create_run(None, kit.leader, 3)
    papers = {"roll": roll_pdf(kit.tdp, kit.round, date(2017, 10, 1)), "ballots": printing.render_run(run),
              "candidate list": list_pdf(kit.leader, date(2017, 10, 1))}
    for kind, pdf in papers.items():
        text = _flat(pdf)
        if kind == "candidate list":  # the Front's paper: issued and signed by the TDP's Front committee
            assert "BAN CÔNG TÁC MẶT TRẬN TỔ DÂN PHỐ SỐ 5" in text and "UBND" not in text, kind
            continue
        assert "UBND XÃ ĐÔNG ANH" in text, kind
        assert f"UBND {kit.ward.name}".upper() not in text, kind
