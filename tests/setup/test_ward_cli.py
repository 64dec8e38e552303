"""`flask ward create`, `flask ward tdps import FILE [--dry-run]`, `flask ward tdps add NUMBER NAME`."""

from __future__ import annotations

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.wards.models import Tdp, Ward
from tests.factories import create_tdp, create_ward
from tests.setup.builders import THREE_TDPS, tdp_xlsx


def numbers(session) -> list[int]:
    return list(session.scalars(select(Tdp.number).order_by(Tdp.number)))


def test_ward_create_fills_in_the_authority_and_recipient_and_has_no_district(runner, session):
    result = runner.invoke(args=["ward", "create", "--name", "Xã Sóc Sơn", "--province", "Thành phố Hà Nội"])
    assert result.exit_code == 0, result.output
    ward = session.scalars(select(Ward)).one()
    assert (ward.district, ward.issuing_authority, ward.report_recipient) == (
        "", "Ủy ban nhân dân xã Sóc Sơn", "Ủy ban nhân dân thành phố Hà Nội")
    assert session.scalars(select(AuditEvent.action)).all() == ["ward.create"]


def test_ward_create_refuses_a_name_without_its_kind_and_a_duplicate(runner, session):
    bad = runner.invoke(args=["ward", "create", "--name", "Sóc Sơn", "--province", "Hà Nội"])
    assert bad.exit_code != 0 and "Tên cần bắt đầu bằng" in bad.output
    runner.invoke(args=["ward", "create", "--name", "Xã Sóc Sơn", "--province", "Hà Nội"])
    again = runner.invoke(args=["ward", "create", "--name", "xã Sóc Sơn", "--province", "Hà Nội"])
    assert again.exit_code != 0 and "Đã có Xã Sóc Sơn" in again.output
    assert len(session.scalars(select(Ward)).all()) == 1


def test_tdps_import_dry_run_writes_nothing_and_the_real_run_creates_all(runner, session, tmp_path):
    create_ward()
    session.commit()
    path = tmp_path / "to-dan-pho.xlsx"
    path.write_bytes(tdp_xlsx(THREE_TDPS))
    dry = runner.invoke(args=["ward", "tdps", "import", str(path), "--dry-run"])
    assert dry.exit_code == 0 and "3 tổ sẽ được tạo" in dry.output and numbers(session) == []
    real = runner.invoke(args=["ward", "tdps", "import", str(path)])
    assert real.exit_code == 0, real.output
    assert numbers(session) == [1, 4, 12]


def test_tdps_import_with_an_error_creates_no_tdp_and_names_row_and_column(runner, session, tmp_path):
    create_tdp(create_ward(), 4)
    session.commit()
    path = tmp_path / "to.xlsx"
    path.write_bytes(tdp_xlsx([(1, "Tổ 1"), (4, "Tổ 4"), ("31/11", "Tổ ?")], header=["Số tổ", "Tên tổ"]))
    result = runner.invoke(args=["ward", "tdps", "import", str(path)])
    assert result.exit_code != 0
    assert "dòng 5, cột A (Số tổ): Tổ dân phố số 4 đã có trong phường" in result.output
    assert "dòng 6, cột A (Số tổ): “31/11” không phải là số tổ" in result.output
    assert numbers(session) == [4]


def test_tdps_add_creates_one_and_refuses_a_number_in_use_or_not_a_number(runner, session):
    create_ward()
    session.commit()
    assert runner.invoke(args=["ward", "tdps", "add", "120", "Tổ dân phố số 120", "--party-cell", "Chi bộ 120"]
                         ).exit_code == 0
    taken = runner.invoke(args=["ward", "tdps", "add", "120", "Tổ khác"])
    assert taken.exit_code != 0 and "đã có trong phường" in taken.output
    wrong = runner.invoke(args=["ward", "tdps", "add", "5/11", "Tổ năm"])
    assert wrong.exit_code != 0 and "giống một ngày" in wrong.output
    assert numbers(session) == [120]
    assert session.scalars(select(Tdp.party_cell_name)).one() == "Chi bộ 120"


def test_tdps_commands_need_a_ward(runner, session, tmp_path):
    result = runner.invoke(args=["ward", "tdps", "add", "1", "Tổ 1"])
    assert result.exit_code != 0 and "ward create" in result.output
