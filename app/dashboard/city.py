"""The dashboard of a whole city or province: one summary per ward and a page of TDP rows, never 20,000 rows.

A TDP with nothing but a first round still to count (no result locked or imported, no re-run round or reason,
no recognition) can only be "chưa có kết quả": its figures are its active households and the households
present at its one meeting, both counters the database keeps (app/dashboard/models.py). Those TDPs are added
up per ward in SQL. The others (the few with a result on election day, most of them the day after) have a
summary (tdp_summaries): the ward dashboard's own seat, result and present figures for the TDP, stored by the
commit that changed its facts (app/dashboard/summaries.py) and read as one row per TDP; a summary not built
at its current stamp is rebuilt in memory by the same logic (stages.tdp_row) from the results alone. The
page's TDPs get their full rows (services.build). So the city's figures are the ward dashboards' figures added
up, whatever the state: tests/dashboard/test_city.py and bench/city_dashboard.py check it against building
every TDP's row.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, select

from app.dashboard import queries
from app.dashboard.models import HouseholdCount, PresentCount, TdpSummary
from app.dashboard.queries import within
from app.dashboard.services import DEFAULT_RECOGNITION_DAYS, build
from app.dashboard.stages import Counters, ResultState, TdpRow, counters
from app.dashboard.summaries import Figures, lean_rows
from app.elections.models import Contest, Election, ElectionRound
from app.wards.models import Tdp, Ward

#: TDP rows on one page of the city dashboard.
PAGE_SIZE = 50


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


def _summaries(ward_ids: list[int], election_ids: list[int]):
    """Two statements over the summaries of the wards' TDPs in the elections (app/dashboard/summaries.py):
    per ward, the totals of those that can be added up as stored (built at their current stamp, of the
    election of the TDP's own ward and no other of the city's, not awaiting a re-run); and every other one as a
    row (ward, TDP id, number, name, households, whether usable, its figures): the awaiting ones to list, the
    stale ones to rebuild. The two parts are disjoint and cover every summary."""
    # a TDP with rounds in two of the city's elections (moved between wards): rebuilt, as the ward dashboard
    # merges them; found in one pass, not by a probe per summary (200 ms at 20,000 TDPs)
    twice = list(queries._execute(select(TdpSummary.tdp_id).where(within(TdpSummary.election_id, election_ids))
                                  .group_by(TdpSummary.tdp_id).having(func.count() > 1)).scalars())
    usable = and_(TdpSummary.built.is_not(None), TdpSummary.built == TdpSummary.stamp,  # never NULL: see ~plain
                  Election.ward_id == Tdp.ward_id, *([within(TdpSummary.tdp_id, twice, negate=True)] if twice else []))
    plain = and_(usable, func.coalesce(TdpSummary.result, "") != ResultState.RERUN_PENDING.value)
    households = func.coalesce(HouseholdCount.active, 0)

    def base(*columns):
        return (select(*columns).select_from(TdpSummary).join(Tdp, Tdp.id == TdpSummary.tdp_id)
                .join(Election, Election.id == TdpSummary.election_id)
                .outerjoin(HouseholdCount, HouseholdCount.tdp_id == Tdp.id)
                .where(within(TdpSummary.election_id, election_ids), within(Tdp.ward_id, ward_ids),
                       Tdp.dissolved_on.is_(None)))

    def count(condition):
        return func.sum(case((condition, 1), else_=0))

    totals = (base(Tdp.ward_id, func.count(), func.sum(households), count(TdpSummary.leader_elected.is_(True)),
                   func.sum(TdpSummary.present), count(TdpSummary.reruns > 0), count(TdpSummary.rule_breach.is_(True)),
                   count(TdpSummary.recognised_on.is_not(None)),
                   count(TdpSummary.result == ResultState.ELECTED.value))
              .where(plain).group_by(Tdp.ward_id))
    rows = base(Tdp.ward_id, TdpSummary.tdp_id, Tdp.number, Tdp.name, households, usable, TdpSummary.result,
                TdpSummary.leader_elected, TdpSummary.present, TdpSummary.reruns, TdpSummary.rule_breach,
                TdpSummary.recognised_on, TdpSummary.rerun_deadline, TdpSummary.round_number,
                TdpSummary.seats).where(~plain)
    return ({ward: tuple(int(x or 0) for x in figures) for ward, *figures in queries._execute(totals)},
            queries._execute(rows).all())


def _uncounted(ward_ids: list[int], elections: list[int]) -> dict[int, tuple[int, int, int]]:
    """Per ward, over its TDPs without a summary (app/dashboard/summaries.py): (TDPs, active households,
    households present), in SQL. Such a TDP has at most one round with contests and nothing locked, imported,
    re-run or recognised (the triggers give any other a summary), so its present is that round's counter.
    Two plain joins on primary keys, grouped by ward: no join to a grouped subquery, which PostgreSQL may plan
    as a nested loop over 20,000 × 20,000 rows before ANALYZE has run on a freshly loaded city (90 s seen)."""
    summarised = (select(TdpSummary.tdp_id).where(TdpSummary.tdp_id == Tdp.id, within(TdpSummary.election_id, elections))
                  .exists())
    plain = [within(Tdp.ward_id, ward_ids), Tdp.dissolved_on.is_(None), ~summarised]
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


def _counted(ward_ids: list[int], elections: dict, election_ids: list[int],
             recognition_days: int) -> tuple[dict[int, tuple], dict[int, list[tuple[Figures, int, str, int, int]]]]:
    """Per ward, the totals of its summaries added up as stored, and (figures, TDP id, name, number, households)
    of the others: an awaiting TDP's as stored, a stale one's rebuilt in memory by the same lean logic, over
    every election of the city as the ward dashboard does."""
    totals, rows = _summaries(ward_ids, election_ids)
    found: dict[int, list] = defaultdict(list)
    stale: set[int] = set()
    for ward_id, tdp_id, number, name, households, usable, *figures in rows:
        if usable:
            found[ward_id].append((Figures.stored(*figures), tdp_id, name, number, households))
        else:
            stale.add(tdp_id)
    if stale:
        for ward_id, lean in lean_rows(ward_ids, elections, election_ids, stale, recognition_days).items():
            found[ward_id] += [(Figures.of(r), r.id, r.name, r.number, r.households) for r in lean]
    return totals, found


def _ward_counters(plain: tuple[int, int, int], totals: tuple, counted: list[tuple[Figures, int, str, int, int]]
                   ) -> Counters:
    """stages.counters over the ward's rows: the plain TDPs' totals, the stored summaries' totals, plus each
    listed summary's figures."""
    n, households, present = plain
    t_n, t_households, t_elected, t_present, t_reruns, t_breach, t_recognised, t_complete = totals or (0,) * 8
    awaiting = sorted((f.row(tdp_id, number, name, h) for f, tdp_id, name, number, h in counted
                       if f.result is ResultState.RERUN_PENDING),
                      key=lambda r: (r.rerun_deadline or date.max, r.number))
    return Counters(
        tdps=n + t_n + len(counted), elected=t_elected + sum(f.leader_elected for f, *_ in counted),
        present=present + t_present + sum(f.present for f, *_ in counted),
        electorate=households + t_households + sum(c[4] for c in counted),
        reruns=t_reruns + sum(1 for f, *_ in counted if f.reruns),
        rule_breach_reruns=t_breach + sum(f.rule_breach for f, *_ in counted),
        recognised=t_recognised + sum(f.recognised_on is not None for f, *_ in counted), awaiting=tuple(awaiting),
        complete=t_complete + sum(f.result is ResultState.ELECTED for f, *_ in counted))


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


def _total(parts: list[Counters]) -> Counters:
    return Counters(tdps=sum(c.tdps for c in parts), elected=sum(c.elected for c in parts),
                    present=sum(c.present for c in parts), electorate=sum(c.electorate for c in parts),
                    reruns=sum(c.reruns for c in parts), rule_breach_reruns=sum(c.rule_breach_reruns for c in parts),
                    recognised=sum(c.recognised for c in parts),
                    awaiting=tuple(sorted((r for c in parts for r in c.awaiting),
                                          key=lambda r: (r.rerun_deadline or date.max, r.number))),
                    complete=sum(c.complete for c in parts))


EMPTY = counters([])


def city_dashboard(ward_ids: list[int], *, search: str = "", ward_id: int | None = None, page: int = 1,
                   page_size: int = PAGE_SIZE, recognition_days: int = DEFAULT_RECOGNITION_DAYS) -> CityDashboard:
    """Every ward's headline counters and the city's, and one page of TDP rows (those of `ward_id` when given,
    whose name contains `search` or whose number it is). Wards without an election are left out."""
    queries.plan_each_call()
    elections = {e.ward_id: e for e in queries.latest_elections(ward_ids).values()}
    ward_ids = sorted(elections)
    election_ids = [e.id for e in elections.values()]
    if not election_ids:
        return CityDashboard([], EMPTY, [], {}, 0, 1, 1)
    plain = _uncounted(ward_ids, election_ids)
    totals, by_ward = _counted(ward_ids, elections, election_ids, recognition_days)
    shown = [ward_id] if ward_id in elections else ward_ids
    page_of, matching = _page(shown, search, max(1, page), page_size)
    page_ids = list(page_of)
    # only the page's wards: their elections, not the city's 500
    board = build(sorted(set(page_of.values())), page_ids, recognition_days=recognition_days) if page_ids else None
    rows = {row.id: row for row in board.rows} if board else {}
    names = dict(queries._execute(select(Ward.id, Ward.name).where(within(Ward.id, ward_ids))).all())
    summaries = [WardSummary(ward, names.get(ward, ""), elections[ward].id,
                             _ward_counters(plain.get(ward, (0, 0, 0)), totals.get(ward), by_ward.get(ward, [])))
                 for ward in ward_ids]
    size = max(1, page_size)
    return CityDashboard(summaries, _total([w.counters for w in summaries]), [rows[i] for i in page_ids if i in rows],
                         {i: board.ward_of[i] for i in page_ids if i in rows} if board else {}, matching,
                         max(1, page), max(1, -(-matching // size)))

