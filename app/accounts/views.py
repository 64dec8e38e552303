"""The accounts page (tài khoản) of the ward admin: list, create, edit duties and TDPs, disable and enable,
reset a password, revoke or issue an API token, and print login slips for a TDP's accounts. Passwords and
tokens are shown once, in the answer to the POST that made them, never stored or cached."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from app.accounts import queries, services
from app.accounts.forms import ConfirmForm, CreateAccountForm, EditAccountForm, SlipsForm
from app.accounts.services import AccountError, NewAccount
from app.accounts.slips_pdf import Slip, SlipBatch, render_slips
from app.auth.models import Duty, User
from app.auth.permissions import DUTY_LABELS, duty_labels, permission, require
from app.auth.services import issue_api_token, revoke_api_token
from app.core.db import utcnow
from app.core.downloads import send_bytes
from app.core.inputs import parse_id
from app.core.templating import vn_datetime
from app.extensions import db
from app.wards.models import Tdp

bp = Blueprint("accounts", __name__, url_prefix="/accounts", template_folder="templates")

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _user_or_404(user_id: int) -> User:
    return queries.user_in_ward(user_id, current_user.ward_id) or abort(404)


def _tdp_choices(form) -> None:
    form.tdps.choices = [SelectChoice(t.number, t.name) for t in queries.ward_tdps(current_user.ward_id)]


@bp.route("/")
@permission("users.manage")
def index():
    """Every account of the ward with its duties, TDPs, state, last login and API token; filter by TDP and
    duty (unknown filters are ignored)."""
    tdps = queries.ward_tdps(current_user.ward_id)
    tdp_id = parse_id(request.args.get("tdp"))
    tdp = next((t for t in tdps if t.id == tdp_id), None)
    duty = request.args.get("duty") if request.args.get("duty") in {d.value for d in Duty} else None
    users = queries.ward_users(current_user.ward_id, tdp_id=tdp.id if tdp else None,
                               duty=Duty(duty) if duty else None)
    return render_template("accounts/index.html", users=users, tdps=tdps, tdp=tdp, duty=duty,
                           duties=[(d.value, DUTY_LABELS[d]) for d in Duty])


@bp.route("/new", methods=["GET", "POST"])
@permission("users.manage")
def create():
    """Create an account; the initial password (generated or typed) is shown once and, by default, must be
    changed at first login."""
    form = CreateAccountForm()
    _tdp_choices(form)
    if form.validate_on_submit():
        data = NewAccount(form.username.data, form.full_name.data or "", form.duties.data or [],
                          form.tdps.data or [], form.password.data if form.password_mode.data == "typed" else None,
                          form.must_change.data)
        try:
            user, password = services.create_account(current_user, current_user.ward_id, data)
        except AccountError as error:
            db.session.rollback()
            form[error.field or "username"].errors.append(error.message)
        else:
            db.session.commit()
            return render_template("accounts/secret.html", user=user, password=password,
                                   title=_("Đã tạo tài khoản %(name)s", name=user.username)), 200, NO_STORE
    return render_template("accounts/create.html", form=form), 422 if form.errors else 200


@bp.route("/<id:user_id>", methods=["GET", "POST"])
@permission("users.manage")
def edit(user_id: int):
    """Change an account's name, duties and TDPs; the page also holds disable/enable, password reset and
    the API token."""
    user = _user_or_404(user_id)
    form = EditAccountForm(obj=user if request.method == "GET" else None)
    _tdp_choices(form)
    if request.method == "GET":
        form.duties.data = [d.value for d in Duty if d in user.duties]
        form.tdps.data = [t.number for t in user.tdps]
    if form.validate_on_submit():
        try:
            services.update_account(current_user, user, full_name=form.full_name.data or "",
                                    duties=form.duties.data or [], tdp_numbers=form.tdps.data or [])
        except AccountError as error:
            db.session.rollback()
            form[error.field or "duties"].errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Đã lưu tài khoản %(name)s.", name=user.username), "success")
            return redirect(url_for(".edit", user_id=user.id))
    return _edit_page(user, form), 422 if form.errors else 200


def _edit_page(user: User, form=None, confirm: ConfirmForm | None = None, errors: dict[str, str] | None = None):
    if form is None:
        form = EditAccountForm(obj=user)
        _tdp_choices(form)
        form.duties.data = [d.value for d in Duty if d in user.duties]
        form.tdps.data = [t.number for t in user.tdps]
    return render_template("accounts/edit.html", user=user, form=form, confirm=confirm or ConfirmForm(),
                           errors=errors or {})


def _refused(user: User, error: AccountError, field: str):
    """The edit page with the refusal next to the section it belongs to ("active", "password", "token")."""
    db.session.rollback()
    return _edit_page(user, errors={error.field or field: error.message}), 422


@bp.route("/<id:user_id>/active", methods=["POST"])
@permission("users.manage")
def set_active(user_id: int):
    """Disable (after confirmation: every session and the API token end) or enable an account. Nobody
    disables themselves or the ward's last active ward admin."""
    user = _user_or_404(user_id)
    active = request.form.get("active") == "1"
    confirm = ConfirmForm()
    if not active and not confirm.validate_on_submit():
        return _edit_page(user, confirm=confirm), 422
    try:
        services.set_active(current_user, user, active)
    except AccountError as error:
        return _refused(user, error, "active")
    db.session.commit()
    flash(_("Đã mở khóa %(name)s.", name=user.username) if active else
          _("Đã khóa %(name)s: mọi phiên đăng nhập và mã API đã hết hiệu lực.", name=user.username), "success")
    return redirect(url_for(".edit", user_id=user.id))


@bp.route("/<id:user_id>/password", methods=["POST"])
@permission("users.manage")
def reset_password(user_id: int):
    """After confirmation, give the account a generated password, shown once; the user must change it."""
    user = _user_or_404(user_id)
    confirm = ConfirmForm()
    if not confirm.validate_on_submit():
        return _edit_page(user, confirm=confirm), 422
    try:
        password = services.reset_password(current_user, user)
    except AccountError as error:
        return _refused(user, error, "password")
    db.session.commit()
    return render_template("accounts/secret.html", user=user, password=password,
                           title=_("Mật khẩu mới của %(name)s", name=user.username)), 200, NO_STORE


@bp.route("/<id:user_id>/token", methods=["POST"])
@permission("users.manage")
def issue_token(user_id: int):
    """After confirmation, issue a new API token (any earlier one stops working), shown once."""
    user = _user_or_404(user_id)
    confirm = ConfirmForm()
    if not confirm.validate_on_submit():
        return _edit_page(user, confirm=confirm), 422
    if not user.active:
        return _refused(user, AccountError(_("Tài khoản đang bị khóa: hãy mở khóa trước khi cấp mã API.")), "token")
    token = issue_api_token(current_user, user)
    db.session.commit()
    return render_template("accounts/secret.html", user=user, token=token,
                           title=_("Mã API mới của %(name)s", name=user.username)), 200, NO_STORE


@bp.route("/<id:user_id>/token/revoke", methods=["POST"])
@permission("users.manage")
def revoke_token(user_id: int):
    """Remove the account's API token."""
    user = _user_or_404(user_id)  # revoking only takes access away: no confirmation beyond the CSRF check
    revoked = revoke_api_token(current_user, user)
    db.session.commit()
    flash(_("Đã thu hồi mã API của %(name)s.", name=user.username) if revoked else
          _("%(name)s không có mã API.", name=user.username), "success" if revoked else "info")
    return redirect(url_for(".edit", user_id=user.id))


@bp.route("/slips/<id:tdp_id>", methods=["GET", "POST"])
@permission("users.manage")
def slips(tdp_id: int):
    """Login slips for a TDP's accounts: choosing them and confirming resets their passwords (they must
    change them at first login) and downloads one slip per account as a PDF."""
    tdp = require(tdp=db.session.get(Tdp, tdp_id))
    candidates = services.slip_candidates(tdp, current_user)
    form = SlipsForm()
    form.users.choices = [SelectChoice(u.id, u.username) for u in candidates]
    if request.method == "GET":
        form.users.data = [u.id for u in candidates]
    if form.validate_on_submit():
        try:
            reset = services.reset_for_slips(current_user, tdp, form.users.data or [])
        except AccountError as error:
            db.session.rollback()
            form.users.errors.append(error.message)
        else:
            db.session.commit()
            batch = SlipBatch(tdp.ward.name, tdp.name, request.host_url,
                              "Mật khẩu đặt lúc " + vn_datetime(utcnow()),
                              [Slip(u.full_name, ", ".join(duty_labels(u)), u.username, pw) for u, pw in reset])
            response = send_bytes(render_slips(batch), f"phieu-dang-nhap-to-{tdp.number}.pdf", "application/pdf")
            response.headers.update(NO_STORE)
            return response
    return render_template("accounts/slips.html", tdp=tdp, form=form, candidates=candidates,
                           tdps=queries.ward_tdps(current_user.ward_id)), 422 if form.errors else 200
