"""The ward's results report for the district (PDF and .xlsx) and the cost estimate."""

from __future__ import annotations

import io
import subprocess
import tempfile

from openpyxl import load_workbook
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.auth.models import Duty
from app.elections.models import Position
from tests.dashboard.builders import finish, ward_of
from tests.factories import create_app_user, login
from tests.pdftools import pdf_text


def counted_ward(client, session, role=Duty.WARD_ADMIN):
    """TDP 1: leader 7/10 and deputy 6/10 elected; TDP 2: no winner (5/10), a re-run due; TDP 3: not held."""
    kit = ward_of(3)
    finish(kit.contest(1), 9, (7, 2))
    finish(kit.contest(1, Position.DEPUTY), 9, (6, 3), signed_in=True)
    finish(kit.contest(2), 8, (5, 3))
    user = create_app_user(kit.ward, role, [kit.tdps[1]] if not role.is_ward_wide else None)
    session.commit()
    login(client, user)
    return kit


def page_size(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        info = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True, check=True).stdout
    return next(line for line in info.splitlines() if line.startswith("Page size")).split(":", 1)[1].strip()


def test_the_pdf_report_states_each_winners_share_of_the_whole_electorate_and_the_totals(client, session):
    counted_ward(client, session)
    response = client.get("/reports/results.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    assert page_size(response.data).startswith("841.89 x 595.2")  # A4 landscape
    text = " ".join(pdf_text(response.data).split())
    for part in ("ỦY BAN NHÂN DÂN", "Số: …/BC-UBND", "BÁO CÁO", "Kết quả bầu tổ trưởng, tổ phó tổ dân phố nhiệm kỳ 2017–2020",
                 "Kính gửi: Ủy ban nhân dân Hà Nội", "Đã có 1/3 tổ bầu được tổ trưởng", "17 hộ tham gia bầu cử, đạt 56,7%",
                 "70,00%", "60,00%", "Chờ bầu lại", "Chưa có kết quả", "Cộng", "1/3 tổ bầu xong",
                 "không phải trên số phiếu hợp lệ", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"):
        assert part in text, part
    assert "Quận" not in text and "quận" not in text  # the ward's district is no addressee since 1/7/2025


def test_the_spreadsheet_report_has_one_row_per_tdp_and_a_totals_row(client, session):
    counted_ward(client, session)
    response = client.get("/reports/results.xlsx")
    assert response.status_code == 200 and response.headers["Content-Disposition"].endswith(".xlsx")
    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    header = rows[2]
    assert header[:4] == ("Tổ dân phố", "Số hộ (cử tri)", "Số hộ có mặt", "Tỷ lệ có mặt (%)")
    first, second, third, total = rows[3:7]
    assert first[:7] == ("Tổ dân phố số 1", 10, 9, 90.0, first[4], 7, 70.0) and first[4].startswith(("Ông", "Bà"))
    assert first[8] == "6" and first[10] == "Đã bầu xong"
    assert second[10] == "Chờ bầu lại — Tổ trưởng: chờ bầu lại, hạn 30/10/2017; Tổ phó: chưa có kết quả"
    assert second[5] is None
    assert third[2] == 0 and third[10] == "Chưa có kết quả"
    assert total[:5] == ("Tổng cộng", 30, 17, 56.67, "1/3 tổ")


def test_the_report_on_screen_and_its_downloads_are_for_ward_wide_roles_only(client, session):
    counted_ward(client, session, Duty.ELECTION_TEAM)
    for url in ("/reports/", "/reports/results.pdf", "/reports/results.xlsx", "/reports/budget"):
        assert client.get(url).status_code == 403, url


def test_the_budget_prices_printed_ballots_paper_meetings_and_decoration_at_editable_unit_costs(client, session):
    counted_ward(client, session)
    page = client.get("/reports/budget").get_data(as_text=True)
    # Printed: 11 + 11 ballots for TDP 1, 10 for TDP 2's leader; contests not printed yet (TDP 2's deputy,
    # both of TDP 3) count 10 households + 10% = 11 each: 65 ballots, 33 sheets.
    assert "In phiếu bầu" in page and ">65<" in page and ">33<" in page
    cells = {"ballot_unit_cost": 1000, "paper_sheet_cost": 500, "meeting_per_tdp": 1_000_000,
             "decoration_per_tdp": 200_000, "ward_decoration": 3_000_000}
    refused = client.post("/reports/budget", data={**cells, "meeting_per_tdp": -5})
    assert refused.status_code == 422 and "Đơn giá phải từ 0 đồng trở lên" in refused.get_data(as_text=True)
    saved = client.post("/reports/budget", data=cells, follow_redirects=True).get_data(as_text=True)
    # 65 × 1.000 + 33 × 500 + 3 meetings × 1.000.000 + 3 × 200.000 + 3.000.000
    assert 'id="budget-total">6.681.500<' in saved
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "budget.save"))
    assert event.after["meeting_per_tdp"] == 1_000_000
    assert 'src="/static/js/print.js"' in saved and "onclick" not in saved


def test_observers_see_the_budget_but_cannot_change_unit_costs(client, session):
    counted_ward(client, session, Duty.OBSERVER)
    assert client.get("/reports/budget").status_code == 200
    assert client.post("/reports/budget", data={"ballot_unit_cost": 1, "paper_sheet_cost": 1, "meeting_per_tdp": 1,
                                                "decoration_per_tdp": 1, "ward_decoration": 1}).status_code == 403


def test_the_spreadsheet_has_sized_columns_a_frozen_header_and_real_dates(client, session):
    from datetime import date

    from app.results import recognition

    kit = counted_ward(client, session)
    case = recognition.case_for(kit.election, kit.tdps[1], 5)
    recognition.record_recognition(None, case, date(2017, 10, 18), "12", date(2017, 10, 20))
    session.commit()
    sheet = load_workbook(io.BytesIO(client.get("/reports/results.xlsx").data)).active
    assert sheet.freeze_panes == "B4"  # title, summary and header stay; so do the TDP names
    assert sheet.column_dimensions["A"].width >= 20 and sheet.column_dimensions["E"].width >= 25
    recognised = sheet.cell(row=4, column=14)
    assert recognised.value.date() == date(2017, 10, 18) and recognised.number_format == "DD/MM/YYYY"
    assert sheet.cell(row=5, column=14).value is None


def test_a_tdp_whose_deputy_awaits_a_rerun_is_never_reported_as_done(client, session):
    """D3: TDP 1's leader is elected (7/10), its deputy not (5/10), the deputies' re-run is open."""
    from datetime import timedelta

    from app.tally import services as tally

    kit = ward_of(2)
    finish(kit.contest(1), 9, (7, 2))
    finish(kit.contest(1, Position.DEPUTY), 9, (5, 4), signed_in=True)
    tally.open_rerun(None, kit.rounds[1], kit.rounds[1].vote_date + timedelta(days=7))
    login(client, create_app_user(kit.ward))
    session.commit()
    page = client.get("/reports/").get_data(as_text=True)
    assert "0/2 tổ đã bầu xong" in page
    row = page[page.index("<tbody>"):].split("</tr>")[0]
    assert "Tổ phó: chờ bầu lại, hạn 30/10/2017" in row and "Đã bầu xong" not in row
    rows = list(load_workbook(io.BytesIO(client.get("/reports/results.xlsx").data)).active.iter_rows(values_only=True))
    assert rows[1][0].startswith("0/2 tổ đã bầu xong")
    assert rows[3][10] == "Chờ bầu lại — Tổ trưởng: đã bầu; Tổ phó: chờ bầu lại, hạn 30/10/2017"
    text = " ".join(pdf_text(client.get("/reports/results.pdf").data).split())
    assert "0/2 tổ bầu xong" in text and "1/2 tổ bầu được tổ trưởng" in text
