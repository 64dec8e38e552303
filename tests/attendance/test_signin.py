"""Sign-in at the meeting: by code, name or invitation QR; once per household; undo with a reason; quorum."""

import threading

import pytest
from sqlalchemy import select

from app.attendance import services
from app.attendance.models import Attendance
from app.auth.models import Duty
from app.extensions import db
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
def setup(session):
    ward = create_ward()
    tdp = create_tdp(ward, 5)
    for i, name in enumerate(["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Nguyễn Thị Dung", "Phạm Văn Em"], 1):
        create_household(tdp, f"05{i:04d}", representative=name)
    round_ = create_round(create_election(ward), tdp)
    team = create_app_user(ward, Duty.ELECTION_TEAM, [tdp])
    session.commit()
    return round_, team


def post(client, round_, **body):
    return client.post(f"/rounds/{round_.id}/signin", json=body)


def test_the_quorum_needs_more_than_half_and_flips_at_the_right_count(client, setup):
    round_, team = setup
    login(client, team)
    first = post(client, round_, entry="050001").get_json()
    assert first["status"] == "ok" and first["summary"] == {
        "present": 1, "electorate": 5, "needed": 3, "missing": 2, "reached": False}
    assert post(client, round_, entry="050002").get_json()["summary"]["reached"] is False
    third = post(client, round_, entry=services.invitation_text(round_.id, "050003")).get_json()
    assert third["summary"]["reached"] is True and third["summary"]["missing"] == 0


def test_a_household_is_present_only_once(client, setup):
    round_, team = setup
    login(client, team)
    post(client, round_, entry="050001")
    again = post(client, round_, entry="050001")
    assert again.status_code == 422 and "đã điểm danh lúc " in again.get_json()["message"]
    assert again.get_json()["summary"]["present"] == 1


def test_a_name_without_diacritics_offers_the_matches_to_choose_from(client, setup):
    round_, team = setup
    login(client, team)
    several = post(client, round_, entry="nguyen").get_json()
    assert several["status"] == "choose"
    assert [m["name"] for m in several["matches"]] == ["Ông Nguyễn Văn An", "Ông Nguyễn Thị Dung"] or \
        {m["name"] for m in several["matches"]} == {"Ông Nguyễn Văn An", "Ông Nguyễn Thị Dung"}
    chosen = post(client, round_, household_id=several["matches"][0]["household_id"]).get_json()
    assert chosen["status"] == "ok"
    unique = post(client, round_, entry="cuong").get_json()
    assert unique["status"] == "ok" and "Lê Văn Cường" in unique["message"]


def test_a_ballot_qr_or_another_rounds_invitation_is_refused_with_the_reason(client, setup):
    round_, team = setup
    login(client, team)
    ballot = post(client, round_, entry="BC1:VQIU7O5F:5:12:L:24O233IOPYDZ:RB4LZJ63SYDUMPBF").get_json()
    assert ballot["code"] == "ballot_qr" and "phiếu bầu" in ballot["message"]
    other = post(client, round_, entry=services.invitation_text(round_.id + 1, "050001")).get_json()
    assert other["code"] == "other_round"
    nothing = post(client, round_, entry="zzzz").get_json()
    assert nothing["code"] == "not_found"


def test_undo_needs_a_reason_and_keeps_the_row(client, setup, session):
    round_, team = setup
    login(client, team)
    household_id = post(client, round_, entry="050001").get_json()["household"]["id"]
    refused = client.post(f"/rounds/{round_.id}/signin/undo", json={"household_id": household_id, "reason": " "})
    assert refused.status_code == 422 and "lý do" in refused.get_json()["message"]
    done = client.post(f"/rounds/{round_.id}/signin/undo", json={"household_id": household_id, "reason": "Nhầm hộ"})
    assert done.get_json()["summary"]["present"] == 0
    row = session.scalar(select(Attendance))
    assert row.undone_at is not None and row.undo_reason == "Nhầm hộ"
    assert post(client, round_, entry="050001").get_json()["status"] == "ok"


def test_another_tdps_team_cannot_sign_in_here(client, setup, session):
    round_, _ = setup
    other = create_tdp(round_.tdp.ward, 6)
    outsider = create_app_user(round_.tdp.ward, Duty.ELECTION_TEAM, [other])
    session.commit()
    login(client, outsider)
    assert post(client, round_, entry="050001").status_code == 403
    assert client.get(f"/rounds/{round_.id}/signin").status_code == 403


def test_the_attendance_api_and_export_agree(client, setup):
    round_, team = setup
    login(client, team)
    post(client, round_, entry="050001")
    post(client, round_, entry="050002")
    body = client.get(f"/api/v1/rounds/{round_.id}/attendance").get_json()
    assert (body["present"], body["electorate"], body["quorum_needed"], body["quorum_reached"]) == (2, 5, 3, False)
    export = client.get(f"/rounds/{round_.id}/attendance.xlsx")
    assert export.status_code == 200 and export.data[:2] == b"PK"


def test_two_desks_signing_the_same_household_at_once_count_it_once(app, setup):
    round_, team = setup
    round_id, team_id = round_.id, team.id
    household_id = db.session.scalar(select(Attendance.household_id).limit(1))  # none yet
    assert household_id is None
    barrier = threading.Barrier(2)
    outcomes = []

    def desk():
        with app.app_context():
            from app.auth.models import User
            from app.elections.models import ElectionRound

            r = db.session.get(ElectionRound, round_id)
            user = db.session.get(User, team_id)
            household = services.lookup(r, "050004").household
            barrier.wait()
            try:
                services.sign_in(user, r, household, services.SignInMethod.CODE)
                db.session.commit()
                outcomes.append("ok")
            except services.SignInError as error:
                db.session.rollback()
                outcomes.append(error.code)
            except Exception as error:  # noqa: BLE001 - report anything else as a failure
                db.session.rollback()
                outcomes.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=desk) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    db.session.expire_all()
    assert sorted(outcomes) == ["already_present", "ok"], outcomes
    assert db.session.scalar(select(db.func.count()).select_from(Attendance)) == 1
