"""Login wiring, bearer tokens, idle timeout, and who may see or change which TDP."""

from __future__ import annotations

import time

from flask import Flask, abort, current_app, flash, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import joinedload

from app.auth.models import User
from app.extensions import db, login_manager


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Vui lòng đăng nhập để tiếp tục.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    from app.auth.sessions import session_identifier

    login_manager._session_identifier_generator = session_identifier  # no raw X-Forwarded-For (F11)


#: One query with the user's TDPs and duties, which every request's permission check reads (instead of two
#: further "selectin" queries: a quarter of a count entry's request, issue 15); built once, as building it
#: and its options anew cost a tenth of the user's loading.
_USER_WITH_SCOPE = (select(User).options(joinedload(User.tdps), joinedload(User.duty_rows))
                    .where(User.id == bindparam("user_id")))


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    from app.auth.sessions import session_is_current

    user = db.session.scalars(_USER_WITH_SCOPE, {"user_id": int(user_id)}).unique().first()
    return user if user is not None and user.active and session_is_current(user) else None


@login_manager.request_loader
def _load_user_from_bearer(req) -> User | None:
    """`Authorization: Bearer bctdp_...` authenticates API calls without a session."""
    from app.auth.services import user_for_token

    header = req.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        return user_for_token(header[7:].strip())
    return None


@login_manager.unauthorized_handler
def _unauthorized():
    if request.path.startswith("/api/"):
        abort(401)
    flash(str(login_manager.login_message), "info")
    return redirect(url_for("auth.login", next=request.full_path if request.method == "GET" else None))


def enforce_idle_timeout():
    """Log out a browser session left idle longer than IDLE_TIMEOUT."""
    if not current_user.is_authenticated or "_user_id" not in session:
        return None
    now = time.time()
    last = session.get("last_seen")
    limit = current_app.config["IDLE_TIMEOUT"].total_seconds()
    if last is not None and now - last > limit:
        logout_user()
        session.pop("last_seen", None)
        flash(str(_l("Phiên làm việc đã hết hạn do không hoạt động. Vui lòng đăng nhập lại.")), "info")
        return redirect(url_for("auth.login"))
    # Stamped again only once it is a sixtieth of the timeout old (30 s of 30 min): a session written back
    # changes the cookie, which is signed and sent again on every answer; a clerk saving a ballot a second
    # would pay that on each (issue 15). A session may thus end up to that much before the full timeout.
    if last is None or now - last >= limit / 60:
        session["last_seen"] = now
    return None


# ---- scope -----------------------------------------------------------------------------------------
# Who may do what is app.auth.permissions; this only narrows lists to the TDPs a user may see.

def scope_tdps(stmt: Select, user: User, tdp_id_column) -> Select:
    """Restrict a query to the TDPs the user may read."""
    if user.is_ward_wide:
        return stmt
    return stmt.where(tdp_id_column.in_([t.id for t in user.tdps]))
