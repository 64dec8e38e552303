"""Every user string drawn in a PDF is text, never reportlab markup (review F7): `<` renders instead of a 500,
`<a href>` makes no link, `<img src>` embeds no server file; reportlab may fetch nothing remote."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from types import SimpleNamespace

import pytest
from PIL import Image

from app.candidates.list_pdf import ListDocument, ListLine, render_list
from app.core.pdf import esc
from app.papers.registry import PaperKind
from app.papers.settings import PaperSettings, Signer
from app.reports.queries import Report, ReportLine, Winner
from app.reports.report_pdf import render_report
from app.results.recognition_pdf import DecisionDoc, ElectedLine, render_decision
from app.rolls import documents
from app.rolls.roll_pdf import RollDocument, RollLine, render_roll
from tests.factories import create_household, create_tdp, create_ward
from tests.pdftools import pdf_text

DAY = date(2017, 10, 15)


@pytest.fixture
def hostile_names(tmp_path):
    picture = tmp_path / "secret.png"
    Image.new("RGB", (40, 40), "red").save(picture)
    return {
        "lt": "Nguyễn <Văn An",
        "amp": "Trần & Con",
        "link": 'Lê Văn Bình <a href="http://evil.example/phishing">Xem hướng dẫn</a>',
        "image": f'Phạm <img src="{picture}" width="30" height="30"/> Dũng',
        "remote": '<img src="http://127.0.0.1:9/ssrf.png"/>',
    }


def _assert_literal(pdf: bytes, names: dict[str, str]) -> None:
    assert b"/URI" not in pdf and b"/Link" not in pdf
    assert b"/Subtype /Image" not in pdf
    text = " ".join(pdf_text(pdf).split())
    for fragment in ("Nguyễn <Văn An", "Trần & Con", "<a href=", "evil.example/phishing", "<img src="):
        assert fragment in text, fragment


def test_esc_turns_markup_into_text():
    assert esc('<a href="x">&</a>') == '&lt;a href="x"&gt;&amp;&lt;/a&gt;'
    assert esc(None) == ""


def test_the_roll_pdf_draws_hostile_names_and_addresses_literally(hostile_names):
    lines = [RollLine(f"05000{i}", f"Ông {name}", 1960, name) for i, name in enumerate(hostile_names.values())]
    pdf = render_roll(RollDocument(("UBND PHƯỜNG <X>", "TỔ DÂN PHỐ SỐ 5"), "Thử", "Tổ <5>", "Phường <b>Thử",
                                   "Bầu tổ trưởng & tổ phó", lines, "ABCD", DAY))
    _assert_literal(pdf, hostile_names)
    assert "Tổ <5> – Phường <b>Thử" in pdf_text(pdf)


def test_the_candidate_list_pdf_draws_hostile_names_literally(hostile_names):
    lines = [ListLine(f"Bà {name}", 1970, name) for name in hostile_names.values()]
    pdf = render_list(ListDocument(("UBND PHƯỜNG THỬ", "TỔ DÂN PHỐ SỐ 5"), "Thử", "leader", "Tổ <5>", "Phường Thử",
                                   "2017–2020 <i>", DAY, 1, lines, DAY, DAY))
    _assert_literal(pdf, hostile_names)


def test_the_recognition_decision_draws_a_hostile_winner_literally(hostile_names):
    elected = tuple(ElectedLine("Tổ trưởng", f"Ông {name}", 5, 9) for name in hostile_names.values())
    pdf = render_decision(DecisionDoc("Phường <Thử>", "…/QĐ-UBND", None, "Tổ dân phố số 9", "2017–2020", DAY, elected,
                                      DAY, ("ỦY BAN NHÂN DÂN", "PHƯỜNG <THỬ>"), "<Thử>", "Ủy ban nhân dân <Thử>",
                                      ("Căn cứ Nghị quyết <liên tịch>;",), ("<Lưu>: VT.",),
                                      Signer("TM. <UBND>", "CHỦ TỊCH", "<b>Tên</b>")))
    _assert_literal(pdf, hostile_names)


def test_the_ward_report_draws_a_hostile_winner_literally(hostile_names):
    winners = tuple(Winner(f"Ông {name}", 5, Fraction(5, 9)) for name in hostile_names.values())
    line = ReportLine(9, "Tổ dân phố số 9", 9, 7, Fraction(7, 9), winners, (), "Đã bầu", 0, False, None)
    ward = SimpleNamespace(name="Phường <Thử>", district="Quận <Long Biên>")
    report = Report(ward, SimpleNamespace(term_label="2017–2020"), [line], 1, 9, 7, 0, 0, 0)
    papers = PaperSettings("Phường <Thử>", "UBND <Thử>", ("ỦY BAN NHÂN DÂN", "PHƯỜNG <THỬ>"), "<Hà Nội>", "<Hà Nội>",
                           {PaperKind.WARD_REPORT: Signer("TM. <UBND>", "CHỦ TỊCH")}, {},
                           {PaperKind.WARD_REPORT: ("<Lưu>: VT.",)})
    _assert_literal(render_report(report, DAY, papers), hostile_names)


def test_a_representative_named_with_markup_prints_in_the_official_roll(session, hostile_names):
    tdp = create_tdp(create_ward(), 7)
    for i, name in enumerate(hostile_names.values()):
        create_household(tdp, f"07000{i}", representative=name)
    session.commit()
    _assert_literal(documents.roll_pdf(tdp, None, DAY), hostile_names)


def test_reportlab_trusts_no_scheme_for_remote_resources():
    from reportlab import rl_config

    import app.core.pdf  # noqa: F401 - sets the configuration

    assert rl_config.trustedSchemes == [] and rl_config.trustedHosts
