"""The checklist as an iCalendar file: one all-day event per row, with a UID that never changes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from icalendar import Calendar, Event

from app.plan.models import ItemStatus
from app.plan.queries import ItemRow
from app.plan.schedule import Body

PRODID = "-//Bau cu To dan pho//Ke hoach bau cu//VI"
UID_DOMAIN = "bau-cu-tdp"


def item_uid(item_id: int) -> str:
    """Stable across exports, so a calendar re-imported updates its events instead of doubling them."""
    return f"checklist-item-{item_id}@{UID_DOMAIN}"


def calendar_bytes(rows: Iterable[ItemRow], *, title: str, body_labels: Mapping[Body, str],
                   generated_at: datetime, link_for=None) -> bytes:
    """An .ics file with every row that has a due day, except those marked not applicable.

    `link_for(row_id)` may give each event a URL back to its checklist row."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", title)
    for row in rows:
        if row.due_date is None or row.status is ItemStatus.NOT_APPLICABLE:
            continue
        event = Event()
        event.add("uid", item_uid(row.id))
        event.add("dtstamp", generated_at)
        event.add("dtstart", row.due_date)
        event.add("dtend", row.due_date + timedelta(days=1))
        where = f"Tổ {row.tdp_number}" if row.tdp_number is not None else "Phường"
        done = "[Đã xong] " if row.status is ItemStatus.DONE else ""
        event.add("summary", f"{done}{where}: {row.title}")
        event.add("description", f"Hạn: {row.due_date:%d/%m/%Y}. Phụ trách: {body_labels[row.body]}.")
        event.add("categories", [str(body_labels[row.body])])
        event.add("transp", "TRANSPARENT")
        if link_for is not None:
            event.add("url", link_for(row.id))
        cal.add_component(event)
    return cal.to_ical()
