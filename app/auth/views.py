"""Login and logout."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app.auth.forms import LoginForm
from app.auth.permissions import permission
from app.auth.services import AuthError, LoginPolicy, authenticate
from app.core.redirects import is_safe_next
from app.extensions import db

bp = Blueprint("auth", __name__, template_folder="templates")


def _safe_next(target: str | None, user) -> str:
    """Only same-site relative paths, so the login page cannot be used as an open redirect. Without one,
    ward-wide roles land on the ward's overview, TDP roles on their TDPs."""
    if is_safe_next(target):
        return target
    if user.is_ward_wide and "dashboard.index" in current_app.view_functions:
        return url_for("dashboard.index")
    return url_for("wards.home")


@bp.route("/login", methods=["GET", "POST"])
@permission("public")
def login():
    """Sign in; after repeated failures each further attempt must wait longer (never a blocked worker)."""
    if current_user.is_authenticated:
        return redirect(url_for("wards.home"))
    form = LoginForm()
    if form.validate_on_submit():
        policy = LoginPolicy(current_app.config["LOGIN_FREE_ATTEMPTS"], current_app.config["LOGIN_MAX_DELAY_SECONDS"])
        try:
            user = authenticate(form.username.data, form.password.data, policy)
        except AuthError as error:
            db.session.commit()  # keep the failure count
            form.password.errors.append(error.message)
            status = 429 if error.retry_after else 200
            return render_template("auth/login.html", form=form), status
        db.session.commit()
        session.clear()
        login_user(user)
        return redirect(_safe_next(request.args.get("next"), user))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@permission("session")
def logout():
    logout_user()
    session.clear()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("auth.login"))
