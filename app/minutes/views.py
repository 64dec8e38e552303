"""The minutes as PDFs and .docx files (zero report, counting minutes, meeting minutes) and the page that
checks a paper copy's QR code against the database."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.permissions import permission, require
from app.core.downloads import send_bytes
from app.elections.models import Contest, ElectionRound, Position
from app.extensions import db
from app.minutes import documents
from app.minutes.forms import CheckForm
from app.minutes.layout import MAX_COPIES
from app.minutes.services import MinutesError, scoped, verify_minutes_qr
from app.papers.docx_render import DOCX

bp = Blueprint("minutes", __name__, url_prefix="/minutes", template_folder="templates")
PDF = "application/pdf"
SLUG = {"leader": "to-truong", "deputy": "to-pho", "question": "lay-y-kien-ho"}


def _contest(contest_id: int) -> Contest:
    contest = db.session.get(Contest, contest_id) or abort(404)
    require(tdp=contest.round.tdp)
    return contest


def _copies(default: int) -> int | None:
    raw = request.args.get("copies")
    if raw is None:
        return default
    return int(raw) if raw.isdigit() and 1 <= int(raw) <= MAX_COPIES else None


def _refused(message: str, back: str, status: int):
    return render_template("minutes/refused.html", message=message, back=back), status


@bp.route("/contest/<id:contest_id>/zero-report.pdf")
@permission("tdp.view")
def zero_report(contest_id: int):
    """Biên bản số 0 for the witnesses to sign before the first entry; later, the same paper marked with
    the time it was signed."""
    contest = _contest(contest_id)
    return send_bytes(documents.zero_report_pdf(contest), _zero_name(contest, "pdf"), PDF)


@bp.route("/contest/<id:contest_id>/zero-report.docx")
@permission("tdp.view")
def zero_report_docx(contest_id: int):
    """The same zero report as .docx (for Word)."""
    contest = _contest(contest_id)
    return send_bytes(documents.zero_report_docx(contest), _zero_name(contest, "docx"), DOCX)


def _zero_name(contest: Contest, extension: str) -> str:
    return f"bien-ban-kiem-tra-hom-phieu-to-{contest.round.tdp.number:02d}-{SLUG[contest.position.value]}.{extension}"


def _counting(contest_id: int, render, extension: str, mimetype: str):
    """The counting minutes of a locked result, rendered by `render(contest, copies)`; 409 while not final."""
    contest = _contest(contest_id)
    if contest.position is Position.QUESTION:  # a household question's paper is the household-ballot minutes
        return redirect(url_for(f"household.minutes_{'pdf' if extension == 'pdf' else 'docx'}",
                                round_id=contest.round_id))
    back = url_for("tally.contest", contest_id=contest.id)
    copies = _copies(3)
    if copies is None:
        return _refused(_("Số bản phải từ 1 đến %(n)s.", n=MAX_COPIES), back, 400)
    try:
        data = render(contest, copies)
    except MinutesError as error:
        db.session.rollback()
        return _refused(_("Kết quả kiểm phiếu chưa được chốt: biên bản kiểm phiếu chỉ in được từ kết quả đã chốt."),
                        back, error.status)
    name = f"bien-ban-kiem-phieu-to-{contest.round.tdp.number:02d}-{SLUG[contest.position.value]}.{extension}"
    return send_bytes(data, name, mimetype)


@bp.route("/contest/<id:contest_id>/counting.pdf")
@permission("tdp.view")
def counting(contest_id: int):
    """Biên bản kiểm phiếu from the locked result only, three copies unless `?copies=1..5`; 409 while the
    result is not final."""
    return _counting(contest_id, documents.counting_pdf, "pdf", PDF)


@bp.route("/contest/<id:contest_id>/counting.docx")
@permission("tdp.view")
def counting_docx(contest_id: int):
    """The same counting minutes as .docx (for Word), from the locked result only; 409 while not final."""
    return _counting(contest_id, documents.counting_docx, "docx", DOCX)


def _meeting(round_id: int, render, extension: str, mimetype: str):
    """The meeting minutes of a round, rendered by `render(round, copies)`; three copies unless `?copies=1..5`."""
    round_ = db.session.get(ElectionRound, round_id) or abort(404)
    require(tdp=round_.tdp)
    copies = _copies(3)
    if copies is None:
        return _refused(_("Số bản phải từ 1 đến %(n)s.", n=MAX_COPIES), url_for("wards.tdp", tdp_id=round_.tdp_id), 400)
    name = f"bien-ban-hoi-nghi-to-{round_.tdp.number:02d}-lan-{round_.number}.{extension}"
    return send_bytes(render(round_, copies), name, mimetype)


@bp.route("/round/<id:round_id>/meeting.pdf")
@permission("tdp.view")
def meeting(round_id: int):
    """Biên bản hội nghị of a round; three copies, each "Bản số k/3", unless `?copies=1..5`."""
    return _meeting(round_id, documents.meeting_pdf, "pdf", PDF)


@bp.route("/round/<id:round_id>/meeting.docx")
@permission("tdp.view")
def meeting_docx(round_id: int):
    """The same meeting minutes as .docx (for Word): one copy that says how many are made."""
    return _meeting(round_id, documents.meeting_docx, "docx", DOCX)


@bp.route("/check", methods=["GET", "POST"])
@permission("ward.view")
def check():
    """Đối chiếu biên bản: scan (a USB scanner types the code and Enter) or type the code under a paper's
    QR; says whether the paper is genuine and still matches the stored result."""
    form = CheckForm()
    result, checked = None, None
    if form.validate_on_submit():
        checked = form.payload.data.strip()
        result = scoped(verify_minutes_qr(checked), current_user)
        form.payload.data = ""  # ready for the next scan
    return render_template("minutes/check.html", form=form, result=result, checked=checked), \
        200 if request.method == "GET" or result is not None else 422
