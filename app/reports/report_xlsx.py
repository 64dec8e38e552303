"""The ward's results report as .xlsx (openpyxl, write-only): one row per TDP and a totals row, columns sized
to their contents, the three title and header rows frozen, the recognition day a real date (D31)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from app.core.spreadsheet import cell_of, safe_row
from app.reports.queries import Report

HEADER = ["Tổ dân phố", "Số hộ (cử tri)", "Số hộ có mặt", "Tỷ lệ có mặt (%)", "Tổ trưởng trúng cử", "Số phiếu",
          "Tỷ lệ trên tổng số cử tri (%)", "Tổ phó trúng cử", "Số phiếu tổ phó", "Tỷ lệ tổ phó (%)", "Kết quả",
          "Số lần bầu lại", "Bầu lại do vi phạm", "Ngày công nhận"]


#: Column widths in characters, in HEADER order: names wide, figures narrow.
WIDTHS = [22, 12, 12, 12, 26, 10, 16, 30, 12, 14, 18, 12, 12, 14]
DATE_FORMAT = "DD/MM/YYYY"
#: The first row that scrolls: the title, the summary and the header stay in view.
FIRST_DATA_CELL = "B4"


def _date(sheet, day):
    if day is None:
        return None
    cell = WriteOnlyCell(sheet, value=day)
    cell.number_format = DATE_FORMAT
    return cell


def _pct(value) -> float:
    return round(float(value) * 100, 2)


def _bold(sheet, values):
    cells = []
    for value in values:
        cell = cell_of(sheet, value)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cells.append(cell)
    return cells


def report_xlsx(report: Report) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Kết quả bầu cử")
    for column, width in enumerate(WIDTHS, 1):  # a write-only sheet takes widths and panes before any row
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = FIRST_DATA_CELL
    term = report.election.term_label if report.election else ""
    sheet.append(_bold(sheet, [f"Kết quả bầu tổ trưởng, tổ phó tổ dân phố nhiệm kỳ {term} – {report.ward.name}"]))
    sheet.append([f"{report.complete}/{len(report.lines)} tổ đã bầu xong; {report.present}/{report.electorate} hộ "
                  f"tham gia; {report.reruns} tổ phải bầu lại, {report.rule_breach_reruns} tổ do vi phạm quy định."])
    sheet.append(_bold(sheet, HEADER))
    for line in report.lines:
        leader = line.leaders[0] if line.leaders else None
        deputies = line.deputies
        sheet.append(safe_row(sheet, [line.name, line.electorate, line.present, _pct(line.turnout),
                      leader.name if leader else "", leader.votes if leader else None,
                      _pct(leader.share) if leader else None, "; ".join(d.name for d in deputies),
                      "; ".join(str(d.votes) for d in deputies) or None,
                      "; ".join(f"{_pct(d.share)}" for d in deputies) or None, line.result, line.reruns,
                      "Có" if line.rule_breach else "", _date(sheet, line.recognised_on)]))
    sheet.append(_bold(sheet, ["Tổng cộng", report.electorate, report.present, _pct(report.turnout),
                               f"{report.elected}/{len(report.lines)} tổ", None, None, None, None, None, None,
                               report.reruns, report.rule_breach_reruns, f"{report.recognised} tổ"]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
