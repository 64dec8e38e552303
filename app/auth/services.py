"""Creating users, checking passwords with back-off, and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import case, delete, select
from sqlalchemy.orm import joinedload

from app.audit.services import record
from app.auth.duties import DutyError, check_duties, check_scope, ward_tdps
from app.auth.models import LoginFailure, User
from app.core.db import utcnow
from app.extensions import db

_hasher = PasswordHasher()  # Argon2id with the library's current recommended parameters
_DUMMY_HASH = _hasher.hash("timing-equaliser")


class AuthError(Exception):
    """A user mistake in authentication or user management; `message` is Vietnamese."""

    def __init__(self, message: str, *, retry_after: int | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after
        #: The form field the message belongs to, when a view shows it next to one.
        self.field = field


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _check_password(user: User | None, password: str) -> bool:
    try:
        return _hasher.verify(user.password_hash if user else _DUMMY_HASH, password) and user is not None
    except (VerificationError, InvalidHashError):
        return False


def login_delay(failed: int, free_attempts: int, max_delay: int) -> int:
    """Seconds to wait before the next attempt: none for the first few failures, then doubling."""
    if failed < free_attempts or max_delay <= 0:
        return 0
    return min(max_delay, 2 ** (failed - free_attempts + 1))


@dataclass(frozen=True)
class LoginPolicy:
    free_attempts: int
    max_delay: int
    #: Failures counted per window; 0 turns a limit off.
    window: timedelta = timedelta(minutes=15)
    address_limit: int = 0
    global_limit: int = 0


WRONG_CREDENTIALS = "Tên đăng nhập hoặc mật khẩu không đúng."


def _throttle_key(kind: str, *parts: str) -> str:
    return kind + ":" + hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:60]


def _throttle_keys(username: str, address: str) -> tuple[str, str, str]:
    return _throttle_key("pair", username, address), _throttle_key("addr", address), "all"


def _wait_seconds(until: datetime, now: datetime) -> int:
    """Whole seconds from now until `until` (rounded up), 0 once it has passed."""
    if until <= now:
        return 0
    return int((until - now).total_seconds()) + 1


def _throttled(username: str, address: str, policy: LoginPolicy, now: datetime) -> int:
    """Seconds this (username, address) must still wait, 0 if it may try now. The same whether or not the
    username exists. A correct password is refused here only for the pair that failed, for an address
    past its limit, or, while the whole site is under attack, for an address that has failed too."""
    pair_key, addr_key, all_key = _throttle_keys(username, address)
    rows = {r.key: r for r in db.session.scalars(select(LoginFailure).where(
        LoginFailure.key.in_((pair_key, addr_key, all_key))))}
    current = {k: r for k, r in rows.items() if r.first_at > now - policy.window}
    waits = [0]
    pair = current.get(pair_key)
    if pair is not None:
        delay = login_delay(pair.failures, policy.free_attempts, policy.max_delay)
        if delay:
            waits.append(_wait_seconds(pair.last_at + timedelta(seconds=delay), now))
    addr = current.get(addr_key)
    if addr is not None and policy.address_limit and addr.failures >= policy.address_limit:
        waits.append(_wait_seconds(addr.first_at + policy.window, now))
    everyone = current.get(all_key)
    if (everyone is not None and addr is not None and policy.global_limit
            and everyone.failures >= policy.global_limit):
        waits.append(_wait_seconds(everyone.first_at + policy.window, now))
    return max(waits)


def _count_failure(username: str, address: str, policy: LoginPolicy, now: datetime) -> None:
    """Add one failure to each counter in one atomic upsert per key (several workers may count at once);
    a counter whose window has passed starts again at 1. Old rows are swept."""
    table = LoginFailure.__table__
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    expired = table.c.first_at <= now - policy.window
    for key in _throttle_keys(username, address):
        stmt = insert(table).values(key=key, failures=1, first_at=now, last_at=now)
        stmt = stmt.on_conflict_do_update(index_elements=[table.c.key], set_={
            "failures": case((expired, 1), else_=table.c.failures + 1),
            "first_at": case((expired, now), else_=table.c.first_at),
            "last_at": now,
        })
        db.session.execute(stmt)
    db.session.execute(delete(LoginFailure).where(LoginFailure.last_at < now - max(policy.window, timedelta(days=1))))


def _forget_pair(username: str, address: str) -> None:
    db.session.execute(delete(LoginFailure).where(LoginFailure.key == _throttle_keys(username, address)[0]))


def authenticate(username: str, password: str, policy: LoginPolicy, now: datetime | None = None,
                 address: str = "") -> User:
    """Return the user for a correct username and password, tried from client `address`.

    Raises AuthError with the same message and the same bookkeeping whether or not the user exists, and
    with `retry_after` while the (username, address) pair is backing off after repeated failures, the
    address has failed too often, or the whole site is past its limit and this address has failed too.
    Flushes the failure counters; a success clears only its own pair's counter.
    """
    now = now or utcnow()
    username = username.strip().lower()
    wait = _throttled(username, address, policy, now)
    if wait:
        raise AuthError(f"Đăng nhập sai nhiều lần. Vui lòng đợi {wait} giây rồi thử lại.", retry_after=wait)
    user = db.session.scalar(select(User).where(User.username == username))
    if not _check_password(user, password) or not user.active:
        _count_failure(username, address, policy, now)
        db.session.flush()
        raise AuthError(WRONG_CREDENTIALS)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    _forget_pair(username, address)
    user.last_login_at = now
    db.session.flush()
    return user


# ---- passwords and accounts -----------------------------------------------------------------------

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
#: Passwords refused whatever their length: the most common ones, and every one this project published.
COMMON_PASSWORDS = frozenset("""
123456789 1234567890 12345678910 123456789a 1234567890a 0123456789 9876543210 1111111111 0000000000
1234512345 123123123123 qwertyuiop qwerty123456 1q2w3e4r5t 1qaz2wsx3edc abcd123456 abc1234567 password
password1 password12 password123 password1234 passw0rd123 iloveyou123 matkhau123 matkhau1234 matkhaumoi
admin12345 admin123456 administrator 1234qwer12 zaq12wsxcde anhyeuem123 baucu12345 baucutdp2017
ngocthuy-admin ngocthuy123 changeme123 letmein1234 welcome123 superman123 dragon12345 football12
""".split())


def check_password_policy(password: str, username: str) -> None:
    """Raise AuthError (Vietnamese) unless the password has at least 10 characters, is not the username
    and is not a common password."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AuthError(f"Mật khẩu cần ít nhất {MIN_PASSWORD_LENGTH} ký tự.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AuthError(f"Mật khẩu dài quá {MAX_PASSWORD_LENGTH} ký tự.")
    folded = password.strip().lower()
    if username and username.lower() in folded:
        raise AuthError("Mật khẩu không được chứa tên đăng nhập.")
    if folded in COMMON_PASSWORDS or len(set(folded)) <= 2:
        raise AuthError("Mật khẩu này quá phổ biến, dễ bị đoán: hãy chọn mật khẩu khác.")


def end_sessions(user: User, *, revoke_token: bool) -> None:
    """End every browser session of the user (the session version moves on) and, if asked, the API token."""
    user.session_version += 1
    if revoke_token:
        user.api_token_hash = None


def set_password(actor: User | None, user: User, password: str, *, must_change: bool) -> None:
    """An administrator sets the user's password (the user must change it at next login when
    `must_change`). Ends the user's sessions and API token. Raises AuthError for a weak password."""
    check_password_policy(password, user.username)
    user.password_hash = hash_password(password)
    user.must_change_password = must_change
    end_sessions(user, revoke_token=True)
    db.session.flush()
    record(actor, "user.password_set", "user", user.id, after={"username": user.username,
                                                               "must_change_password": must_change})


def change_own_password(user: User, old_password: str, new_password: str) -> None:
    """The user changes their own password. Raises AuthError when the old one is wrong, the new one is
    weak or unchanged. Ends every other session and the API token; the caller starts a fresh session."""
    if not _check_password(user, old_password):
        raise AuthError("Mật khẩu hiện tại không đúng.", field="old_password")
    if old_password == new_password:
        raise AuthError("Mật khẩu mới phải khác mật khẩu hiện tại.")
    check_password_policy(new_password, user.username)
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    end_sessions(user, revoke_token=True)
    db.session.flush()
    record(user, "user.password_changed", "user", user.id, after={"username": user.username})


def set_active(actor: User | None, user: User, active: bool) -> None:
    """Disable (ending every session and the API token) or enable a user."""
    if user.active == active:
        return
    user.active = active
    if not active:
        end_sessions(user, revoke_token=True)
    db.session.flush()
    record(actor, "user.enable" if active else "user.disable", "user", user.id, after={"username": user.username})


def revoke_api_token(actor: User | None, user: User) -> bool:
    """Remove the user's API token; False when there was none."""
    if user.api_token_hash is None:
        return False
    user.api_token_hash = None
    db.session.flush()
    record(actor, "user.api_token_revoked", "user", user.id, after={"username": user.username})
    return True


def logout(user: User) -> None:
    """Logout ends every browser session of the user, so a copied cookie stops working too. The API token
    (a scanner's) is kept: it is revoked by a password change, disabling or `users revoke-token`."""
    end_sessions(user, revoke_token=False)
    db.session.flush()


def check_new_username(username: str) -> str:
    """The username folded to lower case; AuthError unless it is well formed and nobody has it yet."""
    username = username.strip().lower()
    if not username or len(username) > 60 or not username.replace(".", "").replace("_", "").replace("-", "").isalnum():
        raise AuthError("Tên đăng nhập chỉ gồm chữ, số, dấu chấm, gạch dưới hoặc gạch ngang (tối đa 60 ký tự).")
    if db.session.scalar(select(User.id).where(User.username == username)) is not None:
        raise AuthError(f"Tên đăng nhập “{username}” đã có người dùng.")
    return username


def create_user(actor: User | None, *, username: str, password: str, duties, ward_id: int,
                tdp_numbers: list[int] | None = None, full_name: str = "") -> User:
    """Create a user holding `duties` (one or several), scoped to the given TDPs of the ward. Raises AuthError
    on a bad request."""
    username = check_new_username(username)
    if len(password) < 8:  # the full policy (check_password_policy) is applied by `users create`; the demo
        raise AuthError("Mật khẩu cần ít nhất 8 ký tự.")  # keeps its published passwords
    try:
        duties = check_duties(duties)
        tdps = ward_tdps(ward_id, tdp_numbers or [])
        check_scope(duties, tdps)
    except DutyError as error:
        raise AuthError(error.message) from None
    user = User(username=username, password_hash=hash_password(password), ward_id=ward_id,
                full_name=full_name, tdps=tdps)
    user.duties = duties
    db.session.add(user)
    db.session.flush()
    record(actor, "user.create", "user", user.id,
           after={"username": username, "duties": sorted(d.value for d in duties), "tdps": [t.number for t in tdps]})
    return user


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_api_token(actor: User | None, user: User) -> str:
    """Create a new API token for the user, replacing any earlier one; only its hash is stored."""
    token = "bctdp_" + secrets.token_urlsafe(32)
    user.api_token_hash = _token_digest(token)
    db.session.flush()
    record(actor, "user.api_token", "user", user.id, after={"username": user.username})
    return token


def user_for_token(token: str) -> User | None:
    if not token.startswith("bctdp_"):
        return None
    user = db.session.scalar(select(User).options(joinedload(User.tdps))
                             .where(User.api_token_hash == _token_digest(token)))
    return user if user is not None and user.active else None
