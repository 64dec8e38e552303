"""What the province pages read: every ward of this server, and the city dashboard for a filter."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import select

from app.dashboard.city import CityDashboard, city_dashboard
from app.extensions import db
from app.wards.models import Ward

#: Longest search text kept (a TDP name is far shorter).
MAX_SEARCH = 100


@dataclass(frozen=True)
class Filter:
    """The province page's GET parameters, checked: `q` (TDP name or number), `ward` (a ward id), `page`."""

    search: str = ""
    ward_id: int | None = None
    page: int = 1


def wards() -> list[tuple[int, str]]:
    """Every ward on this server (id, name), by id as the city dashboard orders them."""
    return [tuple(row) for row in db.session.execute(select(Ward.id, Ward.name).order_by(Ward.id))]


def parse_filter(args, ward_ids) -> tuple[Filter, list[tuple[str, str]]]:
    """The filter from GET parameters, and (parameter, value as typed, cut to 20 characters) for each one that
    cannot be used: that parameter is then left out, nothing fails."""
    problems = []
    search = " ".join((args.get("q") or "").split())
    if len(search) > MAX_SEARCH:
        problems.append(("q", search[:20]))
        search = ""
    ward_id = None
    raw_ward = (args.get("ward") or "").strip()
    if raw_ward:
        if raw_ward.isdigit() and int(raw_ward) in ward_ids:
            ward_id = int(raw_ward)
        else:
            problems.append(("ward", raw_ward[:20]))
    page = 1
    raw_page = (args.get("page") or "").strip()
    if raw_page:
        if raw_page.isdigit() and 0 < int(raw_page) < 10**9:
            page = int(raw_page)
        else:
            problems.append(("page", raw_page[:20]))
    return Filter(search, ward_id, page), problems


def dashboard(ward_ids: list[int], chosen: Filter, recognition_days: int) -> CityDashboard:
    """The city dashboard for the filter; a page past the last shows the last; a ward without an election has
    no TDP rows (not every ward's)."""
    board = city_dashboard(ward_ids, search=chosen.search, ward_id=chosen.ward_id, page=chosen.page,
                           recognition_days=recognition_days)
    if chosen.ward_id is not None and chosen.ward_id not in {w.ward_id for w in board.wards}:
        return replace(board, rows=[], ward_of={}, matching=0, page=1, pages=1)
    if board.page > board.pages:
        board = city_dashboard(ward_ids, search=chosen.search, ward_id=chosen.ward_id, page=board.pages,
                               recognition_days=recognition_days)
    return board
