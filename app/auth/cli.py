"""`flask users create|token|list|set-duties|set-tdps|passwd|disable|enable|revoke-token`. The command line is
the machine operator's tool: its operator acts as the ward admin (the permission table's `users.manage`)."""

from __future__ import annotations

import os

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.accounts import services as accounts
from app.auth import services
from app.auth.duties import DutyError, set_tdps
from app.auth.models import WARD_DUTIES, Duty, User
from app.auth.permissions import cli_permission
from app.auth.services import AuthError, check_password_policy, create_user, issue_api_token
from app.extensions import db
from app.wards.choice import one_ward

users_cli = AppGroup("users", help="Quản lý người dùng (manage users).")




@users_cli.command("create")
@cli_permission("users.manage")
@click.argument("username")
@click.option("--duty", "duties", required=True, multiple=True, type=click.Choice([d.value for d in WARD_DUTIES]),
              help="Nhiệm vụ (lặp lại được: một người có thể giữ nhiều nhiệm vụ).")
@click.option("--tdp", "tdps", multiple=True, type=int, help="Số tổ dân phố được giao (lặp lại được).")
@click.option("--ward", "ward_name", help="Tên phường, khi cơ sở dữ liệu có nhiều phường.")
@click.option("--full-name", default="")
@click.option("--password-env", help="Đọc mật khẩu từ biến môi trường này thay vì hỏi.")
def create(username, duties, tdps, ward_name, full_name, password_env):
    """Tạo người dùng USERNAME với các nhiệm vụ và phạm vi tổ dân phố."""
    if password_env:
        password = os.environ.get(password_env)
        if not password:
            raise click.ClickException(f"Biến môi trường {password_env} trống hoặc chưa đặt.")
    else:
        password = click.prompt("Mật khẩu", hide_input=True, confirmation_prompt=True)
    ward = one_ward(ward_name)
    try:
        check_password_policy(password, username.strip())
        user = create_user(None, username=username, password=password, duties=duties, ward_id=ward.id,
                           tdp_numbers=list(tdps), full_name=full_name)
    except AuthError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    scope = ", ".join(str(t.number) for t in user.tdps) or "toàn phường"
    click.echo(f"Đã tạo {user.username} ({_duties(user)}; phạm vi: {scope}).")


@users_cli.command("token")
@cli_permission("users.manage")
@click.argument("username")
def token(username):
    """Cấp mã API mới cho USERNAME (mã cũ hết hiệu lực)."""
    user = db.session.scalar(select(User).where(User.username == username.lower()))
    if user is None:
        raise click.ClickException(f"Không có người dùng “{username}”.")
    value = issue_api_token(None, user)
    db.session.commit()
    click.echo(value)


@users_cli.command("list")
@cli_permission("users.manage")
def list_users():
    """Liệt kê người dùng, nhiệm vụ và tổ dân phố của từng người."""
    for user in db.session.scalars(select(User).order_by(User.username)):
        scope = ",".join(str(t.number) for t in user.tdps) or "*"
        click.echo(f"{user.username:20} {_duties(user):32} TDP {scope}")


def _duties(user: User) -> str:
    return ",".join(d.value for d in Duty if d in user.duties)


def _user(username: str) -> User:
    user = db.session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise click.ClickException(f"Không có người dùng “{username}”.")
    return user


@users_cli.command("set-duties")
@cli_permission("users.manage")
@click.argument("username")
@click.option("--duty", "duties", required=True, multiple=True, type=click.Choice([d.value for d in WARD_DUTIES]),
              help="Nhiệm vụ (lặp lại được); thay toàn bộ nhiệm vụ hiện có.")
def set_duties_command(username, duties):
    """Đặt lại các nhiệm vụ của USERNAME (phường luôn còn ít nhất một Ban chỉ đạo phường đang hoạt động)."""
    user = _user(username)
    try:
        accounts.change_duties(None, user, duties)
    except AuthError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"{user.username}: {_duties(user)}.")


@users_cli.command("set-tdps")
@cli_permission("users.manage")
@click.argument("username")
@click.option("--tdp", "tdps", multiple=True, type=int, help="Số tổ dân phố (lặp lại được); không có: toàn phường.")
def set_tdps_command(username, tdps):
    """Đặt lại các tổ dân phố giao cho USERNAME."""
    user = _user(username)
    try:
        set_tdps(None, user, list(tdps))
    except DutyError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"{user.username}: TDP {', '.join(str(t.number) for t in user.tdps) or 'toàn phường'}.")


# ---- passwords and access (F6) ----------------------------------------------------------------------

@users_cli.command("passwd")
@cli_permission("users.manage")
@click.argument("username")
@click.option("--password", "password_env", metavar="ENV",
              help="Đọc mật khẩu mới từ biến môi trường này thay vì hỏi (không ghi mật khẩu lên dòng lệnh).")
@click.option("--keep/--must-change", "keep", default=False,
              help="Mặc định người dùng phải tự đổi mật khẩu ở lần đăng nhập tới; --keep thì không.")
def passwd(username, password_env, keep):
    """Đặt mật khẩu mới cho USERNAME: mọi phiên đăng nhập và mã API của người đó hết hiệu lực."""
    user = _user(username)
    if password_env:
        password = os.environ.get(password_env)
        if not password:
            raise click.ClickException(f"Biến môi trường {password_env} trống hoặc chưa đặt.")
    else:
        password = click.prompt("Mật khẩu mới", hide_input=True, confirmation_prompt=True)
    try:
        services.set_password(None, user, password, must_change=not keep)
    except AuthError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    then = "" if keep else " Người dùng phải đổi mật khẩu ở lần đăng nhập tới."
    click.echo(f"Đã đặt mật khẩu mới cho {user.username}; các phiên đăng nhập và mã API cũ đã hết hiệu lực.{then}")


def _activity_command(name: str, active: bool, help_text: str, done: str) -> None:
    """`users disable` and `users enable`: the same command with the other flag."""

    @users_cli.command(name, help=help_text)
    @cli_permission("users.manage")
    @click.argument("username")
    def command(username):
        user = _user(username)
        try:
            accounts.set_active(None, user, active)  # never the ward's last active ward admin
        except AuthError as error:
            db.session.rollback()
            raise click.ClickException(error.message) from None
        db.session.commit()
        click.echo(done.format(user.username))


_activity_command("disable", False, "Khóa USERNAME: không đăng nhập được nữa; mọi phiên và mã API hết hiệu lực ngay.",
                  "Đã khóa {}.")
_activity_command("enable", True, "Mở khóa USERNAME (mã API cũ vẫn hết hiệu lực: cấp mã mới bằng `users token`).",
                  "Đã mở khóa {}.")


@users_cli.command("revoke-token")
@cli_permission("users.manage")
@click.argument("username")
def revoke_token(username):
    """Thu hồi mã API của USERNAME."""
    user = _user(username)
    revoked = services.revoke_api_token(None, user)
    db.session.commit()
    click.echo(f"Đã thu hồi mã API của {user.username}." if revoked else f"{user.username} không có mã API.")
