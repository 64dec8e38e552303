"""Browser sessions that can be ended: each carries the user's session version and its login time, so
logout, a password change or disabling the user ends every copy of the cookie, and no login outlives
PERMANENT_SESSION_LIFETIME however active it is."""

from __future__ import annotations

import hashlib
import time

from flask import abort, current_app, redirect, request, session, url_for
from flask_login import current_user

from app.auth.models import User

#: Session keys: the user's session_version at login, and the login time (Unix seconds).
VERSION_KEY = "_sv"
LOGIN_AT_KEY = "_login_at"


def start_session(user: User) -> None:
    """Mark the freshly logged-in session with the user's version and the time. The session stays a
    browser-session cookie (not `permanent`): Flask-Login's strong protection only downgrades a permanent
    session whose address changed instead of ending it. The absolute lifetime is checked on the server."""
    session[VERSION_KEY] = user.session_version
    session[LOGIN_AT_KEY] = time.time()


def session_is_current(user: User) -> bool:
    """True while the session was opened at the user's current session version and within the absolute
    lifetime. Cookies from before this check existed carry neither key and are refused."""
    if session.get(VERSION_KEY) != user.session_version:
        return False
    login_at = session.get(LOGIN_AT_KEY)
    if not isinstance(login_at, int | float):
        return False
    age = time.time() - login_at
    return 0 <= age <= current_app.config["PERMANENT_SESSION_LIFETIME"].total_seconds()


def session_identifier() -> str:
    """Flask-Login's "strong" session protection ties a session to the client address and User-Agent.
    Its default reads X-Forwarded-For straight from the client, so a cookie thief could claim the victim's
    address; here the address is `remote_addr`, which ProxyFix sets from trusted proxies only."""
    agent = request.headers.get("User-Agent", "")
    return hashlib.sha512(f"{request.remote_addr}|{agent}".encode()).hexdigest()


#: What a user who must change their password may still reach.
_OPEN_ENDPOINTS = frozenset({"auth.change_password", "auth.logout", "auth.login", "static"})


def require_password_change():
    """A user whose password was set by an administrator can do nothing but choose a new one (or log out):
    pages redirect to the change-password page, API calls get 403."""
    if request.endpoint in _OPEN_ENDPOINTS or not current_user.is_authenticated:
        return None
    if not current_user.must_change_password:
        return None
    if request.path.startswith("/api/"):
        abort(403, description="Cần đổi mật khẩu trước khi dùng API.")
    return redirect(url_for("auth.change_password"))
