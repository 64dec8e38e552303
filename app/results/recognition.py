"""The ward's recognition of a TDP's result: who is to be recognised, by when, the draft decision, and
recording "recognised on dd/mm/yyyy"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.audit.services import record
from app.core.db import utcnow
from app.dashboard import queries
from app.dashboard.stages import recognition_due
from app.elections.models import Election
from app.extensions import db
from app.papers.pdf_render import ward_place
from app.papers.registry import PaperKind
from app.papers.settings import paper_settings
from app.results.errors import ResultsError
from app.results.models import Recognition
from app.results.recognition_pdf import DecisionDoc, ElectedLine, render_decision, render_decision_docx
from app.rules import format_date, get_rule_set
from app.wards.history import tdp_name_on
from app.wards.models import Tdp

OFFICES = {"leader": "Tổ trưởng", "deputy": "Tổ phó"}


@dataclass(frozen=True)
class Case:
    """What the ward recognises for one TDP: the latest result of each position, and the deadline."""

    tdp: Tdp
    election: Election
    round_id: int | None  #: the latest round with a result
    round_number: int | None
    vote_date: date | None
    elected: tuple[ElectedLine, ...]
    leader_elected: bool
    due: date | None
    recognition: Recognition | None


def case_for(election: Election, tdp: Tdp, recognition_days: int) -> Case:
    """Read the TDP's results (locked counts or imported packages) in two statements."""
    latest: dict[str, queries.ContestRow] = {}
    for row in sorted(queries.contest_rows([election.id], tdp.id), key=lambda r: r.round_number):
        if row.tally or row.package:
            latest[row.position] = row
    elected, last = [], None
    for position in ("leader", "deputy"):
        row = latest.get(position)
        if row is None:
            continue
        found = row.tally or row.package
        last = row if last is None or row.round_number > last.round_number else last
        elected += [ElectedLine(OFFICES[position], name, votes, found["electorate"]) for name, votes in found["winners"]]
    leader = latest.get("leader")
    leader_elected = leader is not None and (leader.tally or leader.package)["outcome"] == "elected"
    recognition = db.session.scalar(select(Recognition).where(Recognition.election_id == election.id,
                                                              Recognition.tdp_id == tdp.id))
    due = recognition_due(last.vote_date, get_rule_set(election.rule_set_id), recognition_days) \
        if leader_elected and last else None
    return Case(tdp, election, last.round_id if last else None, last.round_number if last else None,
                last.vote_date if last else None, tuple(elected), leader_elected, due, recognition)


def record_recognition(actor, case: Case, recognised_on: date, number: str, today: date) -> Recognition:
    """Ghi nhận quyết định công nhận: refused without an elected leader, before the vote or in the future.
    A late decision is recorded (the dashboard shows the deadline it missed). Flushes; audited."""
    if not case.leader_elected or case.round_id is None:
        raise ResultsError("no_winner", f"{case.tdp.name} chưa có tổ trưởng trúng cử: chưa thể công nhận kết quả.")
    if recognised_on < case.vote_date:
        raise ResultsError("before_vote", f"Ngày công nhận {format_date(recognised_on)} trước ngày bầu "
                           f"{format_date(case.vote_date)}.")
    if recognised_on > today:
        raise ResultsError("future", f"Ngày công nhận {format_date(recognised_on)} chưa đến (hôm nay là "
                           f"{format_date(today)}).")
    row = case.recognition
    before = None if row is None else {"recognised_on": row.recognised_on.isoformat(), "number": row.decision_number}
    if row is None:
        row = Recognition(election_id=case.election.id, tdp_id=case.tdp.id, round_id=case.round_id)
        db.session.add(row)
    row.round_id, row.recognised_on, row.decision_number = case.round_id, recognised_on, number.strip()
    row.review_note = None
    row.recorded_at, row.recorded_by_id = utcnow(), getattr(actor, "id", None)
    db.session.flush()
    record(actor, "results.recognise", "tdp", case.tdp.id, tdp_id=case.tdp.id, before=before,
           after={"recognised_on": recognised_on.isoformat(), "number": row.decision_number,
                  "round": case.round_number, "late": bool(case.due and recognised_on > case.due)})
    return row


def decision_doc(case: Case, today: date) -> DecisionDoc:
    """The decision's content: the recorded number and date when recorded, else a draft with blanks; the
    bases, issuer, signer and recipients from the ward's paper settings and the election's rule set.
    Raises ResultsError without a result."""
    if not case.elected or case.vote_date is None:
        raise ResultsError("no_result", f"{case.tdp.name} chưa có kết quả bầu để lập quyết định công nhận.")
    rec = case.recognition
    number = f"{rec.decision_number}/QĐ-UBND" if rec and rec.decision_number else "…/QĐ-UBND"
    rule_set = get_rule_set(case.election.rule_set_id)
    ward = case.tdp.ward
    papers = paper_settings(ward)
    kind = PaperKind.RECOGNITION
    return DecisionDoc(
        ward_name=ward.name, number=number, day=rec.recognised_on if rec else None,
        tdp_name=tdp_name_on(case.tdp, case.vote_date),
        term=case.election.term_label, vote_date=case.vote_date, elected=case.elected, printed_on=today,
        issuer_lines=papers.issuer_lines, place=ward_place(ward.name), authority=papers.authority_full,
        bases=papers.bases(kind, rule_set.id, rule_set.reference), recipients=papers.recipients[kind],
        signer=papers.signers[kind])


def decision_pdf(case: Case, today: date) -> bytes:
    """The decision as PDF (see decision_doc)."""
    return render_decision(decision_doc(case, today))


def decision_docx(case: Case, today: date) -> bytes:
    """The same decision as .docx, for Word."""
    return render_decision_docx(decision_doc(case, today))
