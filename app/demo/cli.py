"""`flask demo load`."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from app.auth.models import User
from app.auth.permissions import cli_permission
from app.core.time import local_today
from app.demo import data
from app.demo.services import DEMO_LOGINS, MAX_TDPS, MIN_TDPS, DemoExists, load_demo
from app.extensions import db
from app.rules import InvalidDate, format_date, parse_date
from app.wards.models import Ward

demo_cli = AppGroup("demo", help="Dữ liệu mẫu (demo data).")


@demo_cli.command("load")
@cli_permission("ops.backup")
@click.option("--if-empty", is_flag=True, help="Chỉ nạp khi cơ sở dữ liệu chưa có phường nào.")
@click.option("--tdps", type=click.IntRange(MIN_TDPS, MAX_TDPS), default=data.TDP_COUNT, show_default=True,
              help="Số tổ dân phố; trên 38 là một phường sau sáp nhập (số tổ không liên tục, ~200 hộ mỗi tổ).")
@click.option("--today", "today_text", metavar="DD/MM/YYYY",
              help="Coi hôm nay là ngày này (mặc định: hôm nay theo giờ Việt Nam).")
@click.option("--2017", "historic", is_flag=True, help="Nạp Phường Ngọc Thụy với cuộc bầu cử nhiệm kỳ 2017–2020.")
def load(if_empty: bool, tdps: int, today_text: str | None, historic: bool):
    """Nạp phường mẫu (dữ liệu mẫu): Phường Bồ Đề (mẫu), 38 tổ dân phố, 8.233 hộ, bầu cử theo Nghị định
    59/2023 khoảng ba tuần sau hôm nay."""
    if current_app.config.get("STRICT_SECRETS"):  # production: the demo's passwords are published
        raise click.ClickException("Không nạp dữ liệu mẫu ở cấu hình production: các tài khoản mẫu có mật khẩu "
                                   "công khai. Dùng dữ liệu mẫu trên máy thử (APP_CONFIG=development).")
    if if_empty and db.session.scalar(select(Ward.id).limit(1)) is not None:
        click.echo("Cơ sở dữ liệu đã có dữ liệu; bỏ qua dữ liệu mẫu.")
        return
    try:
        today = parse_date(today_text) if today_text else local_today()
    except InvalidDate as error:
        raise click.BadParameter(error.message, param_hint="--today") from None
    started = time.perf_counter()
    try:
        summary = load_demo(today, tdps, historic=historic)
    except DemoExists as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    households = f"{summary.households:,}".replace(",", ".")
    click.echo(f"Đã nạp {summary.ward_name}: {summary.tdps} tổ dân phố, {households} hộ gia đình "
               f"({time.perf_counter() - started:.1f} giây).")
    if summary.vote_days:
        click.echo("Ngày bầu cử: " + ", ".join(format_date(d) for d in summary.vote_days) + ".")


@demo_cli.command("logins")
@cli_permission("users.manage")
def logins():
    """In các tài khoản dùng thử của phường mẫu (nếu còn)."""
    present = set(db.session.scalars(select(User.username).where(User.username.in_([u for u, *_ in DEMO_LOGINS]))))
    if not present:
        return
    click.echo("Tài khoản dùng thử (tên đăng nhập / mật khẩu / nhiệm vụ / tổ):")
    for username, duty, tdps, password in DEMO_LOGINS:
        if username in present:
            scope = ", ".join(map(str, tdps)) or "toàn phường"
            click.echo(f"  {username:12} {password:20} {duty.value:16} {scope}")
