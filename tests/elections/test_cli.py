"""`flask election create` and `flask election schedule FILE.csv [--dry-run]`."""

from datetime import date, time

from sqlalchemy import func, select

from app.elections.models import Election, ElectionRound
from tests.elections.builders import ward_with_tdps

CSV = ("Tổ,Ngày bầu,Giờ,Địa điểm\n"
       "1,21/03/2027,19:30,Nhà văn hóa tổ 1\n"
       "2,28/03/2027,08:00,\"Trường mầm non, Hoa Sen\"\n")


def _days(session):
    session.expire_all()
    return {r.tdp.number: (r.vote_date, r.starts_at, r.place) for r in session.scalars(select(ElectionRound))}


def test_create_then_schedule_from_a_csv_file_with_a_dry_run_first(runner, session, tmp_path):
    ward_with_tdps(1, 2)
    session.commit()
    created = runner.invoke(args=["election", "create", "--vote-date", "14/03/2027", "--time", "08:00",
                                  "--term-years", "5"])
    assert created.exit_code == 0, created.output
    assert "nhiệm kỳ 2027–2032 (nd-59-2023) cho 2 tổ dân phố" in created.output
    path = tmp_path / "lich.csv"
    path.write_text(CSV, encoding="utf-8-sig")
    dry = runner.invoke(args=["election", "schedule", str(path), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Tổ 1: 14/03/2027 08:00  → 21/03/2027 19:30 Nhà văn hóa tổ 1" in dry.output
    assert "2 tổ sẽ thay đổi; chưa ghi gì" in dry.output
    assert _days(session)[1][0] == date(2027, 3, 14)
    applied = runner.invoke(args=["election", "schedule", str(path)])
    assert applied.exit_code == 0, applied.output
    assert _days(session) == {1: (date(2027, 3, 21), time(19, 30), "Nhà văn hóa tổ 1"),
                              2: (date(2027, 3, 28), time(8, 0), "Trường mầm non, Hoa Sen")}


def test_a_csv_with_errors_writes_nothing_and_exits_1(runner, session, tmp_path):
    ward_with_tdps(1, 2)
    session.commit()
    assert runner.invoke(args=["election", "create", "--vote-date", "14/03/2027"]).exit_code == 0
    path = tmp_path / "lich.csv"
    path.write_text("1;31/11/2026;08:00;A\n2;21/03/2027;08:00;B\n", encoding="utf-8")
    result = runner.invoke(args=["election", "schedule", str(path)])
    assert result.exit_code == 1
    assert "Dòng 1: LỖI Tổ 1: Ngày 31/11/2026 không tồn tại" in result.output
    assert {v[0] for v in _days(session).values()} == {date(2027, 3, 14)}


def test_create_refuses_an_impossible_day_and_an_old_rule_set_without_history(runner, session):
    ward_with_tdps(1)
    session.commit()
    bad = runner.invoke(args=["election", "create", "--vote-date", "31/11/2026"])
    assert bad.exit_code != 0 and "Ngày 31/11/2026 không tồn tại" in bad.output
    old = runner.invoke(args=["election", "create", "--vote-date", "15/10/2017", "--rule-set", "nqlt-09-2008"])
    assert old.exit_code == 1 and "đã hết hiệu lực" in old.output
    assert session.scalar(select(func.count()).select_from(Election)) == 0
