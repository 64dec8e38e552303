"""Province/city accounts (cán bộ tỉnh/thành phố — chỉ xem): created, listed, disabled and given a new one-time
password by the server's operator (`flask province user ...`). Each change is checked, audited and flushed; the
command commits. A province account belongs to no ward and holds the province duty alone, which app.auth.duties
keeps from ever changing."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.passwords import generate_password
from app.audit.services import record
from app.auth import services as auth
from app.auth.models import Duty, User, UserDuty
from app.auth.services import AuthError
from app.extensions import db

MAX_NAME = 120


class ProvinceError(AuthError):
    """A refused province-account request; `message` is Vietnamese."""


def create_province_user(actor: User | None, username: str, full_name: str) -> tuple[User, str]:
    """Create a province account with a generated one-time password (to be changed at first login); returns
    the user and the password, to be shown once. Raises ProvinceError for a malformed or taken username or
    a missing or overlong name."""
    full_name = " ".join(full_name.split())
    if not full_name:
        raise ProvinceError("Hãy ghi họ tên và chức vụ của cán bộ (--name), ví dụ “Nguyễn Văn An — Sở Nội vụ”.")
    if len(full_name) > MAX_NAME:
        raise ProvinceError(f"Họ tên dài quá {MAX_NAME} ký tự.")
    try:
        username = auth.check_new_username(username)
    except AuthError as error:
        raise ProvinceError(error.message) from None
    password = generate_password(username)
    user = User(username=username, password_hash=auth.hash_password(password), ward_id=None, full_name=full_name,
                must_change_password=True)
    user.duties = {Duty.PROVINCE}
    db.session.add(user)
    db.session.flush()
    record(actor, "user.create", "user", user.id,
           after={"username": username, "duties": [Duty.PROVINCE.value], "tdps": [], "ward": None})
    return user, password


def province_users() -> list[User]:
    """Every province account, by username."""
    return list(db.session.scalars(select(User).join(UserDuty).where(UserDuty.duty == Duty.PROVINCE)
                                   .order_by(User.username)))


def province_user(username: str) -> User:
    """The province account with this username; ProvinceError when there is none (or it is a ward account,
    which `flask users ...` manages)."""
    user = db.session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise ProvinceError(f"Không có tài khoản “{username.strip()}”.")
    if not user.is_province:
        raise ProvinceError(f"“{user.username}” là tài khoản của phường, không phải tài khoản tỉnh/thành phố: "
                            "dùng lệnh `flask users ...`.")
    return user


def set_active(actor: User | None, user: User, active: bool) -> None:
    """Disable (every session and the API token end at once) or enable a province account (audited)."""
    auth.set_active(actor, user, active)


def reset_password(actor: User | None, user: User) -> str:
    """A fresh generated one-time password, to be changed at next login; every session and the API token end
    (audited). Returns it, to be shown once."""
    password = generate_password(user.username)
    auth.set_password(actor, user, password, must_change=True)
    return password
