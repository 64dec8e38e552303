"""Builders for roll files as people really send them: .xlsx with title rows, CSV with BOM and semicolons."""

from __future__ import annotations

import io
import unicodedata
from datetime import date

import openpyxl

NFD = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731 - a name typed on a decomposing keyboard

HEADER = ["STT", "Mã hộ", "Họ và tên chủ hộ / người đại diện", "Năm sinh", "Giới tính", "Địa chỉ", "Liên gia"]
TODAY = date(2024, 5, 1)


def xlsx_bytes(rows: list[list], *, title_rows: int = 2, text_columns: tuple[int, ...] = ()) -> bytes:
    """An .xlsx whose sheet starts with `title_rows` rows (a title, then blanks) above `rows`.

    Cells in `text_columns` (0-based) get the Text number format ("@"), as a careful clerk would set.
    """
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    for i in range(title_rows):
        sheet.append(["DANH SÁCH HỘ GIA ĐÌNH" if i == 0 else None])
    for row in rows:
        sheet.append(row)
        for index in text_columns:
            sheet.cell(sheet.max_row, index + 1).number_format = "@"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list], *, delimiter: str = ";", bom: bool = True, encoding: str = "utf-8") -> bytes:
    """CSV as Excel writes it: CRLF line ends, quotes only where needed."""
    import csv

    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    data = out.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def clean_rows() -> list[list]:
    """Three households of TDP 5, with codes kept as text."""
    return [HEADER,
            [1, "050001", "Nguyễn Văn An", 1960, "Nam", "Số 1, ngõ 2", "LG1"],
            [2, "050002", "Trần Thị Bình", 1975, "Nữ", "Số 3, ngõ 2", "LG1"],
            [3, "050003", "Lê Văn Cường", 1958, "Nam", "Số 5, ngõ 2", "LG2"]]


#: The messy whole-ward file: a title, a blank row, then the header on row 3 (semicolon CSV with BOM).
MESSY = [
    ["DANH SÁCH HỘ GIA ĐÌNH PHƯỜNG THỬ"],
    [],
    ["STT", "Mã hộ", "Họ và tên chủ hộ / người đại diện", "Ngày sinh", "Giới tính", "Tổ", "Địa chỉ"],
    ["1", "050001", "Nguyễn Văn An", "12/03/1960", "Nam", "5", "Số 1, ngõ 2"],            # 4: fine
    ["2", "50002", NFD("Trần Thị Bình"), "1975", "Nữ", "5", "Số 3, ngõ 2"],               # 5: lost its 0
    ["3", "050003", "Lê Văn Cường", "31/11/1970", "nam", "5", "Số 5"],                    # 6: no 31 November
    ["", "", "", "", "", "", ""],                                                         # 7: blank
    ["4", "050004", "Phạm Minh Đức", "02/01/2009", "Nam", "5", "Số 7"],                   # 8: 15 years old
    ["5", "050001", NFD("Nguyễn Văn An"), "12/03/1960", "Nam", "5", "Số 1, ngõ 2"],      # 9: twice
    ["6", "050003", "Hoàng Thị Lan", "1980", "Nữ", "5", "Số 9"],                          # 10: two representatives
    ["7", "060001", "Vũ Văn Hùng", "1965", "X", "99", "Số 11"],                           # 11: no TDP 99
    ["8", "050005", "", "1970", "Nam", "5", ""],                                          # 12: no name
    ["9", "", "Đỗ Thị Mai", "1972", "Nữ", "5", "Số 13"],                                  # 13: no code
    ["", "", "", "", "", "", ""],
]

#: (row, column letter, code) of every problem the messy file must produce, in order.
MESSY_PROBLEMS = [
    (None, None, "tdp.absent"),
    (5, "B", "code.leading_zero"),
    (6, "D", "birth.day_not_in_month"),
    (8, "D", "age.under_18"),
    (9, "B", "code.duplicate"),
    (10, "B", "code.two_representatives"),
    (11, "E", "gender.unknown"),
    (11, "F", "tdp.unknown"),
    (12, "C", "name.missing"),
    (13, "B", "code.missing"),
]
