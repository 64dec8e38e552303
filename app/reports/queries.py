"""The ward's results report, as rows ready to print: read through the dashboard's aggregate queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from app.dashboard.services import Dashboard, build
from app.dashboard.stages import ResultState, TdpRow
from app.elections.models import Election
from app.extensions import db
from app.rules import share_of
from app.rules.dates import format_date
from app.wards.models import Ward

RESULT_TEXT = {ResultState.ELECTED: "Đã bầu xong", ResultState.PENDING: "Chưa có kết quả",
               ResultState.PARTIAL: "Đã bầu tổ trưởng", ResultState.NO_WINNER: "Không ai trúng cử",
               ResultState.RERUN_PENDING: "Chờ bầu lại"}
POST_TEXT = {"leader": "Tổ trưởng", "deputy": "Tổ phó"}
SEAT_TEXT = {ResultState.ELECTED: "đã bầu", ResultState.PENDING: "chưa có kết quả",
             ResultState.NO_WINNER: "không ai trúng cử", ResultState.RERUN_PENDING: "chờ bầu lại"}


def result_text(row: TdpRow) -> str:
    """"Đã bầu xong" only with every seat filled; otherwise the TDP's state and each post's, e.g. "Chờ bầu lại —
    Tổ trưởng: đã bầu; Tổ phó: chờ bầu lại, hạn 05/11/2017" (D3: an unfilled seat is never reported as done)."""
    if row.result is ResultState.ELECTED or not row.seats or all(s.state is ResultState.PENDING for s in row.seats):
        return RESULT_TEXT[row.result]
    parts = []
    for seat in row.seats:
        text = f"{POST_TEXT.get(seat.position, seat.position)}: {SEAT_TEXT[seat.state]}"
        if seat.deadline and seat.state is not ResultState.ELECTED:
            text += f", hạn {format_date(seat.deadline)}"
        parts.append(text)
    return f"{RESULT_TEXT[row.result]} — " + "; ".join(parts)


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
    elected: int  #: TDPs whose leader is elected
    electorate: int
    present: int
    reruns: int
    rule_breach_reruns: int
    recognised: int
    complete: int = 0  #: TDPs with every seat filled: the only ones "đã bầu xong"

    @property
    def turnout(self) -> Fraction:
        return share_of(self.present, self.electorate)


def _winners(pairs, electorate: int) -> tuple[Winner, ...]:
    return tuple(Winner(name, votes, share_of(votes, electorate)) for name, votes in pairs)


def from_dashboard(ward: Ward, board: Dashboard) -> Report:
    lines = [ReportLine(r.number, r.name, r.households, r.present, r.turnout,
                        _winners(r.winners.get("leader", ()), r.households),
                        _winners(r.winners.get("deputy", ()), r.households), result_text(r), r.reruns,
                        r.rule_breach, r.recognised_on) for r in board.rows]
    c = board.counters
    return Report(ward, board.elections.get(ward.id), lines, c.elected, c.electorate, c.present, c.reruns,
                  c.rule_breach_reruns, c.recognised, c.complete)


def ward_report(ward_id: int, recognition_days: int) -> Report:
    """The whole ward (reports go to the district, so every TDP, whatever the reader's scope)."""
    ward = db.session.get(Ward, ward_id)
    return from_dashboard(ward, build([ward_id], recognition_days=recognition_days))
