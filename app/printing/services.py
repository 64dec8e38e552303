"""Print runs: freeze the definition, draw serials, render PDFs, void; and the signing key."""

from __future__ import annotations

import math
import secrets
from datetime import date

from sqlalchemy import insert, select

from app.audit.services import record
from app.candidates import services as candidates
from app.core.db import utcnow
from app.core.domain import DomainError
from app.elections.models import Contest, Election, ElectionRound, Position
from app.extensions import db
from app.household.models import HouseholdRound
from app.papers.issuer import authority_line
from app.printing.models import BallotKey, BallotSerial, PrintRun, RunStatus
from app.rules import QUESTION_CHOICES, format_date
from app.wards.history import tdp_name_on
from ballots import payload
from ballots.manifest import LAYOUT_VERSION
from ballots.render import render, render_sets
from ballots.spec import BallotPage, BallotSpec, Candidate

DEFAULT_SPARE_PERCENT = 10
MAX_QUANTITY = 5000
ORDINALS = {1: "thứ nhất", 2: "thứ hai", 3: "thứ ba", 4: "thứ tư", 5: "thứ năm"}


class PrintingError(DomainError):
    """A print request refused for a reason the user can fix; `message` is Vietnamese."""


def ballot_key(election: Election, *, create: bool = False) -> bytes:
    """The election's signing key; it never leaves the server. Created only with `create` (by the
    first print run, in its transaction), so a page that merely renders can never mint a second key."""
    row = db.session.get(BallotKey, election.id)
    if row is None:
        if not create:
            raise LookupError(f"election {election.id} has no ballot key yet")
        row = BallotKey(election_id=election.id, key=payload.new_key())
        db.session.add(row)
        db.session.flush()
    return row.key


def default_quantity(electorate: int, spare_percent: int = DEFAULT_SPARE_PERCENT) -> int:
    """The electorate plus a spare share, rounded up (e.g. 361 households, 10% → 398)."""
    return max(1, electorate + math.ceil(electorate * spare_percent / 100))


def definition_for(contest: Contest) -> dict:
    """The frozen election definition the ballots of `contest` are printed for (JSON-ready)."""
    round_ = contest.round
    if contest.position is Position.QUESTION:
        return _question_definition(contest)
    listed = candidates.final_list(contest)
    return {
        "v": 1,
        "layout": LAYOUT_VERSION,  # the geometry a reader reads an image against (ballots.manifest)
        "election": round_.election_id,
        "term": round_.election.term_label,
        "rule_set": round_.election.rule_set_id,
        "tdp": round_.tdp_id,
        "tdp_number": round_.tdp.number,
        "round": round_.id,
        "round_number": round_.number,
        "vote_date": round_.vote_date.isoformat(),
        "contest": contest.id,
        "position": contest.position.value,
        "seats": contest.seats,
        "candidates": [{"person": c.person_id, "honorific": c.honorific, "name": c.full_name} for c in listed],
    }


def _question_definition(contest: Contest) -> dict:
    """A yes/no question's ballot: the question of the household round and its two choices in place of
    the candidates (ids from rules.QUESTION_CHOICES, never a person's), one to keep."""
    round_ = contest.round
    hround = db.session.scalar(select(HouseholdRound).where(HouseholdRound.round_id == round_.id))
    question = hround.question if hround else ""
    return {
        "v": 1, "layout": LAYOUT_VERSION, "election": round_.election_id, "term": round_.election.term_label,
        "rule_set": round_.election.rule_set_id, "tdp": round_.tdp_id, "tdp_number": round_.tdp.number,
        "round": round_.id, "round_number": round_.number, "vote_date": round_.vote_date.isoformat(),
        "contest": contest.id, "position": contest.position.value, "seats": 1, "question": question,
        "period": [hround.period_start.isoformat(), hround.period_end.isoformat()] if hround else None,
        "candidates": [{"person": choice, "honorific": "", "name": label} for choice, label in QUESTION_CHOICES]
        if question.strip() else [],
    }


def create_run(actor, contest: Contest, quantity: int, *, test: bool = False) -> PrintRun:
    """Draw `quantity` random serials for the contest's published list and record the run.

    A live run freezes the candidate list (changing it then means voiding the run). Raises
    PrintingError without a published list, or for a quantity out of range. Flushes."""
    if not 1 <= quantity <= MAX_QUANTITY:
        raise PrintingError(f"Số phiếu in phải từ 1 đến {MAX_QUANTITY}.", "quantity")
    definition = definition_for(contest)
    if not definition["candidates"]:
        raise PrintingError("Chưa có danh sách người ứng cử chính thức đã niêm yết cho chức danh này; "
                            "hãy hoàn tất danh sách trước khi in phiếu.")
    if not test and contest.position is not Position.QUESTION:  # a question has no candidate list to freeze
        candidates.freeze(contest, actor)
    ballot_key(contest.round.election, create=True)
    run = PrintRun(contest_id=contest.id, test=test, definition=definition, quantity=quantity,
                   definition_hash=payload.definition_hash(definition), created_by_id=getattr(actor, "id", None))
    db.session.add(run)
    db.session.flush()
    # Stored in serial order, so the row ids follow the (random) serials and nothing else; the printed
    # order is a fresh shuffle at every rendering (printed_pages), so neither ids nor serials follow it.
    serials = sorted(payload.new_serials(quantity))
    db.session.execute(insert(BallotSerial.__table__), [{"run_id": run.id, "serial": s} for s in serials])
    record(actor, "ballots.print", "print_run", run.id, tdp_id=contest.round.tdp_id,
           after={"contest": contest.id, "test": test, "quantity": quantity, "definition": run.definition_hash})
    return run


def void_run(actor, run: PrintRun, reason: str) -> PrintRun:
    """Hủy a run: its serials are refused from now on. When no live run is left, the candidate list
    thaws. Raises PrintingError without a reason or for a run already void. Flushes."""
    if not reason.strip():
        raise PrintingError("Hãy ghi lý do hủy đợt in.", "reason")
    if run.status is RunStatus.VOID:
        raise PrintingError("Đợt in này đã bị hủy trước đó.")
    run.status = RunStatus.VOID
    run.voided_at = utcnow()
    run.voided_by_id = getattr(actor, "id", None)
    run.void_reason = reason.strip()[:255]
    db.session.flush()
    if not run.test and run.contest.position is not Position.QUESTION and not active_runs(run.contest, test=False):
        candidates.unfreeze(run.contest, actor, reason)
    record(actor, "ballots.void", "print_run", run.id, tdp_id=run.contest.round.tdp_id,
           before={"status": "active"}, after={"status": "void", "reason": run.void_reason})
    return run


def active_runs(contest: Contest, *, test: bool | None = None) -> list[PrintRun]:
    stmt = select(PrintRun).where(PrintRun.contest_id == contest.id, PrintRun.status == RunStatus.ACTIVE)
    if test is not None:
        stmt = stmt.where(PrintRun.test == test)
    return list(db.session.scalars(stmt.order_by(PrintRun.id)))


def printed_count(contest: Contest) -> int:
    """Live ballots printed for the contest, over its active runs."""
    return sum(run.quantity for run in active_runs(contest, test=False))


def serials_of(run: PrintRun) -> list[str]:
    return list(db.session.scalars(select(BallotSerial.serial).where(BallotSerial.run_id == run.id)
                                   .order_by(BallotSerial.id)))


def ballot_spec(run: PrintRun) -> BallotSpec:
    d = run.definition
    contest = run.contest
    tdp = contest.round.tdp
    office = "TỔ TRƯỞNG" if d["position"] == Position.LEADER.value else "TỔ PHÓ"
    question = d.get("question", "") if d["position"] == Position.QUESTION.value else ""
    round_label = f"Nhiệm kỳ {d['term']} · Bầu ngày {format_date(contest.round.vote_date)}"
    if d["round_number"] > 1:
        round_label += f" (bầu lần {ORDINALS.get(d['round_number'], str(d['round_number']))})"
    return BallotSpec(
        issuer_lines=(authority_line(tdp.ward), f"TỔ BẦU CỬ TDP SỐ {tdp.number}"),
        ward_name=tdp.ward.name, tdp_label=tdp_name_on(tdp, contest.round.vote_date),
        title=(f"PHIẾU LẤY Ý KIẾN HỘ GIA ĐÌNH TỔ DÂN PHỐ SỐ {tdp.number}" if question
               else f"PHIẾU BẦU {office} TỔ DÂN PHỐ SỐ {tdp.number}"),
        round_label=_question_label(d) if question else round_label,
        candidates=tuple(Candidate(c["honorific"], c["name"]) for c in d["candidates"]),
        seats=d["seats"], test=run.test, question=question,
    )


def _question_label(definition: dict) -> str:
    """"Thu phiếu từ 09/12/2024 đến 13/12/2024": the collection period of a question's ballot."""
    start, end = (date.fromisoformat(d) for d in definition["period"])
    return f"Thu phiếu từ ngày {format_date(start)} đến ngày {format_date(end)}"


def ballot_pages(run: PrintRun, key: bytes) -> list[BallotPage]:
    """The run's ballots in stored order (that is, in serial order): for checks and rehearsal sheets,
    never for printing (see printed_pages)."""
    contest = run.contest
    # Read the ORM attributes once per run, not once per ballot (a 200-TDP ward prints 44,000 ballots).
    definition_hash, tdp_id, contest_id, test = run.definition_hash, contest.round.tdp_id, contest.id, run.test
    return [BallotPage(serial, payload.encode(payload.PayloadFields(definition_hash, tdp_id, contest_id, test, serial),
                                              key))
            for serial in serials_of(run)]


def printed_pages(run: PrintRun, key: bytes) -> list[BallotPage]:
    """The run's ballots in the order they are printed: a fresh permutation drawn from the system CSPRNG
    at every call and stored nowhere, so the stack handed out from the top follows neither the serials,
    nor the row ids, nor any earlier download (issue 10 §1: one join on page order recovered every vote)."""
    pages = ballot_pages(run, key)
    secrets.SystemRandom().shuffle(pages)
    return pages


def render_run(run: PrintRun, *, two_up: bool = False) -> bytes:
    """The run's PDF (A5, one ballot a page; `two_up`: two to an A4 sheet with cut marks), rendered again
    from its stored serials in a new random page order each time: the same ballots, never the same stack."""
    pages = printed_pages(run, ballot_key(run.contest.round.election))
    if two_up:
        return render_sets([(ballot_spec(run), pages)], two_up=True)
    return render(ballot_spec(run), pages)


def tdp_contests(tdp) -> list[Contest]:
    """The contests of the TDP's latest round, the leader's first ("in phiếu cả tổ")."""
    round_ = db.session.scalar(select(ElectionRound).where(ElectionRound.tdp_id == tdp.id)
                               .order_by(ElectionRound.election_id.desc(), ElectionRound.number.desc()).limit(1))
    if round_ is None:
        return []
    return sorted(round_.contests, key=lambda c: (c.position is not Position.LEADER, c.id))


def create_tdp_runs(actor, tdp, *, test: bool, electorate: int,
                    spare_percent: int = DEFAULT_SPARE_PERCENT) -> list[PrintRun]:
    """In phiếu cả tổ: one run for each contest of the TDP's latest round (leader and deputy), each the
    electorate plus the spare. All or nothing: raises PrintingError naming the contest that cannot be
    printed (no published list), before any run is made. Flushes."""
    contests = tdp_contests(tdp)
    if not contests:
        raise PrintingError(f"{tdp.name} chưa có cuộc bầu nào để in phiếu.")
    for contest in contests:
        if not definition_for(contest)["candidates"]:
            office = "tổ trưởng" if contest.position is Position.LEADER else "tổ phó"
            raise PrintingError(f"Chưa in được phiếu cả tổ: {tdp.name} chưa có danh sách người ứng cử {office} "
                                "chính thức đã niêm yết.")
    quantity = default_quantity(electorate, spare_percent)
    return [create_run(actor, contest, quantity, test=test) for contest in contests]


def render_tdp(tdp, *, test: bool, two_up: bool = False) -> bytes:
    """Every active run (official, or test with `test`) of the TDP's latest round in one PDF, the leader's
    ballots first, each run in a fresh random order. Raises PrintingError when nothing is printed yet."""
    sets = []
    for contest in tdp_contests(tdp):
        key = ballot_key(contest.round.election) if active_runs(contest, test=test) else None
        sets += [(ballot_spec(run), printed_pages(run, key)) for run in active_runs(contest, test=test)]
    if not sets:
        raise PrintingError(f"{tdp.name} chưa có đợt in {'thử' if test else 'chính thức'} nào đang dùng.")
    return render_sets(sets, two_up=two_up)
