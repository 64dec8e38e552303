"""Results packages between two copies of the app: a TDP's laptop exports a signed package, the ward's copy
imports it; tampered, duplicate, conflicting and inconsistent packages are refused with a reason."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.auth.models import Duty, User
from app.extensions import db
from app.minutes.services import counting_qr
from app.results import packages, pairing
from app.results.errors import ResultsError
from app.results.signing import sign
from app.rolls.models import Household
from app.tally.result import result_digest
from app.wards.models import Ward
from tests.dashboard.builders import finish, ward_of
from tests.factories import create_app_user, login


def prepare(copies, votes=(7, 2)) -> str:
    """Both copies hold the same ward; the ward issued TDP 1's key, the laptop paired with it and locked
    TDP 1's leader count. Returns the pairing code."""
    with copies.ward.app_context():
        kit = ward_of(2)
        code = pairing.issue_key(None, kit.tdps[1])
        create_app_user(kit.ward, username="phuong")
        db.session.commit()
    with copies.laptop.app_context():
        kit = ward_of(2)
        pairing.pair(None, kit.tdps[1], code)
        create_app_user(kit.ward, Duty.ELECTION_TEAM, [kit.tdps[1]], username="to1")
        finish(kit.contest(1), 9, votes)
        db.session.commit()
    return code


def export(copies) -> bytes:
    """The package as the laptop's team downloads it."""
    with copies.laptop.app_context():
        kit_contest = _leader_contest()
        client = copies.laptop.test_client()
        login(client, db.session.scalar(select(User).where(User.username == "to1")))
        response = client.post(f"/results/export/{kit_contest}.json")
        assert response.status_code == 200, response.get_data(as_text=True)[:500]
        assert response.mimetype == "application/json"
        return response.data


def _leader_contest() -> int:
    from app.elections.models import Contest, ElectionRound, Position
    from app.wards.models import Tdp

    return db.session.scalar(select(Contest.id).join(ElectionRound).join(Tdp, ElectionRound.tdp_id == Tdp.id)
                             .where(Tdp.number == 1, Contest.position == Position.LEADER))


def import_on_ward(copies, data: bytes):
    with copies.ward.app_context():
        ward = db.session.scalar(select(Ward))
        try:
            package = packages.import_package(None, ward, data)
        except ResultsError:
            db.session.rollback()
            raise
        db.session.commit()
        return package.outcome


def resign(copies, envelope: dict) -> bytes:
    """Sign an edited body with TDP 1's real key, as a laptop would."""
    with copies.laptop.app_context():
        from app.wards.models import Tdp

        key = pairing.key_for(db.session.scalar(select(Tdp.id).where(Tdp.number == 1)))
    envelope["hmac_sha256"] = sign(key, envelope["body"])
    return json.dumps(envelope).encode()


def test_a_package_from_the_laptop_imports_into_the_ward_and_moves_that_tdps_dashboard_row(copies):
    prepare(copies)
    data = export(copies)
    with copies.ward.app_context():
        client = copies.ward.test_client()
        login(client, db.session.scalar(select(User).where(User.username == "phuong")))
        before = client.get("/dashboard/").get_data(as_text=True)
        assert 'id="elected-count">0/2<' in before
        assert 'id="tdp-1" data-result="pending"' in before
        response = client.post("/results/import", data={"package": (__import__("io").BytesIO(data), "goi.json")},
                               content_type="multipart/form-data", follow_redirects=True)
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and "Đã nhập gói kết quả của Tổ dân phố số 1" in page
        assert 'id="elected-count">1/2<' in page
        row = page[page.index('id="tdp-1"'):page.index('id="tdp-2"')]
        assert 'data-result="partial"' in row and "7 phiếu" in row  # the leader's package; no deputy's yet
        assert 'stage-cell done" data-stage="meeting"' in row and 'data-stage="minutes"' in row
        assert 'id="turnout">45,0%<' in page  # 9 of the ward's 20 households, though none signed in on this copy


def test_a_package_with_one_vote_changed_is_refused(copies):
    prepare(copies)
    envelope = json.loads(export(copies))
    envelope["body"]["counts"]["votes"][0]["votes"] += 1
    with pytest.raises(ResultsError) as error:
        import_on_ward(copies, json.dumps(envelope).encode())
    assert error.value.code == "signature" and "đã bị sửa" in error.value.message


def test_the_same_package_twice_is_refused_as_already_imported(copies):
    prepare(copies)
    data = export(copies)
    assert import_on_ward(copies, data) == "elected"
    with pytest.raises(ResultsError) as error:
        import_on_ward(copies, data)
    assert error.value.code == "duplicate" and "Đã nhập gói này" in error.value.message
    with pytest.raises(ResultsError) as again:  # exported again later: another file, the same result
        import_on_ward(copies, export(copies))
    assert again.value.code == "duplicate"


def test_a_different_result_for_the_same_contest_is_refused_as_a_conflict(copies):
    prepare(copies)
    envelope = json.loads(export(copies))
    assert import_on_ward(copies, json.dumps(envelope).encode()) == "elected"
    body = envelope["body"]
    body["counts"]["votes"][0]["votes"], body["counts"]["votes"][1]["votes"] = 6, 3
    first, second = body["result"]["votes"]
    first["votes"], second["votes"] = 6, 3
    body["result"]["digest"] = body["minutes_digest"] = result_digest(body["result"])
    with pytest.raises(ResultsError) as error:
        import_on_ward(copies, resign(copies, envelope))
    assert error.value.code == "conflict" and "Xung đột" in error.value.message and error.value.status == 409


def test_a_signed_package_whose_result_does_not_follow_from_its_numbers_is_refused(copies):
    prepare(copies, votes=(5, 4))  # 5 of 10 households: nobody elected
    envelope = json.loads(export(copies))
    result = envelope["body"]["result"]
    assert result["outcome"] == "no_winner"
    result["outcome"], result["next_step"], result["rerun_deadline"] = "elected", "none", None
    result["elected"] = [{"person": result["votes"][0]["person"], "name": result["votes"][0]["name"]}]
    result["digest"] = envelope["body"]["minutes_digest"] = result_digest(result)
    with pytest.raises(ResultsError) as error:
        import_on_ward(copies, resign(copies, envelope))
    assert error.value.code == "result" and "ngưỡng 6 phiếu" in error.value.message


def test_more_votes_than_valid_ballots_is_refused_even_when_signed(copies):
    prepare(copies)
    envelope = json.loads(export(copies))
    envelope["body"]["counts"]["votes"][0]["votes"] = 10
    with pytest.raises(ResultsError) as error:
        import_on_ward(copies, resign(copies, envelope))
    assert error.value.code == "figures" and "nhiều hơn số phiếu hợp lệ (9)" in error.value.message


def test_a_package_counted_on_another_roll_is_refused(copies):
    prepare(copies)
    data = export(copies)
    with copies.ward.app_context():
        household = db.session.scalar(select(Household).order_by(Household.id))
        household.address = "Số 99, ngõ mới"
        db.session.commit()
    with pytest.raises(ResultsError) as error:
        import_on_ward(copies, data)
    assert error.value.code == "roll" and "Danh sách cử tri" in error.value.message


def test_a_key_issued_again_makes_packages_signed_with_the_old_key_refused(copies):
    prepare(copies)
    data = export(copies)
    with copies.ward.app_context():
        from app.wards.models import Tdp

        pairing.issue_key(None, db.session.scalar(select(Tdp).where(Tdp.number == 1)), replace=True)
        db.session.commit()
    with pytest.raises(ResultsError) as error:
        import_on_ward(copies, data)
    assert error.value.code == "signature"


def test_a_code_typed_for_the_wrong_tdp_is_refused_on_the_laptop(copies):
    code = prepare(copies)
    with copies.laptop.app_context():
        from app.wards.models import Tdp

        with pytest.raises(ResultsError) as error:
            pairing.pair(None, db.session.scalar(select(Tdp).where(Tdp.number == 2)), code)
        assert "tổ dân phố số 2" in error.value.message
        tdp1 = db.session.scalar(select(Tdp).where(Tdp.number == 1))
        pairing.pair(None, tdp1, code.lower().replace("-", " ").replace("o", "0"))  # sloppy typing still pairs


def test_the_paper_minutes_from_the_laptop_match_the_imported_package(copies):
    prepare(copies)
    import_on_ward(copies, export(copies))
    with copies.laptop.app_context():
        from app.elections.models import Contest
        from app.tally.state import tally_for

        contest = db.session.get(Contest, _leader_contest())
        qr = counting_qr(contest, tally_for(contest).result)
        db.session.commit()
    with copies.ward.app_context():
        client = copies.ward.test_client()
        login(client, db.session.scalar(select(User).where(User.username == "phuong")))
        page = client.post("/results/paper", data={"payload": qr}).get_data(as_text=True)
        assert "Bản giấy khớp với kết quả của Tổ dân phố số 1" in page
        forged = qr.split(":")
        forged[3] = "0" * 20
        response = client.post("/results/paper", data={"payload": ":".join(forged)})
        assert response.status_code == 422 and "Không có gói kết quả đã nhập nào khớp" in response.get_data(as_text=True)


def test_the_command_line_pairs_exports_and_imports(copies, tmp_path):
    with copies.ward.app_context():
        ward_of(2)
        db.session.commit()
        issued = copies.ward.test_cli_runner().invoke(args=["results", "issue", "--tdp", "1"])
        assert issued.exit_code == 0, issued.output
        code = issued.output.splitlines()[0].rsplit(" ", 1)[1]
    with copies.laptop.app_context():
        kit = ward_of(2)
        db.session.commit()
        runner = copies.laptop.test_cli_runner()
        wrong = runner.invoke(args=["results", "pair", code, "--tdp", "2"])
        assert wrong.exit_code != 0 and "tổ dân phố số 2" in wrong.output
        assert runner.invoke(args=["results", "pair", code, "--tdp", "1"]).exit_code == 0
        finish(kit.contest(1), 8, (6, 2))
        db.session.commit()
        out = tmp_path / "goi.json"
        exported = runner.invoke(args=["results", "export", "--tdp", "1", "--out", str(out)])
        assert exported.exit_code == 0, exported.output
    with copies.ward.app_context():
        runner = copies.ward.test_cli_runner()
        imported = runner.invoke(args=["results", "import", str(out)])
        assert imported.exit_code == 0 and "elected" in imported.output, imported.output
        again = runner.invoke(args=["results", "import", str(out)])
        assert again.exit_code != 0 and "Đã nhập gói này" in again.output
