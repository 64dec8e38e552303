"""The sign-in desk says why a code is refused, when a household signed in, and shows a locked desk (D24)."""

import re
from datetime import UTC, datetime
from unittest import mock

import pytest

from app.auth.models import Duty
from app.extensions import db
from app.rolls import services as rolls
from app.rolls.models import Household, HouseholdStatus
from tests.dashboard.builders import finish
from tests.electionkit import published_tdps
from tests.factories import create_app_user, login


@pytest.fixture
def desk(session, client):
    five, six = published_tdps((5, 6), households=12)
    team = create_app_user(five.ward, Duty.ELECTION_TEAM, [five.tdp])
    session.commit()
    login(client, team)
    return five, six


def post(client, round_, **body):
    return client.post(f"/rounds/{round_.id}/signin", json=body)


def test_a_moved_households_code_says_it_moved_and_when(client, session, desk):
    five, _ = desk
    household = db.session.get(Household, five.households[3])
    with mock.patch("app.audit.services.utcnow", return_value=datetime(2017, 10, 2, 3, 0, tzinfo=UTC)):
        rolls.set_status(None, household, HouseholdStatus.MOVED, "Chuyển về quê")
    session.commit()
    answer = post(client, five.round, entry=household.code)
    message = answer.get_json()["message"]
    assert answer.status_code == 422 and answer.get_json()["code"] == "not_on_roll"
    assert f"Hộ {household.code} (" in message and "đã chuyển đi ngày 02/10/2017" in message


def test_another_tdps_code_names_that_tdp(client, session, desk):
    _, six = desk
    answer = post(client, six.round, entry="060001")  # refused before: not the team's TDP
    assert answer.status_code in (403, 404)
    answer = client.post(f"/rounds/{desk[0].round.id}/signin", json={"entry": "060001"})
    assert answer.status_code == 422
    assert answer.get_json()["message"].startswith("Hộ 060001 thuộc tổ 6 (")
    assert "Không tìm thấy" in post(client, desk[0].round, entry="999999").get_json()["message"]


def test_a_second_sign_in_says_at_what_time_the_first_was_in_the_desks_one_format(client, session, desk):
    five, _ = desk
    first = post(client, five.round, entry="050001")
    assert first.status_code == 200
    again = post(client, five.round, entry="050001").get_json()["message"]
    at = re.search(r"đã điểm danh lúc (\d\d:\d\d:\d\d)\.", again)
    assert at, again
    live = client.get(f"/rounds/{five.round.id}/attendance.json").get_json()["recent"][0]["time"]
    page = client.get(f"/rounds/{five.round.id}/signin").get_data(as_text=True)
    assert live == at.group(1) and f"<td>{live}</td>" in page  # the same clock live, after a reload, in messages
    assert 'data-code="050001" data-name="' in page and 'id="undo-name"' in page


def test_a_locked_count_shows_the_desk_closed_up_front(client, session, desk):
    five, _ = desk
    page = client.get(f"/rounds/{five.round.id}/signin").get_data(as_text=True)
    assert 'id="entry"' in page and 'id="signin-locked"' not in page
    finish(five.leader, 8, (6, 2))
    session.commit()
    page = client.get(f"/rounds/{five.round.id}/signin").get_data(as_text=True)
    assert 'id="signin-locked"' in page and "danh sách điểm danh đã khóa" in page
    assert 'id="entry"' not in page and 'class="link undo"' not in page
    assert client.get(f"/rounds/{five.round.id}/attendance.json").get_json()["locked"] is True
