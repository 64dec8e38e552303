"""The sign-in desk: a keyboard-first page and its JSON endpoints, plus the attendance export."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template, request
from flask_login import current_user

from app.attendance import services
from app.attendance.export import attendance_xlsx
from app.auth.permissions import can, permission, require
from app.core.downloads import send_bytes
from app.core.inputs import json_id
from app.elections.models import ElectionRound
from app.extensions import db
from app.rules import format_date

bp = Blueprint("attendance", __name__, url_prefix="/rounds", template_folder="templates")


def _round(round_id: int) -> ElectionRound:
    round_ = db.session.get(ElectionRound, round_id) or abort(404)
    require(tdp=round_.tdp)
    return round_


def _summary(round_: ElectionRound) -> dict:
    if services.electorate(round_) == 0:  # no roll yet (a new ward's TDP): no quorum to compute, not an error
        return {"present": 0, "electorate": 0, "needed": 1, "missing": 1, "reached": False, "no_roll": True}
    q = services.quorum(round_)
    return {"present": q.present, "electorate": q.electorate, "needed": q.needed, "missing": q.missing,
            "reached": q.reached}


@bp.route("/<id:round_id>/signin")
@permission("tdp.view")
def signin_page(round_id: int):
    """The sign-in desk for one round: type a code or a name, or scan an invitation; see the quorum."""
    round_ = _round(round_id)
    locked = services.is_locked(round_)
    return render_template("attendance/signin.html", round=round_, summary=_summary(round_),
                           recent=services.attendance_list(round_, latest_first=True, limit=12),
                           writable=can(current_user, "attendance.signin", round_.tdp_id) and not locked,
                           locked=locked, clock=services.clock)


@bp.route("/<id:round_id>/signin", methods=["POST"])
@permission("attendance.signin")
def signin(round_id: int):
    """JSON in: {"entry": text} or {"household_id": id}. JSON out: what happened and the new counts.
    One household is present at most once; the response says so in Vietnamese when it already is."""
    round_ = _round(round_id)
    payload = request.get_json(silent=True) or {}
    try:
        if payload.get("household_id") is not None:
            household = services.household_in_round(round_, _int(payload["household_id"]))
            method = services.SignInMethod.NAME
        else:
            found = services.lookup(round_, str(payload.get("entry", ""))[:200])
            if found.household is None:
                return jsonify(status="choose", message="Chọn một hộ trong danh sách (↑ ↓ rồi Enter).",
                               matches=[m.__dict__ for m in found.matches], summary=_summary(round_))
            household, method = found.household, found.method
        services.sign_in(current_user, round_, household, method)
    except services.SignInError as error:
        db.session.rollback()
        return jsonify(status="error", code=error.code, message=error.message, summary=_summary(round_)), 422
    db.session.commit()
    person = household.representative
    return jsonify(status="ok", message=f"Đã điểm danh: hộ {household.code} – {person.honorific} {person.full_name}.",
                   household={"id": household.id, "code": household.code, "name": person.full_name},
                   summary=_summary(round_))


@bp.route("/<id:round_id>/signin/undo", methods=["POST"])
@permission("attendance.signin")
def undo(round_id: int):
    """JSON in: {"household_id": id, "reason": text}. Withdraws a sign-in; the reason is required."""
    round_ = _round(round_id)
    payload = request.get_json(silent=True) or {}
    try:
        household = services.household_in_round(round_, _int(payload.get("household_id")))
        services.undo_sign_in(current_user, round_, household, str(payload.get("reason", ""))[:255])
    except services.SignInError as error:
        db.session.rollback()
        return jsonify(status="error", code=error.code, message=error.message, summary=_summary(round_)), 422
    db.session.commit()
    return jsonify(status="ok", message=f"Đã hủy điểm danh hộ {household.code}.", summary=_summary(round_))


@bp.route("/<id:round_id>/attendance.json")
@permission("tdp.view")
def attendance_json(round_id: int):
    """The counts and the latest sign-ins, polled by every desk so several clerks stay in step."""
    round_ = _round(round_id)
    recent = services.attendance_list(round_, latest_first=True, limit=12)
    return jsonify(summary=_summary(round_), recent=[
        {"household_id": r.household_id, "code": r.code, "name": r.name,
         "time": services.clock(r.signed_in_at)} for r in recent], locked=services.is_locked(round_))


@bp.route("/<id:round_id>/attendance.xlsx")
@permission("tdp.view")
def attendance_export(round_id: int):
    """The attendance list as a spreadsheet, in sign-in order."""
    round_ = _round(round_id)
    data = attendance_xlsx(round_, services.attendance_list(round_), services.quorum(round_))
    name = f"diem-danh-to-{round_.tdp.number}-{format_date(round_.vote_date).replace('/', '-')}.xlsx"
    return send_bytes(data, name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _int(value) -> int:
    try:
        return json_id(value)
    except (TypeError, ValueError):
        raise services.SignInError("bad_request", "Yêu cầu không hợp lệ: thiếu mã hộ.") from None

