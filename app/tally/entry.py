"""Entering the count: one scanned ballot at a time, or a bundle counted by hand, or a show of hands."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Sequence

from sqlalchemy import bindparam, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from app.audit.services import record
from app.core.db import utcnow
from app.elections.models import Contest
from app.extensions import db
from app.printing.verify import VerifyReason, verify
from app.rules import BallotMarks, InvalidInput, InvalidReason, check_ballot, place_of
from app.tally import typed as typed_code
from app.tally.errors import TallyError
from app.tally.models import BallotEntry, BundleEntry, BundleKind, ContestTally, TallyStatus, VotingMethod
from app.tally.queries import serial_counted_in
from app.tally.state import tally_for

#: Reasons the clerk may give; too many kept and all struck are decided from the marks themselves.
CLERK_REASONS = {InvalidReason.NOT_OFFICIAL, InvalidReason.NO_STAMP, InvalidReason.ADDED_WRITING}


def _require_counting(tally: ContestTally) -> None:
    if tally.rehearsal and tally.status is TallyStatus.SETUP:
        return
    if tally.status is TallyStatus.SETUP:
        raise TallyError("zero_report_missing", "Chưa lập biên bản kiểm tra hòm phiếu: hãy in và ký biên bản đó trước khi nhập phiếu.")
    if tally.status is TallyStatus.FINAL:
        raise TallyError("locked", "Kết quả đã được chốt; mọi số liệu đã khóa. Chỉ Ban chỉ đạo phường mở khóa được.")


def _pass(tally: ContestTally, pass_no: int) -> int:
    if pass_no not in (1, 2) or (pass_no == 2 and not tally.double_entry):
        raise TallyError("bad_pass", "Lượt nhập không hợp lệ (lượt 2 chỉ có khi bật nhập hai lần độc lập).")
    return pass_no


def _genuine(contest: Contest, text: str, tally: ContestTally):
    """The ballot a scanned QR text or a typed short code names, if it is genuine and belongs to this
    contest and to this count (live or rehearsal). Returns (verification, typed)."""
    check = verify(text)
    typed = False
    if not check.genuine and check.reason is VerifyReason.MALFORMED and typed_code.looks_typed(text):
        check, typed = typed_code.lookup(contest, text), True
    if not check.genuine:
        raise TallyError(check.reason.value.lower(), check.message)
    if check.contest_id != contest.id:
        raise TallyError("wrong_contest", "Phiếu của tổ khác hoặc của cuộc bầu khác (tổ trưởng/tổ phó, hoặc lần bầu khác).")
    if check.test and not tally.rehearsal:
        raise TallyError("test_ballot", "Phiếu thử (BẢN THỬ) không được kiểm trong cuộc bầu thật.")
    if tally.rehearsal and not check.test:
        raise TallyError("live_ballot", "Đang tập dượt: chỉ nhập phiếu thử; phiếu thật để dành cho buổi bầu.")
    return check, typed


def identify(contest: Contest, text: str, tally: ContestTally) -> str:
    """The serial of the ballot a re-scan or a typed code names (for voiding an entry); raises TallyError."""
    return _genuine(contest, text, tally)[0].serial


def _accept(contest: Contest, text: str, pass_no: int, tally: ContestTally | None = None):
    """The checks every ballot passes before its marks matter; returns (tally, verification, typed).
    `tally`: the contest's count when the caller has loaded it already."""
    tally = tally if tally is not None and tally.contest_id == contest.id else tally_for(contest)
    _require_counting(tally)
    if tally.method is not VotingMethod.SECRET_BALLOT:
        raise TallyError("method", "Hội nghị đã chọn biểu quyết giơ tay: hãy nhập kết quả giơ tay, không quét phiếu.")
    _pass(tally, pass_no)
    check, typed = _genuine(contest, text, tally)
    return tally, check, typed


def precheck(contest: Contest, text: str, pass_no: int = 1) -> tuple[str, bool]:
    """What the entry page asks right after a scan: would this ballot be accepted? Returns its serial and
    whether it was a typed code (which then needs a reason); raises TallyError exactly as enter_ballot
    would, including for a serial already counted."""
    tally, check, typed = _accept(contest, text, pass_no)
    if serial_counted_in(contest.id, check.serial, pass_no, test=tally.rehearsal):
        raise TallyError("already_counted", "Phiếu này đã được nhập rồi (trùng mã phiếu).", status=409)
    return check.serial, typed


def enter_ballot(actor, contest: Contest, text: str, *, kept: Sequence[int] = (), invalid_reason: str | None = None,
                 pass_no: int = 1, typed_reason: str | None = None, tally: ContestTally | None = None,
                 pile: int | None = None) -> BallotEntry:
    """Record one scanned ballot. Refuses (TallyError with a code): a forged or altered QR, another
    TDP's or contest's ballot, a test ballot in the live count, a void run's serial, a serial already
    counted in this pass. Over-marked and all-struck ballots are recorded invalid automatically.
    A typed short code (the QR would not scan) needs `typed_reason`, which the audit keeps.
    Flushes; the caller commits. The entry names no voter. `tally`: the contest's count, if already loaded.
    `pile`: the stack (open_pile) the paper lies in when it is not laid in entry order (a scanned upload's
    pile): the pass-1 entry records that stack and no position; the paper is found there by its serial."""
    tally, check, typed = _accept(contest, text, pass_no, tally)
    run = check.run
    typed_reason = (typed_reason or "").strip()[:255]
    if typed and not typed_reason:
        raise TallyError("typed_reason_required", "Phiếu nhập bằng mã gõ tay: hãy ghi lý do không quét được mã QR "
                         "(ví dụ: mã bị nhòe, rách).")
    candidates = [str(c["person"]) for c in run.definition["candidates"]]
    marks = _marks(kept, invalid_reason, candidates)
    try:
        verdict = check_ballot(marks, candidates, run.definition["seats"], contest.round.election.single_strike)
    except InvalidInput as error:
        raise TallyError("unknown_candidate", error.message) from None
    entry = BallotEntry(contest_id=contest.id, test=tally.rehearsal, pass_no=pass_no, serial=check.serial,
                        kept=[int(c) for c in candidates if c in verdict.kept],
                        invalid_reason=verdict.reason.value if verdict.reason else None,
                        clerk_id=getattr(actor, "id", None), entered_at=utcnow())
    # Everything the audit record needs that does not depend on the database is computed before the first
    # write: on SQLite the first write takes the one writer's lock, which every other clerk waits for (issue 15).
    digest = entry_digest(check.key, entry)
    laying = pass_no == 1 and not entry.test and pile is None
    if laying:
        entry.stack_no, entry.stack_pos = lay_paper(tally)
    elif pass_no == 1 and not entry.test:
        entry.stack_no = pile
    entry.id = _insert_once(entry)
    if entry.id is None:
        if laying:
            take_back_paper(tally)
        raise TallyError("already_counted", "Phiếu này đã được nhập rồi (trùng mã phiếu).", status=409)
    # The audit log never pairs a serial with marks (issue 10 §1): it keeps a keyed digest of the entry,
    # which the board can check against the entry row, and which nobody without the server key can test
    # guesses of a known serial's marks against.
    record(actor, "tally.ballot", "contest", contest.id, tdp_id=contest.round.tdp_id,
           after={"entry": entry.id, "pass": pass_no, "test": entry.test, "digest": digest}
           | ({"typed": typed_reason} if typed else {}))
    return entry


_TALLIES = ContestTally.__table__
# Core statements on the table (not the ORM-enabled update(ContestTally), whose bulk-update path cost a tenth
# of a ballot's request, issue 15), built once.
_BUMP_LAID = (update(_TALLIES).where(_TALLIES.c.id == bindparam("tally_id"))
              .values(papers_laid=_TALLIES.c.papers_laid + 1).returning(_TALLIES.c.papers_laid, _TALLIES.c.stack_size))
_UNBUMP_LAID = (update(_TALLIES).where(_TALLIES.c.id == bindparam("tally_id"))
                .values(papers_laid=_TALLIES.c.papers_laid - 1))


def lay_paper(tally: ContestTally) -> tuple[int, int]:
    """Lay the paper about to be entered on the current stack: bump the contest's counter (the row update
    also serialises two clerks of one contest) and return its (stack, position), which the entry's INSERT
    then carries (one statement fewer than placing it afterwards). A paper refused after this is taken back
    (take_back_paper), so a refused ballot never leaves a gap."""
    laid, size = db.session.execute(_BUMP_LAID, {"tally_id": tally.id}).one()
    set_committed_value(tally, "papers_laid", laid)
    place = place_of(laid, size)
    return place.stack, place.position


_OPEN_PILE = (update(_TALLIES).where(_TALLIES.c.id == bindparam("tally_id"))
              .values(papers_laid=((_TALLIES.c.papers_laid + _TALLIES.c.stack_size - 1) // _TALLIES.c.stack_size + 1)
                      * _TALLIES.c.stack_size)
              .returning(_TALLIES.c.papers_laid, _TALLIES.c.stack_size))


def open_pile(tally: ContestTally) -> int:
    """Take the next stack number for a pile laid apart (a scanned upload): the stack being laid by hand, if
    started, is closed, and the next one is skipped over as if full, so hand-laid papers go on with the stack
    after it and no paper laid by hand ever gets the pile's number. One atomic update, as lay_paper."""
    laid, size = db.session.execute(_OPEN_PILE, {"tally_id": tally.id}).one()
    set_committed_value(tally, "papers_laid", laid)
    return laid // size


def take_back_paper(tally: ContestTally) -> None:
    """Undo lay_paper for a ballot the database refused (a serial already counted)."""
    db.session.execute(_UNBUMP_LAID, {"tally_id": tally.id})
    set_committed_value(tally, "papers_laid", tally.papers_laid - 1)


def record_entries_read(actor, contest: Contest, what: str, count: int) -> None:
    """Audit that `actor` was shown per-ballot contents (serial and marks) of the contest. Flushes."""
    record(actor, "tally.entries_read", "contest", contest.id, tdp_id=contest.round.tdp_id,
           after={"what": what, "count": count})


def entry_digest(key: bytes, entry: BallotEntry) -> str:
    """HMAC-SHA256 (under the election's ballot key) of what the entry says, for the audit log."""
    body = json.dumps({"contest": entry.contest_id, "test": entry.test, "pass": entry.pass_no, "serial": entry.serial,
                       "kept": sorted(entry.kept), "invalid": entry.invalid_reason}, sort_keys=True, separators=(",", ":"))
    return hmac.new(key, b"tally.ballot\0" + body.encode(), hashlib.sha256).hexdigest()[:32]


#: INSERT ... ON CONFLICT DO NOTHING RETURNING id, spelt the same on SQLite (3.35+) and PostgreSQL, and built
#: once. The dialects' `insert().on_conflict_do_nothing()` has no cache key, so SQLAlchemy compiled it again
#: on every ballot (11% of a request, issue 15); a text statement with the columns' own types is cached.
_ENTRY_COLUMNS = ("contest_id", "test", "pass_no", "serial", "kept", "invalid_reason", "clerk_id", "entered_at",
                  "stack_no", "stack_pos")
_INSERT_ENTRY = text(
    "INSERT INTO ballot_entries (" + ", ".join(_ENTRY_COLUMNS) + ") "
    "VALUES (" + ", ".join(":" + c for c in _ENTRY_COLUMNS) + ") "
    "ON CONFLICT DO NOTHING RETURNING id"
).bindparams(*(bindparam(c.name, type_=c.type) for c in BallotEntry.__table__.columns
                                    if c.name in _ENTRY_COLUMNS))


def _insert_once(entry: BallotEntry) -> int | None:
    """INSERT ... ON CONFLICT DO NOTHING RETURNING id: the database's unique constraint decides, in one
    statement, which of two clerks entering the same serial at the same instant counts it; None for
    the other. (One round trip instead of a savepoint, an insert and a release on every ballot.)"""
    return db.session.scalar(_INSERT_ENTRY, {column: getattr(entry, column) for column in _ENTRY_COLUMNS})


def _marks(kept: Sequence[int], invalid_reason: str | None, candidates: list[str]) -> BallotMarks:
    reason = None
    if invalid_reason:
        try:
            reason = InvalidReason(invalid_reason)
        except ValueError:
            raise TallyError("bad_reason", f"Không có lý do phiếu không hợp lệ “{invalid_reason}”.") from None
        if reason not in CLERK_REASONS:
            raise TallyError("bad_reason", "Phiếu gạch hết tên hoặc để quá số người được bầu được xác định tự động "
                             "từ các tên giữ lại; hãy chỉ đánh dấu tên.")
    try:
        kept_ids = {str(int(k)) for k in kept}
    except (TypeError, ValueError, OverflowError):
        raise TallyError("unknown_candidate", "Danh sách tên giữ lại không hợp lệ.") from None
    strangers = kept_ids - set(candidates)
    if strangers:
        raise TallyError("unknown_candidate", "Tên giữ lại không có trên phiếu của cuộc bầu này.")
    return BallotMarks(kept=frozenset(kept_ids), official_form=reason is not InvalidReason.NOT_OFFICIAL,
                       stamped=reason is not InvalidReason.NO_STAMP, added_writing=reason is InvalidReason.ADDED_WRITING)


def enter_bundle(actor, contest: Contest, candidates: Sequence[int], *, kind: BundleKind, bundle_no: int, ballots: int,
                 votes: dict[int, int], invalid: dict[str, int], pass_no: int = 1) -> BundleEntry:
    """Record a bundle counted by hand (xấp phiếu) or the result of a show of hands, checked against its
    control total: valid + invalid = ballots, and nobody has more votes than valid ballots × seats.
    Raises TallyError; a bundle number is entered once per pass. Flushes."""
    tally = tally_for(contest)
    _require_counting(tally)
    if tally.rehearsal:
        raise TallyError("rehearsal", "Khi tập dượt chỉ nhập phiếu thử bằng cách quét mã QR.")
    pass_no = _pass(tally, pass_no)
    expected = BundleKind.SHOW_OF_HANDS if tally.method is VotingMethod.SHOW_OF_HANDS else BundleKind.BUNDLE
    if kind is not expected:
        raise TallyError("method", "Cách nhập không khớp với hình thức biểu quyết hội nghị đã chọn.")
    if ballots < 0 or any(v < 0 for v in votes.values()) or any(v < 0 for v in invalid.values()):
        raise TallyError("negative", "Các con số phải là số nguyên không âm.")
    if set(map(int, votes)) - set(candidates):
        raise TallyError("unknown_candidate", "Có người không thuộc danh sách ứng cử.")
    for code in invalid:
        if code not in {r.value for r in InvalidReason}:
            raise TallyError("bad_reason", f"Không có lý do phiếu không hợp lệ “{code}”.")
    if kind is BundleKind.SHOW_OF_HANDS and invalid:
        raise TallyError("bad_reason", "Biểu quyết giơ tay không có phiếu không hợp lệ.")
    valid = ballots - sum(invalid.values())
    if valid < 0:
        raise TallyError("control_total", f"Tổng kiểm tra sai: số phiếu không hợp lệ ({sum(invalid.values())}) "
                         f"nhiều hơn số phiếu của xấp ({ballots}).")
    seats = contest.seats
    if kind is BundleKind.BUNDLE and sum(votes.values()) < valid:
        raise TallyError("control_total", f"Tổng kiểm tra sai: {valid} phiếu hợp lệ nhưng chỉ có {sum(votes.values())} "
                         "phiếu bầu cho các người ứng cử; mỗi phiếu hợp lệ giữ lại ít nhất một tên. Hãy đếm lại xấp phiếu.")
    over = [c for c, v in votes.items() if v > valid]
    if over or sum(votes.values()) > valid * seats:
        raise TallyError("control_total", f"Tổng kiểm tra sai: số phiếu bầu cho một người không thể vượt số phiếu "
                         f"hợp lệ của xấp ({valid}).")
    entry = BundleEntry(contest_id=contest.id, pass_no=pass_no, kind=kind, bundle_no=bundle_no, ballots=ballots,
                        votes={str(int(c)): int(v) for c, v in votes.items()}, invalid=dict(invalid),
                        clerk_id=getattr(actor, "id", None))
    try:
        with db.session.begin_nested():
            db.session.add(entry)
    except IntegrityError:
        raise TallyError("duplicate_bundle", f"Tệp số {bundle_no} đã được nhập ở lượt này.", status=409) from None
    record(actor, "tally.bundle", "contest", contest.id, tdp_id=contest.round.tdp_id,
           after={"kind": kind.value, "bundle": bundle_no, "pass": pass_no, "ballots": ballots,
                  "votes": entry.votes, "invalid": entry.invalid})
    return entry


def delete_bundle(actor, contest: Contest, bundle_id: int, reason: str) -> None:
    """Remove a bundle entered wrongly so it can be entered again; only while counting, with a reason."""
    tally = tally_for(contest)
    _require_counting(tally)
    bundle = db.session.get(BundleEntry, bundle_id)
    if bundle is None or bundle.contest_id != contest.id:
        raise TallyError("not_found", "Không có xấp phiếu này.", status=404)
    if not reason.strip():
        raise TallyError("reason_required", "Hãy ghi lý do xóa xấp phiếu.")
    before = {"bundle": bundle.bundle_no, "pass": bundle.pass_no, "ballots": bundle.ballots, "votes": bundle.votes,
              "invalid": bundle.invalid}
    db.session.delete(bundle)
    db.session.flush()
    record(actor, "tally.bundle_delete", "contest", contest.id, tdp_id=contest.round.tdp_id, before=before,
           after={"reason": reason.strip()})
