"""A user scoped to TDP 5 can neither read nor change TDP 6; observers only read."""

import pytest

from app.auth.models import Duty
from app.auth.permissions import can
from tests.factories import (
    create_app_user,
    create_election,
    create_household,
    create_round,
    create_tdp,
    create_ward,
    login,
)


@pytest.fixture
def two_tdps(session):
    ward = create_ward()
    tdp5, tdp6 = create_tdp(ward, 5), create_tdp(ward, 6)
    create_household(tdp5, "050001", representative="Trần Văn Năm")
    create_household(tdp6, "060001", representative="Lê Thị Sáu")
    election = create_election(ward)
    create_round(election, tdp5)
    create_round(election, tdp6)
    return ward, tdp5, tdp6


@pytest.mark.parametrize("duty", [Duty.ELECTION_TEAM, Duty.PARTY_CELL, Duty.COUNTING_HEAD, Duty.COUNTING_MEMBER])
def test_a_user_scoped_to_tdp_5_cannot_read_tdp_6(client, session, two_tdps, duty):
    ward, tdp5, tdp6 = two_tdps
    user = create_app_user(ward, duty, [tdp5])
    session.commit()
    login(client, user)
    assert client.get(f"/tdp/{tdp5.id}").status_code == 200
    assert client.get(f"/tdp/{tdp6.id}").status_code == 403
    home = client.get("/").get_data(as_text=True)
    assert "Tổ dân phố số 5" in home and "Tổ dân phố số 6" not in home


def test_the_api_hides_other_tdps_from_a_scoped_user(client, session, two_tdps):
    ward, tdp5, tdp6 = two_tdps
    user = create_app_user(ward, Duty.ELECTION_TEAM, [tdp5])
    session.commit()
    login(client, user)
    tdps = client.get(f"/api/v1/wards/{ward.id}/tdps").get_json()
    assert [t["number"] for t in tdps] == [5]
    assert client.get(f"/api/v1/tdps/{tdp6.id}/rounds").status_code == 403
    assert client.get(f"/api/v1/tdps/{tdp5.id}/rounds").status_code == 200


def test_a_scoped_user_may_change_only_their_own_tdp(session, two_tdps):
    ward, tdp5, tdp6 = two_tdps
    user = create_app_user(ward, Duty.ELECTION_TEAM, [tdp5])
    assert can(user, "candidates.manage", tdp5.id) and not can(user, "candidates.manage", tdp6.id)


def test_an_observer_reads_every_tdp_but_changes_none(session, two_tdps):
    ward, tdp5, tdp6 = two_tdps
    observer = create_app_user(ward, Duty.OBSERVER)
    assert can(observer, "tdp.view", tdp6.id) and not can(observer, "candidates.manage", tdp6.id)


def test_a_ward_wide_duty_does_not_widen_a_tdp_duty_held_beside_it(session, two_tdps):
    ward, tdp5, tdp6 = two_tdps
    user = create_app_user(ward, [Duty.OBSERVER, Duty.ELECTION_TEAM], [tdp5])
    assert can(user, "tdp.view", tdp6.id)
    assert can(user, "candidates.manage", tdp5.id) and not can(user, "candidates.manage", tdp6.id)


def test_another_wards_tdp_is_not_found(client, session, two_tdps):
    ward, tdp5, tdp6 = two_tdps
    other = create_ward("Phường Khác")
    admin = create_app_user(other)
    session.commit()
    login(client, admin)
    assert client.get(f"/tdp/{tdp5.id}").status_code == 404
    assert client.get(f"/api/v1/tdps/{tdp5.id}/rounds").status_code == 404
    assert client.get(f"/api/v1/wards/{ward.id}/tdps").status_code == 404
