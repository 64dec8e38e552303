"""Each TDP's headline figures kept in tdp_summaries (app/dashboard/models.py), for the city and province
dashboards: the lean rows (the ward dashboard's seat, result and present logic from the results alone), the
figures a summary stores, the TDP row rebuilt from them for "chờ bầu lại", and the refresh.

Triggers raise a summary's `stamp` whenever its facts change; `built` is the stamp its figures were computed
at. A commit that touched a round, contest, count, package, re-run reason or recognition refreshes the
summaries of the TDPs it touched in its own transaction (`refresh`, from a before_commit hook), so on the day
after the dashboard reads figures, not results. Anything else (a COPY, a sign-in in a re-run round, a writer
racing the refresh) leaves the summary stale and the dashboard rebuilds it in memory: never older than the facts.
`flask dashboard summaries` refreshes every stale summary (after a bulk load or a restore).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import click
from flask import current_app, has_app_context
from flask.cli import AppGroup
from sqlalchemy import bindparam, event, or_, select, update
from sqlalchemy.orm import Session

from app.auth.permissions import cli_permission
from app.dashboard import queries
from app.dashboard.models import TdpSummary
from app.dashboard.queries import within
from app.dashboard.services import DEFAULT_RECOGNITION_DAYS
from app.dashboard.stages import ContestFacts, ResultState, RoundFacts, SeatStatus, TdpFacts, TdpRow, tdp_row
from app.elections.models import Contest, Election, ElectionRound, Position
from app.extensions import db
from app.results.models import Recognition, RerunReason, ResultsPackage
from app.rules import get_rule_set, share_of
from app.tally.models import ContestTally, TallyStatus

#: Above this many TDPs, read the elections' results whole and keep those wanted (no IN list of 20,000 ids).
WHOLE_WARDS_ABOVE = 2_000
#: Summaries refreshed per batch by `refresh_all`.
BATCH = 5_000
STALE = or_(TdpSummary.built.is_(None), TdpSummary.built != TdpSummary.stamp)


@dataclass(frozen=True)
class Figures:
    """What a summary holds: a TDP row's part of the headline counters, and what "chờ bầu lại" lists."""

    result: ResultState
    leader_elected: bool
    present: int
    reruns: int
    rule_breach: bool
    recognised_on: date | None
    rerun_deadline: date | None
    round_number: int | None
    seats: tuple[SeatStatus, ...]  #: kept for a TDP awaiting a re-run only

    @classmethod
    def of(cls, row: TdpRow) -> Figures:
        awaiting = row.result is ResultState.RERUN_PENDING
        return cls(row.result, row.leader_elected, row.present, row.reruns, row.rule_breach, row.recognised_on,
                   row.rerun_deadline, row.round_number, row.seats if awaiting else ())

    def values(self) -> dict:
        return {"result": self.result.value, "leader_elected": self.leader_elected, "present": self.present,
                "reruns": self.reruns, "rule_breach": self.rule_breach, "recognised_on": self.recognised_on,
                "rerun_deadline": self.rerun_deadline, "round_number": self.round_number,
                "seats": [[s.position, s.state.value, s.round_number, s.deadline.isoformat() if s.deadline else None]
                          for s in self.seats] or None}

    @classmethod
    def stored(cls, result, leader_elected, present, reruns, rule_breach, recognised_on, rerun_deadline,
               round_number, seats) -> Figures:
        return cls(ResultState(result), bool(leader_elected), int(present), int(reruns), bool(rule_breach),
                   recognised_on, rerun_deadline, round_number,
                   tuple(SeatStatus(p, ResultState(s), n, (), date.fromisoformat(d) if d else None)
                         for p, s, n, d in seats or ()))

    def row(self, tdp_id: int, number: int, name: str, households: int) -> TdpRow:
        """The TDP's row as the headline counters read it (seats, result, deadline, number and name; no stages,
        winners' names or history)."""
        return TdpRow(tdp_id, number, name, households, self.round_number, None, {}, self.result,
                      self.leader_elected, {}, self.present, share_of(self.present, households), self.rerun_deadline,
                      self.reruns, self.rule_breach, self.recognised_on, None, self.seats)


#: The figures of a TDP whose row cannot be built (dissolved, or moved out of the election's ward): never read.
NOTHING = Figures(ResultState.PENDING, False, 0, 0, False, None, None, None, ())


def lean_rows(ward_ids: list[int], elections: dict, election_ids: list[int], counted: set[int],
              recognition_days: int, election_of: dict[int, int] | None = None) -> dict[int, list[TdpRow]]:
    """Per ward, the rows of the `counted` TDPs as far as the headline counters read them: the same seat, result
    and present logic as the ward dashboard (stages.tdp_row), from the results alone (no candidates, lists or
    print runs; no winners' names), in five lean statements. Their stages are not filled in: these rows are
    never shown, only counted. `election_of` (TDP → election) keeps each TDP's rounds of that election only."""
    tally, outcome = ContestTally.result, ContestTally.result["outcome"].as_string()
    stmt = (select(Contest.round_id, ElectionRound.tdp_id, ElectionRound.number, ElectionRound.vote_date,
                   Contest.position, ContestTally.status, outcome, tally["next_step"].as_string(),
                   tally["rerun_deadline"].as_string(), tally["present"].as_integer(), ResultsPackage.id,
                   ResultsPackage.outcome, ResultsPackage.next_step, ResultsPackage.rerun_deadline,
                   ResultsPackage.present, ElectionRound.election_id)
            .join(ElectionRound, Contest.round_id == ElectionRound.id)
            .outerjoin(ContestTally, ContestTally.contest_id == Contest.id)
            .outerjoin(ResultsPackage, ResultsPackage.contest_id == Contest.id)
            .where(within(ElectionRound.election_id, election_ids), Contest.position != Position.QUESTION))
    whole = len(counted) > WHOLE_WARDS_ABOVE
    if not whole:
        stmt = stmt.where(within(ElectionRound.tdp_id, sorted(counted)))
    by_round: dict[int, list] = defaultdict(list)
    for row in queries._execute(stmt):
        if row[1] in counted and (election_of is None or election_of[row[1]] == row[15]):
            by_round[row[0]].append(row)
    ids = None if whole else sorted(counted)
    present = queries.present_by_round(election_ids, ids)
    reruns = queries.rerun_kinds(election_ids, ids)
    recognised = {tdp: on for tdp, on, election in queries._execute(
        select(Recognition.tdp_id, Recognition.recognised_on, Recognition.election_id)
        .where(within(Recognition.election_id, election_ids))) if election_of is None or election_of.get(tdp) == election}
    rounds_of: dict[int, list[RoundFacts]] = defaultdict(list)
    for round_id, rows in sorted(by_round.items(), key=lambda item: item[1][0][2]):
        contests = []
        for (_r, _t, _n, _d, position, status, t_outcome, t_step, t_deadline, t_present, package, p_outcome, p_step,
             p_deadline, p_present, _e) in sorted(rows, key=lambda r: r[4] != Position.LEADER):
            if status is TallyStatus.FINAL and t_outcome is not None:  # a locked count first, as contest_rows
                extra = {"source": "count", "outcome": t_outcome, "next_step": t_step, "present": t_present,
                         "rerun_deadline": date.fromisoformat(t_deadline) if t_deadline else None}
            elif package is not None:
                extra = {"source": "package", "outcome": p_outcome, "next_step": p_step, "present": p_present,
                         "rerun_deadline": p_deadline}
            else:
                extra = {}
            contests.append(ContestFacts(position.value, 0, 0, None, 0, **extra))
        first = rows[0]
        rounds_of[first[1]].append(RoundFacts(first[2], first[3], present.get(round_id, 0), tuple(contests),
                                              reruns.get(round_id), round_id))
    found: dict[int, list[TdpRow]] = defaultdict(list)
    for tdp_id, ward_id, number, name, households in queries.tdps_with_households(ward_ids, ids):
        if tdp_id in counted:
            facts = TdpFacts(tdp_id, number, name, households, None, tuple(rounds_of.get(tdp_id, ())),
                             recognised.get(tdp_id))
            found[ward_id].append(tdp_row(facts, get_rule_set(elections[ward_id].rule_set_id), recognition_days))
    return found


def _build(pairs: list[tuple[int, int, int]]) -> int:
    """Compute and store the figures of these (election id, TDP id, stamp) summaries; a summary whose stamp moved
    meanwhile is left stale. Each TDP once per pass (its rounds of one election)."""
    done = 0
    while pairs:
        seen: set[int] = set()
        now, later = [], []
        for pair in pairs:
            (later if pair[1] in seen else now).append(pair)
            seen.add(pair[1])
        elections = {e.id: e for e in db.session.scalars(select(Election).where(within(Election.id,
                                                                                       {p[0] for p in now})))}
        by_ward = {e.ward_id: e for e in elections.values()}
        election_of = {tdp: election for election, tdp, _stamp in now}
        rows = lean_rows(sorted(by_ward), by_ward, sorted(elections), set(election_of), DEFAULT_RECOGNITION_DAYS,
                         election_of)
        figures = {}
        for ward_id, ward_rows in rows.items():
            for row in ward_rows:
                if by_ward[ward_id].id == election_of[row.id]:  # a TDP that left the election's ward: NOTHING
                    figures[row.id] = Figures.of(row)
        stmt = (update(TdpSummary).where(TdpSummary.election_id == bindparam("e"), TdpSummary.tdp_id == bindparam("t"),
                                         TdpSummary.stamp == bindparam("s"))
                .values(built=bindparam("s"), **{k: bindparam(f"v_{k}", type_=TdpSummary.__table__.c[k].type)
                                                   for k in NOTHING.values()}))
        params = [{"e": e, "t": t, "s": s, **{f"v_{k}": v for k, v in figures.get(t, NOTHING).values().items()}}
                  for e, t, s in now]
        db.session.connection().execute(stmt, params)
        done += len(now)
        pairs = later
    return done


def refresh(tdp_ids: set[int] | None = None, round_ids: set[int] | None = None,
            contest_ids: set[int] | None = None, limit: int | None = None) -> int:
    """Rebuild the stale summaries of these TDPs (of their rounds, of their contests; every stale summary when
    none is given), in the session's transaction. Returns how many were built."""
    stmt = select(TdpSummary.election_id, TdpSummary.tdp_id, TdpSummary.stamp).where(STALE)
    if tdp_ids is not None or round_ids is not None or contest_ids is not None:
        of = [TdpSummary.tdp_id.in_(select(ElectionRound.tdp_id).where(within(ElectionRound.id, round_ids or []))),
              TdpSummary.tdp_id.in_(select(ElectionRound.tdp_id).join(Contest, Contest.round_id == ElectionRound.id)
                                    .where(within(Contest.id, contest_ids or [])))]
        stmt = stmt.where(or_(within(TdpSummary.tdp_id, tdp_ids or []), *of))
    stmt = stmt.order_by(TdpSummary.election_id, TdpSummary.tdp_id).limit(limit)
    if db.session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)  # a summary another writer holds: left stale, not waited on
    return _build([tuple(row) for row in queries._execute(stmt)])


def refresh_all() -> int:
    """Every stale summary, in batches committed one by one."""
    total = 0
    while built := refresh(limit=BATCH):
        db.session.commit()
        total += built
    return total


#: What a summary rests on, and how an object names its TDP, round or contest.
_WATCHED = {ElectionRound: ("tdp", "tdp_id"), Recognition: ("tdp", "tdp_id"), ResultsPackage: ("tdp", "tdp_id"),
            RerunReason: ("round", "round_id"), Contest: ("round", "round_id"), ContestTally: ("contest", "contest_id")}


@event.listens_for(Session, "after_flush")
def _note(session: Session, _context) -> None:
    touched = session.info.setdefault("summaries", {"tdp": set(), "round": set(), "contest": set()})
    for obj in (*session.new, *session.dirty, *session.deleted):
        watched = _WATCHED.get(type(obj))
        if watched and (value := getattr(obj, watched[1], None)) is not None:
            touched[watched[0]].add(value)
    if not any(touched.values()):
        session.info.pop("summaries")


@event.listens_for(Session, "before_commit")
def _refresh_touched(session: Session) -> None:
    """Whatever commits a change to a summary's facts refreshes it in the same transaction (after the last
    flush, which may touch more)."""
    if "summaries" not in session.info and not (session.new or session.dirty or session.deleted):
        return
    session.flush()
    touched = session.info.pop("summaries", None)
    if touched and has_app_context() and session is db.session():
        try:
            with session.begin_nested():  # a failure leaves the summaries stale (rebuilt on view), never the commit
                refresh(touched["tdp"], touched["round"], touched["contest"])
        except Exception:  # noqa: BLE001  (logged; the dashboard rebuilds a stale summary itself)
            current_app.logger.exception("Không tính lại được số liệu tóm tắt của các tổ; trang tổng quan tự tính.")


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop("summaries", None)


dashboard_cli = AppGroup("dashboard", help="Bảng theo dõi.")


@dashboard_cli.command("summaries")
@cli_permission("ops.backup")
def summaries_command() -> None:
    """Tính lại số liệu tóm tắt của các tổ (sau khi nạp dữ liệu hàng loạt hoặc khôi phục)."""
    click.echo(f"Đã tính lại {refresh_all()} tổ.")
