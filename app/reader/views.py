"""The scanning station's pages: upload ballot images, watch them read, see what needs a person."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from app.auth.permissions import can, permission, require
from app.core.limits import upload_limit
from app.elections.models import Contest, ElectionRound
from app.extensions import db
from app.reader import batches, queries, services
from app.reader import review as review_service
from app.reader.crops import crop_png
from app.reader.errors import ReaderError
from app.reader.models import CountBatch, CountImage

bp = Blueprint("reader", __name__, url_prefix="/count", template_folder="templates")


def _contest(contest_id: int) -> Contest:
    contest = db.session.get(Contest, contest_id, options=[joinedload(Contest.round).joinedload(ElectionRound.tdp)])
    if contest is None:
        abort(404)
    require(tdp=contest.round.tdp)
    return contest


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json" or request.is_json


@bp.route("/contest/<id:contest_id>/images", methods=["GET", "POST"])
@permission("count.images.view", POST="count.images.upload")
def images(contest_id: int):
    """GET: the scanning page (upload, progress, images that need a hand). POST: upload images (multipart
    field `files`: images, multi-page PDF or TIFF), read in the background. JSON with
    `Accept: application/json`: 202 {"batch", "images", "stack", "progress_url"}, or {"code", "error", "message"}.
    Optional field `pile`: add the papers to the pile of an earlier upload (the camera page sends its pile)."""
    contest = _contest(contest_id)
    if request.method == "GET":
        return render_template("reader/images.html", contest=contest, installed=services.reader_installed(),
                               summary=queries.summary(contest), labels=queries.STATUS_LABELS, batches=queries.recent_batches(contest),
                               by_hand=queries.needs_hand(contest), voided=queries.voided_images(contest),
                               after_void=queries.AFTER_VOID,
                               can_upload=can(current_user, "count.images.upload", contest.round.tdp_id),
                               can_review=can(current_user, "count.images.review", contest.round.tdp_id),
                               can_enter=can(current_user, "tally.enter", contest.round.tdp_id),
                               upload_bytes=upload_limit("reader.images") - 256 * 1024)
    try:
        batch = services.ingest(current_user, contest, request.files.getlist("files"), request.form.get("pile"))
    except ReaderError as error:
        db.session.rollback()
        if _wants_json():
            return jsonify(code=error.status, error=error.code, message=error.message), error.status
        flash(error.message, "error")
        return redirect(url_for("reader.images", contest_id=contest.id))
    db.session.commit()
    batches.start(current_app._get_current_object(), batch)
    progress = url_for("reader.batch_status", contest_id=contest.id, batch_id=batch.id)
    if _wants_json():
        return jsonify(batch=batch.id, images=batch.total, stack=batch.stack_no, progress_url=progress), 202
    flash(_("Đã nhận %(n)s ảnh phiếu; máy đang đọc. Giữ tập giấy này thành một xấp, ghi số xấp %(k)s.",
            n=batch.total, k=batch.stack_no), "success")
    return redirect(url_for("reader.images", contest_id=contest.id))


@bp.route("/contest/<id:contest_id>/images/batches/<id:batch_id>.json")
@permission("count.images.view")
def batch_status(contest_id: int, batch_id: int):
    """A batch's progress: status, done/total, and how many images ended in each state."""
    contest = _contest(contest_id)
    batch = db.session.get(CountBatch, batch_id)
    if batch is None or batch.contest_id != contest.id:
        abort(404)
    return jsonify(queries.batch_json(batch))


@bp.route("/contest/<id:contest_id>/images/<image_id>.png")
@permission("count.images.view")
def image(contest_id: int, image_id: str):
    """One ballot image, or a crop of it: `?name=<index>` a name's row, `?part=names` the names' frame
    (registered on the printed page). 404 once purged."""
    contest = _contest(contest_id)
    row = db.session.get(CountImage, image_id)
    if row is None or row.contest_id != contest.id or row.data is None:
        abort(404)
    name = request.args.get("name", type=int)
    part = "names" if request.args.get("part") == "names" else None
    if name is None and part is None:
        return Response(row.data, mimetype=row.media_type, headers={"Cache-Control": "private, max-age=3600"})
    png = crop_png(contest, row, name=name)
    if png is None:
        abort(404)
    return Response(png, mimetype="image/png", headers={"Cache-Control": "private, max-age=3600"})


@bp.route("/contest/<id:contest_id>/review", methods=["GET", "POST"])
@permission("count.images.view", POST="count.images.review")
def review(contest_id: int):
    """GET: the grid of unclear names (crops, most covered first, `?reason=` filters by reason code), decided
    by keyboard. POST (JSON {"image", "item", "decision"}): one decision; answers the image's status."""
    contest = _contest(contest_id)
    if request.method == "GET":
        reason = request.args.get("reason") or None
        return render_template("reader/review.html", contest=contest, reason=reason,
                               items=review_service.items(contest, reason), labels=review_service.REASON_LABELS,
                               can_review=can(current_user, "count.images.review", contest.round.tdp_id),
                               can_enter=can(current_user, "tally.enter", contest.round.tdp_id),
                               upload_bytes=upload_limit("reader.images") - 256 * 1024)
    body = request.get_json(silent=True) or {}
    try:
        image = review_service.decide(current_user, contest, str(body.get("image", ""))[:40],
                                      str(body.get("item", ""))[:10], str(body.get("decision", ""))[:10])
    except ReaderError as error:
        db.session.rollback()
        return jsonify(code=error.status, error=error.code, message=error.message), error.status
    answer = {"image": image.id, "status": image.status.value, "message": image.message,
              "open": review_service.open_keys(image) if image.status.value == "review" else []}
    db.session.commit()
    return jsonify(answer)


@bp.app_template_global()
def ballot_image_url(contest_id: int, serial: str) -> str | None:
    """For the count page's differences: the URL of the names' crop of the ballot with `serial`, when the
    reader read it and its image is still kept (and the user may see ballot images)."""
    from sqlalchemy import select

    contest = db.session.get(Contest, contest_id)
    if contest is None or not can(current_user, "count.images.view", contest.round.tdp_id):
        return None
    image_id = db.session.scalar(select(CountImage.id).where(CountImage.contest_id == contest_id,
                                                             CountImage.serial == serial,
                                                             CountImage.data.is_not(None)).limit(1))
    if image_id is None:
        return None
    return url_for("reader.image", contest_id=contest_id, image_id=image_id, part="names")
