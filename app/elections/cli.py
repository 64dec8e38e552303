"""`flask election create|schedule`: create a ward's election and set every TDP's schedule from a CSV file."""

from __future__ import annotations

import sys
from datetime import date, time
from fractions import Fraction
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.auth.permissions import cli_permission
from app.elections import schedule
from app.elections.models import Election
from app.elections.services import CURRENT_RULE_SET, ElectionError, NewElection, create_election
from app.extensions import db
from app.rules import InvalidDate, SingleStrike, parse_date
from app.wards.choice import one_ward

election_cli = AppGroup("election", help="Cuộc bầu cử và lịch bầu cử của từng tổ (elections, schedules).")




def _day(text: str) -> date:
    try:
        return parse_date(text)
    except InvalidDate as error:
        raise click.BadParameter(error.message) from None


def _time(text: str | None) -> time | None:
    try:
        return schedule.parse_time(text or "")
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@election_cli.command("create")
@cli_permission("elections.manage")
@click.option("--vote-date", required=True, help="Ngày bầu chung của mọi tổ (dd/mm/yyyy).")
@click.option("--time", "starts_at", help="Giờ bắt đầu (hh:mm).")
@click.option("--rule-set", default=CURRENT_RULE_SET, show_default=True, help="Văn bản áp dụng.")
@click.option("--history", is_flag=True, help="Xác nhận dùng văn bản cũ để nhập lại cuộc bầu cử cũ hoặc kiểm lại.")
@click.option("--term", "term_label", default="", help="Nhiệm kỳ, ví dụ 2027–2032; bỏ trống: tính từ ngày bầu.")
@click.option("--term-years", type=click.Choice(["2.5", "5"]), help="Thời gian nhiệm kỳ (năm) khi bỏ trống --term.")
@click.option("--name", default="", help="Tên cuộc bầu cử.")
@click.option("--place", default="", help="Địa điểm chung.")
@click.option("--deputies", type=click.IntRange(0, 2), default=1, show_default=True,
              help="Số tổ phó bầu tại hội nghị (chỉ theo văn bản cho bầu tổ phó).")
@click.option("--plan-template", default="nd-59-2023", show_default=True, help="Mẫu kế hoạch áp dụng.")
@click.option("--no-plan", is_flag=True, help="Chưa lập kế hoạch.")
@click.option("--single-strike", type=click.Choice(["invalid", "against"]), default="invalid", show_default=True,
              help="Tổ chỉ có một người ứng cử: phiếu gạch tên người đó là phiếu không hợp lệ (invalid) hay phiếu "
                   "hợp lệ không bầu người đó (against).")
@click.option("--ward", help="Tên phường (khi cơ sở dữ liệu có nhiều phường).")
def create_command(vote_date, starts_at, rule_set, history, term_label, term_years, name, place, deputies,
                   plan_template, no_plan, single_strike, ward):
    """Tạo cuộc bầu cử: mỗi tổ dân phố một vòng bầu vào ngày bầu chung, với các chức danh văn bản quy định."""
    target = one_ward(ward)
    data = NewElection(rule_set_id=rule_set, vote_date=_day(vote_date), starts_at=_time(starts_at),
                       term_label=term_label, term_years=Fraction(term_years) if term_years else None, name=name,
                       place=place, deputy_seats=deputies, plan_template=None if no_plan else plan_template,
                       history_ack=history, single_strike=SingleStrike(single_strike))
    try:
        election = create_election(None, target, data)
        db.session.commit()
    except ElectionError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    click.echo(f"Đã tạo cuộc bầu cử số {election.id}, nhiệm kỳ {election.term_label} ({election.rule_set_id}) "
               f"cho {len(election.rounds)} tổ dân phố của {target.name}.")


@election_cli.command("schedule")
@cli_permission("elections.manage")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--election", "election_id", type=int, help="Số cuộc bầu cử; mặc định cuộc mới nhất của phường.")
@click.option("--ward", help="Tên phường (khi cơ sở dữ liệu có nhiều phường).")
@click.option("--dry-run", is_flag=True, help="Chỉ kiểm tra và in kết quả, không ghi gì.")
def schedule_command(file: Path, election_id: int | None, ward: str | None, dry_run: bool):
    """Đặt lịch bầu cử từ tệp CSV (cột: số tổ, ngày bầu dd/mm/yyyy, giờ, địa điểm[, số tổ phó]; phân cách bằng
    dấu phẩy, chấm phẩy hoặc tab). Có lỗi thì không ghi gì và thoát với mã 1."""
    target = one_ward(ward)
    stmt = select(Election).where(Election.ward_id == target.id)
    election = db.session.scalar(stmt.where(Election.id == election_id) if election_id
                                 else stmt.order_by(Election.id.desc()).limit(1))
    if election is None:
        raise click.UsageError(f"{target.name} không có cuộc bầu cử" + (f" số {election_id}." if election_id else "."))
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise click.ClickException("Tệp không phải văn bản UTF-8: hãy lưu từ Excel dạng “CSV UTF-8”.") from None
    rows, _ = schedule.rows_from_text(text)
    preview = schedule.check_rows(election, rows)
    for p in preview.problems:
        click.echo(f"Dòng {p.line}: LỖI {p.message}")
    for change in preview.effective:
        b, a = change.before, change.after
        click.echo(f"Tổ {change.round.tdp.number}: {b['vote_date']} {b['starts_at'] or ''} {b['place']} → "
                   f"{a['vote_date']} {a['starts_at'] or ''} {a['place']}")
    if not preview.can_apply:
        db.session.rollback()
        click.echo(f"Có {len(preview.problems)} lỗi: chưa ghi gì vào cơ sở dữ liệu.", err=True)
        sys.exit(1)
    if dry_run:
        db.session.rollback()
        click.echo(f"Chạy thử (--dry-run): {len(preview.effective)} tổ sẽ thay đổi; chưa ghi gì.")
        return
    try:
        changed = schedule.apply_schedule(None, election, preview)
        db.session.commit()
    except ElectionError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    click.echo(f"Đã đặt lịch bầu cử: {changed} tổ thay đổi; hạn trong kế hoạch đã được tính lại.")
