"""The attendance list as .xlsx (openpyxl, write-only)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook

from app.core.spreadsheet import safe_row
from app.core.time import LOCAL_TZ
from app.rules import Quorum, format_date
from app.wards.history import tdp_name_on

METHOD_LABELS = {"code": "Gõ mã hộ", "name": "Tìm theo tên", "qr": "Quét giấy mời"}


def attendance_xlsx(round_, rows: Sequence, quorum: Quorum) -> bytes:
    """One sheet: a title block (TDP, date, present / electorate, quorum) then one row per household."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Điểm danh")
    sheet.append([f"Danh sách cử tri đại diện hộ dự hội nghị – {tdp_name_on(round_.tdp, round_.vote_date)}"])
    sheet.append(safe_row(sheet, [f"Ngày {format_date(round_.vote_date)}, {round_.place}"]))
    sheet.append([f"Có mặt {quorum.present}/{quorum.electorate} hộ; "
                  + ("đủ" if quorum.reached else "chưa đủ") + f" quá nửa (cần {quorum.needed})."])
    sheet.append([])
    sheet.append(["STT", "Mã hộ", "Người đại diện", "Địa chỉ", "Giờ điểm danh", "Cách điểm danh"])
    for i, row in enumerate(rows, 1):
        local = row.signed_in_at.astimezone(LOCAL_TZ)
        sheet.append(safe_row(sheet, [i, row.code, row.name, row.address, local.strftime("%H:%M:%S"),
                                      METHOD_LABELS[row.method]]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
