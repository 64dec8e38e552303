"""The dashboard of a whole city or province: one summary per ward and a page of TDP rows, never 20,000 rows.

A TDP with nothing but a first round still to count (no result locked or imported, no re-run round or reason,
no recognition) can only be "chưa có kết quả": its figures are its active households and the households
present at its one meeting, both counters the database keeps (app/dashboard/models.py). Those TDPs are added
up per ward in SQL. The others (the few with a result on election day, most of them the day after) go through
the ward dashboard's own seat, result and present logic (stages.tdp_row) from their results alone; the page's
TDPs get their full rows (services.build). So the city's figures are the ward dashboards' figures added up,
whatever the state: tests/dashboard/test_city.py and bench/city_dashboard.py check it against building
every TDP's row.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func, select, union

from app.dashboard import queries
from app.dashboard.models import HouseholdCount, PresentCount
from app.dashboard.queries import within
from app.dashboard.services import DEFAULT_RECOGNITION_DAYS, build
from app.dashboard.stages import ContestFacts, Counters, RoundFacts, TdpFacts, TdpRow, counters, tdp_row
from app.elections.models import Contest, ElectionRound, Position
from app.results.models import Recognition, RerunReason, ResultsPackage
from app.rules import get_rule_set
from app.tally.models import ContestTally, TallyStatus
from app.wards.models import Tdp, Ward

#: TDP rows on one page of the city dashboard.
PAGE_SIZE = 50
#: Above this many TDPs with a result, read the elections' results whole and keep those wanted (no IN list of
#: 20,000 ids).
WHOLE_WARDS_ABOVE = 2_000


@dataclass(frozen=True)
class WardSummary:
    ward_id: int
    name: str
    election_id: int
    #: the ward dashboard's headline counters; `awaiting` holds rows for the counters only (seats, result,
    #: deadline, number and name; their stages are not filled in)
    counters: Counters


@dataclass(frozen=True)
class CityDashboard:
    wards: list[WardSummary]  #: by ward id
    counters: Counters  #: the whole city
    rows: list[TdpRow]  #: the page of TDPs, by ward then number
    ward_of: dict[int, int]  #: TDP id → ward id, for the page's rows
    matching: int  #: TDPs matching the filter, over every page
    page: int
    pages: int


def _counted_query(elections):
    """TDPs that need the ward dashboard's logic: more than one round, any result locked or
    imported (a count marked final counts, as present_by_round treats it), a re-run reason, a recognition."""
    rounds = select(ElectionRound.id, ElectionRound.tdp_id).where(within(ElectionRound.election_id, elections)).subquery()
    # more than one round, with contests or not: a superset is safe (the logic is exact for any TDP), and it
    # spares grouping every contest of the city
    with_contests = select(rounds.c.tdp_id).group_by(rounds.c.tdp_id).having(func.count() > 1)
    locked = (select(rounds.c.tdp_id).join(Contest, Contest.round_id == rounds.c.id)
              .join(ContestTally, ContestTally.contest_id == Contest.id).where(ContestTally.status == TallyStatus.FINAL))
    by_contest = (select(rounds.c.tdp_id).join(Contest, Contest.round_id == rounds.c.id)
                  .join(ResultsPackage, ResultsPackage.contest_id == Contest.id))
    by_round = select(rounds.c.tdp_id).join(ResultsPackage, ResultsPackage.round_id == rounds.c.id)
    rerun = select(rounds.c.tdp_id).join(RerunReason, RerunReason.round_id == rounds.c.id)
    recognised = select(Recognition.tdp_id).where(within(Recognition.election_id, elections))
    return union(with_contests, locked, by_contest, by_round, rerun, recognised)


def _uncounted(ward_ids: list[int], elections, counted: set[int]) -> dict[int, tuple[int, int, int]]:
    """Per ward, over its TDPs that are not `counted`: (TDPs, active households, households present), in SQL.
    Such a TDP has at most one round with contests and nothing locked, so its present is that round's counter.
    Two plain joins on primary keys, grouped by ward: no join to a grouped subquery, which PostgreSQL may plan
    as a nested loop over 20,000 × 20,000 rows before ANALYZE has run on a freshly loaded city (90 s seen)."""
    plain = [within(Tdp.ward_id, ward_ids), Tdp.dissolved_on.is_(None)]
    if len(counted) > WHOLE_WARDS_ABOVE:  # no IN list of thousands of ids: the database finds them again
        plain.append(Tdp.id.not_in(_counted_query(elections).subquery().select()))
    elif counted:
        plain.append(within(Tdp.id, sorted(counted), negate=True))
    households = (select(Tdp.ward_id, func.count(), func.coalesce(func.sum(HouseholdCount.active), 0))
                  .outerjoin(HouseholdCount, HouseholdCount.tdp_id == Tdp.id).where(*plain).group_by(Tdp.ward_id))
    present = (select(Tdp.ward_id, func.coalesce(func.sum(PresentCount.present), 0))
               .select_from(PresentCount).join(ElectionRound, ElectionRound.id == PresentCount.round_id)
               .join(Tdp, Tdp.id == ElectionRound.tdp_id)
               .where(*plain, within(ElectionRound.election_id, elections),
                      select(Contest.id).where(Contest.round_id == ElectionRound.id).exists())
               .group_by(Tdp.ward_id))
    there = dict(queries._execute(present).all())
    return {ward: (int(n), int(active), int(there.get(ward, 0))) for ward, n, active in queries._execute(households)}


def _lean_rows(ward_ids: list[int], elections: dict, election_ids: list[int], counted: set[int],
               recognition_days: int) -> dict[int, list[TdpRow]]:
    """Per ward, the rows of the `counted` TDPs as far as the headline counters read them: the same seat, result
    and present logic as the ward dashboard (stages.tdp_row), from the results alone (no candidates, lists or
    print runs; no winners' names), so a city the day after costs five lean statements and no JSON parsed in
    Python. Their stages are not filled in: these rows are never shown, only counted."""
    tally, outcome = ContestTally.result, ContestTally.result["outcome"].as_string()
    stmt = (select(Contest.round_id, ElectionRound.tdp_id, ElectionRound.number, ElectionRound.vote_date,
                   Contest.position, ContestTally.status, outcome, tally["next_step"].as_string(),
                   tally["rerun_deadline"].as_string(), tally["present"].as_integer(), ResultsPackage.id,
                   ResultsPackage.outcome, ResultsPackage.next_step, ResultsPackage.rerun_deadline,
                   ResultsPackage.present)
            .join(ElectionRound, Contest.round_id == ElectionRound.id)
            .outerjoin(ContestTally, ContestTally.contest_id == Contest.id)
            .outerjoin(ResultsPackage, ResultsPackage.contest_id == Contest.id)
            .where(within(ElectionRound.election_id, election_ids), Contest.position != Position.QUESTION))
    if len(counted) <= WHOLE_WARDS_ABOVE:
        stmt = stmt.where(within(ElectionRound.tdp_id, sorted(counted)))
    by_round: dict[int, list] = defaultdict(list)
    for row in queries._execute(stmt):
        if row[1] in counted:
            by_round[row[0]].append(row)
    ids = None if len(counted) > WHOLE_WARDS_ABOVE else sorted(counted)
    present = queries.present_by_round(election_ids, ids)
    reruns = queries.rerun_kinds(election_ids, ids)
    recognised = dict(queries._execute(select(Recognition.tdp_id, Recognition.recognised_on)
                                       .where(within(Recognition.election_id, election_ids))).all())
    rounds_of: dict[int, list[RoundFacts]] = defaultdict(list)
    for round_id, rows in sorted(by_round.items(), key=lambda item: item[1][0][2]):
        contests = []
        for (_r, _t, _n, _d, position, status, t_outcome, t_step, t_deadline, t_present, package, p_outcome, p_step,
             p_deadline, p_present) in sorted(rows, key=lambda r: r[4] != Position.LEADER):
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


def _page(ward_ids: list[int], search: str, page: int, size: int) -> tuple[dict[int, int], int]:
    """The page's TDPs (id → ward id, by ward then number) and how many TDPs match."""
    where = [within(Tdp.ward_id, ward_ids), Tdp.dissolved_on.is_(None)]
    text = search.strip()
    if text.isdigit():
        where.append(Tdp.number == int(text))
    elif text:
        where.append(func.lower(Tdp.name).contains(text.lower(), autoescape=True))
    matching = queries._execute(select(func.count()).select_from(Tdp).where(*where)).scalar_one()
    ids = queries._execute(select(Tdp.id, Tdp.ward_id).where(*where).order_by(Tdp.ward_id, Tdp.number)
                           .limit(size).offset((page - 1) * size)).all()
    return dict(ids), int(matching)


def _add(a: Counters, b: Counters) -> Counters:
    return Counters(tdps=a.tdps + b.tdps, elected=a.elected + b.elected, present=a.present + b.present,
                    electorate=a.electorate + b.electorate, reruns=a.reruns + b.reruns,
                    rule_breach_reruns=a.rule_breach_reruns + b.rule_breach_reruns,
                    recognised=a.recognised + b.recognised,
                    awaiting=tuple(sorted(a.awaiting + b.awaiting, key=lambda r: (r.rerun_deadline or date.max, r.number))),
                    complete=a.complete + b.complete)


EMPTY = counters([])


def city_dashboard(ward_ids: list[int], *, search: str = "", ward_id: int | None = None, page: int = 1,
                   page_size: int = PAGE_SIZE, recognition_days: int = DEFAULT_RECOGNITION_DAYS) -> CityDashboard:
    """Every ward's headline counters and the city's, and one page of TDP rows (those of `ward_id` when given,
    whose name contains `search` or whose number it is). Wards without an election are left out."""
    elections = {e.ward_id: e for e in queries.latest_elections(ward_ids).values()}
    ward_ids = sorted(elections)
    election_ids = [e.id for e in elections.values()]
    if not election_ids:
        return CityDashboard([], EMPTY, [], {}, 0, 1, 1)
    counted = set(queries._execute(_counted_query(election_ids)).scalars())
    plain = _uncounted(ward_ids, election_ids, counted)
    shown = [ward_id] if ward_id in elections else ward_ids
    page_of, matching = _page(shown, search, max(1, page), page_size)
    page_ids = list(page_of)
    by_ward = _lean_rows(ward_ids, elections, election_ids, counted, recognition_days) if counted else {}
    # only the page's wards: their elections, not the city's 500
    board = build(sorted(set(page_of.values())), page_ids, recognition_days=recognition_days) if page_ids else None
    rows = {row.id: row for row in board.rows} if board else {}
    names = dict(queries._execute(select(Ward.id, Ward.name).where(within(Ward.id, ward_ids))).all())
    summaries, total = [], EMPTY
    for ward in ward_ids:
        n, households, present = plain.get(ward, (0, 0, 0))
        ward_counters = _add(counters(by_ward.get(ward, [])), replace(EMPTY, tdps=n, electorate=households,
                                                                      present=present))
        summaries.append(WardSummary(ward, names.get(ward, ""), elections[ward].id, ward_counters))
        total = _add(total, ward_counters)
    size = max(1, page_size)
    return CityDashboard(summaries, total, [rows[i] for i in page_ids if i in rows],
                         {i: board.ward_of[i] for i in page_ids if i in rows} if board else {}, matching,
                         max(1, page), max(1, -(-matching // size)))

