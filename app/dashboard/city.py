"""The dashboard of a whole city or province: one summary per ward and a page of TDP rows, never 20,000 rows.

A TDP with nothing but a first round still to count (no result locked or imported, no re-run round or reason,
no recognition) can only be "chưa có kết quả": its figures are its active households and the households
present at its one meeting, both counters the database keeps (app/dashboard/models.py). Those TDPs are added
up per ward in SQL. Only the others (the few with a result on election day) and the TDPs of the page shown go
through the ward dashboard's own logic (services.build), so the city's figures are the ward dashboards'
figures added up, whatever the state (tests/dashboard/test_city.py checks this against building every TDP).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import distinct, func, select, union

from app.dashboard import queries
from app.dashboard.models import HouseholdCount, PresentCount
from app.dashboard.services import DEFAULT_RECOGNITION_DAYS, build
from app.dashboard.stages import Counters, TdpRow, counters
from app.elections.models import Contest, ElectionRound
from app.results.models import Recognition, RerunReason, ResultsPackage
from app.tally.models import ContestTally, TallyStatus
from app.wards.models import Tdp, Ward

#: TDP rows on one page of the city dashboard.
PAGE_SIZE = 50
#: Above this many TDPs to build, build the wards whole and keep the rows wanted (no IN list of 20,000 ids).
WHOLE_WARDS_ABOVE = 2_000


@dataclass(frozen=True)
class WardSummary:
    ward_id: int
    name: str
    election_id: int
    counters: Counters  #: the ward dashboard's headline counters (awaiting: only the TDPs waiting for a re-run)


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
    """TDPs that need the ward dashboard's logic: more than one round with contests, any result locked or
    imported (a count marked final counts, as present_by_round treats it), a re-run reason, a recognition."""
    rounds = select(ElectionRound.id, ElectionRound.tdp_id).where(ElectionRound.election_id.in_(elections)).subquery()
    with_contests = (select(rounds.c.tdp_id).join(Contest, Contest.round_id == rounds.c.id).group_by(rounds.c.tdp_id)
                     .having(func.count(distinct(rounds.c.id)) > 1))
    locked = (select(rounds.c.tdp_id).join(Contest, Contest.round_id == rounds.c.id)
              .join(ContestTally, ContestTally.contest_id == Contest.id).where(ContestTally.status == TallyStatus.FINAL))
    by_contest = (select(rounds.c.tdp_id).join(Contest, Contest.round_id == rounds.c.id)
                  .join(ResultsPackage, ResultsPackage.contest_id == Contest.id))
    by_round = select(rounds.c.tdp_id).join(ResultsPackage, ResultsPackage.round_id == rounds.c.id)
    rerun = select(rounds.c.tdp_id).join(RerunReason, RerunReason.round_id == rounds.c.id)
    recognised = select(Recognition.tdp_id).where(Recognition.election_id.in_(elections))
    return union(with_contests, locked, by_contest, by_round, rerun, recognised)


def _uncounted(ward_ids: list[int], elections, counted: set[int]) -> dict[int, tuple[int, int, int]]:
    """Per ward, over its TDPs that are not `counted`: (TDPs, active households, households present), in SQL.
    Such a TDP has at most one round with contests and nothing locked, so its present is that round's counter."""
    meeting = (select(ElectionRound.tdp_id, func.sum(PresentCount.present).label("present"))
               .join(PresentCount, PresentCount.round_id == ElectionRound.id)
               .where(ElectionRound.election_id.in_(elections), ElectionRound.id.in_(select(Contest.round_id)))
               .group_by(ElectionRound.tdp_id).subquery())
    stmt = (select(Tdp.ward_id, func.count(), func.coalesce(func.sum(HouseholdCount.active), 0),
                   func.coalesce(func.sum(meeting.c.present), 0))
            .outerjoin(HouseholdCount, HouseholdCount.tdp_id == Tdp.id)
            .outerjoin(meeting, meeting.c.tdp_id == Tdp.id)
            .where(Tdp.ward_id.in_(ward_ids), Tdp.dissolved_on.is_(None))
            .group_by(Tdp.ward_id))
    if len(counted) > WHOLE_WARDS_ABOVE:  # no IN list of thousands of ids: the database finds them again
        stmt = stmt.where(Tdp.id.not_in(_counted_query(elections).subquery().select()))
    elif counted:
        stmt = stmt.where(Tdp.id.not_in(sorted(counted)))
    return {ward: (int(n), int(households), int(present)) for ward, n, households, present in queries._execute(stmt)}


def _page(ward_ids: list[int], search: str, page: int, size: int) -> tuple[list[int], int]:
    """The ids of the page's TDPs (by ward, then number) and how many TDPs match."""
    where = [Tdp.ward_id.in_(ward_ids), Tdp.dissolved_on.is_(None)]
    text = search.strip()
    if text.isdigit():
        where.append(Tdp.number == int(text))
    elif text:
        where.append(func.lower(Tdp.name).contains(text.lower(), autoescape=True))
    matching = queries._execute(select(func.count()).select_from(Tdp).where(*where)).scalar_one()
    ids = queries._execute(select(Tdp.id).where(*where).order_by(Tdp.ward_id, Tdp.number)
                           .limit(size).offset((page - 1) * size)).scalars().all()
    return list(ids), int(matching)


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
    page_ids, matching = _page(shown, search, max(1, page), page_size)
    wanted = counted | set(page_ids)
    board = build(ward_ids, None if len(wanted) > WHOLE_WARDS_ABOVE else sorted(wanted),
                  recognition_days=recognition_days)
    by_ward: dict[int, list[TdpRow]] = defaultdict(list)
    rows: dict[int, TdpRow] = {}
    for row in board.rows:
        if row.id in counted:
            by_ward[board.ward_of[row.id]].append(row)
        rows[row.id] = row
    names = dict(queries._execute(select(Ward.id, Ward.name).where(Ward.id.in_(ward_ids))).all())
    summaries, total = [], EMPTY
    for ward in ward_ids:
        n, households, present = plain.get(ward, (0, 0, 0))
        ward_counters = _add(counters(by_ward.get(ward, [])), replace(EMPTY, tdps=n, electorate=households,
                                                                      present=present))
        summaries.append(WardSummary(ward, names.get(ward, ""), elections[ward].id, ward_counters))
        total = _add(total, ward_counters)
    size = max(1, page_size)
    return CityDashboard(summaries, total, [rows[i] for i in page_ids if i in rows],
                         {i: board.ward_of[i] for i in page_ids if i in rows}, matching,
                         max(1, page), max(1, -(-matching // size)))

