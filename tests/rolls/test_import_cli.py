"""`flask rolls import`: prints counts and problems, exits non-zero on errors, writes only without --dry-run."""

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.rolls.models import Household, Person
from tests.factories import create_tdp, create_ward
from tests.rolls.data.files import MESSY, clean_rows, csv_bytes, xlsx_bytes


@pytest.fixture
def ward(session):
    ward = create_ward()
    create_tdp(ward, 5)
    create_tdp(ward, 6)
    session.commit()
    return ward


def _rows(session):
    return [session.scalar(select(func.count()).select_from(m)) for m in (Household, Person, AuditEvent)]


def test_a_dry_run_of_a_file_with_errors_exits_non_zero_prints_the_problems_and_writes_nothing(runner, session, ward,
                                                                                              tmp_path):
    path = tmp_path / "roll.csv"
    path.write_bytes(csv_bytes(MESSY))
    result = runner.invoke(args=["rolls", "import", str(path), "--ward", ward.name, "--dry-run", "--as-of", "01/05/2024"])
    assert result.exit_code == 1
    assert "Dòng 6, cột D “Ngày sinh”: LỖI [birth.day_not_in_month]" in result.output
    assert "30/11/1970" in result.output
    assert "Dòng 8, cột D “Ngày sinh”: LỖI [age.under_18]" in result.output
    assert "Dòng 11, cột F “Tổ”: LỖI [tdp.unknown]" in result.output
    assert "chưa ghi gì" in result.output
    assert _rows(session) == [0, 0, 0]


def test_a_dry_run_of_a_clean_file_prints_the_counts_and_writes_nothing(runner, session, ward, tmp_path):
    path = tmp_path / "roll.xlsx"
    path.write_bytes(xlsx_bytes(clean_rows()))
    result = runner.invoke(args=["rolls", "import", str(path), "--ward", ward.name, "--tdp", "5", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Thêm 3, thay đổi 0, bỏ 0, giữ nguyên 0; 0 lỗi, 0 cảnh báo." in result.output
    assert _rows(session) == [0, 0, 0]


def test_without_dry_run_a_clean_file_is_imported(runner, session, ward, tmp_path):
    path = tmp_path / "roll.xlsx"
    path.write_bytes(xlsx_bytes(clean_rows()))
    result = runner.invoke(args=["rolls", "import", str(path), "--ward", ward.name, "--tdp", "5"])
    assert result.exit_code == 0, result.output
    assert "Đã nhập: thêm 3" in result.output
    assert _rows(session) == [3, 3, 1]
    again = runner.invoke(args=["rolls", "import", str(path), "--ward", ward.name, "--tdp", "5"])
    assert "Thêm 0, thay đổi 0, bỏ 0, giữ nguyên 3" in again.output


def test_an_unknown_layout_asks_for_map_options_and_imports_with_them(runner, session, ward, tmp_path):
    path = tmp_path / "roll.xlsx"
    path.write_bytes(xlsx_bytes([["TT", "Số định danh hộ", "Tên cử tri"], [1, "050001", "Nguyễn Văn An"]]))
    args = ["rolls", "import", str(path), "--ward", ward.name, "--tdp", "5"]
    result = runner.invoke(args=args)
    assert result.exit_code == 1 and "--map" in result.output
    assert "C – Tên cử tri" in result.output
    mapped = runner.invoke(args=[*args, "--map", "code=B", "--map", "name=Tên cử tri"])
    assert mapped.exit_code == 0, mapped.output
    assert session.scalar(select(Household.code)) == "050001"


def test_an_unknown_tdp_or_unreadable_file_is_refused(runner, session, ward, tmp_path):
    path = tmp_path / "roll.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    assert runner.invoke(args=["rolls", "import", str(path), "--ward", ward.name, "--tdp", "5"]).exit_code == 1
    good = tmp_path / "roll.xlsx"
    good.write_bytes(xlsx_bytes(clean_rows()))
    assert runner.invoke(args=["rolls", "import", str(good), "--ward", ward.name, "--tdp", "77"]).exit_code == 2
