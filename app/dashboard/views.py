"""The ward dashboard page (Tổng quan): the landing page for the ward's steering committee."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, render_template
from flask_login import current_user

from app.auth.permissions import permission
from app.comparison.services import audited_tdps
from app.core.time import local_today
from app.dashboard.services import DEFAULT_RECOGNITION_DAYS, build, visible_tdps
from app.dashboard.stages import ResultState, Stage, percent
from app.wards import leader

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard", template_folder="templates")


def today() -> date:
    return local_today()


@bp.route("/")
@permission("ward.view")
def index():
    """One row per TDP the user may see, one column per stage; the headline counters and turnout chart.
    Built from a fixed handful of aggregate queries, whatever the number of TDPs."""
    board = build([current_user.ward_id], visible_tdps(current_user),
                  recognition_days=current_app.config.get("RECOGNITION_WORKING_DAYS", DEFAULT_RECOGNITION_DAYS))
    return render_template("dashboard/index.html", board=board, election=board.elections.get(current_user.ward_id),
                           Stage=Stage, ResultState=ResultState, percent=percent, today=today(),
                           posts=leader.post_statuses([row.id for row in board.rows]),
                           audited=audited_tdps([row.id for row in board.rows]))
