"""The count driven by a scanning station through /api/v1/contests/<id>/… (issue 13): open it, sign the zero
report, list and resolve double-entry differences, keep the ledger, read the reconciliation, lock. Routes join
the tally API's blueprint.

Each route performs the same action as the web route it mirrors and calls the same service, so the API adds no
rule of its own: shapes are checked here, policy in app.tally.state / services / board_setup / printing.ledger."""

from __future__ import annotations

from flask import g
from flask_login import current_user
from marshmallow import Schema, fields, validate

from app.api.common import api_transaction, document_errors, refusal_errors
from app.auth.permissions import permission
from app.elections.models import Contest
from app.extensions import db
from app.printing import ledger as ballot_ledger
from app.tally import entry, services, state
from app.tally.api import _contest, _contest_first, blp
from app.tally.board_setup import approvals_label, board_choices
from app.tally.errors import TallyError
from app.tally.models import TallyStatus, VotingMethod
from app.tally.result import count_view


class BoardIn(Schema):
    head = fields.Str(required=True, validate=validate.Length(min=1, max=120, error="Hãy ghi tên Trưởng ban kiểm phiếu."))
    secretary = fields.Str(load_default="", validate=validate.Length(max=120))
    members = fields.List(fields.Str(validate=validate.Length(max=120)), load_default=list,
                          validate=validate.Length(max=10))
    witnesses = fields.List(fields.Str(validate=validate.Length(min=1, max=120)), required=True,
                            validate=validate.Length(equal=2, error="Cần đúng hai người chứng kiến."),
                            metadata={"description": "The two household witnesses (not standing in this round)"})


class CountIn(Schema):
    method = fields.Str(required=True, validate=validate.OneOf([m.value for m in VotingMethod]))
    approvals = fields.Int(load_default=None, allow_none=True, validate=validate.Range(0, 100_000),
                           metadata={"description": "Those present who approved the method (required under nd-59-2023)"})
    double_entry = fields.Bool(load_default=False)
    board = fields.Nested(BoardIn, required=True)
    place = fields.Str(load_default="", validate=validate.Length(max=255), metadata={"description": "Counting place"})


class BoardOut(Schema):
    head = fields.Str(allow_none=True)
    secretary = fields.Str(allow_none=True)
    members = fields.List(fields.Str())
    witnesses = fields.List(fields.Str())


class CountOut(Schema):
    contest_id = fields.Int(required=True)
    status = fields.Str(required=True, metadata={"description": "setup, counting or final"})
    method = fields.Str(required=True)
    approvals = fields.Int(allow_none=True)
    double_entry = fields.Bool(required=True)
    rehearsal = fields.Bool(required=True)
    board = fields.Nested(BoardOut, required=True)
    place = fields.Str(required=True)
    zero_report_at = fields.DateTime(allow_none=True)
    finalized_at = fields.DateTime(allow_none=True)


class DifferenceOut(Schema):
    item = fields.Str(required=True, metadata={"description": "`ballot:<serial>` or `bundle:<kind>:<no>`"})
    first = fields.Str(required=True, metadata={"description": "What pass 1 says"})
    second = fields.Str(required=True, metadata={"description": "What pass 2 says"})
    resolved = fields.Bool(required=True)


class DifferencesOut(Schema):
    double_entry = fields.Bool(required=True)
    open = fields.Int(required=True, metadata={"description": "Differences the board head has not ruled on"})
    differences = fields.List(fields.Nested(DifferenceOut), required=True)


class ResolveIn(Schema):
    item = fields.Str(required=True, validate=validate.Length(min=1, max=60))
    chosen_pass = fields.Int(required=True, strict=True, validate=validate.OneOf([1, 2]))
    note = fields.Str(required=True, validate=validate.Length(min=1, max=500))


class ProblemOut(Schema):
    number = fields.Int(required=True)
    code = fields.Str(required=True)
    message = fields.Str(required=True)
    remedy = fields.Str(required=True)
    blocking = fields.Bool(required=True)


class LedgerIn(Schema):
    issued = fields.Int(strict=True, validate=validate.Range(0, 100_000), metadata={"description": "Handed out"})
    spoiled = fields.Int(strict=True, validate=validate.Range(0, 100_000))
    returned = fields.Int(strict=True, validate=validate.Range(0, 100_000), metadata={"description": "In the box"})
    unused = fields.Int(strict=True, validate=validate.Range(0, 100_000))
    destroyed = fields.Int(strict=True, validate=validate.Range(0, 100_000))


class ReconciliationOut(Schema):
    contest_id = fields.Int(required=True)
    status = fields.Str(required=True)
    printed = fields.Int(required=True)
    issued = fields.Int(required=True, metadata={"description": "Ballots handed out (ledger)"})
    spoiled = fields.Int(required=True)
    unused = fields.Int(required=True)
    destroyed = fields.Int(required=True)
    in_box = fields.Int(required=True, metadata={"description": "Ballots taken out of the box (ledger)"})
    signed_in = fields.Int(required=True, metadata={"description": "Household representatives present"})
    entered = fields.Int(required=True, metadata={"description": "Ballots counted from the entries"})
    valid = fields.Int(required=True)
    invalid = fields.Int(required=True)
    open_differences = fields.Int(required=True)
    problems = fields.List(fields.Nested(ProblemOut), required=True)
    can_lock = fields.Bool(required=True, metadata={"description": "No blocking problem and a result to lock"})


class LockOut(Schema):
    contest_id = fields.Int(required=True)
    status = fields.Str(required=True)
    outcome = fields.Str(required=True)
    elected = fields.List(fields.Int(), required=True, metadata={"description": "Person ids elected"})
    digest = fields.Str(required=True, metadata={"description": "SHA-256 over the locked result"})


def _ledger_errors(error: TallyError | ballot_ledger.LedgerError) -> dict:
    """A ledger refusal names the count that is wrong; a count refusal its reason code."""
    if isinstance(error, ballot_ledger.LedgerError):
        return {"reason": "ledger", "field": error.field}
    return refusal_errors(error)


def _count_out(contest: Contest) -> dict:
    tally = state.tally_for(contest)
    board = tally.board or {}
    return {"contest_id": contest.id, "status": tally.status.value, "method": tally.method.value,
            "approvals": tally.method_approvals, "double_entry": tally.double_entry, "rehearsal": tally.rehearsal,
            "board": {"head": board.get("head"), "secretary": board.get("secretary"),
                      "members": board.get("members", []), "witnesses": board.get("witnesses", [])},
            "place": tally.counting_place or "", "zero_report_at": tally.zero_report_at,
            "finalized_at": tally.finalized_at}


@blp.route("/contests/<id:contest_id>/count")
@permission("tdp.view")
@blp.response(200, CountOut)
@document_errors(blp, 401, 403, 404)
def get_count(contest_id: int):
    """The count's set-up and state: method, board, witnesses, place, zero report, lock."""
    return _count_out(_contest(contest_id))


class ChoicesOut(Schema):
    head = fields.Str(allow_none=True, metadata={"description": "The election team's head, if entered"})
    secretary = fields.Str(allow_none=True)
    members = fields.List(fields.Str(), required=True)
    team_names = fields.List(fields.Str(), required=True, metadata={"description": "Everyone on the team, head first"})
    witness_names = fields.List(fields.Str(), required=True,
                                metadata={"description": "Representatives who may witness: not standing, not on the team"})
    approvals_label = fields.Str(required=True, metadata={"description": "Whether the election's rule set requires "
                                                                        "the approvals, in its own words"})


@blp.route("/contests/<id:contest_id>/count/choices")
@permission("tally.setup")
@blp.response(200, ChoicesOut)
@document_errors(blp, 401, 403, 404)
def get_count_choices(contest_id: int):
    """Whom the set-up page offers (D37): the board from the election team already entered, the witnesses from
    the TDP's representatives who neither stand nor sit on the team; a station picks from these."""
    contest = _contest(contest_id)
    choices = board_choices(contest)
    return {"head": choices.head, "secretary": choices.secretary, "members": choices.members,
            "team_names": choices.team_names, "witness_names": choices.witness_names,
            "approvals_label": approvals_label(contest)}


@blp.route("/contests/<id:contest_id>/count", methods=["PUT"])
@permission("tally.setup")
@_contest_first
@blp.arguments(CountIn)
@blp.response(200, CountOut)
@document_errors(blp, 400, 401, 403, 404, 413, 422)
@api_transaction(TallyError)
def put_count(body, contest_id: int):
    """Open the count as the set-up page does: the method the meeting chose (with its approvals), the counting
    board, the two witnesses, double entry and the place. 422 with a reason code for what the rules refuse."""
    state.configure(current_user, g.contest, method=VotingMethod(body["method"]), approvals=body["approvals"],
                    double_entry=body["double_entry"], place=body["place"], board=body["board"])
    return _count_out(g.contest)


@blp.route("/contests/<id:contest_id>/count/zero-report", methods=["POST"])
@permission("tally.setup")
@blp.response(200, CountOut)
@document_errors(blp, 401, 403, 404, 422)
@api_transaction(TallyError)
def post_zero_report(contest_id: int):
    """The witnesses signed the zero report (biên bản kiểm tra hòm phiếu): entry opens."""
    contest = _contest(contest_id)
    state.sign_zero_report(current_user, contest)
    return _count_out(contest)


@blp.route("/contests/<id:contest_id>/differences")
@permission("tally.entries")
@blp.response(200, DifferencesOut)
@document_errors(blp, 401, 403, 404)
def get_differences(contest_id: int):
    """Where the two entry passes disagree, each with what either pass says; the read is audited (it shows a
    ballot's serial with its marks), as on the count page."""
    contest = _contest(contest_id)
    view = count_view(contest)
    answer = {"double_entry": view.tally.double_entry, "open": len(view.open_differences),
              "differences": [{"item": d.item, "first": d.first, "second": d.second, "resolved": d.resolved}
                              for d in view.differences]}
    if view.differences:
        entry.record_entries_read(current_user, contest, "differences", len(view.differences))
        db.session.commit()
    return answer


@blp.route("/contests/<id:contest_id>/differences/resolve", methods=["POST"])
@permission("tally.resolve")
@_contest_first
@blp.arguments(ResolveIn)
@blp.response(200, DifferenceOut)
@document_errors(blp, 400, 401, 403, 404, 413, 422)
@api_transaction(TallyError)
def post_resolve(body, contest_id: int):
    """The board head rules which pass is right for one difference, with a note."""
    services.resolve(current_user, g.contest, body["item"], body["chosen_pass"], body["note"])
    ruled = next(d for d in count_view(g.contest).differences if d.item == body["item"])
    return {"item": ruled.item, "first": ruled.first, "second": ruled.second, "resolved": ruled.resolved}


def _reconciliation(contest: Contest) -> dict:
    view = count_view(contest)
    ledger = ballot_ledger.view(contest)
    book = ledger.ledger
    return {"contest_id": contest.id, "status": view.tally.status.value, "printed": ledger.printed,
            "issued": book.issued, "spoiled": book.spoiled, "unused": book.unused, "destroyed": book.destroyed,
            "in_box": book.returned, "signed_in": ledger.signed_in, "entered": view.totals.returned,
            "valid": view.totals.valid, "invalid": sum(view.totals.invalid.values()),
            "open_differences": len(view.open_differences),
            "problems": [{"number": p.number, "code": p.code, "message": p.message, "remedy": p.remedy,
                          "blocking": p.blocking} for p in view.problems],
            "can_lock": view.tally.status is TallyStatus.COUNTING and not view.blocking and view.decision is not None}


@blp.route("/contests/<id:contest_id>/reconciliation")
@permission("tdp.view")
@blp.response(200, ReconciliationOut)
@document_errors(blp, 401, 403, 404)
def get_reconciliation(contest_id: int):
    """Đối chiếu: the ballot ledger (printed, handed out, spoiled, unused, in the box) against the entries,
    with every problem the count page lists, what to do about it, and whether it blocks the lock."""
    return _reconciliation(_contest(contest_id))


@blp.route("/contests/<id:contest_id>/ledger", methods=["PUT"])
@permission("printing.ledger")
@_contest_first
@blp.arguments(LedgerIn)
@blp.response(200, ReconciliationOut)
@document_errors(blp, 400, 401, 403, 404, 413, 422)
@api_transaction(TallyError, ballot_ledger.LedgerError, errors=_ledger_errors)
def put_ledger(body, contest_id: int):
    """The election team's ballot ledger (sổ theo dõi phiếu), as on the count page; fields left out keep their
    value. Answers the reconciliation. Refused once the result is locked."""
    if state.tally_for(g.contest).status is TallyStatus.FINAL:
        raise TallyError("locked", "Kết quả đã chốt; sổ theo dõi phiếu không sửa được nữa.")
    ballot_ledger.update_ledger(current_user, g.contest, body)
    return _reconciliation(g.contest)


@blp.route("/contests/<id:contest_id>/lock", methods=["POST"])
@permission("tally.lock")
@blp.response(200, LockOut)
@document_errors(blp, 401, 403, 404, 422)
@api_transaction(TallyError)
def post_lock(contest_id: int):
    """Chốt kết quả: only the head of the TDP's counting board, with no blocking problem and no open difference
    (422 naming them otherwise)."""
    contest = _contest(contest_id)
    result = services.finalize(current_user, contest)
    return {"contest_id": contest.id, "status": TallyStatus.FINAL.value, "outcome": result["outcome"],
            "elected": [e["person"] for e in result["elected"]], "digest": result["digest"]}
