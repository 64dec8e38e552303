"""`flask demo load`."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from app.auth.models import User
from app.auth.permissions import cli_permission
from app.demo.services import DEMO_LOGINS, DemoExists, load_demo
from app.extensions import db
from app.wards.models import Ward

demo_cli = AppGroup("demo", help="Dữ liệu mẫu (demo data).")


@demo_cli.command("load")
@cli_permission("ops.backup")
@click.option("--if-empty", is_flag=True, help="Chỉ nạp khi cơ sở dữ liệu chưa có phường nào.")
def load(if_empty: bool):
    """Nạp Phường Ngọc Thụy: 38 tổ dân phố, 8.233 hộ, cuộc bầu cử nhiệm kỳ 2017–2020."""
    if current_app.config.get("STRICT_SECRETS"):  # production: the demo's passwords are published
        raise click.ClickException("Không nạp dữ liệu mẫu ở cấu hình production: các tài khoản mẫu có mật khẩu "
                                   "công khai. Dùng dữ liệu mẫu trên máy thử (APP_CONFIG=development).")
    if if_empty and db.session.scalar(select(Ward.id).limit(1)) is not None:
        click.echo("Cơ sở dữ liệu đã có dữ liệu; bỏ qua dữ liệu mẫu.")
        return
    try:
        summary = load_demo()
    except DemoExists as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Đã nạp {summary.tdps} tổ dân phố, {summary.households:,} hộ gia đình.".replace(",", "."))


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
