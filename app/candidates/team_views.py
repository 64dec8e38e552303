"""The election team (tổ bầu cử) of a round: who sits on it; candidates may not."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import can, permission, require
from app.candidates import queries, services
from app.candidates.forms import ConfirmForm, TeamMemberForm
from app.candidates.models import ElectionTeamMember, TeamRole
from app.candidates.views import attach, bp, load_round, person_choice
from app.extensions import db


def render_team(round_, code: int = 200, form: TeamMemberForm | None = None):
    return render_template("candidates/team.html", round=round_, team=queries.team(round_),
                           form=form or TeamMemberForm(prefix="team", formdata=None),
                           remove=ConfirmForm(prefix="rm", formdata=None), roster=queries.roster_options(round_.tdp_id),
                           writable=can(current_user, "candidates.manage", round_.tdp_id)), code


@bp.route("/rounds/<id:round_id>/team")
@permission("tdp.view")
def team(round_id: int):
    """The round's election team, and the form to add a resident to it."""
    return render_team(load_round(round_id))


@bp.route("/rounds/<id:round_id>/team", methods=["POST"])
@permission("candidates.manage")
def add_member(round_id: int):
    """Add a resident to the team; a candidate of this round is refused with the reason under the field."""
    round_ = load_round(round_id)
    form = TeamMemberForm(prefix="team")
    if not form.validate_on_submit():
        return render_team(round_, 422, form)
    try:
        member = services.add_member(current_user, round_, person_choice(form), TeamRole(form.role.data))
    except services.CandidateError as error:
        db.session.rollback()
        attach(form, error, "household")
        return render_team(round_, 422, form)
    db.session.commit()
    flash(_("Đã thêm %(name)s vào tổ bầu cử.", name=member.person.full_name), "success")
    if member.reused_note:
        flash(member.reused_note, "info")
    return redirect(url_for("candidates.team", round_id=round_.id))


@bp.route("/team-members/<id:member_id>/remove", methods=["POST"])
@permission("candidates.manage")
def remove_member(member_id: int):
    """Take a person off the team, after a confirmation."""
    member = db.session.get(ElectionTeamMember, member_id) or abort(404)
    round_id = member.round_id
    require(tdp=member.round.tdp)
    if not ConfirmForm(prefix="rm").validate_on_submit():
        flash(_("Hãy đánh dấu xác nhận trước khi xóa."), "error")
        return redirect(url_for("candidates.team", round_id=round_id))
    services.remove_member(current_user, member)
    db.session.commit()
    flash(_("Đã xóa khỏi tổ bầu cử."), "success")
    return redirect(url_for("candidates.team", round_id=round_id))
