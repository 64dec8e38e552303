"""The dashboard's reads: a fixed handful of aggregate statements (GROUP BY, joins to grouped subqueries)
whatever the number of TDPs, never one query per TDP. Each function issues exactly one statement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Integer, all_, and_, any_, bindparam, case, func, select
from sqlalchemy.dialects import postgresql

from app.candidates.models import Candidate, CandidateList, VettingDecision
from app.dashboard.models import HouseholdCount, PresentCount
from app.elections.models import Contest, Election, ElectionRound, Position
from app.extensions import db
from app.plan.models import ChecklistItem, ItemStatus, Plan, PlanTask
from app.printing.models import PrintRun, RunStatus
from app.results.models import Recognition, RerunReason, ResultsPackage
from app.tally.models import ContestTally, TallyStatus
from app.wards.models import Tdp

#: The plan template's code for "Niêm yết danh sách cử tri".
ROLL_TASK = "roll_posted"


@dataclass(frozen=True)
class ContestRow:
    id: int
    round_id: int
    election_id: int
    tdp_id: int
    round_number: int
    vote_date: date
    position: str
    seats: int
    approved: int
    undecided: int
    published_on: date | None
    live_runs: int
    locked: bool
    tally: dict | None  #: outcome, next_step, rerun_deadline, elected, votes, electorate, present (locked count)
    package: dict | None  #: the same figures from an imported package


def within(column, ids, *, negate: bool = False):
    """`column IN ids` for a Python list; on PostgreSQL `column = ANY(<one array parameter>)`: a city's 500 ward
    ids and 600 TDP ids as single parameters, not 14,000 placeholders that SQLAlchemy renders and psycopg parses
    again on every statement (a third of the city dashboard's time, measured)."""
    ids = list(ids)
    if db.session.get_bind().dialect.name == "postgresql":
        array = bindparam(None, ids, type_=postgresql.ARRAY(Integer))
        return column != all_(array) if negate else column == any_(array)
    return column.not_in(ids) if negate else column.in_(ids)


def _execute(stmt):
    """Core execution on the session's connection, after flushing what the session holds (as the ORM would).
    The ORM's per-row work costs ~30 µs a row here: 210 → 90 ms for 4,116 contests (bench/city_dashboard.py)."""
    db.session.flush()
    return db.session.connection().execute(stmt)


def plan_each_call() -> None:
    """On PostgreSQL, plan the rest of this transaction's statements with their parameters (no generic plan).
    psycopg prepares a statement on its 5th run and PostgreSQL switches it to a generic plan 5 runs later,
    planned without knowing the arrays of ids: the province dashboard's present statement then took 9–15 s
    instead of 60 ms from its 11th run on in one connection (bench/city_dashboard.py, 20,000 TDPs). Planning
    each call costs a few milliseconds."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.connection().exec_driver_sql("SET LOCAL plan_cache_mode = force_custom_plan")


def latest_elections(ward_ids: list[int]) -> dict[int, Election]:
    """Each ward's newest election."""
    found: dict[int, Election] = {}
    for election in db.session.scalars(select(Election).where(within(Election.ward_id, ward_ids)).order_by(Election.id.desc())):
        found.setdefault(election.ward_id, election)
    return found


def tdps_with_households(ward_ids: list[int], tdp_ids: list[int] | None) -> list[tuple[int, int, int, str, int]]:
    """(id, ward id, number, name, active households) by ward and number. The households come from the
    counters the database keeps (app/dashboard/models.py), not from counting a city's 10 million rows."""
    stmt = (select(Tdp.id, Tdp.ward_id, Tdp.number, Tdp.name, func.coalesce(HouseholdCount.active, 0))
            .outerjoin(HouseholdCount, HouseholdCount.tdp_id == Tdp.id)
            .where(within(Tdp.ward_id, ward_ids), Tdp.dissolved_on.is_(None))
            .order_by(Tdp.ward_id, Tdp.number))
    if tdp_ids is not None:
        stmt = stmt.where(within(Tdp.id, tdp_ids))
    return [tuple(row) for row in _execute(stmt)]


def _rounds(election_ids: list[int], tdp_ids: list[int] | None = None):
    rounds = select(ElectionRound.id).where(within(ElectionRound.election_id, election_ids))
    return rounds if tdp_ids is None else rounds.where(within(ElectionRound.tdp_id, tdp_ids))


def contest_rows(election_ids: list[int], tdp_id: int | None = None, *,
                 tdp_ids: list[int] | None = None) -> list[ContestRow]:
    """Every contest of every round of the elections (of one TDP, or of `tdp_ids`, when given), with its
    candidates, list, printing and result."""
    rounds = _rounds(election_ids, tdp_ids)
    if tdp_id is not None:
        rounds = rounds.where(ElectionRound.tdp_id == tdp_id)
    if tdp_ids is not None:
        # A page of TDPs in a city: their contests first, then every read by contest id on its index. Joined as
        # subqueries instead, PostgreSQL scanned every print run and candidate of the city (0.8 s for 50 TDPs
        # of 20,000 before ANALYZE had run).
        ids = list(_execute(select(Contest.id).where(Contest.round_id.in_(rounds))).scalars())
        of_contests, contest_ids = within(Contest.id, ids), ids
    else:
        of_contests, contest_ids = Contest.round_id.in_(rounds), select(Contest.id).where(Contest.round_id.in_(rounds))
    standing = Candidate.withdrawn_at.is_(None)
    cand = (select(Candidate.contest_id,
                   func.sum(case((and_(standing, Candidate.decision == VettingDecision.APPROVED), 1), else_=0)).label("ok"),
                   func.sum(case((and_(standing, Candidate.decision.is_(None)), 1), else_=0)).label("open"))
            .where(within(Candidate.contest_id, contest_ids) if tdp_ids is not None else Candidate.round_id.in_(rounds))
            .group_by(Candidate.contest_id).subquery())
    runs = (select(PrintRun.contest_id, func.count().label("n"))
            .where(PrintRun.test.is_(False), PrintRun.status == RunStatus.ACTIVE,
                   within(PrintRun.contest_id, contest_ids) if tdp_ids is not None else PrintRun.contest_id.in_(contest_ids))
            .group_by(PrintRun.contest_id).subquery())
    stmt = (select(Contest.id, Contest.round_id, ElectionRound.election_id, ElectionRound.tdp_id, ElectionRound.number,
                   ElectionRound.vote_date, Contest.position, Contest.seats, func.coalesce(cand.c.ok, 0),
                   func.coalesce(cand.c.open, 0), CandidateList.published_on, func.coalesce(runs.c.n, 0),
                   ContestTally.status, ContestTally.result, ResultsPackage.id, ResultsPackage.outcome,
                   ResultsPackage.next_step, ResultsPackage.rerun_deadline,
                   ResultsPackage.winners, ResultsPackage.electorate, ResultsPackage.present)
            .join(ElectionRound, Contest.round_id == ElectionRound.id)
            .outerjoin(cand, cand.c.contest_id == Contest.id)
            .outerjoin(CandidateList, CandidateList.contest_id == Contest.id)
            .outerjoin(runs, runs.c.contest_id == Contest.id)
            .outerjoin(ContestTally, ContestTally.contest_id == Contest.id)
            .outerjoin(ResultsPackage, ResultsPackage.contest_id == Contest.id)
            # a household yes/no question (issue 14) fills no seat
            .where(of_contests, Contest.position != Position.QUESTION))
    rows = []
    for (cid, rid, eid, tid, number, vote_date, position, seats, ok, open_, published, live, status, snapshot, pid,
         p_outcome, p_step, p_deadline, winners, p_electorate, p_present) in _execute(stmt):
        # The whole snapshot in one column reads faster than several JSON paths (measured: 41 vs 99 ms for
        # 3,700 results on PostgreSQL, bench/city_dashboard.py).
        locked = status is TallyStatus.FINAL and snapshot is not None
        tally = _from_snapshot(snapshot) if locked else None
        package = None if pid is None else {
            "outcome": p_outcome, "next_step": p_step, "rerun_deadline": p_deadline,
            "winners": [(w["name"], w["votes"]) for w in winners or []], "electorate": p_electorate, "present": p_present}
        rows.append(ContestRow(cid, rid, eid, tid, number, vote_date, position.value, seats, int(ok), int(open_),
                               published, int(live), locked, tally, package))
    return rows


def _from_snapshot(snapshot: dict) -> dict:
    by_person = {v["person"]: v for v in snapshot["votes"]}
    deadline = snapshot["rerun_deadline"]
    return {"outcome": snapshot["outcome"], "next_step": snapshot["next_step"],
            "rerun_deadline": date.fromisoformat(deadline) if deadline else None,
            "winners": [(by_person[e["person"]]["name"], by_person[e["person"]]["votes"]) for e in snapshot["elected"]],
            "electorate": snapshot["electorate"], "present": snapshot["present"]}


def present_by_round(election_ids: list[int], tdp_ids: list[int] | None = None) -> dict[int, int]:
    """Households signed in (not undone) per round whose count is not locked yet, from the counters the
    database keeps in the sign-in's own transaction (on election day every round is open: counting the
    sign-ins of a city was 1.8 s of 3 s at 20,000 TDPs). A round with a locked or imported result takes its
    figure from that result (the official one)."""
    # NOT EXISTS, not NOT IN: a page of rounds probes the indexes instead of hashing every locked count of a
    # city (93 ms of a province dashboard the day after, bench/city_dashboard.py)
    locked = (select(Contest.round_id).join(ContestTally, ContestTally.contest_id == Contest.id)
              .where(Contest.round_id == ElectionRound.id, ContestTally.status == TallyStatus.FINAL).exists())
    imported = select(ResultsPackage.round_id).where(ResultsPackage.round_id == ElectionRound.id).exists()
    open_rounds = _rounds(election_ids, tdp_ids).where(~locked, ~imported)
    stmt = select(PresentCount.round_id, PresentCount.present).where(PresentCount.round_id.in_(open_rounds))
    return dict(_execute(stmt).all())


def roll_task_done(election_ids: list[int], tdp_ids: list[int] | None = None) -> dict[int, bool]:
    """Per TDP, whether the plan's "roll posted" task is done (TDPs without the task are absent)."""
    stmt = (select(ChecklistItem.tdp_id, ChecklistItem.status).join(PlanTask, ChecklistItem.task_id == PlanTask.id)
            .join(Plan, PlanTask.plan_id == Plan.id)
            .where(within(Plan.election_id, election_ids), PlanTask.code == ROLL_TASK, ChecklistItem.tdp_id.is_not(None)))
    if tdp_ids is not None:
        stmt = stmt.where(within(ChecklistItem.tdp_id, tdp_ids))
    done: dict[int, bool] = {}
    for tdp_id, status in _execute(stmt):
        done[tdp_id] = done.get(tdp_id, True) and status in (ItemStatus.DONE, ItemStatus.NOT_APPLICABLE)
    return done


def recognitions(election_ids: list[int], tdp_ids: list[int] | None = None) -> dict[int, Recognition]:
    """The recognition decision per TDP."""
    stmt = select(Recognition).where(within(Recognition.election_id, election_ids))
    if tdp_ids is not None:
        stmt = stmt.where(within(Recognition.tdp_id, tdp_ids))
    return {r.tdp_id: r for r in db.session.scalars(stmt)}


def rerun_kinds(election_ids: list[int], tdp_ids: list[int] | None = None) -> dict[int, str]:
    """The recorded re-run reason per round."""
    stmt = select(RerunReason.round_id, RerunReason.kind).where(RerunReason.round_id.in_(_rounds(election_ids, tdp_ids)))
    return {round_id: kind.value for round_id, kind in _execute(stmt)}
