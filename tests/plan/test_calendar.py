"""The .ics export, read back with icalendar: all-day events on the due days, UIDs that never change."""

from datetime import date

from icalendar import Calendar

from app.auth.models import Duty
from app.plan.models import ItemStatus
from tests.factories import create_app_user, login
from tests.plan.builders import item_for, planned_ward


def _events(data: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(data)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_the_calendar_has_one_all_day_event_per_row_on_its_due_day_with_stable_uids(client, session):
    w = planned_ward()
    na = item_for(w.plan, "security_after", w.tdp6)
    na.status, na.note = ItemStatus.NOT_APPLICABLE, "Không cần"
    session.commit()
    login(client, w.admin)
    response = client.get("/plan/calendar.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    events = _events(response.data)
    rows = [i for t in w.plan.tasks for i in t.items if i.status is not ItemStatus.NOT_APPLICABLE]
    assert len(events) == len(rows)
    row = item_for(w.plan, "candidate_list", w.tdp6)
    event = events[f"checklist-item-{row.id}@bau-cu-tdp"]
    start, end = event["dtstart"].dt, event["dtend"].dt
    assert type(start) is date and start == date(2017, 10, 7) and (end - start).days == 1
    assert str(event["summary"]) == "Tổ 6: Lập và niêm yết danh sách người ứng cử"
    review = events[f"checklist-item-{item_for(w.plan, 'ward_review').id}@bau-cu-tdp"]
    assert review["dtstart"].dt == date(2017, 11, 30) and str(review["summary"]).startswith("Phường: ")
    assert f"checklist-item-{na.id}@bau-cu-tdp" not in events
    assert set(_events(client.get("/plan/calendar.ics").data)) == set(events), "UIDs are the same on every export"


def test_a_tdp_user_gets_only_their_tdps_deadlines(client, session):
    w = planned_ward()
    team6 = create_app_user(w.ward, Duty.ELECTION_TEAM, [w.tdp6])
    session.commit()
    login(client, team6)
    events = _events(client.get("/plan/calendar.ics").data)
    assert events and all(str(e["summary"]).startswith("Tổ 6: ") for e in events.values())
    assert client.get(f"/plan/calendar.ics?tdp={w.tdp5.id}").status_code == 403
