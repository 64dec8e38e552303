"""A candidate's page: the party cell's checklist and decision, the meeting's opinions, withdrawal; and the
election's checklist settings for the ward admin."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import can, permission
from app.candidates import services, vetting
from app.candidates.forms import ConfirmForm, ConsultationForm, DecisionForm, ItemForm, ReasonForm, answers_form
from app.candidates.models import ConsultationOutcome, ItemResult, VettingDecision, VettingItem
from app.candidates.policy import is_published
from app.candidates.views import attach, bp, load_candidate
from app.elections.models import Election
from app.extensions import db


def render_candidate(candidate, code: int = 200, **forms):
    election = candidate.contest.round.election
    items = vetting.checklist(election, actor=current_user)
    findings = vetting.findings(candidate, items)
    tdp_id = candidate.contest.round.tdp_id
    return render_template(
        "candidates/candidate.html", candidate=candidate, contest=candidate.contest, round=candidate.contest.round,
        findings=findings, items=items, frozen=services.is_frozen(candidate.contest),
        published=is_published(candidate.contest),
        can_vet=can(current_user, "candidates.vet", tdp_id),
        writable=can(current_user, "candidates.manage", tdp_id),
        answers=forms.get("answers") or answers_form(items, findings, prefix="ans", formdata=None),
        decision=forms.get("decision") or DecisionForm(prefix="dec", formdata=None),
        consultation=forms.get("consultation") or ConsultationForm(prefix="con", formdata=None),
        withdraw=forms.get("withdraw") or ReasonForm(prefix="wd", formdata=None)), code


def _submit(candidate, form, name: str, field: str, action, message: str):
    """The candidate page's POST pattern: a form that does not validate, or a service that refuses, shows the
    page again with the error on `field` (422); otherwise commit, say `message`, and go back to the page."""
    if not form.validate_on_submit():
        return render_candidate(candidate, 422, **{name: form})
    try:
        action()
    except services.CandidateError as error:
        db.session.rollback()
        attach(form, error, field)
        return render_candidate(candidate, 422, **{name: form})
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("candidates.candidate_page", candidate_id=candidate.id))


@bp.route("/<id:candidate_id>")
@permission("tdp.view")
def candidate_page(candidate_id: int):
    """A candidate: the checklist (age computed for election day), the decision with who and when, the
    meeting's opinions; the forms each role may use. Reads only: the checklist exists with the election."""
    return render_candidate(load_candidate(candidate_id))


@bp.route("/<id:candidate_id>/answers", methods=["POST"])
@permission("candidates.vet")
def answers(candidate_id: int):
    """Save the party cell's finding for each item (party cell of the TDP and ward admins only)."""
    candidate = load_candidate(candidate_id)
    items = vetting.checklist(candidate.contest.round.election, actor=current_user)
    form = answers_form(items, vetting.findings(candidate, items), prefix="ans")

    def save():
        values = {i.id: (ItemResult(form[f"result_{i.id}"].data), form[f"note_{i.id}"].data or "")
                  for i in items if f"result_{i.id}" in form}
        vetting.save_answers(current_user, candidate, values)

    return _submit(candidate, form, "answers", "submit", save, _("Đã lưu kết quả thẩm định."))


@bp.route("/<id:candidate_id>/decision", methods=["POST"])
@permission("candidates.vet")
def decision(candidate_id: int):
    """Record the party cell's decision; approving despite an unmet mandatory item needs a recorded override."""
    candidate = load_candidate(candidate_id)
    form = DecisionForm(prefix="dec")
    return _submit(candidate, form, "decision", "decision",
                   lambda: vetting.decide(current_user, candidate, VettingDecision(form.decision.data),
                                          form.reasons.data, form.override_reason.data or ""),
                   _("Đã ghi quyết định của chi bộ."))


@bp.route("/<id:candidate_id>/consultation", methods=["POST"])
@permission("candidates.manage")
def consultation(candidate_id: int):
    """Record the term-review meeting's opinions on the candidate and its decision."""
    candidate = load_candidate(candidate_id)
    form = ConsultationForm(prefix="con")
    return _submit(candidate, form, "consultation", "outcome",
                   lambda: services.record_consultation(current_user, candidate, form.votes_for.data,
                                                        form.votes_against.data, form.comments.data or "",
                                                        ConsultationOutcome(form.outcome.data)),
                   _("Đã ghi ý kiến của hội nghị."))


@bp.route("/<id:candidate_id>/withdraw", methods=["POST"])
@permission("candidates.manage")
def withdraw(candidate_id: int):
    """Take the candidate off the list, with a reason and a confirmation."""
    candidate = load_candidate(candidate_id)
    form = ReasonForm(prefix="wd")
    return _submit(candidate, form, "withdraw", "reason", lambda: services.withdraw(current_user, candidate, form.reason.data),
                   _("Đã rút khỏi danh sách."))


def _election(election_id: int) -> Election:
    election = db.session.get(Election, election_id)
    if election is None or election.ward_id != current_user.ward_id:
        abort(404)
    return election


def render_checklist(election, code: int = 200, new: ItemForm | None = None):
    items = vetting.checklist(election, actor=current_user)
    forms = {i.id: ItemForm(prefix=f"item{i.id}", formdata=None, label=i.label, mandatory=i.mandatory) for i in items}
    return render_template("candidates/checklist.html", election=election, items=items, forms=forms,
                           new=new or ItemForm(prefix="new", formdata=None),
                           remove=ConfirmForm(prefix="rm", formdata=None)), code


@bp.route("/elections/<id:election_id>/checklist")
@permission("candidates.checklist")
def checklist(election_id: int):
    """The election's vetting standards: edit wording, mark mandatory, add or remove (ward admins only)."""
    return render_checklist(_election(election_id))


@bp.route("/elections/<id:election_id>/checklist", methods=["POST"])
@permission("candidates.checklist")
def add_item(election_id: int):
    """Add a standard to the election's checklist."""
    election = _election(election_id)
    form = ItemForm(prefix="new")
    if not form.validate_on_submit():
        return render_checklist(election, 422, new=form)
    vetting.add_item(current_user, election, form.label.data, form.mandatory.data)
    db.session.commit()
    flash(_("Đã thêm tiêu chuẩn."), "success")
    return redirect(url_for("candidates.checklist", election_id=election.id))


def _item(item_id: int) -> VettingItem:
    item = db.session.get(VettingItem, item_id) or abort(404)
    _election(item.election_id)
    return item


@bp.route("/checklist-items/<id:item_id>", methods=["POST"])
@permission("candidates.checklist")
def update_item(item_id: int):
    """Change an item's wording or whether it is mandatory."""
    item = _item(item_id)
    form = ItemForm(prefix=f"item{item.id}")
    if form.validate_on_submit():
        vetting.update_item(current_user, item, form.label.data, form.mandatory.data)
        db.session.commit()
        flash(_("Đã lưu tiêu chuẩn."), "success")
    else:
        flash(_("Hãy nhập nội dung tiêu chuẩn."), "error")
    return redirect(url_for("candidates.checklist", election_id=item.election_id))


@bp.route("/checklist-items/<id:item_id>/remove", methods=["POST"])
@permission("candidates.checklist")
def remove_item(item_id: int):
    """Stop asking an item (after a confirmation); past answers stay on record."""
    item = _item(item_id)
    if ConfirmForm(prefix="rm").validate_on_submit():
        vetting.remove_item(current_user, item)
        db.session.commit()
        flash(_("Đã bỏ tiêu chuẩn khỏi danh mục."), "success")
    else:
        flash(_("Hãy đánh dấu xác nhận trước khi bỏ tiêu chuẩn."), "error")
    return redirect(url_for("candidates.checklist", election_id=item.election_id))
