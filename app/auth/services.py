"""Creating users, checking passwords with back-off, and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.audit.services import record
from app.auth.duties import DutyError, check_duties, check_scope, ward_tdps
from app.auth.models import User
from app.core.db import utcnow
from app.extensions import db

_hasher = PasswordHasher()  # Argon2id with the library's current recommended parameters
_DUMMY_HASH = _hasher.hash("timing-equaliser")


class AuthError(Exception):
    """A user mistake in authentication or user management; `message` is Vietnamese."""

    def __init__(self, message: str, *, retry_after: int | None = None):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


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


def authenticate(username: str, password: str, policy: LoginPolicy, now: datetime | None = None) -> User:
    """Return the user for a correct username and password.

    Raises AuthError for a wrong pair (the same message whether or not the user exists) and while the
    account is in its back-off period after repeated failures. Flushes the failure counter.
    """
    now = now or utcnow()
    user = db.session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is not None and user.last_failed_login_at is not None:
        wait = login_delay(user.failed_logins, policy.free_attempts, policy.max_delay)
        remaining = int((user.last_failed_login_at + timedelta(seconds=wait) - now).total_seconds()) + 1
        if wait and remaining > 0:
            raise AuthError(f"Đăng nhập sai nhiều lần. Vui lòng đợi {remaining} giây rồi thử lại.",
                            retry_after=remaining)
    if not _check_password(user, password) or not user.active:
        if user is not None:
            user.failed_logins += 1
            user.last_failed_login_at = now
            db.session.flush()
        raise AuthError("Tên đăng nhập hoặc mật khẩu không đúng.")
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.last_failed_login_at = None
    user.last_login_at = now
    db.session.flush()
    return user


def create_user(actor: User | None, *, username: str, password: str, duties, ward_id: int,
                tdp_numbers: list[int] | None = None, full_name: str = "") -> User:
    """Create a user holding `duties` (one or several), scoped to the given TDPs of the ward. Raises AuthError
    on a bad request."""
    username = username.strip().lower()
    if not username or len(username) > 60 or not username.replace(".", "").replace("_", "").replace("-", "").isalnum():
        raise AuthError("Tên đăng nhập chỉ gồm chữ, số, dấu chấm, gạch dưới hoặc gạch ngang (tối đa 60 ký tự).")
    if len(password) < 8:
        raise AuthError("Mật khẩu cần ít nhất 8 ký tự.")
    if db.session.scalar(select(User.id).where(User.username == username)) is not None:
        raise AuthError(f"Tên đăng nhập “{username}” đã có người dùng.")
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
