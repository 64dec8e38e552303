"""Reading roll files: .xlsx through calamine with the spreadsheet's own row numbers, CSV in UTF-8 only."""

from datetime import date, datetime

import openpyxl
import pytest

from app.rolls.importing.problems import UnreadableFile
from app.rolls.importing.reader import read_table
from tests.rolls.data.files import csv_bytes, xlsx_bytes


def test_xlsx_rows_keep_the_row_numbers_the_spreadsheet_shows():
    table = read_table(xlsx_bytes([["Mã hộ", "Họ tên"], ["050001", "Nguyễn Văn An"]], title_rows=3), "roll.xlsx")
    assert table.kind == "xlsx" and table.sheet == "Danh sách"
    assert table.rows[3][:2] == ["Mã hộ", "Họ tên"]  # spreadsheet row 4
    assert table.rows[4][:2] == ["050001", "Nguyễn Văn An"]


def test_xlsx_cells_arrive_as_numbers_dates_and_text():
    rows = [["Mã hộ", "Ngày sinh"], [50001, date(1960, 3, 12)], ["050002", datetime(1975, 1, 2)],
            ["050003", "31/11/1970"]]
    table = read_table(xlsx_bytes(rows, title_rows=0), "roll.xlsx")
    assert table.rows[1] == [50001.0, date(1960, 3, 12)] or table.rows[1] == [50001, date(1960, 3, 12)]
    assert table.rows[2] == ["050002", date(1975, 1, 2)]
    assert table.rows[3] == ["050003", "31/11/1970"]


def test_the_first_visible_sheet_is_read():
    workbook = openpyxl.Workbook()
    hidden = workbook.active
    hidden.append(["bí mật"])
    hidden.sheet_state = "hidden"
    workbook.create_sheet("Tổ 5").append(["Mã hộ", "Họ tên"])
    import io

    out = io.BytesIO()
    workbook.save(out)
    table = read_table(out.getvalue(), "roll.xlsx")
    assert table.sheet == "Tổ 5" and table.rows[0] == ["Mã hộ", "Họ tên"]


def test_a_semicolon_csv_with_a_bom_and_commas_in_addresses_is_split_on_semicolons():
    rows = [["Mã hộ", "Họ tên", "Địa chỉ"], ["050001", "Nguyễn Văn An", "Số 1, ngõ 2, phố Ngọc Thụy"],
            ["050002", "Trần Thị Bình", "Số 3, ngõ 2"]]
    table = read_table(csv_bytes(rows, delimiter=";", bom=True), "roll.csv")
    assert table.delimiter == ";"
    assert table.rows == rows


def test_a_comma_csv_without_bom_with_quoted_addresses_is_split_on_commas():
    rows = [["Mã hộ", "Họ tên", "Địa chỉ"], ["050001", "Nguyễn Văn An", "Số 1, ngõ 2"]]
    table = read_table(csv_bytes(rows, delimiter=",", bom=False), "roll.csv")
    assert table.delimiter == "," and table.rows == rows


def test_a_csv_in_windows_1258_is_refused_with_a_hint_to_save_as_csv_utf8():
    # Windows-1258 has ê, ă, â as single bytes, which UTF-8 cannot decode.
    data = csv_bytes([["Ma ho", "Ho ten"], ["050001", "Lê Văn Tâm"]], bom=False, encoding="cp1258")
    with pytest.raises(UnreadableFile) as caught:
        read_table(data, "roll.csv")
    assert caught.value.code == "import.csv_encoding"
    assert "CSV UTF-8" in caught.value.message


def test_a_utf16_text_export_is_refused():
    data = "Mã hộ\tHọ tên\r\n".encode("utf-16")
    with pytest.raises(UnreadableFile) as caught:
        read_table(data, "roll.csv")
    assert "UTF-16" in caught.value.message and "CSV UTF-8" in caught.value.message


@pytest.mark.parametrize(("data", "name", "code"), [
    (b"\xd0\xcf\x11\xe0 old excel", "roll.xls", "import.format"),
    (b"whatever", "roll.pdf", "import.format"),
    (b"\xd0\xcf\x11\xe0 renamed", "roll.xlsx", "import.not_xlsx"),
    (b"PK\x03\x04 not really a zip", "roll.xlsx", "import.damaged"),
    (b"\xef\xbb\xbf;;\r\n;;\r\n", "roll.csv", "import.empty"),
])
def test_files_that_cannot_be_read_are_refused_with_a_vietnamese_reason(data, name, code):
    with pytest.raises(UnreadableFile) as caught:
        read_table(data, name)
    assert caught.value.code == code
    assert caught.value.message
