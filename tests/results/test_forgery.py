"""The review's F1 forgery (Appendix A), step by step: a counting clerk mints a results key and its code,
pairs it on the ward's server, signs an invented result with it, and the ward admin imports it. Each step
that should fail does, and the ward's dashboard never shows the invented winner."""

from __future__ import annotations

import io
import json
import secrets

from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.auth.models import Duty, User
from app.extensions import db
from app.results import pairing
from app.results.codes import key_code
from app.results.models import ResultsPackage
from app.results.signing import check_signature
from app.wards.models import Tdp
from tests.dashboard.builders import finish, ward_of
from tests.factories import create_app_user, login
from tests.results.test_packages import export


def _user(name: str) -> User:
    return db.session.scalar(select(User).where(User.username == name))


def _tdp1() -> Tdp:
    return db.session.scalar(select(Tdp).where(Tdp.number == 1))


def test_a_clerk_cannot_replace_the_issued_key_on_the_ward_server_nor_get_a_forged_result_imported(copies):
    with copies.ward.app_context():
        kit = ward_of(2)
        create_app_user(kit.ward, username="phuong")
        create_app_user(kit.ward, Duty.COUNTING_MEMBER, [kit.tdps[1]], username="kiemphieu1")
        create_app_user(kit.ward, Duty.ELECTION_TEAM, [kit.tdps[1]], username="to1ward")
        db.session.commit()
        admin = copies.ward.test_client()
        login(admin, _user("phuong"))
        assert admin.post(f"/results/tdp/{kit.tdps[1].id}/key").status_code in (200, 302)
        issued = pairing.key_for(kit.tdps[1].id)
        assert issued is not None

    # Steps 1–2: the clerk mints a key of their choosing, with a code whose check group is valid, and pairs it
    # on the ward's server. Neither the clerk nor the TDP's election team may; nothing is written.
    forged_key = secrets.token_bytes(15)
    code = key_code(forged_key, "Phường Thử Nghiệm", 1)
    with copies.ward.app_context():
        key_events = select(func.count()).select_from(AuditEvent).where(AuditEvent.action.like("results.key%"))
        events = db.session.scalar(key_events)
        for username in ("kiemphieu1", "to1ward", "phuong"):
            client = copies.ward.test_client()
            login(client, _user(username))
            response = client.post("/results/pair", data={"tdp_number": 1, "code": code})
            assert response.status_code == 403, (username, response.status_code)
        assert pairing.key_for(_tdp1().id) == issued
        assert db.session.scalar(key_events) == events

    # Step 3: the clerk signs an invented result (9 of 10 households, all for one candidate) with that key, on
    # a copy of their own that accepts the code: a package perfectly formed and signed.
    with copies.laptop.app_context():
        kit = ward_of(2)
        pairing.pair(None, kit.tdps[1], code)
        create_app_user(kit.ward, Duty.ELECTION_TEAM, [kit.tdps[1]], username="to1")
        finish(kit.contest(1), 9, (9, 0))
        db.session.commit()
    forged = export(copies)
    check_signature(json.loads(forged), forged_key)  # the forgery is sound; only the key betrays it

    # Step 4: the ward admin imports it through the normal page: refused, with the reason; nothing stored.
    with copies.ward.app_context():
        response = admin.post("/results/import", data={"package": (io.BytesIO(forged), "goi.json")},
                              content_type="multipart/form-data")
        page = response.get_data(as_text=True)
        assert response.status_code == 422
        assert "không phải mã phường đã cấp cho tổ 1" in page
        assert db.session.scalar(select(func.count()).select_from(ResultsPackage)) == 0
        dashboard = admin.get("/dashboard/").get_data(as_text=True)
        assert 'id="elected-count">0/2<' in dashboard and 'id="tdp-1" data-result="pending"' in dashboard


def test_a_key_paired_on_the_ward_server_before_the_fix_signs_nothing_the_ward_imports(copies):
    """A ward database hijacked before this fix holds the clerk's key as "paired": import refuses it and the
    page shows it in red until the admin issues a new key."""
    forged_key = secrets.token_bytes(15)
    code = key_code(forged_key, "Phường Thử Nghiệm", 1)
    with copies.ward.app_context():
        kit = ward_of(2)
        create_app_user(kit.ward, username="phuong")
        pairing.pair(None, kit.tdps[1], code)  # what the old `POST /results/pair` stored
        db.session.commit()
    with copies.laptop.app_context():
        kit = ward_of(2)
        pairing.pair(None, kit.tdps[1], code)
        create_app_user(kit.ward, Duty.ELECTION_TEAM, [kit.tdps[1]], username="to1")
        finish(kit.contest(1), 9, (9, 0))
        db.session.commit()
    forged = export(copies)
    with copies.ward.app_context():
        admin = copies.ward.test_client()
        login(admin, _user("phuong"))
        response = admin.post("/results/import", data={"package": (io.BytesIO(forged), "goi.json")},
                              content_type="multipart/form-data")
        assert response.status_code == 403
        assert "không do phường cấp" in response.get_data(as_text=True)
        assert db.session.scalar(select(func.count()).select_from(ResultsPackage)) == 0
        row = admin.get("/results/").get_data(as_text=True).split('id="tdp-1"', 1)[1].split("</tr>", 1)[0]
        assert 'data-origin="paired"' in row and "ghép nối, không do phường cấp" in row
