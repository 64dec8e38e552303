"""The province/city page (/province/): every ward's figures and a page of TDPs, for the province account."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import permission
from app.core.db import utcnow
from app.dashboard.services import DEFAULT_RECOGNITION_DAYS
from app.dashboard.stages import percent
from app.province import queries

bp = Blueprint("province", __name__, url_prefix="/province", template_folder="templates")

#: Where a ward user lands (the home page, the landing after login): a province account lands on its page.
LANDINGS = frozenset({"wards.home", "meeting.landing"})


@bp.before_app_request
def province_home():
    """A province account has no ward: `/` and the landing after login take it to the province page."""
    if request.endpoint in LANDINGS and current_user.is_authenticated and current_user.is_province:
        return redirect(url_for("province.index"))
    return None


def recognition_days() -> int:
    return current_app.config.get("RECOGNITION_WORKING_DAYS", DEFAULT_RECOGNITION_DAYS)


@bp.route("/")
@permission("province.view")
def index():
    """Every ward's headline figures and the city's, and one page of 50 TDPs, filtered by the GET parameters
    `q` (TDP name or number), `ward` and `page` (bookmarkable). Unusable parameters are named and left out.
    Read only."""
    wards = queries.wards()
    names = dict(wards)
    chosen, problems = queries.parse_filter(request.args, set(names))
    board = queries.dashboard(list(names), chosen, recognition_days())
    return render_template("province/index.html", board=board, chosen=chosen, wards=wards,
                           problems=[_problem(name, value) for name, value in problems],
                           names=names, with_election={w.ward_id for w in board.wards}, now=utcnow(),
                           percent=percent)


def _problem(name: str, value: str) -> str:
    """What the page says about a GET parameter it could not use (named, with what was typed)."""
    if name == "q":
        return _("Từ khóa tìm (q) dài quá %(n)s ký tự: đã bỏ qua.", n=queries.MAX_SEARCH)
    if name == "ward":
        return _("Không có phường mã “%(v)s” trên máy chủ này (ward): đang xem mọi phường.", v=value)
    return _("Số trang (page) “%(v)s” không hợp lệ: đang xem trang 1.", v=value)
