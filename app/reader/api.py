"""The scanning station's API: post ballot images, read a batch's progress, list and resolve review items.

POST /api/v1/contests/<id>/images, GET /api/v1/contests/<id>/images/batches/<batch_id>,
GET and POST /api/v1/contests/<id>/review."""

from __future__ import annotations

from flask import abort, current_app, g, request, url_for
from flask_login import current_user
from marshmallow import Schema, fields, validate

from app.api.common import api_blueprint, api_transaction, document_errors
from app.api.common import contest_first as _contest_first
from app.api.common import scoped_contest as _contest
from app.auth.permissions import permission
from app.extensions import db
from app.reader import batches, queries, services
from app.reader import review as review_service
from app.reader.errors import ReaderError
from app.reader.models import CountBatch

blp = api_blueprint("reader_api", __name__, "Ballot images: upload, reading progress, review of unclear names")

_MULTIPART = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["files"],
    "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"},
                             "description": "Images (JPEG, PNG, ...), multi-page PDF or TIFF"},
                   "pile": {"type": "integer", "description": "Add these papers to the pile (stack) of an earlier "
                            "upload of this contest; omitted: the upload is a new pile with its own stack number"}}}}}}}


class BatchOut(Schema):
    batch = fields.Int(required=True)
    images = fields.Int(required=True, metadata={"description": "New ballot pages stored (duplicates skipped)"})
    stack = fields.Int(required=True, metadata={"description": "Xấp K: keep these papers banded as one pile "
                       "labelled K; the comparison audit finds a paper in pile K by its printed serial"})
    progress_url = fields.Str(required=True)


class VoidedOut(Schema):
    image = fields.Str(required=True)
    message = fields.Str(allow_none=True, metadata={"description": "Who voided it and why"})
    after = fields.Str(required=True, metadata={"description": "Since the void: none (not entered again), hand "
                       "(keyed by a clerk) or reader (entered from another image)"})


class ProgressOut(Schema):
    batch = fields.Int(required=True)
    stack = fields.Int(allow_none=True, metadata={"description": "The batch's pile (stack number)"})
    status = fields.Str(required=True, metadata={"description": "queued, running, done or failed"})
    done = fields.Int(required=True)
    total = fields.Int(required=True)
    message = fields.Str(allow_none=True)
    images = fields.Dict(keys=fields.Str(), values=fields.Int(), required=True,
                         metadata={"description": "Images per status: entered, review, retake, no_code, voided, ..."})
    voided = fields.List(fields.Nested(VoidedOut), required=True,
                         metadata={"description": "Images whose entry the board's head voided, and what happened since"})


class ItemOut(Schema):
    image = fields.Str(required=True)
    item = fields.Str(required=True, metadata={"description": "A name's index on the ballot, or `outside`"})
    name = fields.Str(required=True)
    reason = fields.Str(required=True)
    coverage = fields.Float(required=True)
    crop_url = fields.Str(required=True)


class ReviewQuery(Schema):
    reason = fields.Str(load_default=None, validate=validate.OneOf(list(review_service.REASON_LABELS)))


class DecisionIn(Schema):
    image = fields.Str(required=True, validate=validate.Length(min=1, max=40))
    item = fields.Str(required=True, validate=validate.Length(min=1, max=10))
    decision = fields.Str(required=True, validate=validate.OneOf(sorted({*review_service.NAME_DECISIONS,
                                                                           *review_service.OUTSIDE_DECISIONS})))


class DecisionOut(Schema):
    image = fields.Str(required=True)
    status = fields.Str(required=True, metadata={"description": "review (items left), entered or refused"})
    message = fields.Str(allow_none=True)
    open = fields.List(fields.Str(), required=True)


@blp.route("/contests/<id:contest_id>/images", methods=["POST"])
@permission("count.images.upload")
@blp.doc(**_MULTIPART)
@blp.response(202, BatchOut)
@document_errors(blp, 400, 401, 403, 404, 409, 413, 422, 503)
def post_images(contest_id: int):
    """Upload ballot images (multipart field `files`), read in the background; 409 when every image was
    uploaded before, 422 with a reason code when the count does not take images, 503 without the reader."""
    contest = _contest(contest_id)
    with api_transaction(ReaderError):
        batch = services.ingest(current_user, contest, request.files.getlist("files"), request.form.get("pile"))
        answer = {"batch": batch.id, "images": batch.total, "stack": batch.stack_no}
    batches.start(current_app._get_current_object(), batch)
    answer["progress_url"] = url_for("reader_api.get_batch", contest_id=contest.id, batch_id=answer["batch"])
    return answer


@blp.route("/contests/<id:contest_id>/images/batches/<id:batch_id>")
@permission("count.images.view")
@blp.response(200, ProgressOut)
@document_errors(blp, 401, 403, 404)
def get_batch(contest_id: int, batch_id: int):
    """A batch's reading progress and how many of its images ended in each state."""
    contest = _contest(contest_id)
    batch = db.session.get(CountBatch, batch_id)
    if batch is None or batch.contest_id != contest.id:
        abort(404)
    return queries.batch_json(batch)


@blp.route("/contests/<id:contest_id>/review")
@permission("count.images.view")
@_contest_first
@blp.arguments(ReviewQuery, location="query")
@blp.response(200, ItemOut(many=True))
@document_errors(blp, 401, 403, 404, 422)
def get_review(args, contest_id: int):
    """The names (and ink outside the names) waiting for a person, the most covered first."""
    contest = g.contest
    return [{"image": i.image_id, "item": i.key, "name": i.name, "reason": i.reason, "coverage": i.coverage,
             "crop_url": url_for("reader.image", contest_id=contest.id, image_id=i.image_id,
                                 **({"part": "names"} if i.key == review_service.OUTSIDE else {"name": i.key}))}
            for i in review_service.items(contest, args["reason"])]


@blp.route("/contests/<id:contest_id>/review", methods=["POST"])
@permission("count.images.review")
@_contest_first
@blp.arguments(DecisionIn)
@blp.response(200, DecisionOut)
@document_errors(blp, 400, 401, 403, 404, 409, 422)
@api_transaction(ReaderError)
def post_review(body, contest_id: int):
    """Decide one review item: a name `struck`, `untouched` or `invalid` (writing added), the ink outside the
    names `ok` or `invalid`. When nothing of the ballot is left open it becomes its pass-1 entry."""
    image = review_service.decide(current_user, g.contest, body["image"], body["item"], body["decision"])
    return {"image": image.id, "status": image.status.value, "message": image.message,
            "open": review_service.open_keys(image) if image.status.value == "review" else []}
