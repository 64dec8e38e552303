"""Give every demo round a vetted, consulted and published candidate list, so ballots can be printed at once."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import insert, select

from app.audit.services import record
from app.candidates.checklist import age_finding
from app.candidates.models import (
    Candidate,
    CandidateList,
    ConsultationOutcome,
    ElectionTeamMember,
    ItemKind,
    ItemResult,
    NominationSource,
    TeamRole,
    VettingAnswer,
    VettingDecision,
)
from app.candidates.vetting import checklist
from app.core.db import utcnow
from app.elections.models import Election, ElectionRound, Position
from app.extensions import db
from app.rolls.models import Household, HouseholdStatus, Person

#: Candidates per contest: two for the one leader seat, two for the one deputy seat (nqlt-09-2008: 1–2 per seat).
PER_CONTEST = 2
#: The election team of every demo round, none of them a candidate.
TEAM = (TeamRole.HEAD, TeamRole.SECRETARY, TeamRole.MEMBER)
#: The list goes up this many days before the vote (the rule set asks for 15), the public notice 10.
LIST_DAYS, NOTICE_DAYS = 20, 10


def load_candidates(election: Election, seed: int, *, published_by: date | None = None) -> int:
    """Nominate, vet (every item met), consult and publish two candidates per contest of every round,
    all distinct household representatives aged 21 or more on the vote date, and seat a three-person
    election team of other representatives. Lists go up LIST_DAYS before the vote, or on `published_by`
    when that is earlier (a demo seen from "today" has published nothing in the future). Returns the
    number of candidates. Deterministic; bulk inserts; one audit record. Flushes."""
    rng = random.Random(seed)
    manual = [i for i in checklist(election) if i.kind is ItemKind.MANUAL]
    now = utcnow()
    rounds = db.session.scalars(select(ElectionRound).where(ElectionRound.election_id == election.id)
                                .order_by(ElectionRound.id)).all()
    rows, lists, team = [], [], []
    for round_ in rounds:
        pool = _eligible(round_, rng)
        for contest in sorted(round_.contests, key=lambda c: c.position is not Position.LEADER):
            for _ in range(PER_CONTEST * contest.seats):
                person_id, address, households = pool.pop()
                votes_for = rng.randint(households // 2, households - 2)
                rows.append({
                    "contest_id": contest.id, "round_id": round_.id, "person_id": person_id,
                    "source": rng.choice([NominationSource.FRONT_COMMITTEE, NominationSource.INCUMBENT]),
                    "proposer": "", "address": address, "nominated_at": now,
                    "decision": VettingDecision.APPROVED, "decided_at": now,
                    "decision_reasons": "Đạt đủ các tiêu chuẩn; được nhân dân tín nhiệm.", "votes_for": votes_for,
                    "votes_against": rng.randint(0, max(0, households - votes_for) // 4),
                    "consultation_comments": "", "outcome": ConsultationOutcome.KEPT, "consulted_at": now})
            published_on = round_.vote_date - timedelta(days=LIST_DAYS)
            notice_on = round_.vote_date - timedelta(days=NOTICE_DAYS)
            if published_by is not None:
                published_on, notice_on = min(published_on, published_by), min(notice_on, published_by)
            lists.append({"contest_id": contest.id, "published_at": now, "published_on": published_on,
                          "notice_posted_on": notice_on})
        team += [{"round_id": round_.id, "person_id": pool.pop()[0], "role": role, "added_at": now} for role in TEAM]
    table = Candidate.__table__
    ids = db.session.scalars(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows).all()
    db.session.execute(insert(VettingAnswer.__table__), [
        {"candidate_id": cid, "item_id": item.id, "result": ItemResult.MET, "note": "", "answered_at": now}
        for cid in ids for item in manual])
    db.session.execute(insert(CandidateList.__table__), lists)
    db.session.execute(insert(ElectionTeamMember.__table__), team)
    db.session.flush()
    record(None, "demo.candidates", "election", election.id,
           after={"candidates": len(ids), "lists": len(lists), "team_members": len(team)})
    return len(ids)


def _eligible(round_: ElectionRound, rng: random.Random) -> list[tuple[int, str, int]]:
    """(person id, address, household count) of representatives aged 21+ on the vote date, shuffled."""
    pairs = db.session.execute(
        select(Person.id, Person.birth_date, Person.birth_year, Household.address)
        .join(Household, Household.representative_id == Person.id)
        .where(Household.tdp_id == round_.tdp_id, Household.status == HouseholdStatus.ACTIVE)
        .order_by(Household.code)).all()
    pool = [(pid, address, len(pairs)) for pid, born, year, address in pairs
            if age_finding(born, year, round_.vote_date)[0] == "met"]
    rng.shuffle(pool)
    return pool
