"""The leader post between elections: elected, term extended until a date, interim for at most 6 months,
vacant; the dashboard shows it and when the next election is due."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.auth.models import Duty
from app.results.models import Recognition
from app.wards import leader
from app.wards.leader import PostInput, add_months, check_post, post_statuses, set_post
from app.wards.models import LeaderPost, LeaderStatus
from app.wards.services import WardError
from tests.electionkit import published
from tests.factories import create_app_user, create_tdp, create_ward, login

DECISION = "Quyết định số 45/QĐ-UBND ngày 02/01/2026 của UBND phường"
S = LeaderStatus


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2026, 1, 15), 6, date(2026, 7, 15)),
    (date(2025, 8, 31), 6, date(2026, 2, 28)),
    (date(2027, 8, 31), 6, date(2028, 2, 29)),
    (date(2026, 9, 30), 6, date(2027, 3, 30)),
])
def test_six_months_later_is_the_same_day_or_the_end_of_a_shorter_month(day, months, expected):
    assert add_months(day, months) == expected


def test_an_interim_leader_may_be_appointed_for_six_months_and_not_one_day_more():
    since = date(2026, 1, 15)
    ok = check_post(PostInput(S.INTERIM, since, "Nguyễn Văn An", date(2026, 7, 15), DECISION))
    assert ok.until == date(2026, 7, 15)
    with pytest.raises(WardError, match="tối đa 6 tháng") as refused:
        check_post(PostInput(S.INTERIM, since, "Nguyễn Văn An", date(2026, 7, 16), DECISION))
    assert refused.value.field == "until"


@pytest.mark.parametrize(("data", "field"), [
    (PostInput(S.EXTENDED, date(2026, 1, 1), "Nguyễn Văn An", date(2026, 12, 31), ""), "decision"),
    (PostInput(S.EXTENDED, date(2026, 1, 1), "Nguyễn Văn An", None, DECISION), "until"),
    (PostInput(S.INTERIM, date(2026, 1, 1), "", date(2026, 3, 1), DECISION), "holder"),
    (PostInput(S.EXTENDED, date(2026, 1, 1), "Nguyễn Văn An", date(2025, 12, 31), DECISION), "until"),
])
def test_an_extension_or_interim_without_its_decision_end_or_holder_is_refused(data, field):
    with pytest.raises(WardError) as refused:
        check_post(data)
    assert refused.value.field == field


def test_a_vacant_post_keeps_no_holder_and_is_always_overdue():
    vacant = check_post(PostInput(S.VACANT, date(2026, 1, 1), "Ai đó", date(2026, 5, 1), ""))
    assert (vacant.holder, vacant.until) == ("", None)


def test_the_latest_record_is_in_force_and_a_later_recognised_result_makes_the_post_elected(session):
    kit = published()
    other = create_tdp(kit.ward, 6)
    set_post(None, kit.tdp, PostInput(S.EXTENDED, date(2017, 4, 1), "Nguyễn Văn An", date(2017, 12, 31), DECISION))
    set_post(None, other, PostInput(S.VACANT, date(2017, 5, 1)))
    statuses = post_statuses([kit.tdp.id, other.id])
    assert statuses[kit.tdp.id].status is S.EXTENDED and statuses[kit.tdp.id].due == date(2017, 12, 31)
    assert statuses[other.id].overdue(date(2017, 5, 2))
    session.add(Recognition(election_id=kit.election.id, tdp_id=kit.tdp.id, round_id=kit.round.id,
                            recognised_on=date(2017, 10, 20)))
    session.flush()
    assert post_statuses([kit.tdp.id])[kit.tdp.id].status is S.ELECTED
    set_post(None, kit.tdp, PostInput(S.INTERIM, date(2018, 2, 1), "Lê Thị Bình", date(2018, 8, 1), DECISION))
    now = post_statuses([kit.tdp.id])[kit.tdp.id]
    assert (now.status, now.holder, now.due) == (S.INTERIM, "Lê Thị Bình", date(2018, 8, 1))
    assert len(leader.history_of(kit.tdp.id)) == 2


def test_the_ward_admin_records_an_interim_leader_and_the_dashboard_shows_the_deadline(client, session):
    kit = published()
    tdp = kit.tdp
    admin = create_app_user(kit.ward, Duty.WARD_ADMIN)
    session.commit()
    login(client, admin)
    assert client.get(f"/ward/tdps/{tdp.id}/leader").status_code == 200
    too_long = client.post(f"/ward/tdps/{tdp.id}/leader", data={
        "status": "interim", "holder": "Nguyễn Văn An", "since": "15/01/2026", "until": "16/07/2026",
        "decision": DECISION})
    assert too_long.status_code == 422 and "tối đa 6 tháng" in too_long.get_data(as_text=True)
    bad_status = client.post(f"/ward/tdps/{tdp.id}/leader", data={"status": "king", "since": "15/01/2026"})
    assert bad_status.status_code == 422
    assert session.scalar(select(func.count()).select_from(LeaderPost)) == 0
    saved = client.post(f"/ward/tdps/{tdp.id}/leader", data={
        "status": "interim", "holder": "Nguyễn Văn An", "since": "15/01/2026", "until": "15/07/2026",
        "decision": DECISION})
    assert saved.status_code == 302
    page = client.get(f"/ward/tdps/{tdp.id}/leader").get_data(as_text=True)
    assert "Tổ trưởng lâm thời" in page and "15/07/2026" in page and DECISION in page
    dashboard = client.get("/dashboard/").get_data(as_text=True)
    assert 'data-status="interim"' in dashboard and "bầu trước" in dashboard and "15/07/2026" in dashboard


def test_only_the_ward_admin_may_record_the_leader_post(client, session):
    ward = create_ward()
    tdp = create_tdp(ward, 5)
    team = create_app_user(ward, Duty.ELECTION_TEAM, [tdp])
    session.commit()
    login(client, team)
    assert client.post(f"/ward/tdps/{tdp.id}/leader", data={"status": "vacant", "since": "01/01/2026"}).status_code \
        == 403
    assert session.scalar(select(func.count()).select_from(LeaderPost)) == 0


def test_a_vacant_post_is_recorded_without_an_end_date(client, session):
    ward = create_ward()
    tdp = create_tdp(ward, 5)
    admin = create_app_user(ward, Duty.WARD_ADMIN)
    session.commit()
    login(client, admin)
    saved = client.post(f"/ward/tdps/{tdp.id}/leader", data={"status": "vacant", "since": "01/02/2026", "until": ""})
    assert saved.status_code == 302
    assert session.scalars(select(LeaderPost)).one().status is S.VACANT
    no_end = client.post(f"/ward/tdps/{tdp.id}/leader", data={"status": "extended", "holder": "Nguyễn Văn An",
                                                             "since": "01/02/2026", "decision": DECISION})
    assert no_end.status_code == 422 and "Nhập ngày hết hạn" in no_end.get_data(as_text=True)
