"""Keeping the roll: representative changes with history, moved and merged households, search, order."""

from datetime import date

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.auth.models import Duty
from app.rolls import services
from app.rolls.models import Gender, HouseholdStatus, RepresentativeChange
from app.rolls.queries import current_fingerprint, sorted_households
from tests.factories import create_app_user, create_household, create_tdp, create_ward, login

TODAY = date(2017, 10, 1)


@pytest.fixture
def tdp(session):
    return create_tdp(create_ward(), 5)


def new(name="Trần Thị Bình", year=1980):
    return services.NewRepresentative(name, Gender.FEMALE, None, year)


def test_changing_the_representative_keeps_the_history_and_is_audited(session, tdp):
    household = create_household(tdp, "050001", representative="Nguyễn Văn An")
    admin = create_app_user(tdp.ward)
    services.change_representative(admin, household, new(), "Chủ hộ đi làm xa", TODAY)
    assert household.representative.full_name == "Trần Thị Bình"
    change = session.scalar(select(RepresentativeChange))
    assert change.reason == "Chủ hộ đi làm xa" and change.changed_by_id == admin.id
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "household.representative"))
    assert event.before["representative"] == "Nguyễn Văn An" and event.after["representative"] == "Trần Thị Bình"
    assert event.actor == admin.username


def test_a_representative_under_18_is_refused_with_the_reason(session, tdp):
    household = create_household(tdp)
    with pytest.raises(services.RollError, match="đủ 18 tuổi"):
        services.change_representative(None, household, new(year=2001), "lý do", TODAY)


def test_a_change_without_reason_is_refused(session, tdp):
    household = create_household(tdp)
    with pytest.raises(services.RollError) as error:
        services.change_representative(None, household, new(), "  ", TODAY)
    assert error.value.field == "reason"


def test_a_moved_household_leaves_the_roll_and_changes_the_fingerprint(session, tdp):
    keep = create_household(tdp, "050001", representative="Nguyễn Văn An")
    gone = create_household(tdp, "050002", representative="Lê Văn Bảo")
    before = current_fingerprint(tdp.id)
    services.set_status(None, gone, HouseholdStatus.MOVED, "Chuyển đến phường khác")
    assert [r.code for r in sorted_households(tdp.id)] == [keep.code]
    assert current_fingerprint(tdp.id).hex != before.hex


def test_merging_needs_an_active_household_of_the_same_tdp(session, tdp):
    a = create_household(tdp, "050001")
    create_household(tdp, "050002")
    with pytest.raises(services.RollError, match="Không có hộ"):
        services.set_status(None, a, HouseholdStatus.MERGED, "nhập hộ", "999999")
    services.set_status(None, a, HouseholdStatus.MERGED, "nhập hộ", "050002")
    assert a.status is HouseholdStatus.MERGED and a.merged_into_id is not None


def test_lists_are_in_vietnamese_order_and_search_ignores_diacritics_and_case(session, tdp):
    for code, name in [("1", "Trần Văn Bình"), ("2", "Nguyễn Văn An"), ("3", "Lê Thị Ánh"), ("4", "Đỗ Văn An")]:
        create_household(tdp, code, representative=name)
    assert [r.representative for r in sorted_households(tdp.id)] == [
        "Đỗ Văn An", "Nguyễn Văn An", "Lê Thị Ánh", "Trần Văn Bình"]
    assert [r.representative for r in sorted_households(tdp.id, "NGUYEN van an")] == ["Nguyễn Văn An"]
    assert [r.representative for r in sorted_households(tdp.id, "anh")] == ["Lê Thị Ánh"]


def test_the_household_page_changes_the_representative_and_shows_history(client, session, tdp):
    household = create_household(tdp, "050001", representative="Nguyễn Văn An")
    user = create_app_user(tdp.ward, Duty.ELECTION_TEAM, [tdp])
    session.commit()
    login(client, user)
    response = client.post(f"/households/{household.id}", data={
        "rep-full_name": "Phạm  Thị   Hoa", "rep-gender": "female", "rep-birth": "31/11/1980",
        "rep-reason": "Ủy quyền", "rep-submit": "1"})
    assert response.status_code == 200
    assert "tháng 11 chỉ có 30 ngày" in response.get_data(as_text=True)
    response = client.post(f"/households/{household.id}", data={
        "rep-full_name": "Phạm  Thị   Hoa", "rep-gender": "female", "rep-birth": "30/11/1980",
        "rep-reason": "Ủy quyền", "rep-submit": "1"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Bà Phạm Thị Hoa" in page and "Ủy quyền" in page


def test_an_observer_cannot_change_a_household(client, session, tdp):
    household = create_household(tdp)
    observer = create_app_user(tdp.ward, Duty.OBSERVER)
    session.commit()
    login(client, observer)
    assert client.get(f"/households/{household.id}").status_code == 200
    response = client.post(f"/households/{household.id}", data={
        "status-status": "moved", "status-reason": "x", "status-submit": "1"})
    assert response.status_code == 403
