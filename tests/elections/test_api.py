"""POST /api/v1/elections and PATCH /api/v1/rounds/<id>: the same rules as the pages, errors in Vietnamese."""

from datetime import date, time

from sqlalchemy import func, select

from app.auth.models import Duty
from app.candidates.models import CandidateList
from app.elections.models import Election, ElectionRound
from app.plan.models import ChecklistItem, PlanTask
from tests.elections.builders import new_election, ward_with_tdps
from tests.factories import create_app_user, login


def test_posting_an_election_makes_its_rounds_and_answers_with_them(client, session):
    world = ward_with_tdps(1, 2)
    session.commit()
    login(client, world.admin)
    response = client.post("/api/v1/elections", json={"vote_date": "14/03/2027", "starts_at": "08:00",
                                                      "place": "Nhà văn hóa"})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["rule_set"] == "nd-59-2023" and body["term"] == "2027–2029"
    assert [(r["tdp_number"], r["vote_date"], r["starts_at"]) for r in body["rounds"]] == [
        (1, "2027-03-14", "08:00"), (2, "2027-03-14", "08:00")]
    assert [c["position"] for c in body["rounds"][0]["contests"]] == ["leader"]


def test_api_validation_errors_are_in_vietnamese_and_nothing_is_created(client, session):
    world = ward_with_tdps(1)
    session.commit()
    login(client, world.admin)
    bad = client.post("/api/v1/elections", json={"vote_date": "31/11/2026", "starts_at": "25:00", "extra": 1})
    assert bad.status_code == 422
    body = bad.get_json()
    assert body["message"] == "Dữ liệu gửi lên không hợp lệ."
    fields = body["errors"]["json"]
    assert fields["vote_date"] == ["Ngày 31/11/2026 không tồn tại: tháng 11 chỉ có 30 ngày. "
                                   "Có phải ý bạn là 30/11/2026?"]
    assert fields["starts_at"][0].startswith("Giờ “25:00” không hợp lệ")
    assert fields["extra"] == ["Trường không được hỗ trợ."]
    missing = client.post("/api/v1/elections", json={}).get_json()
    assert missing["errors"]["json"]["vote_date"] == ["Thiếu trường bắt buộc."]
    old = client.post("/api/v1/elections", json={"vote_date": "15/10/2017", "rule_set": "nqlt-09-2008"})
    assert old.status_code == 422 and "đã hết hiệu lực" in old.get_json()["message"]
    assert "history_ack" in old.get_json()["errors"]
    assert session.scalar(select(func.count()).select_from(Election)) == 0


def test_patching_a_round_moves_its_day_and_its_plan_deadlines(client, session):
    world = ward_with_tdps(1)
    election = new_election(world)
    round_id = election.rounds[0].id
    session.commit()
    login(client, world.admin)
    response = client.patch(f"/api/v1/rounds/{round_id}", json={"vote_date": "21/03/2027", "starts_at": "19h30"})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["vote_date"] == "2027-03-21" and response.get_json()["starts_at"] == "19:30"
    session.expire_all()
    r = session.get(ElectionRound, round_id)
    assert (r.vote_date, r.starts_at, r.place) == (date(2027, 3, 21), time(19, 30), "")
    due = session.scalar(select(ChecklistItem.due_date).join(PlanTask).where(PlanTask.code == "candidate_list"))
    assert due == date(2027, 3, 6)


def test_patching_the_day_after_the_list_is_posted_is_refused_with_the_reason(client, session):
    world = ward_with_tdps(1)
    election = new_election(world)
    round_ = election.rounds[0]
    session.add(CandidateList(contest_id=round_.contests[0].id, published_on=date(2027, 2, 26)))
    session.commit()
    login(client, world.admin)
    response = client.patch(f"/api/v1/rounds/{round_.id}", json={"vote_date": "21/03/2027"})
    assert response.status_code == 422
    assert "đã niêm yết danh sách người ứng cử ngày 26/02/2027" in response.get_json()["errors"]["vote_date"][0]
    assert client.patch(f"/api/v1/rounds/{round_.id}", json={"place": "Hội trường"}).status_code == 200


def test_only_the_ward_admin_may_use_the_election_api(client, session):
    world = ward_with_tdps(1)
    election = new_election(world)
    team = create_app_user(world.ward, Duty.ELECTION_TEAM, [world.tdps[1]])
    session.commit()
    login(client, team)
    assert client.post("/api/v1/elections", json={"vote_date": "14/03/2027"}).status_code == 403
    assert client.patch(f"/api/v1/rounds/{election.rounds[0].id}", json={"place": "X"}).status_code == 403


def test_the_openapi_document_describes_both_routes(client, session):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "post" in spec["paths"]["/api/v1/elections"] and "patch" in spec["paths"]["/api/v1/rounds/{round_id}"]
