"""Bad input is a 4xx with a Vietnamese message, never a 500 (review F9, F10, F19), on both databases.

One test per kind of input that answered 500 on the audited commit: huge ids in query strings and form
fields, JSON ids beyond the database's INTEGER, 1e999/NaN, deeply nested JSON, results packages with a TDP
number of 10**30; then the request-size caps (413 in Vietnamese, HTML and JSON) and the API's error text.
"""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app.attendance.models import Attendance
from app.auth.models import Duty
from app.core.inputs import id_arg, json_id, loads, parse_id
from app.printing import services as printing
from app.tally.models import BallotEntry
from tests.electionkit import candidate_ids, open_count, payloads, published, sign_in
from tests.factories import create_app_user, create_ward, login

HUGE = "100000000000000000000"  # 10**20: beyond SQLite's int64 and PostgreSQL's int4
PG_HUGE = str(2**31)  # beyond PostgreSQL's INTEGER only


@pytest.fixture
def kit(session):
    kit = published(households=12)
    sign_in(kit, 10)
    kit.run = printing.create_run(None, kit.leader, 14)
    kit.admin = create_app_user(kit.ward, Duty.WARD_ADMIN, username="admin")
    kit.team = create_app_user(kit.ward, [Duty.ELECTION_TEAM, Duty.COUNTING_MEMBER], [kit.tdp], username="team")
    session.commit()
    return kit


def _json_error(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    return response.get_json()


# -- the helpers ------------------------------------------------------------------------------------------------

def test_ids_are_ascii_digits_within_postgresqls_integer():
    assert parse_id("7") == 7 and parse_id(str(2**31 - 1)) == 2**31 - 1
    for text in (None, "", "0", "-1", PG_HUGE, HUGE, "²", "٣", "1e3", " 5x"):
        assert parse_id(text) is None


def test_json_ids_refuse_bools_fractions_infinities_and_overflow():
    assert json_id(5) == 5 and json_id("12") == 12 and json_id(3.0) == 3
    for value in (True, 1.5, float("inf"), float("nan"), 0, 2**31, 10**30, "1e999", "x"):
        with pytest.raises(ValueError):
            json_id(value)
    with pytest.raises(TypeError):
        json_id(None)


def test_json_without_nan_infinity_or_deep_nesting_is_the_only_json_read():
    assert loads('{"a": [1, 2.5]}') == {"a": [1, 2.5]}
    for text in ("[1e999]", "[NaN]", "[-Infinity]", "[" * 100_000 + "]" * 100_000, "[" + "9" * 5000 + "]"):
        with pytest.raises(json.JSONDecodeError):
            loads(text)


def test_an_id_argument_beyond_any_row_is_not_found(app):
    from werkzeug.exceptions import NotFound

    with app.test_request_context():
        assert id_arg("42") == 42
        with pytest.raises(NotFound):
            id_arg(HUGE)
        with pytest.raises(ValueError):
            id_arg("abc")


# -- query strings and form fields --------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [HUGE, PG_HUGE])
def test_huge_ids_in_query_strings_are_404_not_500(client, kit, value):
    login(client, kit.admin)
    tdp = kit.tdp.id
    for url in (f"/rolls/import/?tdp_id={value}", f"/candidates/oversight?election={value}",
                f"/tdp/{tdp}/roll.pdf?round={value}", f"/plan/all?tdp={value}", f"/plan/overdue?tdp={value}",
                f"/plan/week?tdp={value}", f"/plan/print?tdp={value}", f"/plan/calendar.ics?tdp={value}",
                f"/count/contest/{kit.leader.id}/enter?pass={value}", f"/tdp/{tdp}?page={value}"):
        response = client.get(url)
        assert response.status_code in (403, 404), (url, response.status_code)


def test_a_huge_import_target_is_refused_not_500(client, kit):
    login(client, kit.admin)
    response = client.post("/rolls/import/", data={"file": (io.BytesIO(b"a;b\r\n1;2\r\n"), "roll.csv"),
                                                    "target": HUGE}, content_type="multipart/form-data")
    assert response.status_code in (200, 404, 422)


# -- JSON bodies ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("household", [10**20, 2**31, "1e999", None])
def test_a_sign_in_with_a_household_id_no_row_can_have_is_a_422_in_vietnamese(client, kit, session, household):
    login(client, kit.team)
    body = f'{{"household_id": {household if household is not None else "NaN"}}}'
    for url in (f"/rounds/{kit.round.id}/signin", f"/rounds/{kit.round.id}/signin/undo"):
        answer = _json_error(client.post(url, data=body, content_type="application/json"), 422)
        assert answer["status"] == "error" and answer["message"]
    assert session.scalar(select(func.count()).select_from(Attendance)) == 10


@pytest.mark.parametrize("number", ["1e999", "-1e999", "NaN", "Infinity", str(10**20)])
def test_a_pass_number_of_1e999_or_10_to_the_20_is_a_422_in_vietnamese(client, kit, session, number):
    open_count(kit, kit.leader)
    session.commit()
    login(client, kit.team)
    payload = payloads(kit.run)[0]
    for url in (f"/count/contest/{kit.leader.id}/check", f"/count/contest/{kit.leader.id}/ballots"):
        body = f'{{"payload": "{payload}", "kept": [], "pass": {number}}}'
        answer = _json_error(client.post(url, data=body, content_type="application/json"), 422)
        assert answer["ok"] is False and answer["message"]
    assert session.scalar(select(func.count()).select_from(BallotEntry)) == 0


@pytest.mark.parametrize("kept", ["1e999", "NaN", str(10**30)])
def test_a_kept_name_of_1e999_on_a_genuine_ballot_is_refused(client, kit, session, kept):
    open_count(kit, kit.leader)
    session.commit()
    login(client, kit.team)
    body = f'{{"payload": "{payloads(kit.run)[0]}", "kept": [{kept}]}}'
    web = client.post(f"/count/contest/{kit.leader.id}/ballots", data=body, content_type="application/json")
    assert web.status_code == 422 and web.get_json()["message"]
    api = client.post(f"/api/v1/contests/{kit.leader.id}/ballots", data=body, content_type="application/json")
    assert api.status_code in (400, 422) and api.get_json()["message"]
    assert session.scalar(select(func.count()).select_from(BallotEntry)) == 0


def test_deeply_nested_json_is_a_4xx_everywhere(client, kit):
    open_count(kit, kit.leader)
    login(client, kit.team)
    nested = "[" * 30_000 + "]" * 30_000  # under the 64 KB cap, far past the recursion limit
    for url in (f"/rounds/{kit.round.id}/signin", f"/count/contest/{kit.leader.id}/ballots",
                f"/api/v1/contests/{kit.leader.id}/ballots", "/api/v1/ballots/verify"):
        response = client.post(url, data=nested, content_type="application/json")
        assert 400 <= response.status_code < 500, (url, response.status_code)
        assert response.get_json()["message"]


# -- results packages -----------------------------------------------------------------------------------------------

def _package(**body) -> bytes:
    base = {"ward": "Phường Thử", "tdp": 5, "term": "2017–2020", "round": 1, "position": "leader",
            "rule_set": "nqlt-09-2008", "vote_date": "2017-10-15", "roll_fingerprint": "x", "attendance": {},
            "counts": {}, "result": {}, "minutes_digest": "x"}
    return json.dumps({"format": "bau-cu-tdp/goi-ket-qua", "version": 1, "body": {**base, **body},
                       "hmac_sha256": "00"}).encode()


@pytest.mark.parametrize("data", [_package(tdp=10**30), _package(round=10**30), _package(tdp=2**31),
                                  ("[" * 100_000 + "]" * 100_000).encode(), b'{"format": NaN}'],
                         ids=["tdp", "round", "tdp-pg", "nested", "nan"])
def test_a_results_package_with_absurd_numbers_or_nesting_is_refused_with_a_reason(client, session, data):
    ward = create_ward()
    admin = create_app_user(ward, Duty.WARD_ADMIN)
    session.commit()
    login(client, admin)
    response = client.post("/results/import", data={"package": (io.BytesIO(data), "goi.json")},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert "gói kết quả" in response.get_data(as_text=True).lower()


# -- request size (F10) -----------------------------------------------------------------------------------------------

def test_every_request_body_has_a_global_cap_of_25_mb(app):
    assert app.config["MAX_CONTENT_LENGTH"] == 25 * 2**20


def test_an_oversized_login_form_is_refused_before_it_is_read_in_vietnamese(client):
    response = client.post("/login", data={"username": "x" * (2 * 2**20), "password": "y"})
    assert response.status_code == 413
    assert "quá lớn" in response.get_data(as_text=True)


def test_an_oversized_json_body_is_a_413_with_a_vietnamese_json_answer(client, kit):
    login(client, kit.team)
    big = json.dumps({"entry": "x" * 100_000})
    for url in (f"/rounds/{kit.round.id}/signin", "/api/v1/ballots/verify"):
        answer = _json_error(client.post(url, data=big, content_type="application/json"), 413)
        assert "quá lớn" in answer["message"] and "64 KB" in answer["message"]


def test_a_results_package_over_1_mb_is_refused_at_the_door(client, session):
    ward = create_ward()
    login(client, create_app_user(ward, Duty.WARD_ADMIN))
    session.commit()
    # Encoded here in memory: the test client would spool a big body to a temporary file it never closes.
    boundary, body = encode_multipart({"package": FileStorage(io.BytesIO(b" " * (2 * 2**20)), "goi.json")})
    response = client.post("/results/import", data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 413 and "quá lớn" in response.get_data(as_text=True)


# -- API error text (F19) ---------------------------------------------------------------------------------------------

def test_api_errors_carry_the_services_vietnamese_message_and_the_field_details(client, kit, session):
    open_count(kit, kit.leader)
    clerk = create_app_user(kit.ward, Duty.COUNTING_MEMBER, [kit.tdp], username="clerk")
    session.commit()
    login(client, clerk)
    url = f"/api/v1/contests/{kit.leader.id}/ballots"
    first = payloads(kit.run)[0]
    assert client.post(url, json={"payload": first, "kept": candidate_ids(kit.run)[:1]}).status_code == 201
    again = _json_error(client.post(url, json={"payload": first, "kept": []}), 409)
    assert again["errors"]["reason"] == "already_counted"
    assert "conflict" not in again["message"].lower() and "đã" in again["message"].lower()
    forged = _json_error(client.post(url, json={"payload": "BC1:XXXX", "kept": []}), 422)
    assert "semantic" not in forged["message"] and forged["errors"]["reason"] == "malformed"
    shape = _json_error(client.post(url, json={"payload": 5}), 422)
    assert shape["errors"]["json"]["payload"] and shape["message"] == "Dữ liệu gửi lên không hợp lệ."


def test_an_unauthenticated_api_call_is_told_in_vietnamese(client):
    answer = _json_error(client.get("/api/v1/wards"), 401)
    assert "đăng nhập" in answer["message"]


def test_the_openapi_document_lists_400_and_413_for_every_route_that_takes_a_json_body(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    for path in ("/api/v1/contests/{contest_id}/ballots", "/api/v1/ballots/verify", "/api/v1/minutes/verify"):
        responses = spec["paths"][path]["post"]["responses"]
        assert {"400", "413", "422"} <= set(responses), (path, sorted(responses))
