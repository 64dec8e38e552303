"""The count driven through the API only, as a scanning station does (issue 13): open it, sign the zero report,
two passes of entries, the board head's ruling on the difference, the ledger, the reconciliation, the lock;
each call under the permission table, and every refusal a Vietnamese message with the database unchanged."""

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.auth.models import Duty
from app.auth.services import issue_api_token
from app.candidates.queries import candidate_names, team
from app.extensions import db
from app.printing import services as printing
from app.tally import state
from app.tally.models import BallotEntry, ContestTally, Resolution, TallyStatus
from tests.electionkit import candidate_ids, payloads, published, sign_in
from tests.factories import create_app_user, create_tdp

BOARD = {"head": "Trần Văn Trưởng", "secretary": "Lê Thị Thư", "members": ["Hoàng Văn Viên"],
         "witnesses": ["Phạm Văn Chứng", "Đỗ Thị Kiến"]}


@pytest.fixture
def station(session):
    """A TDP of 12 households, 10 signed in, 14 leader ballots printed, and a token for each duty."""
    kit = published(households=12)
    sign_in(kit, 10)
    kit.run = printing.create_run(None, kit.leader, 14)
    tokens = {}
    for duty in (Duty.ELECTION_TEAM, Duty.COUNTING_HEAD, Duty.COUNTING_MEMBER, Duty.WARD_ADMIN, Duty.OBSERVER):
        user = create_app_user(kit.ward, duty, [] if duty.is_ward_wide else [kit.tdp])
        tokens[duty] = {"Authorization": f"Bearer {issue_api_token(None, user)}"}
    kit.tokens = tokens
    session.commit()
    return kit


def _tally_row(contest_id: int) -> tuple:
    db.session.expire_all()
    tally = db.session.scalar(select(ContestTally).where(ContestTally.contest_id == contest_id))
    return None if tally is None else (tally.status, tally.method, tally.double_entry, dict(tally.board or {}))


def test_a_whole_count_runs_through_the_api_and_locks(client, station):
    team, head, clerk = (station.tokens[d] for d in (Duty.ELECTION_TEAM, Duty.COUNTING_HEAD, Duty.COUNTING_MEMBER))
    base = f"/api/v1/contests/{station.leader.id}"
    texts, ids = payloads(station.run), candidate_ids(station.run)

    # Before the board is named, the zero report is refused, and says why.
    early = client.post(f"{base}/count/zero-report", headers=team)
    assert early.status_code == 422 and early.get_json()["errors"]["reason"] == "board_incomplete"
    assert "hai người chứng kiến" in early.get_json()["message"]

    opened = client.put(f"{base}/count", headers=team, json={
        "method": "secret_ballot", "double_entry": True, "board": BOARD, "place": "Nhà văn hóa tổ 5"})
    assert opened.status_code == 200, opened.get_json()
    assert opened.get_json()["status"] == "setup" and opened.get_json()["board"]["witnesses"] == BOARD["witnesses"]
    signed = client.post(f"{base}/count/zero-report", headers=team)
    assert signed.status_code == 200 and signed.get_json()["status"] == "counting"
    assert client.get(f"{base}/count", headers=clerk).get_json()["zero_report_at"] is not None

    # Pass 1 by the clerk: ten ballots, nine for the first candidate, one for the second.
    for i, text in enumerate(texts[:10]):
        kept = ids[1:2] if i == 9 else ids[:1]
        assert client.post(f"{base}/ballots", headers=clerk, json={"payload": text, "kept": kept}).status_code == 201
    # Pass 2 by the head: the same ten, but the last one read as for the first candidate.
    for text in texts[:10]:
        response = client.post(f"{base}/ballots", headers=head, json={"payload": text, "kept": ids[:1], "pass": 2})
        assert response.status_code == 201

    differences = client.get(f"{base}/differences", headers=head).get_json()
    assert differences["open"] == 1 and len(differences["differences"]) == 1
    item = differences["differences"][0]
    assert item["item"].startswith("ballot:") and not item["resolved"]
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == "tally.entries_read")) == 1

    # With a difference open and the ledger empty, the lock is refused, naming what blocks it.
    refused = client.post(f"{base}/lock", headers=head)
    assert refused.status_code == 422 and refused.get_json()["errors"]["reason"] == "blocking"
    assert "chênh lệch" in refused.get_json()["message"]
    assert _tally_row(station.leader.id)[0] is TallyStatus.COUNTING

    ruled = client.post(f"{base}/differences/resolve", headers=head,
                        json={"item": item["item"], "chosen_pass": 1, "note": "Xem lại phiếu giấy: gạch tên thứ nhất"})
    assert ruled.status_code == 200 and ruled.get_json()["resolved"] is True

    ledger = client.put(f"{base}/ledger", headers=team,
                        json={"issued": 10, "unused": 4, "spoiled": 0, "returned": 10})
    assert ledger.status_code == 200, ledger.get_json()
    reconciliation = client.get(f"{base}/reconciliation", headers=clerk).get_json()
    assert (reconciliation["printed"], reconciliation["issued"], reconciliation["unused"], reconciliation["spoiled"],
            reconciliation["in_box"], reconciliation["entered"], reconciliation["valid"]) == (14, 10, 4, 0, 10, 10, 10)
    assert reconciliation["open_differences"] == 0
    assert not [p for p in reconciliation["problems"] if p["blocking"]] and reconciliation["can_lock"] is True

    locked = client.post(f"{base}/lock", headers=head)
    assert locked.status_code == 200, locked.get_json()
    assert locked.get_json()["outcome"] == "elected" and locked.get_json()["elected"] == ids[:1]
    result = client.get(f"{base}/result", headers=clerk).get_json()
    assert result["status"] == "final" and result["candidates"][0]["votes"] == 9 and result["candidates"][1]["votes"] == 1
    assert state.tally_for(station.leader).result["digest"] == locked.get_json()["digest"]

    # Once locked, nothing moves: a ballot, the ledger and a second lock are refused.
    assert client.post(f"{base}/ballots", headers=clerk, json={"payload": texts[11], "kept": ids[:1]}).status_code == 422
    late = client.put(f"{base}/ledger", headers=team, json={"returned": 11})
    assert late.status_code == 422 and late.get_json()["errors"]["reason"] == "locked"
    assert client.get(f"{base}/reconciliation", headers=clerk).get_json()["in_box"] == 10
    assert client.post(f"{base}/lock", headers=head).status_code == 422


@pytest.mark.parametrize(("duty", "method", "path", "body"), [
    (Duty.COUNTING_MEMBER, "post", "lock", None),
    (Duty.COUNTING_MEMBER, "post", "differences/resolve", {"item": "ballot:x", "chosen_pass": 1, "note": "x"}),
    (Duty.COUNTING_MEMBER, "get", "differences", None),
    (Duty.COUNTING_MEMBER, "put", "count", {"method": "secret_ballot", "board": BOARD}),
    (Duty.COUNTING_MEMBER, "put", "ledger", {"issued": 1}),
    (Duty.ELECTION_TEAM, "post", "lock", None),
    (Duty.ELECTION_TEAM, "post", "ballots", {"payload": "x"}),
    (Duty.ELECTION_TEAM, "get", "differences", None),
    (Duty.WARD_ADMIN, "post", "lock", None),
    (Duty.WARD_ADMIN, "put", "count", {"method": "secret_ballot", "board": BOARD}),
    (Duty.OBSERVER, "post", "count/zero-report", None),
    (Duty.COUNTING_HEAD, "put", "count", {"method": "secret_ballot", "board": BOARD}),
])
def test_a_duty_the_table_does_not_allow_gets_403_and_changes_nothing(client, station, duty, method, path, body):
    """A clerk cannot lock or rule, the election team cannot enter or lock, the ward admin cannot lock: the
    API answers 403 before it looks at the body, and the count is as it was."""
    before = _tally_row(station.leader.id)
    response = getattr(client, method)(f"/api/v1/contests/{station.leader.id}/{path}", headers=station.tokens[duty],
                                       json=body)
    assert response.status_code == 403
    assert response.get_json()["message"] == "Bạn không có quyền xem hoặc thay đổi mục này."
    assert _tally_row(station.leader.id) == before


def test_a_user_of_another_tdp_gets_403_on_the_count_of_this_one(client, station, session):
    other = create_app_user(station.ward, Duty.COUNTING_HEAD, [create_tdp(station.ward, 9)])
    token = {"Authorization": f"Bearer {issue_api_token(None, other)}"}
    session.commit()
    for method, path in (("get", "count"), ("get", "reconciliation"), ("post", "lock"), ("get", "differences")):
        assert getattr(client, method)(f"/api/v1/contests/{station.leader.id}/{path}", headers=token).status_code == 403


def test_a_candidate_named_as_witness_is_refused_with_the_name_and_nothing_is_saved(client, station):
    standing = candidate_names(station.round.id)[0]
    response = client.put(f"/api/v1/contests/{station.leader.id}/count", headers=station.tokens[Duty.ELECTION_TEAM],
                          json={"method": "secret_ballot", "board": BOARD | {"witnesses": [standing, "Đỗ Thị Kiến"]}})
    assert response.status_code == 422
    body = response.get_json()
    assert body["errors"]["reason"] == "witness_candidate" and standing in body["message"]
    assert _tally_row(station.leader.id) in (None, (TallyStatus.SETUP, state.VotingMethod.SECRET_BALLOT, False, {}))


@pytest.mark.parametrize("body", [
    {"method": "secret_ballot", "board": BOARD | {"witnesses": ["Phạm Văn Chứng"]}},
    {"method": "by_lottery", "board": BOARD},
    {"method": "secret_ballot", "board": BOARD | {"head": ""}},
    {"method": "secret_ballot", "approvals": -1, "board": BOARD},
    {"board": BOARD},
])
def test_a_malformed_set_up_is_a_422_naming_the_field(client, station, body):
    response = client.put(f"/api/v1/contests/{station.leader.id}/count", headers=station.tokens[Duty.ELECTION_TEAM],
                          json=body)
    assert response.status_code == 422
    assert response.get_json()["message"] == "Dữ liệu gửi lên không hợp lệ."
    assert response.get_json()["errors"]["json"]
    assert _tally_row(station.leader.id) is None


def test_resolving_an_item_that_does_not_differ_is_refused(client, station):
    team, head, clerk = (station.tokens[d] for d in (Duty.ELECTION_TEAM, Duty.COUNTING_HEAD, Duty.COUNTING_MEMBER))
    base = f"/api/v1/contests/{station.leader.id}"
    client.put(f"{base}/count", headers=team, json={"method": "secret_ballot", "double_entry": True, "board": BOARD})
    client.post(f"{base}/count/zero-report", headers=team)
    text, ids = payloads(station.run)[0], candidate_ids(station.run)
    for token, no in ((clerk, 1), (head, 2)):
        client.post(f"{base}/ballots", headers=token, json={"payload": text, "kept": ids[:1], "pass": no})
    assert client.get(f"{base}/differences", headers=head).get_json() == {"double_entry": True, "open": 0,
                                                                          "differences": []}
    response = client.post(f"{base}/differences/resolve", headers=head,
                           json={"item": "ballot:nope", "chosen_pass": 2, "note": "thử"})
    assert response.status_code == 422 and response.get_json()["errors"]["reason"] == "no_difference"
    assert db.session.scalar(select(func.count()).select_from(Resolution)) == 0
    assert db.session.scalar(select(func.count()).select_from(BallotEntry)) == 2


def test_the_openapi_document_lists_every_count_route_with_its_body(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    paths = spec["paths"]
    base = "/api/v1/contests/{contest_id}"
    for path, method in (("/count", "get"), ("/count", "put"), ("/count/zero-report", "post"),
                         ("/differences", "get"), ("/differences/resolve", "post"), ("/reconciliation", "get"),
                         ("/ledger", "put"), ("/lock", "post"), ("/ballots", "post")):
        assert method in paths.get(base + path, {}), (path, method)
    assert "requestBody" in paths[base + "/count"]["put"] and "requestBody" in paths[base + "/ledger"]["put"]


def test_a_station_opens_the_count_with_the_people_the_set_up_page_offers(client, station):
    """The board comes from the election team already entered and the witnesses from representatives who
    neither stand nor sit on the team, as on the set-up page; the count opens with them."""
    team_token = station.tokens[Duty.ELECTION_TEAM]
    base = f"/api/v1/contests/{station.leader.id}"
    choices = client.get(f"{base}/count/choices", headers=team_token).get_json()
    members = team(station.round)
    assert choices["head"] == members[0].person.full_name and choices["team_names"][0] == choices["head"]
    standing = {n.casefold() for n in candidate_names(station.round.id)}
    on_team = {n.casefold() for n in choices["team_names"]}
    assert len(choices["witness_names"]) >= 2
    assert not {w.casefold() for w in choices["witness_names"]} & (standing | on_team)
    assert "không bắt buộc" in choices["approvals_label"]  # nqlt-09-2008 does not require it
    opened = client.put(f"{base}/count", headers=team_token, json={
        "method": "secret_ballot", "board": {"head": choices["head"], "secretary": choices["secretary"],
                                             "members": choices["members"], "witnesses": choices["witness_names"][:2]}})
    assert opened.status_code == 200 and opened.get_json()["board"]["witnesses"] == choices["witness_names"][:2]
    assert client.get(f"{base}/count/choices", headers=station.tokens[Duty.COUNTING_MEMBER]).status_code == 403
