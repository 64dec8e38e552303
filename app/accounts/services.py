"""What the ward admin does to accounts from the web page: each change checked, audited and flushed (the view
commits). Built on app.auth.services and app.auth.duties; adds the last-admin guard and one-time passwords."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from app.accounts.passwords import generate_password
from app.audit.services import record
from app.auth import services as auth
from app.auth.duties import DutyError, check_duties, set_duties, set_tdps
from app.auth.models import Duty, User, UserDuty, user_tdps
from app.auth.services import AuthError
from app.extensions import db
from app.wards.models import Tdp


class AccountError(AuthError):
    """A refused account change; `message` is Vietnamese and `field` the form field it belongs to."""


@dataclass(frozen=True)
class NewAccount:
    username: str
    full_name: str
    duties: Sequence[str]
    tdp_numbers: Sequence[int]
    #: None: generate a readable one.
    password: str | None = None
    must_change: bool = True


def _active_admins(ward_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(User).join(UserDuty).where(
        User.ward_id == ward_id, User.active, UserDuty.duty == Duty.WARD_ADMIN)) or 0


def _guard_last_admin(actor: User | None, user: User, *, duties: Iterable[Duty] | None = None,
                      active: bool | None = None) -> None:
    """Refuse to disable oneself, and to leave the ward without an active ward admin (by disabling the last
    one or taking the duty away from them): nobody could then manage accounts from the web page."""
    if active is False and actor is not None and actor.id == user.id:
        raise AccountError("Bạn không thể tự khóa tài khoản của mình.", field="active")
    was_admin = user.active and Duty.WARD_ADMIN in user.duties
    stays_admin = (user.active if active is None else active) and Duty.WARD_ADMIN in (
        user.duties if duties is None else set(duties))
    if was_admin and not stays_admin and _active_admins(user.ward_id) <= 1:
        if active is False:
            raise AccountError("Đây là tài khoản Ban chỉ đạo phường cuối cùng còn hoạt động: không thể khóa.",
                               field="active")
        raise AccountError("Phường phải còn ít nhất một tài khoản Ban chỉ đạo phường đang hoạt động: hãy giao "
                           "nhiệm vụ này cho người khác trước.", field="duties")


def create_account(actor: User | None, ward_id: int, data: NewAccount) -> tuple[User, str]:
    """Create the account (audited by create_user) with a typed password that passes the policy or a
    generated one; returns the user and the password, to be shown once. Raises AccountError on a field."""
    username = data.username.strip().lower()
    password = data.password or generate_password(username)
    try:
        check_duties(data.duties)
    except DutyError as error:
        raise AccountError(error.message, field="duties") from None
    try:
        auth.check_password_policy(password, username)
    except AuthError as error:
        raise AccountError(error.message, field="password") from None
    try:
        user = auth.create_user(actor, username=username, password=password, duties=data.duties, ward_id=ward_id,
                                tdp_numbers=list(data.tdp_numbers), full_name=data.full_name.strip())
    except AuthError as error:
        raise AccountError(error.message, field=_field_of(error.message)) from None
    user.must_change_password = data.must_change
    db.session.flush()
    return user, password


def _field_of(message: str) -> str:
    """The form field a message of create_user belongs to."""
    if "Tên đăng nhập" in message:
        return "username"
    if "tổ dân phố" in message:
        return "tdps"
    return "duties"


def update_account(actor: User | None, user: User, *, full_name: str, duties: Sequence[str],
                   tdp_numbers: Sequence[int]) -> None:
    """Change the name, duties and TDPs together (each change audited). The TDPs move first when there are
    some, so a user can switch from a ward-wide duty to a TDP duty in one step. Raises AccountError."""
    try:
        chosen = check_duties(duties)
    except DutyError as error:
        raise AccountError(error.message, field="duties") from None
    _guard_last_admin(actor, user, duties=chosen)
    full_name = full_name.strip()
    if full_name != user.full_name:
        record(actor, "user.full_name", "user", user.id, before={"full_name": user.full_name},
               after={"full_name": full_name})
        user.full_name = full_name
    numbers = sorted(set(tdp_numbers))
    tdps_change = numbers != [t.number for t in user.tdps]
    duties_change = chosen != set(user.duties)
    try:
        if tdps_change and numbers:
            set_tdps(actor, user, numbers)
        if duties_change:
            set_duties(actor, user, chosen)
        if tdps_change and not numbers:
            set_tdps(actor, user, numbers)
    except DutyError as error:
        raise AccountError(error.message, field="tdps" if "tổ dân phố" in error.message else "duties") from None
    db.session.flush()


def change_duties(actor: User | None, user: User, duties: Sequence[str]) -> None:
    """Replace the user's duties (audited), never taking the duty from the ward's last active ward admin (the
    command line's `users set-duties` as the web page). Raises AccountError."""
    try:
        chosen = check_duties(duties)
    except DutyError as error:
        raise AccountError(error.message, field="duties") from None
    _guard_last_admin(actor, user, duties=chosen)
    try:
        set_duties(actor, user, chosen)
    except DutyError as error:
        raise AccountError(error.message, field="duties") from None


def set_active(actor: User | None, user: User, active: bool) -> None:
    """Disable (every session and the API token end) or enable; never oneself, never the last ward admin."""
    _guard_last_admin(actor, user, active=active)
    auth.set_active(actor, user, active)


def reset_password(actor: User | None, user: User) -> str:
    """Give the user a fresh generated password they must change at next login (sessions and API token
    end; audited). Returns it, to be shown once. Refuses the actor's own account: they use their own page."""
    if actor is not None and actor.id == user.id:
        raise AccountError("Hãy đổi mật khẩu của chính bạn ở trang “Đổi mật khẩu”.", field="password")
    password = generate_password(user.username)
    auth.set_password(actor, user, password, must_change=True)
    return password


def slip_candidates(tdp: Tdp, actor: User | None) -> list[User]:
    """The active accounts scoped to this TDP (its election team, counting board, party cell…), not the
    actor's own."""
    users = db.session.scalars(select(User).join(user_tdps, user_tdps.c.user_id == User.id).where(
        user_tdps.c.tdp_id == tdp.id, User.active).order_by(User.username))
    return [u for u in users if actor is None or u.id != actor.id]


def reset_for_slips(actor: User | None, tdp: Tdp, user_ids: Iterable[int]) -> list[tuple[User, str]]:
    """Reset the password of each chosen account of the TDP (must change at first login; audited, plus one
    event for the printing) and return them with their new passwords, for the slips. Raises AccountError
    when none is chosen or one is not an active account of this TDP."""
    allowed = {u.id: u for u in slip_candidates(tdp, actor)}
    wanted = list(dict.fromkeys(user_ids))
    if not wanted:
        raise AccountError("Hãy chọn ít nhất một tài khoản để in phiếu.", field="users")
    if any(i not in allowed for i in wanted):
        raise AccountError("Chỉ in được phiếu cho tài khoản đang hoạt động của tổ dân phố này.", field="users")
    chosen = sorted((allowed[i] for i in wanted), key=lambda u: u.username)
    result = [(user, reset_password(actor, user)) for user in chosen]
    record(actor, "user.login_slips", "tdp", tdp.id, tdp_id=tdp.id,
           after={"usernames": [u.username for u in chosen]})
    return result
