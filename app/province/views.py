"""The province/city page (/province/): every ward's figures and a page of TDPs, for the province account."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from app.auth.permissions import permission
from app.core.db import utcnow
from app.dashboard.services import DEFAULT_RECOGNITION_DAYS
from app.dashboard.stages import ResultState, percent
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
    chosen, problems = queries.parse_filter(request.args, {i for i, _ in wards})
    board = queries.dashboard([i for i, _ in wards], chosen, recognition_days())
    names = dict(wards)
    return render_template("province/index.html", board=board, chosen=chosen, problems=problems, wards=wards,
                           names=names, with_election={w.ward_id for w in board.wards}, now=utcnow(),
                           percent=percent, ResultState=ResultState)
