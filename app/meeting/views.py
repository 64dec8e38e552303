"""Each role's landing page and the meeting page of a round (its stepper)."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user

from app.auth.permissions import DUTY_LABELS, can, permission, require, rule
from app.elections.models import ElectionRound
from app.extensions import db
from app.meeting import services
from app.meeting.stepper import STEP_ACTIONS, StepKey, StepState, meeting_steps

bp = Blueprint("meeting", __name__, template_folder="templates")


@bp.app_template_global()
def accounts_for(action: str, tdp_id: int) -> str:
    """In any template: the accounts that do `action` on the TDP, e.g. "tobaucu5" (D7: name who to wait for)."""
    return ", ".join(services.accounts_for(action, tdp_id, current_user.ward_id))


@bp.route("/start")
@permission("ward.view")
def landing():
    """Where the user lands after login: the work their duties allow (see services.landing)."""
    endpoint, args = services.landing(current_user)
    return redirect(url_for(endpoint, **args))


@bp.route("/meeting")
@permission("ward.view")
def today():
    """The meeting of the user's TDP (its current round); ward-wide roles go to the ward's overview."""
    round_ = None if current_user.is_ward_wide else services.first_round(current_user)
    if round_ is None:
        return redirect(url_for("dashboard.index" if current_user.is_ward_wide else "wards.home"))
    return redirect(url_for("meeting.round_page", round_id=round_.id))


def _who(action: str) -> str:
    """The duties that do an action, from the permission table ("Tổ bầu cử", "Trưởng ban kiểm phiếu")."""
    return ", ".join(str(DUTY_LABELS[d]) for d in DUTY_LABELS if d in rule(action).duties)


@bp.route("/rounds/<id:round_id>/meeting")
@permission("tdp.view")
def round_page(round_id: int):
    """The meeting of one round: the stepper from sign-in to minutes, each step done, current or to do,
    with who does it and a link to the page that does it. Reads only."""
    round_ = db.session.get(ElectionRound, round_id) or abort(404)
    require(tdp=round_.tdp)
    facts = services.meeting_facts(round_)
    steps = meeting_steps(facts)
    tdp_id = round_.tdp_id
    return render_template("meeting/round.html", round=round_, facts=facts, steps=steps, StepKey=StepKey,
                           StepState=StepState, who={a: _who(a) for a in set(STEP_ACTIONS.values())},
                           mine={k: can(current_user, a, tdp_id) for k, a in STEP_ACTIONS.items()},
                           actions=STEP_ACTIONS)
