"""Assemble the zero report, the counting minutes and the meeting minutes from the database.

The counting minutes read the locked snapshot and the (locked) entries only, never the live count;
the meeting minutes take each contest's result from its snapshot or say there is none yet."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

from sqlalchemy import select

from app.attendance.services import electorate, present_count
from app.auth.models import User
from app.candidates.models import Candidate, ConsultationOutcome
from app.candidates.publishing import ballot_order
from app.candidates.queries import team
from app.elections.models import Contest, ElectionRound, Position
from app.extensions import db
from app.minutes import services, wording
from app.minutes.counting_content import AnnexLine, CountingMinutes, counting_paper
from app.minutes.counting_pdf import render_counting
from app.minutes.digest import short_digest
from app.minutes.layout import vn_clock, vn_stamp
from app.minutes.meeting_content import WITHDRAWN, ContestPart, MeetingMinutes, Opinion, meeting_paper
from app.minutes.meeting_pdf import render_meeting
from app.minutes.zero_content import ZeroReport, zero_paper
from app.minutes.zero_pdf import render_zero_report
from app.papers.docx_render import render_docx
from app.papers.registry import PaperKind
from app.papers.settings import paper_settings
from app.printing.ledger import FIELDS, ledger_for
from app.printing.services import active_runs
from app.rolls.documents import issuer_lines, place_name
from app.rolls.fingerprint import Fingerprint
from app.rolls.queries import current_fingerprint
from app.rules import INVALID_REASON_LABELS, InvalidReason, check_method_approval, get_rule_set, threshold
from app.tally.counts import ballot_candidates, totals
from app.tally.models import BallotEntry, BundleEntry, BundleKind, ContestTally, Resolution, TallyStatus
from app.wards.history import tdp_name_on

TEAM_ROLES = {"head": "Tổ trưởng tổ bầu cử", "secretary": "Thư ký", "member": "Thành viên"}
CONSULTATION = {ConsultationOutcome.KEPT: "Giữ trong danh sách", ConsultationOutcome.WITHDRAWN: WITHDRAWN}


def _counting_issuer(contest: Contest) -> tuple[str, str]:
    tdp = contest.round.tdp
    return paper_settings(tdp.ward).authority.upper(), f"TỔ BẦU CỬ TDP SỐ {tdp.number}"


def _bases(round_: ElectionRound, kind: PaperKind) -> tuple[str, ...]:
    """The "Căn cứ" lines: the election's rule set's, then the ward's own."""
    rule_set = get_rule_set(round_.election.rule_set_id)
    return paper_settings(round_.tdp.ward).bases(kind, rule_set.id, rule_set.reference)


def _tally(contest: Contest) -> ContestTally | None:
    return db.session.scalar(select(ContestTally).where(ContestTally.contest_id == contest.id))


def _clock(moment: datetime | None) -> str | None:
    return vn_clock(moment) if moment else None


def _usernames(ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(db.session.execute(select(User.id, User.username).where(User.id.in_(wanted))).all())


def _counts_text(votes: dict[str, int], invalid: dict[str, int], names: dict[int, str]) -> str:
    parts = [f"{names.get(int(p), p)}: {n}" for p, n in votes.items()]
    parts += [f"không hợp lệ ({INVALID_REASON_LABELS[InvalidReason(r)].lower()}): {n}" for r, n in invalid.items() if n]
    return "; ".join(parts)


def annex_lines(contest: Contest, snapshot: dict) -> list[AnnexLine]:
    """The entry log as totals, in the order the work was done: one line per clerk and pass of scanned
    ballots (how many, from when to when, valid, invalid by reason, votes per candidate), one per hand-counted
    bundle or show of hands. No line names a serial: a paper that pairs a serial with the names kept lets
    whoever noted a serial learn a vote and lets a voter prove one (issue 10 §1, finding F5)."""
    names = {v["person"]: v["name"] for v in snapshot["votes"]}
    ballots = list(db.session.scalars(select(BallotEntry).where(BallotEntry.contest_id == contest.id,
                                                                BallotEntry.test.is_(False))))
    bundles = list(db.session.scalars(select(BundleEntry).where(BundleEntry.contest_id == contest.id)))
    clerks = _usernames({e.clerk_id for e in ballots} | {e.clerk_id for e in bundles})
    groups: dict[tuple[int | None, int], list[BallotEntry]] = {}
    for e in ballots:
        groups.setdefault((e.clerk_id, e.pass_no), []).append(e)
    rows: list[tuple[datetime, int, int, AnnexLine]] = []
    for (clerk_id, pass_no), entries in groups.items():
        first, last = min(e.entered_at for e in entries), max(e.entered_at for e in entries)
        votes = {str(p): 0 for p in names}
        invalid: dict[str, int] = {}
        for e in entries:
            if e.invalid_reason:
                invalid[e.invalid_reason] = invalid.get(e.invalid_reason, 0) + 1
            else:
                for p in e.kept:
                    votes[str(p)] = votes.get(str(p), 0) + 1
        valid = len(entries) - sum(invalid.values())
        when = vn_stamp(first) if first == last else f"{vn_stamp(first)} – {vn_stamp(last)}"
        rows.append((first, 0, pass_no, AnnexLine(when, clerks.get(clerk_id, "(không rõ)"), pass_no,
                                                  f"Quét {len(entries)} phiếu",
                                                  f"{valid} phiếu hợp lệ; {_counts_text(votes, invalid, names)}")))
    for e in bundles:
        hands = e.kind is BundleKind.SHOW_OF_HANDS
        item = f"Kết quả giơ tay, lần ghi số {e.bundle_no}" if hands else f"Tệp số {e.bundle_no} (đếm tay)"
        head = f"{e.ballots} người biểu quyết" if hands else f"{e.ballots} phiếu"
        rows.append((e.entered_at, 1, e.id, AnnexLine(vn_stamp(e.entered_at), clerks.get(e.clerk_id, "(không rõ)"),
                                                      e.pass_no, item,
                                                      f"{head}; {_counts_text(e.votes, e.invalid, names)}")))
    return [line for *_, line in sorted(rows, key=lambda r: r[:3])]


def _rulings(contest: Contest) -> list[str]:
    """The board head's rulings, numbered; a ballot is not named by its serial (see annex_lines)."""
    found = list(db.session.scalars(select(Resolution).where(Resolution.contest_id == contest.id)
                                    .order_by(Resolution.resolved_at, Resolution.id)))
    who = _usernames({r.resolved_by_id for r in found})
    out = []
    for number, r in enumerate(found, 1):
        kind, _, rest = r.item.partition(":")
        what = f"Chênh lệch số {number} (một phiếu quét)" if kind == "ballot" else f"Tệp {rest.replace(':', ' số ')}"
        out.append(f"{what}: lấy theo lượt {r.chosen_pass}. {r.note} ({who.get(r.resolved_by_id, '(không rõ)')}, "
                   f"{vn_stamp(r.resolved_at)})")
    return out


def _complete(snapshot: dict, tally: ContestTally, contest: Contest) -> dict:
    """A snapshot locked before it carried the board, place and ballot figures gets them from the locked
    count (which cannot change while it is final); never changes the stored dict."""
    extra = {"board": lambda: dict(tally.board or {}), "place": lambda: tally.counting_place or contest.round.place,
             "ballots": lambda: {f: getattr(ledger_for(contest), f) for f in FIELDS}}
    return {**{k: make() for k, make in extra.items() if k not in snapshot}, **snapshot}


def counting_doc(contest: Contest) -> CountingMinutes:
    """What the counting minutes say. Raises MinutesError (409) while the result is not locked."""
    stored = services.require_locked(contest)
    tally = _tally(contest)
    snapshot = _complete(stored, tally, contest)
    round_, tdp = contest.round, contest.round.tdp
    return CountingMinutes(
        snapshot=snapshot, issuer_lines=_counting_issuer(contest), place=place_name(tdp), tdp_name=tdp_name_on(tdp, round_.vote_date),
        ward_name=tdp.ward.name, term=round_.election.term_label, bases=_bases(round_, PaperKind.COUNTING_MINUTES),
        started=_clock(tally.zero_report_at), finished=_clock(tally.finalized_at),
        fingerprint_short=Fingerprint(snapshot["roll_fingerprint"], 0).short,
        result_code=services.grouped(short_digest(snapshot["digest"])), qr_text=services.counting_qr(contest, stored),
        annex=annex_lines(contest, snapshot), rulings=_rulings(contest))


def counting_pdf(contest: Contest, copies: int = 3) -> bytes:
    """The counting minutes, `copies` times. Raises MinutesError (409) while the result is not locked."""
    return render_counting(counting_doc(contest), copies)


def counting_docx(contest: Contest, copies: int = 3) -> bytes:
    """The same counting minutes as .docx, one copy saying it is made in `copies`. Raises MinutesError."""
    return render_docx(counting_paper(counting_doc(contest), copies))


def zero_doc(contest: Contest) -> ZeroReport:
    """What the zero report says: in setup, the live figures (every count zero); afterwards the same paper
    again, marked with the time it was signed, its counts those of that moment (zero)."""
    tally = _tally(contest) or ContestTally(board={}, status=TallyStatus.SETUP, counting_place="")
    round_, tdp = contest.round, contest.round.tdp
    candidates = ballot_candidates(contest)
    if tally.status is TallyStatus.SETUP:
        live, _ = totals(contest, SimpleNamespace(rehearsal=False, double_entry=bool(tally.double_entry)))
        counted, valid, invalid = live.returned, live.valid, sum(live.invalid.values())
        votes = [(c.name, live.votes.get(c.person_id, 0)) for c in candidates]
    else:
        counted = valid = invalid = 0
        votes = [(c.name, 0) for c in candidates]
    ledger = ledger_for(contest)
    fingerprint = current_fingerprint(tdp.id)
    return ZeroReport(
        issuer_lines=_counting_issuer(contest), place=place_name(tdp), day=round_.vote_date,
        office=wording.OFFICES[contest.position.value], tdp_name=tdp_name_on(tdp, round_.vote_date), ward_name=tdp.ward.name,
        term=round_.election.term_label, round_note=wording.round_note(round_.number),
        counting_place=tally.counting_place or round_.place,
        method=wording.METHODS[(tally.method.value if tally.method else "secret_ballot")],
        board=tally.board or {}, electorate=electorate(round_), present=present_count(round_),
        fingerprint_short=fingerprint.short, fingerprint_full=fingerprint.hex,
        runs=[(run.id, run.quantity) for run in active_runs(contest, test=False)],
        ledger={f: getattr(ledger, f) for f in FIELDS}, counted=counted, valid=valid, invalid=invalid, votes=votes,
        signed_at=_clock(tally.zero_report_at) if tally.status is not TallyStatus.SETUP else None)


def zero_report_pdf(contest: Contest) -> bytes:
    """The zero report as PDF (see zero_doc)."""
    return render_zero_report(zero_doc(contest))


def zero_report_docx(contest: Contest) -> bytes:
    """The same zero report as .docx, for Word."""
    return render_docx(zero_paper(zero_doc(contest)))


def _decision(c: Candidate) -> str:
    """What the meeting minutes say became of a person: whoever left the list, by the meeting's decision or
    by withdrawing later, is "Đã rút (lý do)", never "kept" (D10)."""
    if c.withdrawn_at is not None:
        reason = (c.withdrawn_reason or "").strip().rstrip(".")
        return f"{WITHDRAWN} ({reason})" if reason else WITHDRAWN
    return CONSULTATION.get(c.outcome, "Chưa ghi nhận")


def _opinions(contest: Contest) -> list[Opinion]:
    rows = [c for c in db.session.scalars(select(Candidate).where(Candidate.contest_id == contest.id))
            if c.outcome is not None or c.votes_for is not None]
    return [Opinion(f"{c.person.honorific} {c.person.full_name}", c.votes_for, c.votes_against,
                    c.consultation_comments or "", _decision(c))
            for c in ballot_order(rows)]


def _part(contest: Contest, result: dict | None, present: int, rule_set) -> ContestPart:
    tally = _tally(contest)
    method = result["method"] if result else (tally.method.value if tally and tally.method else "secret_ballot")
    approvals = None
    if rule_set.method_needs_approval and tally is not None and tally.method_approvals is not None:
        needed = check_method_approval(present, min(tally.method_approvals, present), rule_set).needed
        approvals = (f"Số người tán thành hình thức này: {tally.method_approvals}/{present} người có mặt (cần ít nhất "
                     f"{needed} theo {rule_set.title}).")
    return ContestPart(contest.position.value, contest.seats, method, approvals, _opinions(contest), result)


def _ends(contests: list[Contest], results: dict[int, dict | None]) -> str | None:
    """The meeting ends with its last count locked: that moment once every contest is final, else None
    (the paper leaves a line for the pen)."""
    if not contests or any(results[c.id] is None for c in contests):
        return None
    moments = [t.finalized_at for t in (_tally(c) for c in contests) if t is not None and t.finalized_at]
    return _clock(max(moments)) if len(moments) == len(contests) else None


def meeting_doc(round_: ElectionRound) -> MeetingMinutes:
    """What the meeting minutes of a round say; contests not yet final are shown as having no result."""
    tdp, election = round_.tdp, round_.election
    rule_set = get_rule_set(election.rule_set_id)
    contests = sorted(round_.contests, key=lambda c: (c.position is not Position.LEADER, c.id))
    results = {c.id: services.locked_result(c) for c in contests}
    locked = next((r for r in results.values() if r), None)
    elect = locked["electorate"] if locked else electorate(round_)
    present = locked["present"] if locked else present_count(round_)
    needed = threshold(elect, rule_set.quorum_share) if elect > 0 else 1
    members = team(round_)
    names = {m.role.value: f"{m.person.honorific} {m.person.full_name}" for m in members}
    fingerprint = locked["roll_fingerprint"] if locked else current_fingerprint(tdp.id).hex
    return MeetingMinutes(
        issuer_lines=issuer_lines(tdp, round_.vote_date), place=place_name(tdp), day=round_.vote_date, round_number=round_.number,
        tdp_name=tdp_name_on(tdp, round_.vote_date), ward_name=tdp.ward.name, term=election.term_label, bases=_bases(round_, PaperKind.MEETING_MINUTES),
        starts=f"{round_.starts_at.hour:02d} giờ {round_.starts_at.minute:02d}" if round_.starts_at else None,
        meeting_place=round_.place, electorate=elect, present=present, quorum_needed=needed,
        quorum_reached=elect > 0 and present >= needed,
        team=[(f"{m.person.honorific} {m.person.full_name}", TEAM_ROLES[m.role.value]) for m in members],
        chair=names.get("head"), secretary=names.get("secretary"),
        parts=[_part(c, results[c.id], present, rule_set) for c in contests],
        fingerprint_short=Fingerprint(fingerprint, 0).short,
        result_code=services.grouped(short_digest(services.round_digest(round_))), qr_text=services.meeting_qr(round_),
        ends=_ends(contests, results))


def meeting_pdf(round_: ElectionRound, copies: int = 3) -> bytes:
    """The meeting minutes of a round, `copies` times (see meeting_doc)."""
    return render_meeting(meeting_doc(round_), copies)


def meeting_docx(round_: ElectionRound, copies: int = 3) -> bytes:
    """The same meeting minutes as .docx, one copy saying it is made in `copies`."""
    return render_docx(meeting_paper(meeting_doc(round_), copies))
