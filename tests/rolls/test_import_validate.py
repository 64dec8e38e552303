"""The pure validator: every problem names its row, column and reason; blank rows pass silently."""

from datetime import date

import pytest

from app.rolls.importing.headers import find_header
from app.rolls.importing.reader import read_table
from app.rolls.importing.validate import ImportContext, validate_table
from tests.rolls.data.files import MESSY, MESSY_PROBLEMS, NFD, TODAY, csv_bytes, xlsx_bytes

WARD = frozenset({5, 6})


def _validate(rows, *, target=5, reference=TODAY, whole_ward=False):
    header = find_header(rows, whole_ward=whole_ward)
    return validate_table(rows, header, ImportContext(TODAY, reference, WARD, None if whole_ward else target))


def _roll(*data_rows, header=("Mã hộ", "Họ và tên", "Năm sinh", "Ngày sinh", "Giới tính")):
    return [list(header), *[list(r) for r in data_rows]]


def _codes(parsed):
    return [(p.row, p.letter, p.code) for p in parsed.problems]


def test_the_messy_file_gets_a_precise_problem_list():
    table = read_table(csv_bytes(MESSY, delimiter=";", bom=True), "roll.csv")
    parsed = _validate(table.rows, whole_ward=True)
    assert _codes(parsed) == MESSY_PROBLEMS
    assert parsed.blank_rows == 2
    by_row = {(p.row, p.code): p for p in parsed.problems}
    assert "30/11/1970" in by_row[6, "birth.day_not_in_month"].message
    assert "“050002”" in by_row[5, "code.leading_zero"].message
    assert "15 tuổi" in by_row[8, "age.under_18"].message
    assert "dòng 6" in by_row[10, "code.two_representatives"].message
    assert by_row[10, "code.two_representatives"].column == "Mã hộ"
    assert all(p.message and p.message == p.message.strip() for p in parsed.problems)


def test_a_name_typed_decomposed_is_stored_composed():
    parsed = _validate(_roll(["050001", NFD("  Trần   Thị Bình ")]))
    assert parsed.rows[0].name == "Trần Thị Bình"


def test_the_same_household_twice_with_composed_and_decomposed_names_is_a_duplicate_not_two_people():
    parsed = _validate(_roll(["050001", "Trần Thị Bình"], ["050001", NFD("Trần Thị Bình")]))
    assert _codes(parsed) == [(3, "A", "code.duplicate")]
    assert len(parsed.rows) == 1


def test_excel_numbers_in_the_code_column_are_read_without_a_decimal_point():
    table = read_table(xlsx_bytes([["Mã hộ", "Họ và tên"], [50001, "Nguyễn Văn An"], [50002, "Lê Thị Hoa"]]),
                       "roll.xlsx")
    parsed = _validate(table.rows)
    assert [r.code for r in parsed.rows] == ["50001", "50002"]
    assert [r.line for r in parsed.rows] == [4, 5]


def test_codes_that_lost_their_leading_zeros_are_warned_about_with_the_likely_code():
    parsed = _validate(_roll(["050001", "An"], ["050002", "Bình"], [50003.0, "Cường"]))
    assert _codes(parsed) == [(4, "A", "code.leading_zero")]
    assert not parsed.problems[0].is_error and "“050003”" in parsed.problems[0].message


@pytest.mark.parametrize(("cell", "code"), [
    ("khoảng 1960", "birth.year_not_number"), (1899, "birth.year_too_early"), ("2025", "birth.year_future"),
    (1970.5, "birth.year_not_number"),
])
def test_impossible_birth_years_are_errors(cell, code):
    parsed = _validate(_roll(["050001", "Nguyễn Văn An", cell, "", "Nam"]))
    assert _codes(parsed) == [(2, "C", code)]


@pytest.mark.parametrize(("cell", "code"), [
    ("31/11/1970", "birth.day_not_in_month"), ("29/02/1970", "birth.day_not_in_month"),
    ("12/31/1970", "birth.month_out_of_range"), ("1/1/70", "birth.two_digit_year"),
    ("02/05/2024", "birth.date_future"), (25569.0, "birth.date_is_number"), (date(1880, 1, 1), "birth.year_too_early"),
])
def test_impossible_birth_dates_are_errors_that_say_why(cell, code):
    parsed = _validate(_roll(["050001", "Nguyễn Văn An", "", cell, "Nam"]))
    assert _codes(parsed) == [(2, "D", code)]


def test_a_birth_date_as_a_date_cell_as_text_or_as_iso_is_read():
    parsed = _validate(_roll(["1", "A", "", date(1960, 3, 12)], ["2", "B", "", "12/03/1960"],
                             ["3", "C", "", "1960-03-12"], ["4", "D", "", 1960.0]))
    assert parsed.problems == ()
    assert [r.birth_date for r in parsed.rows] == [date(1960, 3, 12)] * 3 + [None]
    assert [r.birth_year for r in parsed.rows] == [1960] * 4


def test_a_year_that_contradicts_the_birth_date_is_an_error():
    parsed = _validate(_roll(["1", "A", 1961, "12/03/1960"]))
    assert _codes(parsed) == [(2, "C", "birth.year_mismatch")]


def test_a_representative_must_be_18_on_the_reference_date():
    reference = date(2017, 10, 15)
    parsed = _validate(_roll(["1", "A", "", "16/10/1999"], ["2", "B", "", "15/10/1999"], ["3", "C", 2000],
                             ["4", "D", 1999], ["5", "E", 1998]), reference=reference)
    assert _codes(parsed) == [(2, "D", "age.under_18"), (4, "C", "age.under_18"), (5, "C", "age.maybe_under_18")]
    assert [p.is_error for p in parsed.problems] == [True, True, False]
    assert "15/10/2017" in parsed.problems[0].message


@pytest.mark.parametrize(("cell", "gender"), [
    ("Nam", "male"), ("nam", "male"), ("NAM", "male"), ("M", "male"), ("Ông", "male"), (NFD("ông"), "male"),
    ("Nữ", "female"), ("nữ", "female"), (NFD("Nữ"), "female"), ("F", "female"), ("Bà", "female"), ("", None),
])
def test_genders_are_understood_in_their_usual_spellings(cell, gender):
    parsed = _validate(_roll(["1", "A", "", "", cell]))
    assert parsed.problems == () and parsed.rows[0].gender == gender


def test_an_unknown_gender_is_a_warning_and_the_row_is_kept():
    parsed = _validate(_roll(["1", "A", "", "", "Khác"]))
    assert _codes(parsed) == [(2, "E", "gender.unknown")]
    assert parsed.errors == 0 and parsed.rows[0].gender is None


def test_blank_rows_are_skipped_and_partial_rows_are_checked():
    parsed = _validate(_roll(["", "", "", "", ""], [None, None, None, None, None], ["", "", 1970, "", ""],
                             ["050001", "Nguyễn Văn An"]))
    assert parsed.blank_rows == 2
    assert _codes(parsed) == [(4, "A", "code.missing"), (4, "B", "name.missing")]
    assert [r.code for r in parsed.rows] == ["050001"]


def test_a_row_numbered_in_an_unmapped_column_only_is_blank():
    rows = [["STT", "Mã hộ", "Họ và tên"], ["1", "050001", "An"], ["2", "", ""], ["3", "", ""]]
    parsed = _validate(rows)
    assert parsed.problems == () and parsed.blank_rows == 2


def test_citizen_ids_are_never_repeated_in_problems():
    rows = [["Mã hộ", "Họ và tên", "Số CCCD"], ["1", "A", "00123"], ["2", "B", 12345678901.0], ["3", "C", "001-060-000123"]]
    parsed = _validate(rows)
    assert _codes(parsed) == [(2, "C", "citizen_id.format"), (3, "C", "citizen_id.leading_zero")]
    assert all("00123" not in p.message and "12345678901" not in p.message for p in parsed.problems)
    assert [r.citizen_id for r in parsed.rows] == [None, None, "001060000123"]


def test_a_whole_ward_file_checks_each_rows_tdp():
    rows = [["Tổ", "Mã hộ", "Họ và tên"], ["Tổ 5", "1", "A"], [6.0, "2", "B"], ["", "3", "C"], ["TDP 7", "4", "D"],
            ["5 hoặc 6", "5", "E"]]
    parsed = _validate(rows, whole_ward=True)
    assert _codes(parsed) == [(4, "A", "tdp.missing"), (5, "A", "tdp.unknown"), (6, "A", "tdp.unreadable")]
    assert [(r.tdp, r.code) for r in parsed.rows] == [(5, "1"), (6, "2")]


def test_a_single_tdp_file_with_rows_of_another_tdp_is_an_error():
    rows = [["Tổ", "Mã hộ", "Họ và tên"], ["5", "1", "A"], ["6", "2", "B"]]
    assert _codes(_validate(rows, target=5)) == [(3, "A", "tdp.mismatch")]


def test_missing_required_columns_are_reported_on_the_header_row():
    parsed = _validate([["Danh sách"], ["STT", "Tên", "Nơi ở"], ["1", "A", "x"]])
    assert parsed.needs_mapping
    assert _codes(parsed) == [(2, None, "header.missing"), (2, None, "header.missing")]
    assert "Mã hộ" in parsed.problems[0].message and parsed.rows == ()


def test_text_longer_than_the_roll_can_hold_is_an_error():
    parsed = _validate(_roll(["1", "A" * 121]))
    assert _codes(parsed) == [(2, "B", "name.too_long")]


def test_the_papers_foot_below_the_last_household_is_skipped_with_a_warning_not_errors():
    """D35: 'Người lập biểu / Tổ trưởng' and a signature name under the table block nothing; a row without
    a code between households is still an error."""
    parsed = _validate(_roll(["050001", "Nguyễn Văn An"], ["", "Trần Thị Bình"], ["050002", "Lê Văn Cường"],
                             ["", ""], ["", "Người lập biểu", "", "", "Tổ trưởng"], ["", "Phạm Văn Dũng"]))
    assert _codes(parsed) == [(3, "A", "code.missing"), (5, None, "rows.footer")]
    footer = [p for p in parsed.problems if p.code == "rows.footer"][0]
    assert "2 dòng" in footer.message and "Người lập biểu" in footer.message
    assert parsed.errors == 1 and [r.code for r in parsed.rows] == ["050001", "050002"]
