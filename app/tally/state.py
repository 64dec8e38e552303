"""The count's setup and lifecycle: method, board, zero report, lock and unlock."""

from __future__ import annotations

from sqlalchemy import bindparam, select

from app.attendance.services import present_count
from app.audit.services import record
from app.candidates.queries import candidate_names
from app.core.db import utcnow
from app.elections.models import Contest
from app.extensions import db
from app.household.services import count_basis
from app.results.models import Recognition
from app.rules import (
    InvalidInput,
    MethodApproval,
    RuleError,
    check_method_approval,
    check_stack_size,
    format_date,
    get_rule_set,
    normalize_name,
)
from app.tally.errors import TallyError
from app.tally.models import BallotEntry, BundleEntry, ContestTally, TallyStatus, VotingMethod

_TALLY_OF_CONTEST = select(ContestTally).where(ContestTally.contest_id == bindparam("contest_id"))


def tally_for(contest: Contest) -> ContestTally:
    tally = db.session.scalar(_TALLY_OF_CONTEST, {"contest_id": contest.id})
    if tally is None:
        tally = ContestTally(contest_id=contest.id, board={}, status=TallyStatus.SETUP,
                             method=VotingMethod.SECRET_BALLOT, double_entry=False)
        db.session.add(tally)
        db.session.flush()
    return tally


def _has_entries(contest: Contest) -> bool:
    return any(db.session.scalar(select(model.id).where(model.contest_id == contest.id).limit(1)) is not None
               for model in (BallotEntry, BundleEntry))


def configure(actor, contest: Contest, *, method: VotingMethod, approvals: int | None, double_entry: bool,
              board: dict, place: str, stack_size: int | None = None) -> ContestTally:
    """Set the voting method the meeting chose (with its approval under nd-59-2023), the counting board
    and its two witnesses, double entry, and how many papers a stack holds (None: unchanged). Refused once
    entries exist or the result is locked; the stack size once the first paper is laid."""
    tally = tally_for(contest)
    if tally.status is TallyStatus.FINAL:
        raise TallyError("locked", "Kết quả đã chốt; không sửa được.")
    if _has_entries(contest) and (method is not tally.method or double_entry != tally.double_entry):
        raise TallyError("has_entries", "Đã có phiếu được nhập: không đổi được hình thức biểu quyết hay cách nhập.")
    if stack_size is not None and stack_size != tally.stack_size:
        try:
            check_stack_size(stack_size)
        except InvalidInput as error:
            raise TallyError("stack_size", error.message) from None
        if tally.papers_laid:
            raise TallyError("stack_size_laid", f"Đã đặt {tally.papers_laid} phiếu vào các xấp {tally.stack_size} phiếu: "
                             "không đổi được số phiếu mỗi xấp nữa, vì vị trí của các phiếu đã đặt (dùng cho kiểm tra "
                             "đối chiếu) sẽ không còn đúng.")
    rule_set = get_rule_set(contest.round.election.rule_set_id)
    present = present_count(contest.round)
    household = count_basis(contest) is not None  # issue 14: no meeting voted on the method
    if household and method is not VotingMethod.SECRET_BALLOT:
        raise TallyError("household_ballot", "Đợt lấy ý kiến hộ gia đình bằng phiếu chỉ kiểm phiếu, không có biểu "
                         "quyết giơ tay.")
    try:
        approval = (MethodApproval(required=False, approved=True, needed=0) if household
                    else check_method_approval(present, approvals or 0, rule_set))
    except RuleError as error:  # e.g. more approvals than people present
        raise TallyError("approvals_invalid", error.message) from None
    if approval.required and approvals is None:
        raise TallyError("approvals_required", f"Theo {rule_set.title}, hình thức biểu quyết phải được quá nửa số người "
                         f"có mặt tán thành: hãy nhập số người tán thành (cần ít nhất {approval.needed}).")
    if approval.required and not approval.approved:
        raise TallyError("approvals_short", f"Hình thức biểu quyết chưa được quá nửa số người có mặt tán thành "
                         f"({approvals}/{present}; cần {approval.needed}).")
    witnesses = [normalize_name(w) for w in board.get("witnesses", []) if w and w.strip()]
    _check_witnesses(contest, witnesses)
    members = [m.strip() for m in board.get("members", []) if m and m.strip()]
    before = {"method": tally.method.value, "double_entry": tally.double_entry, "board": tally.board,
              "stack_size": tally.stack_size}
    tally.method, tally.method_approvals, tally.double_entry = method, approvals, double_entry
    tally.stack_size = tally.stack_size if stack_size is None else stack_size
    tally.board = {"head": (board.get("head") or "").strip(), "secretary": (board.get("secretary") or "").strip(),
                   "members": members, "witnesses": witnesses}
    tally.counting_place = place.strip()
    db.session.flush()
    record(actor, "tally.configure", "contest", contest.id, tdp_id=contest.round.tdp_id, before=before,
           after={"method": method.value, "approvals": approvals, "double_entry": double_entry, "board": tally.board,
                  "stack_size": tally.stack_size})
    return tally


def _check_witnesses(contest: Contest, witnesses: list[str]) -> None:
    """Two different people, neither of them standing in this round (DOMAIN: non-candidate witnesses)."""
    if len(witnesses) == 2 and witnesses[0].casefold() == witnesses[1].casefold():
        raise TallyError("witnesses_same", "Hai người chứng kiến phải là hai người khác nhau.")
    standing = {name.casefold() for name in candidate_names(contest.round_id)}
    clash = [w for w in witnesses if w.casefold() in standing]
    if clash:
        raise TallyError("witness_candidate", f"{clash[0]} đang ứng cử trong lần bầu này nên không được làm người "
                         "chứng kiến kiểm phiếu.")


def sign_zero_report(actor, contest: Contest) -> ContestTally:
    """Record that the zero report was shown and signed by the witnesses: entry opens. Needs the board
    head and two witnesses named."""
    tally = tally_for(contest)
    if tally.status is not TallyStatus.SETUP:
        raise TallyError("already_open", "Biên bản kiểm tra hòm phiếu đã được ký; việc nhập phiếu đã mở.")
    if tally.rehearsal:
        raise TallyError("rehearsal", "Hãy kết thúc tập dượt trước khi lập biên bản kiểm tra hòm phiếu.")
    if not tally.board.get("head") or len(tally.board.get("witnesses", [])) < 2:
        raise TallyError("board_incomplete", "Hãy ghi tên Trưởng ban kiểm phiếu và hai người chứng kiến trước khi "
                         "lập biên bản kiểm tra hòm phiếu.")
    tally.status, tally.zero_report_at, tally.zero_report_by_id = TallyStatus.COUNTING, utcnow(), getattr(actor, "id", None)
    db.session.flush()
    record(actor, "tally.zero_report", "contest", contest.id, tdp_id=contest.round.tdp_id, after={"status": "counting"})
    return tally


def lock(actor, contest: Contest, result: dict) -> ContestTally:
    """Chốt kết quả: store the result snapshot and lock every input of the count."""
    tally = tally_for(contest)
    if tally.status is not TallyStatus.COUNTING:
        raise TallyError("not_counting", "Chỉ chốt được khi đang kiểm phiếu.")
    tally.status, tally.finalized_at, tally.finalized_by_id = TallyStatus.FINAL, utcnow(), getattr(actor, "id", None)
    tally.result = result
    db.session.flush()
    record(actor, "tally.finalize", "contest", contest.id, tdp_id=contest.round.tdp_id, after=result)
    return tally


_OFFICE = {"leader": "tổ trưởng", "deputy": "tổ phó"}


def recognition_of(contest: Contest) -> Recognition | None:
    """The ward's recognition decision that rests on this contest's round, if one is recorded."""
    return db.session.scalar(select(Recognition).where(Recognition.round_id == contest.round_id,
                                                       Recognition.tdp_id == contest.round.tdp_id))


def decision_label(recognition: Recognition) -> str:
    """"Quyết định số 125/QĐ-UBND ngày 26/10/2017" (or without a number when none was recorded)."""
    number = f" số {recognition.decision_number}/QĐ-UBND" if recognition.decision_number else ""
    return f"Quyết định{number} ngày {format_date(recognition.recognised_on)}"


def unlock(actor, contest: Contest, reason: str, confirm: str = "") -> ContestTally:
    """Mở khóa (ward admins only, checked by the view): back to counting, with the reason recorded.
    When a recognition decision rests on the result, `confirm` must repeat its number (or, without a
    number, its date dd/mm/yyyy), and the decision is flagged "cần xem lại"."""
    tally = tally_for(contest)
    if tally.status is not TallyStatus.FINAL:
        raise TallyError("not_final", "Kết quả chưa chốt.")
    if not reason.strip():
        raise TallyError("reason_required", "Hãy ghi lý do mở khóa.")
    recognition = recognition_of(contest)
    if recognition is not None:
        expected = recognition.decision_number or format_date(recognition.recognised_on)
        given = confirm.strip().split("/QĐ")[0].strip()
        if given.casefold() != expected.casefold():
            raise TallyError("recognised", f"Kết quả này đã được công nhận bằng {decision_label(recognition)}. "
                             f"Muốn mở khóa, hãy gõ “{expected}” vào ô xác nhận; quyết định sẽ được đánh dấu "
                             "“cần xem lại”.")
        recognition.review_note = (f"Cần xem lại: kết quả bầu {_OFFICE.get(contest.position.value, '')} đã mở khóa ngày "
                                   f"{format_date(utcnow().date())}: {reason.strip()}")[:255]
    before = tally.result
    tally.status, tally.result, tally.finalized_at = TallyStatus.COUNTING, None, None
    db.session.flush()
    record(actor, "tally.unlock", "contest", contest.id, tdp_id=contest.round.tdp_id, before=before,
           after={"reason": reason.strip()} | ({"recognition": recognition.id, "decision": decision_label(recognition)}
                                              if recognition is not None else {}))
    return tally


def set_rehearsal(actor, contest: Contest, on: bool) -> ContestTally:
    """Start or end a rehearsal with test ballots; only before the zero report. Entries made during the
    rehearsal stay apart and never reach the live count."""
    tally = tally_for(contest)
    if tally.status is not TallyStatus.SETUP:
        raise TallyError("not_setup", "Chỉ tập dượt được trước khi lập biên bản kiểm tra hòm phiếu.")
    tally.rehearsal = on
    db.session.flush()
    record(actor, "tally.rehearsal", "contest", contest.id, tdp_id=contest.round.tdp_id, after={"rehearsal": on})
    return tally
