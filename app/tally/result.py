"""The count as a whole: reconciliation (numbered errors and warnings, each with what to do) and the
result under the election's rule set, and the locked snapshot the minutes print from."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from fractions import Fraction

from app.attendance.services import electorate, present_count
from app.elections.models import Contest, Position
from app.household.services import count_basis
from app.printing.ledger import REMEDIES, ledger_for
from app.printing.services import printed_count
from app.rolls.queries import current_fingerprint
from app.rules import (
    QUESTION_NO,
    QUESTION_YES,
    BallotAccount,
    ContestCount,
    ContestResult,
    InvalidInput,
    RuleError,
    ThresholdBase,
    check_quorum,
    decide,
    decide_deputies,
    get_rule_set,
    question_contest_result,
    reconcile,
)
from app.tally.counts import CandidateLine, Difference, Totals, ballot_candidates, totals
from app.tally.models import ContestTally, TallyStatus, VotingMethod
from app.tally.state import tally_for

HIGH_INVALID_SHARE = Fraction(1, 10)


@dataclass(frozen=True)
class Problem:
    number: int
    code: str
    message: str
    remedy: str
    blocking: bool


@dataclass(frozen=True)
class CountView:
    contest: Contest
    tally: ContestTally
    candidates: list[CandidateLine]
    totals: Totals
    differences: list[Difference]
    electorate: int
    present: int
    problems: list[Problem]
    decision: ContestResult | None
    decision_note: str | None  #: why there is no decision yet

    @property
    def blocking(self) -> list[Problem]:
        return [p for p in self.problems if p.blocking]

    @property
    def open_differences(self) -> list[Difference]:
        return [d for d in self.differences if not d.resolved]


def _problems(contest: Contest, tally: ContestTally, t: Totals, diffs: list[Difference], elect: int,
              present: int, quorum: bool = True) -> list[tuple[str, str, str, bool]]:
    rule_set = get_rule_set(contest.round.election.rule_set_id)
    found: list[tuple[str, str, str, bool]] = []
    if t.returned == 0:
        found.append(("empty", "Chưa nhập phiếu nào.", "Nhập phiếu (quét mã QR) hoặc nhập theo xấp phiếu / kết quả giơ tay.", True))
    if tally.rehearsal:
        return found
    if quorum and elect and not check_quorum(elect, present, rule_set).reached:
        found.append(("quorum", f"Hội nghị chưa đủ quá nửa số cử tri: có mặt {present}/{elect}.",
                      "Kiểm tra lại điểm danh; nếu thật sự không đủ, hoãn hội nghị theo quy định.", True))
    open_diffs = [d for d in diffs if not d.resolved]
    if open_diffs:
        found.append(("differences", f"Còn {len(open_diffs)} chênh lệch giữa hai lượt nhập chưa được xử lý.",
                      "Trưởng ban kiểm phiếu xem từng chênh lệch và quyết định lượt nào đúng.", True))
    if t.returned > present:
        found.append(("returned_exceeds_present", f"Số phiếu đã kiểm ({t.returned}) nhiều hơn số cử tri có mặt ({present}).",
                      "Đối chiếu lại điểm danh và các phiếu đã nhập.", True))
    for votes in t.votes.values():
        if votes > t.valid:
            found.append(("votes_exceed_valid", f"Số phiếu bầu cho một người ({votes}) nhiều hơn số phiếu hợp lệ ({t.valid}).",
                          "Kiểm tra lại các xấp phiếu đã nhập tay.", True))
    if tally.method is VotingMethod.SECRET_BALLOT and t.returned:
        ledger = ledger_for(contest)
        account = BallotAccount(printed=printed_count(contest), issued=ledger.issued, unused=ledger.unused,
                                spoiled=ledger.spoiled, signed_in=present, returned=ledger.returned, valid=t.valid,
                                invalid=sum(t.invalid.values()))
        for warning in reconcile(account):
            found.append((warning.code, *_ledger_problem(warning.code, warning.message, account), True))
        if t.returned and Fraction(sum(t.invalid.values()), t.returned) > HIGH_INVALID_SHARE:
            found.append(("invalid_share", f"Tỷ lệ phiếu không hợp lệ cao ({sum(t.invalid.values())}/{t.returned}).",
                          "Xem lại cách đánh dấu tên và hướng dẫn cử tri; không bắt buộc xử lý.", False))
    return found


LEDGER_HERE = "sổ theo dõi phiếu (mục “Sổ theo dõi phiếu” trên trang này)"


def _ledger_problem(code: str, message: str, a: BallotAccount) -> tuple[str, str]:
    """The message and what to do for a broken ballot-account rule, naming the real fix (D8): most often
    the ledger is not filled in yet, not that entry is unfinished."""
    counted = a.valid + a.invalid
    if code == "reconcile.returned":
        if a.returned == 0:
            return (f"Chưa ghi số phiếu thu về từ hòm phiếu (đã kiểm {counted} phiếu).",
                    f"Ghi số phiếu thu về từ hòm phiếu vào {LEDGER_HERE}.")
        if counted < a.returned:
            return (message, f"Còn {a.returned - counted} phiếu thu về chưa nhập: nhập nốt. Nếu đã nhập hết, đếm lại "
                             f"phiếu thu về và sửa {LEDGER_HERE}.")
        return (message, f"Đã kiểm {counted} phiếu nhưng sổ ghi thu về {a.returned}: đếm lại phiếu trong hòm và sửa số "
                         f"thu về trong {LEDGER_HERE}; nếu có phiếu nhập nhầm, hoàn tác hoặc hủy phiếu đó.")
    if code == "reconcile.printed" and a.issued + a.unused + a.spoiled == 0:
        return message, f"Ghi số phiếu đã phát ra, chưa dùng và hỏng vào {LEDGER_HERE}."
    if code == "reconcile.returned_exceeds_issued" and a.issued == 0:
        return message, f"Ghi số phiếu đã phát ra vào {LEDGER_HERE}."
    remedy = REMEDIES.get(code, "")
    return message, f"{remedy} Sửa số liệu trong {LEDGER_HERE}." if remedy else f"Sửa số liệu trong {LEDGER_HERE}."


def count_view(contest: Contest) -> CountView:
    """Everything the count page, the live board and the minutes show, computed from the entries."""
    tally = tally_for(contest)
    t, diffs = totals(contest, tally)
    # A round decided by household ballots (issue 14) has no meeting quorum: the households that received a
    # ballot stand where those present stand.
    basis = count_basis(contest)
    elect, present = electorate(contest.round), present_count(contest.round) if basis is None else basis
    problems = [Problem(i, code, msg, remedy, blocking)
                for i, (code, msg, remedy, blocking) in enumerate(
                    _problems(contest, tally, t, diffs, elect, present, quorum=basis is None), 1)]
    candidates = ballot_candidates(contest, test=tally.rehearsal)
    decision, note = decide_for(contest, candidates, t, elect, present)
    return CountView(contest, tally, candidates, t, diffs, elect, present, problems, decision, note)


def _count(contest: Contest, candidates: list[CandidateLine], t: Totals, elect: int, present: int) -> ContestCount:
    votes = {str(c.person_id): t.votes.get(c.person_id, 0) for c in candidates}
    return ContestCount(seats=contest.seats, electorate=elect, present=present,
                        returned=t.returned, valid=t.valid, votes=votes)


def decide_for(contest: Contest, candidates: list[CandidateLine], t: Totals, elect: int,
               present: int) -> tuple[ContestResult | None, str | None]:
    """The result the totals give under the election's rule set, or None and why not yet."""
    election = contest.round.election
    rule_set = get_rule_set(election.rule_set_id)
    base = ThresholdBase(election.threshold_base.value) if election.threshold_base else None
    if elect == 0 or not candidates:
        return None, "Chưa có danh sách cử tri hoặc người ứng cử."
    try:
        if contest.position is Position.QUESTION:  # issue 14: more than half of ALL households keep "Đồng ý"
            return question_contest_result(elect, t.votes.get(QUESTION_YES, 0), t.votes.get(QUESTION_NO, 0),
                                           sum(t.invalid.values())), None
        count = _count(contest, candidates, t, elect, present)
        if contest.position is Position.DEPUTY:
            leader = next((c for c in contest.round.contests if c.position is Position.LEADER), None)
            if leader is None:
                return decide(count, rule_set, contest.round.vote_date, base=base), None
            leader_view = count_view(leader)
            if leader_view.decision is None:
                return None, "Chờ kết quả bầu tổ trưởng (kết quả tổ trưởng được xác định trước tổ phó)."
            return decide_deputies(leader_view.decision, count, rule_set, contest.round.vote_date, base=base), None
        return decide(count, rule_set, contest.round.vote_date, base=base), None
    except (InvalidInput, RuleError) as error:
        return None, error.message


def snapshot(view: CountView) -> dict:
    """The locked result: every figure the minutes state, and a digest over it."""
    d = view.decision
    names = {c.person_id: c.name for c in view.candidates}
    body = {
        "contest": view.contest.id, "tdp": view.contest.round.tdp_id, "round": view.contest.round.number,
        "position": view.contest.position.value, "seats": view.contest.seats,
        "vote_date": view.contest.round.vote_date.isoformat(),
        "roll_fingerprint": current_fingerprint(view.contest.round.tdp_id).hex,
        "electorate": view.electorate, "present": view.present, "method": view.tally.method.value,
        "returned": view.totals.returned, "valid": view.totals.valid,
        "invalid": {reason.value: n for reason, n in sorted(view.totals.invalid.items())},
        "sources": view.totals.sources,
        "votes": [{"person": c.person_id, "name": c.name, "votes": view.totals.votes.get(c.person_id, 0)}
                  for c in view.candidates],
        "threshold": d.threshold, "base": d.base, "base_kind": d.base_kind.value, "outcome": d.outcome.value,
        "elected": [{"person": int(p), "name": names[int(p)]} for p in d.elected],
        "tied": [int(p) for p in d.tied], "next_step": d.next_step.value,
        "rerun_deadline": d.rerun_deadline.isoformat() if d.rerun_deadline else None,
        # What else the counting minutes state, so a locked result prints the same text ever after.
        "ballots": _ballot_figures(view.contest), "place": view.tally.counting_place or view.contest.round.place,
        "board": {k: view.tally.board.get(k) for k in ("head", "secretary", "members", "witnesses")},
    }
    body["digest"] = result_digest(body)
    return body


def _ballot_figures(contest: Contest) -> dict[str, int]:
    ledger = ledger_for(contest)
    return {"printed": printed_count(contest), "issued": ledger.issued, "spoiled": ledger.spoiled,
            "unused": ledger.unused, "returned": ledger.returned}


def result_digest(body: dict) -> str:
    canonical = json.dumps({k: v for k, v in body.items() if k != "digest"}, sort_keys=True, ensure_ascii=False,
                           separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def is_final(contest: Contest) -> bool:
    return tally_for(contest).status is TallyStatus.FINAL
