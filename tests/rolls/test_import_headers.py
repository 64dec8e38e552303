"""Header recognition: title rows above, Vietnamese aliases in any spelling, and a mapping by hand."""

import pytest

from app.rolls.importing.headers import Field, apply_mapping, find_header, match_header, parse_map_options
from app.rolls.importing.problems import MappingError
from tests.rolls.data.files import NFD


@pytest.mark.parametrize(("header", "field"), [
    ("Mã hộ", Field.CODE), ("MÃ SỐ HỘ", Field.CODE), ("Số hộ", Field.CODE),
    ("Họ và tên chủ hộ / người đại diện", Field.NAME), ("Họ tên người đại diện", Field.NAME),
    ("Chủ hộ", Field.NAME), ("Họ và tên", Field.NAME), (NFD("Họ và tên"), Field.NAME),
    ("Địa chỉ", Field.ADDRESS), ("Năm sinh", Field.BIRTH_YEAR), ("Ngày sinh", Field.BIRTH_DATE),
    ("Ngày, tháng, năm sinh", Field.BIRTH_DATE), ("Giới tính", Field.GENDER), ("Nam/Nữ", Field.GENDER),
    ("Liên gia", Field.SUB_GROUP), ("Tổ dân phố", Field.TDP), ("TDP", Field.TDP), ("Tổ", Field.TDP),
    ("Số CCCD", Field.CITIZEN_ID), ("CCCD", Field.CITIZEN_ID), ("CMND", Field.CITIZEN_ID),
    ("  Họ   và tên  ", Field.NAME), ("Số hộ (mã hộ)", Field.CODE),
])
def test_vietnamese_headers_are_recognised_in_any_case_spacing_or_composition(header, field):
    assert match_header(header) is field


@pytest.mark.parametrize("header", ["STT", "Tổ trưởng", "Ghi chú", "", "Số điện thoại"])
def test_other_headers_are_not_taken_for_a_field(header):
    assert match_header(header) is None


def test_the_header_is_found_below_title_rows():
    rows = [["DANH SÁCH HỘ GIA ĐÌNH TỔ DÂN PHỐ SỐ 5", "", ""], ["", "", ""], ["Phường Ngọc Thụy", "", ""],
            ["STT", "Mã hộ", "Họ và tên"], ["1", "050001", "Nguyễn Văn An"]]
    match = find_header(rows, whole_ward=False)
    assert match.row_index == 3
    assert match.mapping == {Field.CODE: 1, Field.NAME: 2}
    assert match.missing == []


def test_a_whole_ward_file_requires_a_tdp_column():
    match = find_header([["Mã hộ", "Họ và tên"]], whole_ward=True)
    assert match.missing == [Field.TDP]


def test_an_unknown_layout_lists_its_columns_for_mapping_by_hand():
    rows = [["Danh sách"], ["Số TT", "Mã gia đình", "Tên cử tri", "Nơi ở"], ["1", "A1", "Lê Văn An", "x"]]
    match = find_header(rows, whole_ward=False)
    assert match.row_index == 1
    assert match.missing == [Field.CODE, Field.NAME]
    assert [c.label for c in match.columns] == ["A – Số TT", "B – Mã gia đình", "C – Tên cử tri", "D – Nơi ở"]
    mapped = apply_mapping(match, {"code": "B", "name": "tên cử tri"})
    assert mapped.missing == [] and mapped.mapping[Field.CODE] == 1 and mapped.mapping[Field.NAME] == 2
    assert mapped.mapping[Field.ADDRESS] == 3


def test_a_mapping_can_unmap_a_field():
    match = find_header([["Mã hộ", "Họ và tên", "Giới tính"]], whole_ward=False)
    assert Field.GENDER not in apply_mapping(match, {"gender": None}).mapping


def test_a_column_chosen_by_hand_is_taken_from_the_field_guessed_for_it():
    match = find_header([["Số định danh", "Họ và tên"]], whole_ward=False)
    assert match.mapping == {Field.CITIZEN_ID: 0, Field.NAME: 1}
    assert apply_mapping(match, {"code": "A"}).mapping == {Field.CODE: 0, Field.NAME: 1}


@pytest.mark.parametrize(("overrides", "code"), [
    ({"colour": "B"}, "import.mapping_field"),
    ({"code": "Z"}, "import.mapping_column"),
    ({"code": "B", "name": "B"}, "import.mapping_twice"),
])
def test_a_bad_mapping_is_refused_with_a_reason(overrides, code):
    match = find_header([["Mã hộ", "Họ và tên"]], whole_ward=False)
    with pytest.raises(MappingError) as caught:
        apply_mapping(match, overrides)
    assert caught.value.code == code


def test_map_options_read_field_equals_column():
    assert parse_map_options(["code=B", "name=Họ tên", "gender="]) == {"code": "B", "name": "Họ tên", "gender": None}
    with pytest.raises(MappingError):
        parse_map_options(["code"])
