"""Login, logout and changing one's own password."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app.auth import services
from app.auth.forms import ChangePasswordForm, LoginForm
from app.auth.permissions import permission
from app.auth.services import AuthError, LoginPolicy, authenticate
from app.auth.sessions import start_session
from app.core.redirects import is_safe_next
from app.extensions import db

bp = Blueprint("auth", __name__, template_folder="templates")


def _safe_next(target: str | None, user) -> str:
    """Only same-site relative paths, so the login page cannot be used as an open redirect. Without one,
    ward-wide roles land on the ward's overview, TDP roles on their TDPs, a province account on its page."""
    if user.is_province:  # no ward: only the province pages are its own
        province = url_for("province.index")
        return target if is_safe_next(target) and target.startswith(province) else province
    if is_safe_next(target):
        return target
    if "meeting.landing" in current_app.view_functions:
        return url_for("meeting.landing")  # each role lands on its own work (D19)
    if user.is_ward_wide and "dashboard.index" in current_app.view_functions:
        return url_for("dashboard.index")
    return url_for("wards.home")


def _login_policy() -> LoginPolicy:
    config = current_app.config
    return LoginPolicy(config["LOGIN_FREE_ATTEMPTS"], config["LOGIN_MAX_DELAY_SECONDS"], config["LOGIN_WINDOW"],
                       config["LOGIN_ADDRESS_LIMIT"], config["LOGIN_GLOBAL_LIMIT"])


def _open_session(user) -> None:
    """A fresh session (nothing from before login survives) tied to the user's session version."""
    session.clear()
    login_user(user)
    start_session(user)


@bp.route("/login", methods=["GET", "POST"])
@permission("public")
def login():
    """Sign in. Wrong names and wrong passwords get one answer; repeated failures of one name from one
    address, or many from one address, make further attempts wait (429 with Retry-After, never a blocked
    worker), while the right password from another address still gets in."""
    if current_user.is_authenticated:
        return redirect(url_for("wards.home"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = authenticate(form.username.data, form.password.data, _login_policy(),
                                address=request.remote_addr or "")
        except AuthError as error:
            db.session.commit()  # keep the failure count
            form.password.errors.append(error.message)
            if error.retry_after:
                return render_template("auth/login.html", form=form), 429, {"Retry-After": str(error.retry_after)}
            return render_template("auth/login.html", form=form)
        db.session.commit()
        _open_session(user)
        if user.must_change_password:
            return redirect(url_for("auth.change_password"))
        return redirect(_safe_next(request.args.get("next"), user))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@permission("session")
def logout():
    """End this session and every other copy of it: the user's session version moves on."""
    services.logout(current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@permission("session")
def change_password():
    """Any user changes their own password (old and new); every other session and the API token end."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            services.change_own_password(user, form.old_password.data, form.new_password.data)
        except AuthError as error:
            db.session.rollback()
            form[error.field or "new_password"].errors.append(error.message)
            return render_template("auth/change_password.html", form=form), 422
        db.session.commit()
        _open_session(user)
        flash(_("Đã đổi mật khẩu. Các phiên đăng nhập khác và mã API đã hết hiệu lực."), "success")
        return redirect(_safe_next(None, user))
    return render_template("auth/change_password.html", form=form)
