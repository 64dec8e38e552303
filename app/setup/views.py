"""The first-run set-up: step 1 the ward, step 2 its first admin (then logged in), step 3 the TDP list (a ward
page, app.wards.views.tdps); or the demo ward. Every page 404s once a ward exists (see the package docstring)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from app.auth.permissions import permission
from app.auth.services import AuthError
from app.auth.sessions import start_session
from app.extensions import db
from app.setup.forms import AdminForm, DemoForm
from app.wards import services
from app.wards.forms import WardForm
from app.wards.services import AlreadySetUp, WardError, WardInput

bp = Blueprint("setup", __name__, url_prefix="/setup", template_folder="templates")
#: Step 1's answers wait in the (signed) session until step 2 creates the ward and its admin together.
PENDING = "setup_ward"
#: The 34 province-level units since 12/6/2025, offered as suggestions (any text is accepted).
PROVINCES = (
    "Thành phố Hà Nội", "Thành phố Hồ Chí Minh", "Thành phố Hải Phòng", "Thành phố Đà Nẵng", "Thành phố Huế",
    "Thành phố Cần Thơ", "Tỉnh An Giang", "Tỉnh Bắc Ninh", "Tỉnh Cà Mau", "Tỉnh Cao Bằng", "Tỉnh Đắk Lắk",
    "Tỉnh Điện Biên", "Tỉnh Đồng Nai", "Tỉnh Đồng Tháp", "Tỉnh Gia Lai", "Tỉnh Hà Tĩnh", "Tỉnh Hưng Yên",
    "Tỉnh Khánh Hòa", "Tỉnh Lai Châu", "Tỉnh Lâm Đồng", "Tỉnh Lạng Sơn", "Tỉnh Lào Cai", "Tỉnh Nghệ An",
    "Tỉnh Ninh Bình", "Tỉnh Phú Thọ", "Tỉnh Quảng Ngãi", "Tỉnh Quảng Ninh", "Tỉnh Quảng Trị", "Tỉnh Sơn La",
    "Tỉnh Tây Ninh", "Tỉnh Thái Nguyên", "Tỉnh Thanh Hóa", "Tỉnh Tuyên Quang", "Tỉnh Vĩnh Long",
)


def demo_allowed() -> bool:
    """The demo's accounts have published passwords: never under the production config (as `demo load`)."""
    return not current_app.config.get("STRICT_SECRETS")


@bp.before_request
def only_before_a_ward_exists():
    if services.ward_exists():
        abort(404)


@bp.before_app_request
def lead_to_setup():
    """On an empty database every page (a GET; not the API, not static files) leads to step 1. Other methods
    go their usual way: without a ward there is no user, so they end at the login page, which leads here."""
    endpoint = request.endpoint
    if request.method not in ("GET", "HEAD") or endpoint is None or endpoint == "static":
        return None
    if endpoint.startswith("setup.") or request.path.startswith("/api/"):
        return None
    if current_user.is_authenticated or services.ward_exists():
        return None
    return redirect(url_for("setup.ward"))


@bp.route("/", methods=["GET", "POST"])
@permission("setup")
def ward():
    """Step 1: the ward's name, its province, the authority on its papers and the recipient of its reports."""
    form = WardForm(data=session.get(PENDING) if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            data = services.check_ward(WardInput(form.name.data, form.province.data, form.issuing_authority.data,
                                                 form.report_recipient.data))
        except WardError as error:
            form[error.field or "name"].errors.append(error.message)
        else:
            session[PENDING] = {"name": data.name, "province": data.province,
                                "issuing_authority": data.issuing_authority, "report_recipient": data.report_recipient}
            return redirect(url_for(".admin"))
    status = 422 if request.method == "POST" else 200
    return render_template("setup/ward.html", form=form, provinces=PROVINCES, demo=DemoForm(formdata=None),
                           demo_allowed=demo_allowed()), status


@bp.route("/admin", methods=["GET", "POST"])
@permission("setup")
def admin():
    """Step 2: the first ward admin, with a password the user chooses; creates the ward and the account
    together, logs in and goes on to the TDP list."""
    pending = session.get(PENDING)
    if not pending:
        return redirect(url_for(".ward"))
    form = AdminForm()
    if form.validate_on_submit():
        try:
            _ward, user = services.set_up(WardInput(**pending), username=form.username.data,
                                          password=form.password.data, full_name=form.full_name.data)
        except AlreadySetUp:
            db.session.rollback()
            abort(404)
        except (AuthError, WardError) as error:
            db.session.rollback()
            if isinstance(error, WardError):
                session.pop(PENDING, None)
                flash(error.message, "error")
                return redirect(url_for(".ward"))
            form[error.field or "password"].errors.append(error.message)
        else:
            db.session.commit()
            session.clear()
            login_user(user)
            start_session(user)
            flash(_("Đã tạo %(ward)s và tài khoản %(user)s. Bước cuối: nhập danh sách tổ dân phố.",
                    ward=pending["name"], user=user.username), "success")
            return redirect(url_for("wards.tdps"))
    status = 422 if request.method == "POST" else 200
    return render_template("setup/admin.html", form=form, ward=pending), status


@bp.route("/demo", methods=["POST"])
@permission("setup")
def demo():
    """Load the demo ward (of today: Phường Bồ Đề (mẫu)) instead; refused under the production config."""
    if not demo_allowed():
        return render_template("error.html", code=403, message=_(
            "Không nạp dữ liệu mẫu ở cấu hình production: các tài khoản mẫu có mật khẩu công khai.")), 403
    form = DemoForm()
    if not form.validate_on_submit():
        abort(400)
    from app.demo.services import DEMO_LOGINS, load_demo

    load_demo()
    db.session.commit()
    session.pop(PENDING, None)
    admin_login = next((u, p) for u, duty, _tdps, p in DEMO_LOGINS if duty.is_ward_wide)
    flash(_("Đã nạp phường mẫu. Đăng nhập thử bằng %(user)s / %(password)s; các tài khoản thử khác có trong README.",
            user=admin_login[0], password=admin_login[1]), "success")
    return redirect(url_for("auth.login"))
