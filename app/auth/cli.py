"""`flask users create|token|list`."""

from __future__ import annotations

import os

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.auth.models import Role, User
from app.auth.services import AuthError, create_user, issue_api_token
from app.extensions import db
from app.wards.models import Ward

users_cli = AppGroup("users", help="Quản lý người dùng (manage users).")


def _single_ward(ward_name: str | None) -> Ward:
    wards = list(db.session.scalars(select(Ward).order_by(Ward.id)))
    if ward_name:
        wards = [w for w in wards if w.name == ward_name]
    if len(wards) != 1:
        names = ", ".join(w.name for w in wards) or "chưa có phường nào (hãy chạy `flask --app wsgi demo load`)"
        raise click.ClickException(f"Hãy chọn một phường với --ward. Hiện có: {names}")
    return wards[0]


@users_cli.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--tdp", "tdps", multiple=True, type=int, help="Số tổ dân phố được giao (lặp lại được).")
@click.option("--ward", "ward_name", help="Tên phường, khi cơ sở dữ liệu có nhiều phường.")
@click.option("--full-name", default="")
@click.option("--password-env", help="Đọc mật khẩu từ biến môi trường này thay vì hỏi.")
def create(username, role, tdps, ward_name, full_name, password_env):
    """Tạo người dùng USERNAME với vai trò và phạm vi tổ dân phố."""
    if password_env:
        password = os.environ.get(password_env)
        if not password:
            raise click.ClickException(f"Biến môi trường {password_env} trống hoặc chưa đặt.")
    else:
        password = click.prompt("Mật khẩu", hide_input=True, confirmation_prompt=True)
    ward = _single_ward(ward_name)
    try:
        user = create_user(None, username=username, password=password, role=Role(role), ward_id=ward.id,
                           tdp_numbers=list(tdps), full_name=full_name)
    except AuthError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    scope = ", ".join(str(t.number) for t in user.tdps) or "toàn phường"
    click.echo(f"Đã tạo {user.username} ({user.role.value}; phạm vi: {scope}).")


@users_cli.command("token")
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
def list_users():
    """Liệt kê người dùng."""
    for user in db.session.scalars(select(User).order_by(User.username)):
        scope = ",".join(str(t.number) for t in user.tdps) or "*"
        click.echo(f"{user.username:20} {user.role.value:16} TDP {scope}")
