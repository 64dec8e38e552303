"""Dự toán kinh phí: ballots and paper from the print runs (or, before printing, the electorate plus the
usual spare), one meeting per round held, decoration per TDP and for the ward, at editable unit costs."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import func, select

from app.audit.services import record
from app.core.db import utcnow
from app.dashboard.queries import tdps_with_households
from app.elections.models import Contest, Election, ElectionRound
from app.extensions import db
from app.printing.models import PrintRun
from app.printing.services import default_quantity
from app.reports.models import BudgetSettings

#: The editable unit costs, in form order, with their Vietnamese names.
COST_FIELDS = {
    "ballot_unit_cost": "In một phiếu bầu",
    "paper_sheet_cost": "Một tờ giấy A4 (2 phiếu A5)",
    "meeting_per_tdp": "Một hội nghị bầu cử của tổ",
    "decoration_per_tdp": "Trang trí hội nghị của một tổ",
    "ward_decoration": "Trang trí, khẩu hiệu của phường",
}


@dataclass(frozen=True)
class Line:
    label: str
    quantity: int
    unit: str
    unit_cost: int
    note: str = ""

    @property
    def amount(self) -> int:
        return self.quantity * self.unit_cost


@dataclass(frozen=True)
class TdpCost:
    number: int
    name: str
    ballots: int
    planned: bool  #: nothing printed yet: the electorate plus spare, per contest
    meetings: int
    amount: int


@dataclass(frozen=True)
class Estimate:
    settings: BudgetSettings
    lines: list[Line]
    tdps: list[TdpCost]

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)


def settings_for(election: Election) -> BudgetSettings:
    """The election's unit costs; the defaults (not stored) until someone saves them."""
    row = db.session.get(BudgetSettings, election.id)
    if row is None:
        row = BudgetSettings(election_id=election.id, **{name: BudgetSettings.__table__.c[name].default.arg
                                                          for name in COST_FIELDS})
    return row


def save_settings(actor, election: Election, costs: dict[str, int]) -> BudgetSettings:
    """Store the unit costs (whole đồng, not negative: the form checks). Audited; flushes."""
    row = db.session.get(BudgetSettings, election.id)
    before = None if row is None else {name: getattr(row, name) for name in COST_FIELDS}
    if row is None:
        row = BudgetSettings(election_id=election.id)
        db.session.add(row)
    for name in COST_FIELDS:
        setattr(row, name, int(costs[name]))
    row.updated_at, row.updated_by_id = utcnow(), getattr(actor, "id", None)
    db.session.flush()
    record(actor, "budget.save", "election", election.id, before=before, after={n: costs[n] for n in COST_FIELDS})
    return row


def estimate(election: Election) -> Estimate:
    """The cost estimate in three aggregate statements (TDPs, printed ballots per contest, contests)."""
    settings = settings_for(election)
    tdps = tdps_with_households([election.ward_id], None)
    printed = dict(db.session.execute(
        select(PrintRun.contest_id, func.sum(PrintRun.quantity)).join(Contest, PrintRun.contest_id == Contest.id)
        .join(ElectionRound, Contest.round_id == ElectionRound.id).where(ElectionRound.election_id == election.id)
        .group_by(PrintRun.contest_id)).all())
    contests: dict[int, list[tuple[int, int]]] = {}
    for contest_id, tdp_id, round_id in db.session.execute(
            select(Contest.id, ElectionRound.tdp_id, ElectionRound.id)
            .join(ElectionRound, Contest.round_id == ElectionRound.id)
            .where(ElectionRound.election_id == election.id)):
        contests.setdefault(tdp_id, []).append((contest_id, round_id))
    per_tdp, ballots, meetings = [], 0, 0
    for tdp_id, _ward, number, name, households in tdps:
        mine = contests.get(tdp_id, [])
        rounds = len({round_id for _, round_id in mine}) or 1
        # A contest not printed yet counts as the electorate plus the usual spare.
        planned = any(contest_id not in printed for contest_id, _ in mine)
        count = sum(int(printed.get(contest_id) or (default_quantity(households) if households else 0))
                    for contest_id, _ in mine)
        amount = (count * settings.ballot_unit_cost + math.ceil(count / 2) * settings.paper_sheet_cost
                  + rounds * settings.meeting_per_tdp + settings.decoration_per_tdp)
        per_tdp.append(TdpCost(number, name, count, planned, rounds, amount))
        ballots, meetings = ballots + count, meetings + rounds
    lines = [
        Line("In phiếu bầu", ballots, "phiếu", settings.ballot_unit_cost, "theo các đợt in (kể cả phiếu thử, đợt hủy)"),
        Line("Giấy in A4 (mỗi tờ 2 phiếu A5)", math.ceil(ballots / 2), "tờ", settings.paper_sheet_cost),
        Line("Hội nghị bầu cử của các tổ (kể cả bầu lại)", meetings, "hội nghị", settings.meeting_per_tdp),
        Line("Trang trí hội nghị các tổ", len(tdps), "tổ", settings.decoration_per_tdp),
        Line("Trang trí, khẩu hiệu, băng rôn của phường", 1, "phường", settings.ward_decoration),
    ]
    return Estimate(settings, lines, per_tdp)
