"""`flask province user create|list|disable|enable|reset-password`: the province/city accounts, for the server's
operator (a province account belongs to no ward, so no ward admin's page can make one)."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from app.auth.permissions import cli_permission
from app.extensions import db
from app.province import services
from app.province.services import ProvinceError
from app.wards.models import Ward

province_cli = AppGroup("province", help="Cấp tỉnh/thành phố (province/city level).")
user_cli = AppGroup("user", help="Tài khoản cán bộ tỉnh/thành phố — chỉ xem (province/city read-only accounts).")
province_cli.add_command(user_cli)


def _refused(error: ProvinceError):
    db.session.rollback()
    return click.ClickException(error.message)


@user_cli.command("create")
@cli_permission("province.accounts")
@click.argument("username")
@click.option("--name", "full_name", required=True, help="Họ tên và chức vụ, ví dụ “Nguyễn Văn An — Sở Nội vụ”.")
def create(username, full_name):
    """Tạo tài khoản cán bộ tỉnh/thành phố USERNAME (xem mọi phường trên máy chủ này, chỉ xem); in mật khẩu dùng
    một lần."""
    try:
        user, password = services.create_province_user(None, username, full_name)
    except ProvinceError as error:
        raise _refused(error) from None
    db.session.commit()
    wards = db.session.scalar(select(func.count()).select_from(Ward)) or 0
    click.echo(f"Đã tạo tài khoản tỉnh/thành phố {user.username} ({user.full_name}): xem {wards} phường trên máy "
               "chủ này, chỉ xem.")
    click.echo(f"Mật khẩu dùng một lần: {password}")
    click.echo("Người dùng phải đổi mật khẩu ở lần đăng nhập đầu. Mật khẩu này không được lưu và không hiện lại.")


@user_cli.command("list")
@cli_permission("province.accounts")
def list_users():
    """Liệt kê các tài khoản tỉnh/thành phố."""
    users = services.province_users()
    if not users:
        click.echo("Chưa có tài khoản tỉnh/thành phố nào.")
    for user in users:
        state = "đang hoạt động" if user.active else "đã khóa"
        if user.must_change_password:
            state += ", chờ đổi mật khẩu"
        click.echo(f"{user.username:20} {state:36} {user.full_name}")


def _activity_command(name: str, active: bool, help_text: str, done: str) -> None:
    @user_cli.command(name, help=help_text)
    @cli_permission("province.accounts")
    @click.argument("username")
    def command(username):
        try:
            user = services.province_user(username)
            services.set_active(None, user, active)
        except ProvinceError as error:
            raise _refused(error) from None
        db.session.commit()
        click.echo(done.format(user.username))


_activity_command("disable", False, "Khóa tài khoản tỉnh/thành phố USERNAME: mọi phiên và mã API hết hiệu lực ngay.",
                  "Đã khóa {}.")
_activity_command("enable", True, "Mở khóa tài khoản tỉnh/thành phố USERNAME.", "Đã mở khóa {}.")


@user_cli.command("reset-password")
@cli_permission("province.accounts")
@click.argument("username")
def reset_password(username):
    """Cấp mật khẩu dùng một lần mới cho USERNAME (phải đổi ở lần đăng nhập tới); mọi phiên cũ hết hiệu lực."""
    try:
        user = services.province_user(username)
        password = services.reset_password(None, user)
    except ProvinceError as error:
        raise _refused(error) from None
    db.session.commit()
    click.echo(f"Mật khẩu dùng một lần mới của {user.username}: {password}")
    click.echo("Người dùng phải đổi mật khẩu ở lần đăng nhập tới; các phiên đăng nhập và mã API cũ đã hết hiệu lực.")
