"""The comparison audit's steps: publish N, m, k and α; draw from the witnesses' seed; compare each drawn
paper with its record; escalate to a full hand recount and record it. Every step is logged in the audit
chain by place and outcome only, never a serial beside marks. Functions flush; the caller commits."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from sqlalchemy import select

from app.audit.services import record
from app.comparison.models import AuditDraw, AuditStatus, ComparisonAudit
from app.core.db import utcnow
from app.elections.models import Contest, ElectionRound, Position
from app.extensions import db
from app.rules import (
    DEFAULT_RISK_LIMIT,
    QUESTION_NO,
    QUESTION_YES,
    ContestCount,
    InvalidInput,
    InvalidReason,
    Lean,
    PaperPlace,
    PaperReading,
    RuleError,
    SampleSize,
    ThresholdBase,
    check_seed,
    decide,
    draw,
    get_rule_set,
    lean,
    normalize_name,
    question_contest_result,
    reversal_margin,
    sample_size,
    ticket,
)
from app.tally.models import BallotEntry, ContestTally, Resolution, TallyStatus, VotingMethod
from ballots.payload import parse_short_serial


class ComparisonError(Exception):
    """An audit step refused: `code` stable, `message` Vietnamese, `field` the form field it concerns."""

    def __init__(self, code: str, message: str, *, field: str | None = None, status: int = 422):
        super().__init__(message)
        self.code, self.message, self.field, self.status = code, message, field, status


@dataclass(frozen=True)
class Record:
    """What the count recorded for the paper at one place."""

    entry_id: int
    serial: str
    kept: tuple[int, ...]
    invalid_reason: str | None
    #: The reader entered it: the paper lies in its upload's pile, in no order, and is found by its serial.
    by_serial: bool = False

    def reading(self) -> PaperReading:
        return PaperReading(frozenset(str(p) for p in self.kept), self.invalid_reason)


def audit_of(contest: Contest) -> ComparisonAudit | None:
    return db.session.scalar(select(ComparisonAudit).where(ComparisonAudit.contest_id == contest.id))


def _locked_tally(contest: Contest) -> ContestTally:
    tally = db.session.scalar(select(ContestTally).where(ContestTally.contest_id == contest.id))
    if tally is None or tally.status is not TallyStatus.FINAL or not tally.result:
        raise ComparisonError("not_final", "Chỉ kiểm tra đối chiếu được sau khi kết quả kiểm phiếu đã chốt.")
    if tally.method is not VotingMethod.SECRET_BALLOT:
        raise ComparisonError("show_of_hands", "Hội nghị biểu quyết giơ tay: không có phiếu giấy để đối chiếu.")
    return tally


def records(contest: Contest) -> dict[PaperPlace, Record]:
    """The record of every paper laid in the first pass, by its place. Where the board head ruled that the
    second pass's reading stands, that reading is the record.

    A paper laid by hand has its stack and position. A paper the reader entered lies in its upload's pile
    (stack K, no position: the images keep no order); its place is (K, its rank by serial in the pile), a
    number that only keys the draw (ticket "<seed>,K,rank", reproducible from the piles' sizes) and says
    nothing about any order. The auditors find it in pile K by the serial printed on it (`by_serial`)."""
    rows = db.session.scalars(select(BallotEntry).where(BallotEntry.contest_id == contest.id,
                                                        BallotEntry.test.is_(False)))
    first, second = {}, {}
    for row in rows:
        (first if row.pass_no == 1 else second)[row.serial] = row
    rulings = dict(db.session.execute(select(Resolution.item, Resolution.chosen_pass)
                                      .where(Resolution.contest_id == contest.id)).all())
    out, piles = {}, {}
    for serial, row in sorted(first.items()):
        if row.stack_no is None:
            continue
        stands = second.get(serial) if rulings.get(f"ballot:{serial}") == 2 and serial in second else row
        if row.stack_pos is None:
            pile = piles.setdefault(row.stack_no, [])
            pile.append(None)
            out[PaperPlace(row.stack_no, len(pile))] = Record(row.id, serial, tuple(stands.kept),
                                                                stands.invalid_reason, by_serial=True)
        else:
            out[PaperPlace(row.stack_no, row.stack_pos)] = Record(row.id, serial, tuple(stands.kept),
                                                                    stands.invalid_reason)
    return out


def _announced(tally: ContestTally) -> dict:
    result = tally.result
    return {"digest": result.get("digest"), "elected": [str(e["person"]) for e in result["elected"]],
            "threshold": result["threshold"], "outcome": result["outcome"],
            "votes": {str(v["person"]): v["votes"] for v in result["votes"]}}


def size_for(contest: Contest, risk_limit: Fraction = DEFAULT_RISK_LIMIT) -> tuple[SampleSize, dict]:
    """N, m and k for the contest's locked result, and what was announced; raises ComparisonError."""
    tally = _locked_tally(contest)
    announced = _announced(tally)
    papers = len(records(contest))
    returned = tally.result.get("returned", papers)
    if papers != returned:
        raise ComparisonError("unplaced", f"Chỉ {papers}/{returned} phiếu có vị trí trong các xấp (phiếu nhập theo "
                                          "xấp đếm tay không có vị trí): không kiểm tra đối chiếu từng phiếu được.")
    votes = announced["votes"]
    if contest.position is Position.QUESTION:  # only the yes count decides a question (a "no" elects nothing)
        votes = {k: n for k, n in votes.items() if k == str(QUESTION_YES)}
    try:
        margin = reversal_margin(votes, announced["elected"], announced["threshold"])
        return sample_size(papers, margin, risk_limit), announced
    except InvalidInput as error:
        raise ComparisonError(error.code, error.message, field="risk_limit") from None


def publish(actor, contest: Contest, risk_limit: Fraction = DEFAULT_RISK_LIMIT) -> ComparisonAudit:
    """Công bố N, m, k, α before any seed is known. Refused when the result is not locked, when papers
    lack a place, or when an audit of the contest exists already. Flushes."""
    if audit_of(contest) is not None:
        raise ComparisonError("exists", "Cuộc bầu này đã có một lần kiểm tra đối chiếu.", status=409)
    size, announced = size_for(contest, risk_limit)
    audit = ComparisonAudit(contest_id=contest.id, status=AuditStatus.PUBLISHED, papers=size.papers,
                            margin=size.margin, risk_limit=str(size.risk_limit), draws=size.draws,
                            announced=announced, published_by_id=getattr(actor, "id", None), published_at=utcnow())
    db.session.add(audit)
    db.session.flush()
    record(actor, "comparison.publish", "contest", contest.id, tdp_id=contest.round.tdp_id,
           after={"audit": audit.id, "N": size.papers, "m": size.margin, "k": size.draws,
                  "alpha": str(size.risk_limit), "result_digest": announced["digest"]})
    return audit


def draw_papers(actor, audit: ComparisonAudit, seed: str, witnesses: Sequence[str]) -> list[AuditDraw]:
    """Rút phiếu: the k places with the smallest SHA-256 tickets of "<seed>,<stack>,<position>". Needs at
    least 20 digits and the names of those who threw the dice. Once only. Flushes."""
    if audit.status is not AuditStatus.PUBLISHED:
        raise ComparisonError("drawn", "Đã rút phiếu cho lần kiểm tra này; số gieo không đổi được.", status=409)
    try:
        seed = check_seed(seed)
    except InvalidInput as error:
        raise ComparisonError(error.code, error.message, field="seed") from None
    names = [normalize_name(w) for w in witnesses if w and w.strip()]
    if len(names) < 2:
        raise ComparisonError("witnesses", "Hãy ghi tên ít nhất hai người gieo xúc xắc (hai người chứng kiến là đại "
                                           "diện hộ gia đình).", field="witnesses")
    recs = records(audit.contest)
    places = sorted(recs)
    if len(places) != audit.papers:
        raise ComparisonError("changed", f"Số phiếu có vị trí ({len(places)}) khác số đã công bố ({audit.papers}).")
    chosen = draw(seed, places, audit.draws)
    audit.drawn = [AuditDraw(ticket_order=i, stack_no=p.stack, stack_pos=p.position, ticket=ticket(seed, p),
                             find_serial=recs[p].serial if recs[p].by_serial else None)
                   for i, p in enumerate(chosen, 1)]
    audit.seed, audit.seed_witnesses, audit.drawn_at = seed, names, utcnow()
    audit.status = AuditStatus.DRAWN if chosen else AuditStatus.PASSED
    if not chosen:
        audit.concluded_at = utcnow()
    db.session.flush()
    record(actor, "comparison.draw", "contest", audit.contest_id, tdp_id=audit.contest.round.tdp_id,
           after={"audit": audit.id, "seed": seed, "witnesses": names, "places": [str(p) for p in chosen]})
    # The log keeps places only (never a serial): the serial to look for in a pile is on the draw row.
    return audit.drawn


@dataclass(frozen=True)
class PaperInput:
    """What the board reads on the drawn paper; `found` False when the place is empty."""

    found: bool
    serial: str = ""
    kept: Collection[int] = ()
    invalid_reason: str | None = None
    note: str = ""


def compare(actor, draw_row: AuditDraw, paper: PaperInput) -> Lean:
    """So sánh: the paper at a drawn place against its record. A missing paper, another serial than the
    record's, or a difference in names that favours the announced outcome escalates the audit to a full
    hand recount; every difference is logged either way. Each place is compared once. Flushes."""
    audit = draw_row.audit
    if audit.status not in (AuditStatus.DRAWN, AuditStatus.RECOUNT) or draw_row.compared:
        raise ComparisonError("closed", f"Phiếu ở {draw_row.where}"
                                        " đã được đối chiếu hoặc lần kiểm tra đã kết thúc.", status=409)
    recs = records(audit.contest)
    if draw_row.find_serial:  # a pile's paper is its serial's record, whatever its rank in the pile now
        rec = next((r for r in recs.values() if r.serial == draw_row.find_serial and r.by_serial), None)
    else:
        rec = recs.get(PaperPlace(draw_row.stack_no, draw_row.stack_pos))
    candidates = set(audit.announced["votes"])
    reading = None
    if paper.found:
        serial = parse_short_serial(paper.serial or "")
        if not serial:
            raise ComparisonError("serial", "Hãy ghi đúng số sê-ri in cạnh mã QR của phiếu tìm thấy "
                                            "(ví dụ K7QF-2M9X-A3TB).", field="serial")
        kept = {str(int(k)) for k in paper.kept}
        if kept - candidates:
            raise ComparisonError("kept", "Tên giữ lại không có trên phiếu của cuộc bầu này.", field="kept")
        if paper.invalid_reason and paper.invalid_reason not in {r.value for r in InvalidReason}:
            raise ComparisonError("invalid_reason", "Lý do phiếu không hợp lệ không đúng.", field="invalid_reason")
        reading = PaperReading(frozenset(kept), paper.invalid_reason or None)
        draw_row.paper_serial, draw_row.paper_kept = serial, sorted(int(k) for k in kept)
        draw_row.paper_invalid = paper.invalid_reason or None
    if rec is None or reading is None or rec.serial != draw_row.paper_serial:
        outcome = Lean.HELPS  # no record, no paper, or another paper: counted against the outcome
    else:
        outcome = lean(rec.reading(), reading, audit.announced["elected"])
    draw_row.found, draw_row.lean, draw_row.note = paper.found, outcome.value, paper.note.strip()[:500]
    draw_row.compared, draw_row.compared_at = True, utcnow()
    draw_row.compared_by_id = getattr(actor, "id", None)
    if outcome is Lean.HELPS:
        audit.status = AuditStatus.RECOUNT
    elif audit.status is AuditStatus.DRAWN and all(d.compared for d in audit.drawn):
        audit.status, audit.concluded_at = AuditStatus.PASSED, utcnow()
    db.session.flush()
    record(actor, "comparison.compare", "contest", audit.contest_id, tdp_id=audit.contest.round.tdp_id,
           after={"audit": audit.id, "place": f"{draw_row.stack_no}-{draw_row.stack_pos}", "found": paper.found,
                  "lean": outcome.value, "status": audit.status.value})
    return outcome


def record_recount(actor, audit: ComparisonAudit, votes: Mapping[int, int], valid: int, invalid: int,
                   note: str) -> dict:
    """Kiểm lại toàn bộ bằng tay: the hand recount's figures, and whether they elect the same people as
    the announced result (decided by the rule core on the whole electorate). Raises ComparisonError for
    figures that cannot exist. Flushes."""
    if audit.status is not AuditStatus.RECOUNT:
        raise ComparisonError("no_recount", "Lần kiểm tra này không phải kiểm lại toàn bộ.", status=409)
    contest = audit.contest
    result = db.session.scalar(select(ContestTally.result).where(ContestTally.contest_id == contest.id))
    election = contest.round.election
    try:
        count = ContestCount(seats=contest.seats, electorate=result["electorate"], present=result["present"],
                             returned=valid + invalid, valid=valid,
                             votes={str(p): votes.get(int(p), 0) for p in audit.announced["votes"]})
        base = ThresholdBase(election.threshold_base.value) if election.threshold_base else None
        decision = (question_contest_result(result["electorate"], votes.get(QUESTION_YES, 0), votes.get(QUESTION_NO, 0),
                                            invalid) if contest.position is Position.QUESTION
                    else decide(count, get_rule_set(election.rule_set_id), _vote_date(contest), base=base))
    except (InvalidInput, RuleError) as error:
        raise ComparisonError(error.code, error.message, field="votes") from None
    confirmed = sorted(decision.elected) == sorted(audit.announced["elected"])
    audit.recount = {"votes": {str(p): votes.get(int(p), 0) for p in audit.announced["votes"]}, "valid": valid,
                     "invalid": invalid, "note": note.strip()[:1000], "elected": list(decision.elected),
                     "confirmed": confirmed}
    audit.status, audit.concluded_at = AuditStatus.RECOUNTED, utcnow()
    db.session.flush()
    record(actor, "comparison.recount", "contest", contest.id, tdp_id=contest.round.tdp_id,
           after={"audit": audit.id} | audit.recount)
    return audit.recount


def _vote_date(contest: Contest) -> date:
    return contest.round.vote_date


def audited_tdps(tdp_ids: Collection[int]) -> dict[int, str]:
    """tdp id → the furthest audit status among its contests, for the dashboard's badge."""
    if not tdp_ids:
        return {}
    rows = db.session.execute(select(ElectionRound.tdp_id, ComparisonAudit.status)
                              .join(Contest, Contest.id == ComparisonAudit.contest_id)
                              .join(ElectionRound, ElectionRound.id == Contest.round_id)
                              .where(ElectionRound.tdp_id.in_(list(tdp_ids)))).all()
    rank = list(AuditStatus)
    out: dict[int, str] = {}
    for tdp_id, status in rows:
        if tdp_id not in out or rank.index(AuditStatus(status)) > rank.index(AuditStatus(out[tdp_id])):
            out[tdp_id] = AuditStatus(status).value
    return out
