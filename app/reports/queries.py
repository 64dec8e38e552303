"""The ward's results report, as rows ready to print: read through the dashboard's aggregate queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from app.dashboard.services import Dashboard, build
from app.dashboard.stages import ResultState
from app.elections.models import Election
from app.extensions import db
from app.rules import share_of
from app.wards.models import Ward

RESULT_TEXT = {ResultState.ELECTED: "Đã bầu xong", ResultState.PENDING: "Chưa có kết quả",
               ResultState.NO_WINNER: "Không ai trúng cử", ResultState.RERUN_PENDING: "Chờ bầu lại"}


@dataclass(frozen=True)
class Winner:
    name: str
    votes: int
    share: Fraction  #: of the TDP's whole electorate


@dataclass(frozen=True)
class ReportLine:
    number: int
    name: str
    electorate: int
    present: int
    turnout: Fraction
    leaders: tuple[Winner, ...]
    deputies: tuple[Winner, ...]
    result: str
    reruns: int
    rule_breach: bool
    recognised_on: date | None


@dataclass(frozen=True)
class Report:
    ward: Ward
    election: Election | None
    lines: list[ReportLine]
    elected: int
    electorate: int
    present: int
    reruns: int
    rule_breach_reruns: int
    recognised: int

    @property
    def turnout(self) -> Fraction:
        return share_of(self.present, self.electorate)


def _winners(pairs, electorate: int) -> tuple[Winner, ...]:
    return tuple(Winner(name, votes, share_of(votes, electorate)) for name, votes in pairs)


def from_dashboard(ward: Ward, board: Dashboard) -> Report:
    lines = [ReportLine(r.number, r.name, r.households, r.present, r.turnout,
                        _winners(r.winners.get("leader", ()), r.households),
                        _winners(r.winners.get("deputy", ()), r.households), RESULT_TEXT[r.result], r.reruns,
                        r.rule_breach, r.recognised_on) for r in board.rows]
    c = board.counters
    return Report(ward, board.elections.get(ward.id), lines, c.elected, c.electorate, c.present, c.reruns,
                  c.rule_breach_reruns, c.recognised)


def ward_report(ward_id: int, recognition_days: int) -> Report:
    """The whole ward (reports go to the district, so every TDP, whatever the reader's scope)."""
    ward = db.session.get(Ward, ward_id)
    return from_dashboard(ward, build([ward_id], recognition_days=recognition_days))
