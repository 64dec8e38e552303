"""The ward's paper settings page (ward admins) and its previews."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import permission
from app.core.downloads import send_bytes
from app.dashboard.views import today
from app.elections.queries import elections_for_ward
from app.extensions import db
from app.papers import preview
from app.papers.docx_render import DOCX
from app.papers.forms import PaperSettingsForm, signer_fields
from app.papers.registry import KIND_LABELS, WARD_SIGNED, PaperKind
from app.papers.settings import PaperSettingsError, Signer, paper_settings, save_settings
from app.rules import get_rule_set
from app.wards.models import Ward

bp = Blueprint("papers", __name__, url_prefix="/papers", template_folder="templates")


def _ward() -> Ward:
    return db.session.get(Ward, current_user.ward_id) or abort(404)


def _rule_set(ward: Ward):
    elections = elections_for_ward(ward.id)
    return get_rule_set(elections[0].rule_set_id if elections else "nd-59-2023")


def _initial(ward: Ward) -> dict:
    papers = paper_settings(ward)
    data = {"issuing_authority": ward.issuing_authority, "report_recipient": ward.report_recipient,
            "province": ward.province, "issuer_header": "\n".join(papers.issuer_lines)}
    for kind in WARD_SIGNED:
        capacity, title, name = signer_fields(kind)
        signer = papers.signers[kind]
        data |= {capacity: signer.capacity, title: signer.title, name: signer.name,
                 f"recipients_{kind.value}": "\n".join(papers.recipients[kind])}
    for kind in PaperKind:
        data[f"bases_{kind.value}"] = "\n".join(papers.extra_bases.get(kind, ()))
    return data


def _save(form: PaperSettingsForm, ward: Ward) -> None:
    lines = lambda name: (form[name].data or "").splitlines()  # noqa: E731
    signers = {kind: Signer(*(form[f].data or "" for f in signer_fields(kind))) for kind in WARD_SIGNED}
    save_settings(current_user, ward, issuing_authority=form.issuing_authority.data or "",
                  report_recipient=form.report_recipient.data or "", province=form.province.data or "",
                  issuer_header=lines("issuer_header"), signers=signers,
                  extra_bases={k: lines(f"bases_{k.value}") for k in PaperKind},
                  recipients={k: lines(f"recipients_{k.value}") for k in WARD_SIGNED})


@bp.route("/settings", methods=["GET", "POST"])
@permission("ward.papers")
def settings():
    """Cài đặt văn bản: issuing authority, report recipient, province, the header, each paper's signer,
    extra "Căn cứ" lines and "Nơi nhận"; with the bases every paper will print under the election's rule set."""
    ward = _ward()
    form = PaperSettingsForm(data=_initial(ward))
    if form.validate_on_submit():
        try:
            _save(form, ward)
        except PaperSettingsError as error:
            db.session.rollback()
            form[error.field].errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Đã lưu cài đặt văn bản."), "success")
            return redirect(url_for("papers.settings"))
    rule_set = _rule_set(ward)
    papers = paper_settings(ward)
    bases = {kind: papers.bases(kind, rule_set.id, rule_set.reference) for kind in PaperKind}
    return render_template("papers/settings.html", form=form, ward=ward, papers=papers, rule_set=rule_set,
                           bases=bases, labels=KIND_LABELS, kinds=list(PaperKind), signed=WARD_SIGNED,
                           signer_fields=signer_fields), 422 if form.errors else 200


@bp.route("/preview")
@permission("ward.papers")
def preview_paper():
    """A sample decision or report (`?kind=recognition|ward_report`, `&format=pdf|docx`) printed with the
    ward's current settings and sample figures, to check the settings before printing the real one."""
    kind, fmt = request.args.get("kind", PaperKind.RECOGNITION.value), request.args.get("format", "pdf")
    if kind not in {k.value for k in WARD_SIGNED} or fmt not in ("pdf", "docx"):
        return render_template("papers/bad_preview.html"), 400
    ward = _ward()
    rule_set = _rule_set(ward)
    day: date = today()
    data = preview.sample(PaperKind(kind), ward, rule_set, day, fmt)
    name = {PaperKind.RECOGNITION: "mau-quyet-dinh-cong-nhan", PaperKind.WARD_REPORT: "mau-bao-cao-ket-qua"}[PaperKind(kind)]
    return send_bytes(data, f"{name}.{fmt}", DOCX if fmt == "docx" else "application/pdf", inline=fmt == "pdf")
