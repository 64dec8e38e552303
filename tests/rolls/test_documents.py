"""The printed roll and the invitations open in poppler, read back as Vietnamese, and their QR codes decode."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from app.attendance.services import invitation_text
from app.auth.models import Duty
from app.rolls import documents
from app.rolls.models import Person
from app.rolls.queries import current_fingerprint
from tests.factories import (
    create_app_user,
    create_election,
    create_household,
    create_round,
    create_tdp,
    create_ward,
    login,
)
from tests.pdftools import pdf_fonts, pdf_text, qr_codes

NAMES = ["Nguyễn Văn An", "Trần Thị Bích Ngọc", "Lê Văn Ưng", "Đặng Thị Hường", "Phạm Quang Đạo", "Vũ Thị Ánh"]


@pytest.fixture
def tdp(session):
    tdp = create_tdp(create_ward("Phường Ngọc Thụy"), 5)
    for i, name in enumerate(NAMES, 1):
        create_household(tdp, f"05{i:04d}", representative=name, address=f"Số {i}, ngõ 12, phố Ngọc Thụy")
    return tdp


def test_the_printed_roll_reads_back_in_vietnamese_order_with_fingerprint_and_page_numbers(session, tdp):
    pdf = documents.roll_pdf(tdp, None, date(2017, 10, 1))
    text = pdf_text(pdf)
    assert "DANH SÁCH CỬ TRI ĐẠI DIỆN HỘ GIA ĐÌNH" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    positions = [text.index(name) for name in ["Nguyễn Văn An", "Vũ Thị Ánh", "Phạm Quang Đạo", "Đặng Thị Hường",
                                               "Trần Thị Bích Ngọc", "Lê Văn Ưng"]]
    assert positions == sorted(positions)
    assert current_fingerprint(tdp.id).short in text
    assert "Trang 1/1" in text and "01/10/2017" in text
    assert "Ký tên" in text
    fonts = pdf_fonts(pdf).splitlines()[2:]
    assert fonts and all(" yes yes yes " in line for line in fonts), fonts


def test_a_long_roll_numbers_every_page(session):
    tdp = create_tdp(create_ward(), 7)
    for i in range(120):
        create_household(tdp, f"07{i:04d}", representative="Nguyễn Văn Thành")
    text = pdf_text(documents.roll_pdf(tdp, None, date(2017, 10, 1)))
    pages = text.count("\f")
    assert pages >= 3 and f"Trang {pages}/{pages}" in text


def test_invitations_carry_a_sign_in_qr_that_zbar_decodes(session, tdp):
    round_ = create_round(create_election(tdp.ward), tdp)
    pdf = documents.invitations_pdf(round_)
    text = pdf_text(pdf)
    assert "GIẤY MỜI" in text and "Kính mời: Ông Nguyễn Văn An" in text
    codes = [c for page in qr_codes(pdf, dpi=150) for c in page]
    expected = {invitation_text(round_.id, f"05{i:04d}") for i in range(1, len(NAMES) + 1)}
    assert set(codes) == expected
    assert all(not c.startswith("BC1:") for c in codes)


def test_the_excel_export_has_no_citizen_ids_unless_a_ward_admin_asks(client, session, tdp):
    person = session.get(Person, tdp.id and session.query(Person).first().id)
    person.citizen_id = "001080012345"
    team = create_app_user(tdp.ward, Duty.ELECTION_TEAM, [tdp])
    admin = create_app_user(tdp.ward)
    session.commit()
    login(client, team)
    plain = client.get(f"/tdp/{tdp.id}/roll.xlsx")
    assert plain.status_code == 200 and b"001080012345" not in _cells(plain.data)
    assert client.get(f"/tdp/{tdp.id}/roll.xlsx?citizen_ids=1").status_code == 403
    client.post("/logout")
    login(client, admin)
    with_ids = client.get(f"/tdp/{tdp.id}/roll.xlsx?citizen_ids=1")
    assert b"001080012345" in _cells(with_ids.data)


def _cells(data: bytes) -> bytes:
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return "|".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None).encode()


def test_roll_api_is_sorted_with_fingerprint_and_without_citizen_ids(client, session, tdp):
    admin = create_app_user(tdp.ward)
    session.commit()
    login(client, admin)
    body = client.get(f"/api/v1/tdps/{tdp.id}/roll").get_json()
    assert body["fingerprint"] == current_fingerprint(tdp.id).hex
    assert [h["representative"] for h in body["households"]][0] == "Nguyễn Văn An"
    assert "citizen_id" not in body["households"][0]
