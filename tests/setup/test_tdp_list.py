"""The TDP list, typed or from a file: every problem by row and column in Vietnamese; no fixtures needed."""

from datetime import date, datetime

from app.wards.tdp_list import Column, check_rows, check_table, tdp_number, typed_rows


def codes(checked):
    return [(p.row, p.letter, p.code) for p in checked.problems]


def test_a_list_under_title_rows_is_read_by_its_header_and_numbers_need_not_be_contiguous():
    rows = [["DANH SÁCH TỔ DÂN PHỐ PHƯỜNG BỒ ĐỀ"], [], ["Số tổ", "Tên tổ dân phố", "Chi bộ", "Ban công tác Mặt trận"],
            [1, "Tổ dân phố số 1", "Chi bộ 1", "Ban CTMT 1"], ["17", "Tổ dân phố số 17", "", ""],
            [203.0, "Tổ dân phố số 203 (Ngọc Thụy cũ)", "", ""]]
    checked = check_table(rows, existing={})
    assert checked.can_apply and checked.problems == ()
    assert checked.header_row == 3
    assert [(e.line, e.number, e.name) for e in checked.entries] == [
        (4, 1, "Tổ dân phố số 1"), (5, 17, "Tổ dân phố số 17"), (6, 203, "Tổ dân phố số 203 (Ngọc Thụy cũ)")]
    assert checked.entries[0].party_cell_name == "Chi bộ 1" and checked.entries[0].front_committee_name == "Ban CTMT 1"


def test_a_day_typed_as_a_tdp_number_is_refused_as_looking_like_a_date_even_31_11():
    checked = check_table([["Số tổ", "Tên tổ"], ["31/11", "Tổ A"], [datetime(2026, 11, 5), "Tổ B"]], existing={})
    assert codes(checked) == [(2, "A", "number.date"), (3, "A", "number.date")]
    assert "giống một ngày" in checked.problems[0].message
    assert "Excel đã đổi số tổ thành ngày 05/11/2026" in checked.problems[1].message
    assert not checked.can_apply


def test_a_number_that_is_not_a_whole_number_is_named_with_its_row_and_column():
    checked = check_table([["Tên tổ", "Số tổ"], ["Tổ A", "năm"], ["Tổ B", 2.5], ["Tổ C", 0], ["Tổ D", ""]],
                          existing={})
    assert codes(checked) == [(2, "B", "number.not_number"), (3, "B", "number.not_whole"), (4, "B", "number.range"),
                              (5, "B", "number.missing")]
    assert checked.problems[0].column == "Số tổ"
    assert checked.problems[0].message == "Số tổ “năm” không phải là số (ví dụ 5 hoặc “Tổ 5”)."


def test_a_duplicate_number_points_at_the_first_row_and_a_number_the_ward_has_is_refused():
    checked = check_table([["Số tổ", "Tên tổ"], [3, "Tổ 3"], [4, "Tổ 4"], ["03", "Tổ 3 cũ"]],
                          existing={4: "Tổ dân phố số 4"})
    assert codes(checked) == [(3, "A", "number.exists"), (4, "A", "number.duplicate")]
    assert "trùng với dòng 2" in checked.problems[1].message
    assert "đã có trong phường (“Tổ dân phố số 4”)" in checked.problems[0].message


def test_numbers_written_in_mixed_ways_are_all_understood():
    assert [tdp_number(v) for v in (5, 5.0, "5", "05", "Tổ 5", "TDP số 5", "Tổ dân phố số 05")] == [5] * 7


def test_a_missing_name_gets_the_usual_name_with_a_warning_that_does_not_block():
    checked = check_table([["Số tổ", "Tên tổ"], [9, ""]], existing={})
    assert checked.can_apply and checked.entries[0].name == "Tổ dân phố số 9"
    assert codes(checked) == [(2, "B", "name.default")] and not checked.problems[0].is_error


def test_a_signature_footer_is_ignored_and_a_blank_line_inside_the_list_only_warns_when_it_has_text():
    rows = [["Số tổ", "Tên tổ"], [1, "Tổ 1"], ["", "", "ghi chú"], [2, "Tổ 2"], [], ["Người lập biểu"],
            ["", "", "Nguyễn Văn A"]]
    checked = check_table(rows, existing={})
    assert [e.number for e in checked.entries] == [1, 2]
    assert codes(checked) == [(3, None, "row.skipped")] and checked.can_apply


def test_a_household_roll_given_as_the_tdp_list_is_refused_with_a_clear_reason():
    checked = check_table([["Mã hộ", "Họ và tên chủ hộ", "Địa chỉ"], ["050001", "Nguyễn Văn An", "Số 1"]], existing={})
    assert codes(checked) == [(1, None, "file.roll")] and not checked.can_apply
    assert "danh sách hộ gia đình" in checked.problems[0].message


def test_a_file_without_a_header_is_read_as_number_then_name_when_it_starts_with_a_number():
    checked = check_table([[7, "Tổ 7"], [9, "Tổ 9"]], existing={})
    assert [e.number for e in checked.entries] == [7, 9]
    unknown = check_table([["abc", "def"], ["ghi", "jkl"]], existing={})
    assert codes(unknown) == [(None, None, "file.no_header")]


def test_typed_rows_name_their_column_without_a_letter():
    rows = typed_rows(["1", "x", ""], ["Tổ 1", "Tổ x"], [], [])
    checked = check_rows(rows, existing={})
    assert [(p.row, p.column, p.letter) for p in checked.problems] == [(2, "Số tổ", None)]
    assert check_rows(typed_rows([""], [""], [""], [""]), existing={}).problems[0].code == "list.empty"
    assert list(Column)[0] is Column.NUMBER


def test_a_list_for_a_day_only_holds_dates_when_excel_made_them():
    assert not check_table([["Số tổ", "Tên tổ"], [date(2026, 2, 28), "Tổ"]], existing={}).can_apply
