"""The ward's home page and TDP pages."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from app.auth.permissions import can, permission, require
from app.core.inputs import id_arg
from app.elections.queries import rounds_for_tdp
from app.extensions import db
from app.rolls.queries import current_fingerprint, household_page
from app.wards.models import Tdp, Ward
from app.wards.queries import tdp_rows

bp = Blueprint("wards", __name__, template_folder="templates")


@bp.route("/")
@permission("ward.view")
def home():
    """The user's ward: every TDP the user may see, with household counts."""
    ward = db.session.get(Ward, current_user.ward_id) or abort(404)
    rows = tdp_rows(current_user, ward.id)
    return render_template("wards/home.html", ward=ward, rows=rows,
                           total_households=sum(r.households for r in rows))


@bp.route("/tdp/<id:tdp_id>")
@permission("tdp.view")
def tdp(tdp_id: int):
    """One TDP: its rounds and its households, in Vietnamese name order; 403 outside the user's scope."""
    tdp = require(tdp=db.session.get(Tdp, tdp_id))
    page = household_page(tdp.id, query=request.args.get("q", ""), page=request.args.get("page", 1, type=id_arg))
    return render_template("wards/tdp.html", tdp=tdp, page=page, rounds=rounds_for_tdp(tdp.id),
                           query=request.args.get("q", ""), fingerprint=current_fingerprint(tdp.id),
                           writable=can(current_user, "rolls.import", tdp.id))

