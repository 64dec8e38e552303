"""The ward's elections and their rule sets."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user
from sqlalchemy import func, select

from app.auth.permissions import can, permission
from app.elections.models import Election, ElectionRound
from app.elections.queries import elections_for_ward
from app.extensions import db
from app.rules import get_rule_set, preparation_deadlines

bp = Blueprint("elections", __name__, url_prefix="/elections", template_folder="templates")


@bp.route("/")
@permission("ward.view")
def index():
    """Every election of the user's ward with its rule set and round count."""
    elections = elections_for_ward(current_user.ward_id)
    counts = dict(db.session.execute(
        select(ElectionRound.election_id, func.count()).group_by(ElectionRound.election_id)
    ).all())
    return render_template("elections/index.html", elections=elections, counts=counts, get_rule_set=get_rule_set)


@bp.route("/<id:election_id>")
@permission("ward.view")
def show(election_id: int):
    """One election: its rule set's parameters and each visible TDP's round with preparation deadlines."""
    election = db.session.get(Election, election_id)
    if election is None or election.ward_id != current_user.ward_id:
        abort(404)
    rule_set = get_rule_set(election.rule_set_id)
    rounds = [r for r in sorted(election.rounds, key=lambda r: (r.tdp.number, r.number))
              if can(current_user, "tdp.view", r.tdp_id)]
    deadlines = {r.id: preparation_deadlines(r.vote_date, rule_set) for r in rounds}
    return render_template("elections/show.html", election=election, rule_set=rule_set, rounds=rounds,
                           deadlines=deadlines)
