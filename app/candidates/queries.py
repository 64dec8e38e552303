"""Read-only views of candidates: where each contest stands, the oversight table, team and roster lists."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.auth.security import scope_tdps
from app.candidates.models import Candidate, CandidateList, ConsultationOutcome, ElectionTeamMember, VettingDecision
from app.candidates.publishing import ballot_order
from app.elections.models import Contest, Election, ElectionRound
from app.extensions import db
from app.rolls.models import Person
from app.rolls.queries import sorted_households
from app.rules import InvalidInput, check_candidate_count, fold, get_rule_set, name_sort_key


@dataclass(frozen=True)
class Stage:
    """How far a contest's list has come: nominated → vetted → consulted → published (→ frozen for printing)."""

    nominated: bool
    vetted: bool
    consulted: bool
    published: bool
    frozen: bool
    standing: int  #: not withdrawn, not refused
    undecided: int
    final: int  #: approved and kept by the meeting
    count_problem: str | None  #: the rule set's message when there are too few or too many


@dataclass
class ContestStatus:
    contest: Contest
    list_row: CandidateList | None
    candidates: list[Candidate] = field(default_factory=list)  #: ballot order, withdrawn ones last
    stage: Stage | None = None


def stage_of(contest: Contest, candidates: list[Candidate], list_row: CandidateList | None, rule_set) -> Stage:
    active = [c for c in candidates if c.withdrawn_at is None]
    standing = [c for c in active if c.decision is not VettingDecision.REJECTED]
    approved = [c for c in active if c.decision is VettingDecision.APPROVED]
    undecided = sum(1 for c in active if c.decision is None)
    final = [c for c in approved if c.outcome is not ConsultationOutcome.WITHDRAWN]
    vetted = bool(active) and undecided == 0 and bool(approved)
    published = list_row is not None and list_row.published_on is not None
    counted = len(final) if published else len(standing)
    try:
        check_candidate_count(counted, contest.seats, rule_set)
        problem = None
    except InvalidInput as error:
        problem = error.message
    return Stage(nominated=bool(active), vetted=vetted, consulted=vetted and all(c.outcome for c in approved),
                 published=published, frozen=list_row is not None and list_row.frozen_at is not None,
                 standing=len(standing), undecided=undecided, final=len(final), count_problem=problem)


def _order(candidates: list[Candidate]) -> list[Candidate]:
    return ballot_order([c for c in candidates if c.withdrawn_at is None]) + \
        ballot_order([c for c in candidates if c.withdrawn_at is not None])


def statuses(contests: list[Contest]) -> list[ContestStatus]:
    """Each contest with its candidates (in ballot order) and its stage, in three queries."""
    ids = [c.id for c in contests]
    by_contest: dict[int, list[Candidate]] = defaultdict(list)
    for candidate in db.session.scalars(select(Candidate).where(Candidate.contest_id.in_(ids))):
        by_contest[candidate.contest_id].append(candidate)
    lists = {r.contest_id: r
             for r in db.session.scalars(select(CandidateList).where(CandidateList.contest_id.in_(ids)))}
    result = []
    for contest in contests:
        rule_set = get_rule_set(contest.round.election.rule_set_id)
        rows = _order(by_contest[contest.id])
        result.append(ContestStatus(contest, lists.get(contest.id), rows,
                                    stage_of(contest, rows, lists.get(contest.id), rule_set)))
    return result


def rounds_in_scope(user: User, election: Election | None = None) -> list[ElectionRound]:
    """The rounds of the user's TDPs (of one election, or of all), by TDP number then round number."""
    stmt = (select(ElectionRound).join(Election).where(Election.ward_id == user.ward_id)
            .options(selectinload(ElectionRound.contests), selectinload(ElectionRound.tdp),
                     selectinload(ElectionRound.election)))
    if election is not None:
        stmt = stmt.where(ElectionRound.election_id == election.id)
    rounds = list(db.session.scalars(scope_tdps(stmt, user, ElectionRound.tdp_id)))
    return sorted(rounds, key=lambda r: (-r.election_id, r.tdp.number, r.number))


def latest_election(ward_id: int) -> Election | None:
    return db.session.scalar(select(Election).where(Election.ward_id == ward_id).order_by(Election.id.desc()).limit(1))


@dataclass(frozen=True)
class OversightRow:
    round: ElectionRound
    status: ContestStatus


def oversight(user: User, election: Election) -> tuple[list[OversightRow], list[Candidate]]:
    """Every visible contest of the election with its stage, and the candidates the party cell refused."""
    rounds = rounds_in_scope(user, election)
    contests = [c for r in rounds for c in r.contests]
    rows = [OversightRow(s.contest.round, s) for s in statuses(contests)]
    refused = [c for row in rows for c in row.status.candidates if c.decision is VettingDecision.REJECTED]
    return rows, refused


def team(round_: ElectionRound) -> list[ElectionTeamMember]:
    """The round's election team: the head first, then the secretary, then members in name order."""
    members = db.session.scalars(select(ElectionTeamMember).where(ElectionTeamMember.round_id == round_.id))
    rank = {"head": 0, "secretary": 1, "member": 2}

    def key(member: ElectionTeamMember):
        person = member.person
        return rank[member.role.value], name_sort_key(person.full_name, person.birth_date or person.birth_year)

    return sorted(members, key=key)


def roster_options(tdp_id: int) -> list[tuple[str, str, str]]:
    """(household code, "Ông Nguyễn Văn An – 1970 – address", the same folded for search) for the
    pick-a-resident field: "pham van tuan" finds "Phạm Văn Tuấn" as at the sign-in desk (D28)."""
    options = []
    for r in sorted_households(tdp_id):
        label = f"{r.honorific} {r.representative}" + (f" – {r.birth_year}" if r.birth_year else "") + f" – {r.address}"
        options.append((r.code, label, fold(f"{r.code} {label}")))
    return options


def candidate_names(round_id: int) -> list[str]:
    """Full names of everyone standing (not withdrawn) in the round, for checks such as the witnesses'."""
    return list(db.session.scalars(select(Person.full_name).join(Candidate, Candidate.person_id == Person.id)
                                   .where(Candidate.round_id == round_id, Candidate.withdrawn_at.is_(None))))
