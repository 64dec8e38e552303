"""The ward's results report as .xlsx (openpyxl, write-only): one row per TDP and a totals row."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from app.core.spreadsheet import cell_of, safe_row
from app.reports.queries import Report
from app.rules import format_date

HEADER = ["Tổ dân phố", "Số hộ (cử tri)", "Số hộ có mặt", "Tỷ lệ có mặt (%)", "Tổ trưởng trúng cử", "Số phiếu",
          "Tỷ lệ trên tổng số cử tri (%)", "Tổ phó trúng cử", "Số phiếu tổ phó", "Tỷ lệ tổ phó (%)", "Kết quả",
          "Số lần bầu lại", "Bầu lại do vi phạm", "Ngày công nhận"]


def _pct(value) -> float:
    return round(float(value) * 100, 2)


def _bold(sheet, values):
    cells = []
    for value in values:
        cell = cell_of(sheet, value)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def report_xlsx(report: Report) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Kết quả bầu cử")
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
                      "Có" if line.rule_breach else "", format_date(line.recognised_on) if line.recognised_on else ""]))
    sheet.append(_bold(sheet, ["Tổng cộng", report.electorate, report.present, _pct(report.turnout),
                               f"{report.elected}/{len(report.lines)} tổ", None, None, None, None, None, None,
                               report.reruns, report.rule_breach_reruns, f"{report.recognised} tổ"]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
