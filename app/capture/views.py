"""The camera page of a contest's count and its framing probe."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from app.auth.permissions import permission, require
from app.capture import queries, services
from app.elections.models import Contest, ElectionRound
from app.extensions import db
from app.tally.state import tally_for

bp = Blueprint("capture", __name__, url_prefix="/count", template_folder="templates")


def _contest(contest_id: int) -> Contest:
    options = [joinedload(Contest.round).joinedload(ElectionRound.tdp)]
    contest = db.session.get(Contest, contest_id, options=options) or abort(404)
    require(tdp=contest.round.tdp)
    return contest


@bp.route("/contest/<id:contest_id>/camera")
@permission("count.images.upload")
def camera(contest_id: int):
    """Chụp ảnh phiếu: the live camera with a framing guide; a photo is taken when all four corner marks are
    in view (or on the "Chụp" button) and sent to the reader. Says so when the reader is not installed."""
    contest = _contest(contest_id)
    return render_template("capture/camera.html", contest=contest, tally=tally_for(contest),
                           reader=services.reader_installed(),
                           # the reader's image upload (POST, multipart `files`; JSON with Accept: application/json)
                           upload_url=url_for("reader.images", contest_id=contest.id),
                           probe_url=url_for("capture.probe", contest_id=contest.id),
                           outcome_url=url_for("capture.outcome", contest_id=contest.id, batch_id=0))


@bp.route("/contest/<id:contest_id>/camera/probe", methods=["POST"])
@permission("count.images.upload")
def probe(contest_id: int):
    """One downscaled frame (multipart `frame`): which corner marks it shows. Keeps nothing."""
    _contest(contest_id)
    if not services.reader_installed():
        return jsonify(ok=False, reader=False, code="no_reader",
                       message=_("Máy chủ chưa cài gói đọc phiếu: chưa đọc được ảnh phiếu.")), 503
    upload = request.files.get("frame")
    try:
        found = services.probe(upload.read() if upload else b"")
    except services.CaptureError as error:
        return jsonify(ok=False, reader=True, code="bad_frame", field=error.field, message=error.message), 422
    return jsonify(ok=True, reader=True, found=list(found.found), ready=found.ready,
                   centres={str(m): c for m, c in found.centres.items()}, width=found.width, height=found.height)


@bp.route("/contest/<id:contest_id>/camera/batches/<id:batch_id>.json")
@permission("count.images.view")
def outcome(contest_id: int, batch_id: int):
    """What became of the photos of one upload: read and counted, waiting for a person and why, or take it
    again and why (the camera page polls it after each photo)."""
    contest = _contest(contest_id)
    batch = queries.batch_of(contest.id, batch_id) or abort(404)
    return jsonify(queries.batch_outcome(batch))
