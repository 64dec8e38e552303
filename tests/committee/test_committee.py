"""The steering committee: members with positions, subcommittees and TDPs; logins linked to members see
their TDPs' open and overdue work."""

from datetime import date

import pytest
from icalendar import Calendar
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.auth.models import Duty
from app.committee import services
from app.committee.models import CommitteeMember
from app.plan.models import ItemStatus
from tests.factories import create_app_user, create_tdp, create_ward, login
from tests.plan.builders import item_for, planned_ward


def _member(w, name="Nguyễn Văn Hùng", tdps=None, user=None, subs=()):
    return services.save_member(w.admin, w.ward.id, services.MemberInput(
        name, "Phó Chủ tịch UBND phường – Trưởng ban", "0912 345 678", [s.id for s in subs],
        [t.id for t in (tdps or [])], user.id if user else None))


def test_a_member_has_a_position_an_optional_phone_subcommittees_and_tdps_and_is_audited(session):
    w = planned_ward()
    propaganda = services.add_subcommittee(w.admin, w.ward.id, "Tiểu ban tuyên truyền", "Đài truyền thanh, bảng tin")
    security = services.add_subcommittee(w.admin, w.ward.id, "Tiểu ban an ninh")
    member = _member(w, "  Nguyễn   Văn Hùng ", [w.tdp6, w.tdp5], subs=[propaganda, security])
    assert member.full_name == "Nguyễn Văn Hùng" and member.phone == "0912345678"
    assert [t.number for t in member.tdps] == [5, 6]
    assert {s.name for s in member.subcommittees} == {"Tiểu ban tuyên truyền", "Tiểu ban an ninh"}
    without_phone = services.save_member(w.admin, w.ward.id, services.MemberInput("Trần Thị Lan"))
    assert without_phone.phone == ""
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "committee.member.add"))
    assert event.after["tdps"] == [5, 6] and event.after["subcommittees"] == ["Tiểu ban an ninh", "Tiểu ban tuyên truyền"]


def test_a_subcommittee_name_is_unique_in_the_ward(session):
    w = planned_ward()
    services.add_subcommittee(w.admin, w.ward.id, "Tiểu ban nhân sự")
    with pytest.raises(services.CommitteeError, match="Đã có"):
        services.add_subcommittee(w.admin, w.ward.id, " Tiểu ban  nhân sự ")


@pytest.mark.parametrize("phone", ["12345", "09123abc45", "0912 345 678 901 234 5"])
def test_a_phone_number_must_have_8_to_15_digits(session, phone):
    w = planned_ward()
    with pytest.raises(services.CommitteeError) as refused:
        services.save_member(w.admin, w.ward.id, services.MemberInput("Lê Văn Nam", phone=phone))
    assert refused.value.field == "phone"


def test_another_wards_tdp_and_a_login_already_linked_are_refused(session):
    w = planned_ward()
    stranger = create_tdp(create_ward())
    with pytest.raises(services.CommitteeError) as refused:
        services.save_member(w.admin, w.ward.id, services.MemberInput("Lê Văn Nam", tdp_ids=[stranger.id]))
    assert refused.value.field == "tdps"
    _member(w, user=w.admin)
    with pytest.raises(services.CommitteeError, match="đã gắn với thành viên Nguyễn Văn Hùng"):
        services.save_member(w.admin, w.ward.id, services.MemberInput("Lê Văn Nam", user_id=w.admin.id))


def test_my_tdps_shows_the_members_tdps_with_their_open_and_overdue_work(client, session):
    w = planned_ward()
    _member(w, tdps=[w.tdp6], user=w.admin)
    done = item_for(w.plan, "roll_posted", w.tdp6)
    done.status = ItemStatus.DONE
    open_row = item_for(w.plan, "candidate_list", w.tdp6)
    other_tdp = item_for(w.plan, "candidate_list", w.tdp5)
    session.commit()
    login(client, w.admin)
    page = client.get("/committee/mine").get_data(as_text=True)
    assert 'id="my-tdps"' in page and "Tổ dân phố số 6" in page
    assert f'id="item-{open_row.id}"' in page and "quá hạn" in page  # 2017 deadlines are past today
    assert f'id="item-{done.id}"' not in page and f'id="item-{other_tdp.id}"' not in page
    events = Calendar.from_ical(client.get("/committee/mine/calendar.ics").data).walk("VEVENT")
    assert events and all("Tổ 6: " in str(e["summary"]) for e in events)
    assert any(e["dtstart"].dt == date(2017, 10, 7) for e in events)
    assert sum(str(e["summary"]).startswith("[Đã xong] ") for e in events) == 1


def test_a_login_not_linked_to_a_member_is_told_so(client, session):
    w = planned_ward()
    observer = create_app_user(w.ward, Duty.OBSERVER)
    session.commit()
    login(client, observer)
    assert 'id="not-a-member"' in client.get("/committee/mine").get_data(as_text=True)
    assert client.get("/committee/mine/calendar.ics").status_code == 404


def test_the_ward_admin_adds_a_member_through_the_form_and_others_only_read(client, session):
    w = planned_ward()
    sub = services.add_subcommittee(w.admin, w.ward.id, "Tiểu ban nhân sự")
    team5 = create_app_user(w.ward, Duty.ELECTION_TEAM, [w.tdp5])
    session.commit()
    login(client, w.admin)
    response = client.post("/committee/members/new", data={
        "full_name": "Phạm Thu Hương", "title": "Công chức văn hóa", "phone": "", "subcommittees": [sub.id],
        "tdps": [w.tdp5.id, w.tdp6.id], "user": team5.id})
    assert response.status_code == 302
    member = session.scalar(select(CommitteeMember).where(CommitteeMember.full_name == "Phạm Thu Hương"))
    assert member.user_id == team5.id and len(member.tdps) == 2
    page = client.get("/committee/").get_data(as_text=True)
    assert "Phạm Thu Hương" in page and "5, 6" in page and "Tiểu ban nhân sự" in page
    bad = client.post("/committee/members/new", data={"full_name": "A", "phone": "12", "user": 0})
    assert bad.status_code == 422 and "8 đến 15 chữ số" in bad.get_data(as_text=True)
    client.post("/logout")
    login(client, team5)
    assert client.get("/committee/").status_code == 200
    assert client.get("/committee/members/new").status_code == 403
    # Linked to a member following TDPs 5 and 6, the TDP-5 login still sees only TDP 5's rows.
    page = client.get("/committee/mine").get_data(as_text=True)
    assert "Tổ dân phố số 5" in page and "Tổ dân phố số 6" not in page


def test_removing_a_member_needs_the_confirmation_box(client, session):
    w = planned_ward()
    member = _member(w)
    member_id = member.id
    session.commit()
    login(client, w.admin)
    client.post(f"/committee/members/{member_id}/delete", data={})
    assert session.get(CommitteeMember, member_id) is not None
    client.post(f"/committee/members/{member_id}/delete", data={"delete-confirm": "y"})
    session.expire_all()
    assert session.get(CommitteeMember, member_id) is None
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "committee.member.delete")) is not None
