"""Results keys on the two copies: the ward issues (and shows the code once), a TDP's laptop pairs, each
action exists on one copy only and for one duty only; every key's origin, fingerprint, actor and date are
shown, never the key after issue; a replacement stays visible; export is a POST."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from app import create_app
from app.audit.models import AuditEvent
from app.auth.models import Duty, User
from app.extensions import db
from app.results import pairing
from app.results.codes import fingerprint
from app.results.errors import ResultsError
from app.results.models import KeyOrigin, ResultsKeyRecord
from app.wards.models import Tdp
from tests.dashboard.builders import ward_of
from tests.factories import create_app_user, login
from tests.results.test_packages import _leader_contest, export, prepare


def _user(name: str) -> User:
    return db.session.scalar(select(User).where(User.username == name))


def _tdp(number: int) -> Tdp:
    return db.session.scalar(select(Tdp).where(Tdp.number == number))


def _as(application, username: str):
    client = application.test_client()
    login(client, _user(username))
    return client


def _issue_on_ward(copies, tdp_number: int = 2) -> str:
    """The ward admin issues the TDP's key on the page; returns the code shown once."""
    with copies.ward.app_context():
        client = _as(copies.ward, "phuong")
        response = client.post(f"/results/tdp/{_tdp(tdp_number).id}/key")
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
        page = response.get_data(as_text=True)
        return page.split('id="issued-code">', 1)[1].split("<", 1)[0]


def test_the_code_is_shown_once_at_issue_and_afterwards_only_its_fingerprint_origin_actor_and_date(copies):
    with copies.ward.app_context():
        kit = ward_of(2)
        create_app_user(kit.ward, username="phuong")
        create_app_user(kit.ward, Duty.OBSERVER, username="quansat")
        db.session.commit()
    code = _issue_on_ward(copies)
    with copies.ward.app_context():
        print_ = fingerprint(pairing.key_for(_tdp(2).id))
        compact = code.replace("-", "")
        for username in ("phuong", "quansat"):
            client = _as(copies.ward, username)
            for url in ("/results/", f"/results/tdp/{_tdp(2).id}/key", "/dashboard/", "/results/import"):
                response = client.get(url)
                page = response.get_data(as_text=True)
                assert response.status_code == (403 if (username, url) == ("quansat", "/results/import") else 200)
                assert code not in page and compact not in page and code[:14] not in page, (username, url)
        index = _as(copies.ward, "phuong").get("/results/").get_data(as_text=True)
        row = index.split('id="tdp-2"', 1)[1].split("</tr>", 1)[0]
        assert 'data-origin="issued"' in row and "phường cấp" in row and print_ in row and "phuong" in row
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "results.key_issued")).all()
        assert [e.after["fingerprint"] for e in events] == [print_]
        assert all(compact not in str(e.after) for e in events)
    with copies.laptop.app_context():  # the team types the code on its laptop and reads back the same fingerprint
        kit = ward_of(2)
        create_app_user(kit.ward, Duty.ELECTION_TEAM, [kit.tdps[2]], username="to2")
        db.session.commit()
        client = _as(copies.laptop, "to2")
        page = client.get("/results/").get_data(as_text=True)
        assert 'id="pair-form"' in page and "Nhập gói kết quả" not in page
        typo = client.post("/results/pair", data={"tdp_number": 2, "code": code[:-1] + ("A" if code[-1] != "A" else "B")})
        assert typo.status_code == 422 and "gõ nhầm một ký tự" in typo.get_data(as_text=True)
        other = client.post("/results/pair", data={"tdp_number": 1, "code": code})
        assert other.status_code == 422 and "Không có tổ dân phố này trong phạm vi của bạn" in other.get_data(as_text=True)
        done = client.post("/results/pair", data={"tdp_number": 2, "code": code}, follow_redirects=True).get_data(as_text=True)
        assert f"Đã ghép nối máy này với phường cho Tổ dân phố số 2 (mã đối chiếu {print_})" in done
        assert code not in client.get("/results/").get_data(as_text=True)
        status = pairing.key_statuses([kit.tdps[2].id])[kit.tdps[2].id]
        assert (status.origin, status.fingerprint, status.created_by) == (KeyOrigin.PAIRED, print_, "to2")


def test_reissuing_needs_confirmation_revokes_the_old_key_and_the_replacement_stays_visible(copies):
    with copies.ward.app_context():
        kit = ward_of(2)
        create_app_user(kit.ward, username="phuong")
        db.session.commit()
    _issue_on_ward(copies)
    with copies.ward.app_context():
        old = pairing.key_for(_tdp(2).id)
        client = _as(copies.ward, "phuong")
        unconfirmed = client.post(f"/results/tdp/{_tdp(2).id}/key")
        assert unconfirmed.status_code == 409 and "Hãy xác nhận để cấp mã mới" in unconfirmed.get_data(as_text=True)
        assert pairing.key_for(_tdp(2).id) == old
    code = None
    with copies.ward.app_context():
        response = _as(copies.ward, "phuong").post(f"/results/tdp/{_tdp(2).id}/key", data={"confirm": "y"})
        assert response.status_code == 200
        code = response.get_data(as_text=True).split('id="issued-code">', 1)[1].split("<", 1)[0]
        new = pairing.key_for(_tdp(2).id)
        assert new != old and code
        index = client.get("/results/").get_data(as_text=True).split('id="tdp-2"', 1)[1].split("</tr>", 1)[0]
        assert "đã thay 1 lần" in index
        history = client.get(f"/results/tdp/{_tdp(2).id}/key").get_data(as_text=True)
        assert fingerprint(old) in history and fingerprint(new) in history and "đang dùng" in history
        records = db.session.scalars(select(ResultsKeyRecord).order_by(ResultsKeyRecord.id)).all()
        assert [(r.fingerprint, r.replaced_by_id is not None) for r in records] == [(fingerprint(old), True),
                                                                                   (fingerprint(new), False)]
        last = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "results.key_issued")
                                  .order_by(AuditEvent.seq.desc())).first()
        assert last.after["replaced"] is True and last.after["previous"]["fingerprint"] == fingerprint(old)


def test_on_the_ward_copy_nobody_pairs_not_even_for_a_tdp_without_a_key(copies):
    with copies.ward.app_context():
        kit = ward_of(2)
        create_app_user(kit.ward, username="phuong")
        create_app_user(kit.ward, Duty.ELECTION_TEAM, [kit.tdps[1]], username="to1")
        db.session.commit()
    with copies.laptop.app_context():
        laptop_kit = ward_of(2)
        code = pairing.issue_key(None, laptop_kit.tdps[1])  # any well-formed code for TDP 1 of this ward
        db.session.rollback()
    with copies.ward.app_context():
        for username in ("to1", "phuong"):
            response = _as(copies.ward, username).post("/results/pair", data={"tdp_number": 1, "code": code})
            page = response.get_data(as_text=True)
            assert response.status_code == 403 and "Chỉ máy của tổ" in page and "COPY_ROLE=ward" in page
            assert 'id="pair-form"' not in _as(copies.ward, username).get("/results/").get_data(as_text=True)
        assert pairing.key_for(_tdp(1).id) is None
        assert db.session.scalar(select(func.count()).select_from(ResultsKeyRecord)) == 0


def test_a_pairing_never_replaces_a_key_issued_on_the_same_copy(copies):
    with copies.ward.app_context():
        kit = ward_of(2)
        code = pairing.issue_key(None, kit.tdps[1])
        issued = pairing.key_for(kit.tdps[1].id)
        db.session.commit()
        with pytest.raises(ResultsError) as error:
            pairing.pair(None, kit.tdps[1], code)
        assert error.value.code == "issued_here" and pairing.key_for(kit.tdps[1].id) == issued


def test_on_the_laptop_only_the_tdps_election_team_or_the_ward_admin_pairs(copies):
    with copies.ward.app_context():
        ward_of(2)
        code = pairing.issue_key(None, _tdp(1))
        db.session.commit()
    with copies.laptop.app_context():
        kit = ward_of(2)
        for role in (Duty.COUNTING_MEMBER, Duty.PARTY_CELL, Duty.OBSERVER):
            create_app_user(kit.ward, role, [kit.tdps[1]] if role is not Duty.OBSERVER else [], username=role.value)
        create_app_user(kit.ward, Duty.ELECTION_TEAM, [kit.tdps[2]], username="to2")
        create_app_user(kit.ward, username="admin")
        db.session.commit()
        for username in ("counting_member", "party_cell", "observer"):
            response = _as(copies.laptop, username).post("/results/pair", data={"tdp_number": 1, "code": code})
            assert response.status_code == 403, username
        other = _as(copies.laptop, "to2").post("/results/pair", data={"tdp_number": 1, "code": code})
        assert other.status_code == 422
        assert pairing.key_for(kit.tdps[1].id) is None
        assert _as(copies.laptop, "admin").post("/results/pair", data={"tdp_number": 1, "code": code}).status_code == 302
        assert pairing.key_for(kit.tdps[1].id) is not None


def test_export_is_a_post_for_the_tdps_election_team_and_a_get_signs_nothing(copies):
    prepare(copies)
    with copies.laptop.app_context():
        kit_tdp = _tdp(1)
        ward = kit_tdp.ward
        for role in (Duty.COUNTING_MEMBER, Duty.PARTY_CELL, Duty.OBSERVER):
            create_app_user(ward, role, [kit_tdp] if role is not Duty.OBSERVER else [], username=role.value)
        create_app_user(ward, Duty.ELECTION_TEAM, [_tdp(2)], username="to2")
        db.session.commit()
        contest = _leader_contest()
        exports = select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "results.export")
        assert _as(copies.laptop, "to1").get(f"/results/export/{contest}.json").status_code == 405
        for username in ("counting_member", "party_cell", "observer", "to2"):
            assert _as(copies.laptop, username).post(f"/results/export/{contest}.json").status_code == 403, username
        assert db.session.scalar(exports) == 0
        page = _as(copies.laptop, "to1").get("/results/").get_data(as_text=True)
        assert f'<form method="post" action="/results/export/{contest}.json"' in page
        assert "/results/export/" not in _as(copies.laptop, "counting_member").get("/results/").get_data(as_text=True)
    assert export(copies)
    with copies.laptop.app_context():
        assert db.session.scalar(exports) == 1


def test_each_action_exists_on_one_copy_only_on_the_web_and_on_the_command_line(copies, tmp_path):
    prepare(copies)
    with copies.ward.app_context():
        admin = _as(copies.ward, "phuong")
        assert admin.post(f"/results/export/{_leader_contest()}.json").status_code == 403
        runner = copies.ward.test_cli_runner()
        for args in (["results", "pair", "AAAA", "--tdp", "1"],
                     ["results", "export", "--tdp", "1", "--out", str(tmp_path / "x.json")]):
            result = runner.invoke(args=args)
            assert result.exit_code != 0 and "COPY_ROLE=ward" in result.output, args
        again = runner.invoke(args=["results", "issue", "--tdp", "1"])
        assert again.exit_code != 0 and "--replace" in again.output
    with copies.laptop.app_context():
        create_app_user(_tdp(1).ward, username="admin")
        db.session.commit()
        admin = _as(copies.laptop, "admin")
        assert admin.post(f"/results/tdp/{_tdp(2).id}/key").status_code == 403
        assert admin.get("/results/import").status_code == 403
        assert admin.post("/results/import", data={"package": (io.BytesIO(b"{}"), "goi.json")},
                          content_type="multipart/form-data").status_code == 403
        assert "Nhập gói kết quả" not in admin.get("/results/").get_data(as_text=True)
        runner = copies.laptop.test_cli_runner()
        for args in (["results", "issue", "--tdp", "2"], ["results", "import", __file__]):
            result = runner.invoke(args=args)
            assert result.exit_code != 0 and "COPY_ROLE=laptop" in result.output, args
        assert pairing.key_for(_tdp(2).id) is None


def test_a_package_signed_with_a_replaced_key_is_refused_naming_both_fingerprints(copies):
    prepare(copies)
    data = export(copies)
    with copies.ward.app_context():
        pairing.issue_key(None, _tdp(1), replace=True)
        db.session.commit()
        current = fingerprint(pairing.key_for(_tdp(1).id))
    from tests.results.test_packages import import_on_ward

    with pytest.raises(ResultsError) as error:
        import_on_ward(copies, data)
    assert error.value.code == "signature" and current in error.value.message


def test_a_misspelt_copy_role_refuses_to_start():
    with pytest.raises(ValueError, match="COPY_ROLE"):
        create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://", COPY_ROLE="laptpo")
