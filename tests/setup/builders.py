"""Small builders for set-up tests: a TDP list as .xlsx bytes, written by openpyxl as Excel would."""

from __future__ import annotations

import io

from openpyxl import Workbook

HEADER = ["Số tổ", "Tên tổ dân phố", "Chi bộ", "Ban công tác Mặt trận"]
STRONG = "Bồ Đề giữ phiếu 2026"


def tdp_xlsx(rows, *, header=HEADER, title: str | None = "DANH SÁCH TỔ DÂN PHỐ") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Tổ dân phố"
    if title:
        sheet.append([title])
        sheet.append([])
    if header:
        sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


THREE_TDPS = [(1, "Tổ dân phố số 1", "Chi bộ tổ 1", "Ban CTMT tổ 1"), (4, "Tổ dân phố số 4", "", ""),
              (12, "Tổ dân phố số 12", "Chi bộ tổ 12", "")]
