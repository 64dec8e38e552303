"""Login slips for a TDP: printing resets the chosen accounts' passwords, and each slip carries a username and
a one-time password that log in (then must be changed); fonts embedded; refused without confirmation."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.accounts.slips_pdf import Slip, SlipBatch, render_slips
from app.audit.models import AuditEvent
from app.auth.models import Duty, User
from tests.factories import create_app_user, create_tdp, create_ward, login
from tests.pdftools import pdf_fonts, pdf_text


def _world(session, client):
    ward = create_ward("Phường Bồ Đề")
    tdp5, tdp6 = create_tdp(ward, 5), create_tdp(ward, 6)
    admin = create_app_user(ward, Duty.WARD_ADMIN, username="quantri")
    team = create_app_user(ward, Duty.ELECTION_TEAM, [tdp5], username="tobaucu05")
    board = create_app_user(ward, [Duty.COUNTING_HEAD, Duty.COUNTING_MEMBER], [tdp5], username="kiemphieu05")
    elsewhere = create_app_user(ward, Duty.ELECTION_TEAM, [tdp6], username="tobaucu06")
    session.commit()
    login(client, admin)
    return tdp5, tdp6, team, board, elsewhere


def test_slips_carry_one_time_passwords_that_log_in_and_must_then_be_changed(client, session):
    tdp5, _tdp6, team, board, _elsewhere = _world(session, client)
    page = client.get(f"/accounts/slips/{tdp5.id}").get_data(as_text=True)
    assert "tobaucu05" in page and "kiemphieu05" in page and "tobaucu06" not in page
    assert "ĐẶT LẠI" in page  # the page says printing resets the passwords
    r = client.post(f"/accounts/slips/{tdp5.id}", data={"users": [team.id, board.id], "confirm": "y"})
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert r.headers["Cache-Control"] == "no-store"
    pdf = r.data
    text = pdf_text(pdf)
    assert "Phường Bồ Đề" in text and "Tổ dân phố số 5" in text and "Tổ bầu cử" in text
    assert "http://localhost/" in text and "Mật khẩu một lần" in text
    passwords = re.findall(r"\b[a-z]+-[a-z]+-[a-z]+-[2-9]{3}\b", text)
    assert len(passwords) == 2 and len(set(passwords)) == 2
    assert "tobaucu05" in text and "kiemphieu05" in text
    assert login(client.application.test_client(), team).status_code == 200  # the old password is gone
    for user in (team, board):
        ok = [p for p in passwords if login(client.application.test_client(), user, p).status_code == 302]
        assert len(ok) == 1
        other = client.application.test_client()
        r = login(other, user, ok[0])
        assert r.headers["Location"].endswith("/account/password")
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "user.login_slips"))
    assert event.after == {"usernames": ["kiemphieu05", "tobaucu05"]} and event.tdp_id == tdp5.id
    fonts = pdf_fonts(pdf)
    assert "Liberation" in fonts and "Helvetica" not in fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # every font embedded


def test_without_the_confirmation_box_no_password_changes(client, session):
    tdp5, _tdp6, team, _board, _elsewhere = _world(session, client)
    before = team.password_hash
    r = client.post(f"/accounts/slips/{tdp5.id}", data={"users": [team.id]})
    assert r.status_code == 422 and "Hãy đánh dấu ô xác nhận" in r.get_data(as_text=True)
    session.expire_all()
    assert session.get(User, team.id).password_hash == before


def test_an_account_of_another_tdp_or_none_at_all_is_refused(client, session):
    tdp5, _tdp6, team, _board, elsewhere = _world(session, client)
    before = {u.id: u.password_hash for u in (team, elsewhere)}
    r = client.post(f"/accounts/slips/{tdp5.id}", data={"users": [team.id, elsewhere.id], "confirm": "y"})
    assert r.status_code == 422 and "không hợp lệ" in r.get_data(as_text=True)
    r = client.post(f"/accounts/slips/{tdp5.id}", data={"confirm": "y"})
    assert r.status_code == 422 and "ít nhất một tài khoản" in r.get_data(as_text=True)
    session.expire_all()
    assert {u.id: session.get(User, u.id).password_hash for u in (team, elsewhere)} == before


def test_the_slips_pdf_fits_many_accounts_on_pages_of_six_with_escaped_names():
    slips = [Slip(f"Nguyễn <b>Văn</b> {i}", "Tổ bầu cử", f"user{i:02d}", f"sen-mua-bien-{i:03d}") for i in range(8)]
    pdf = render_slips(SlipBatch("Phường Thử", "Tổ dân phố số 1", "http://10.0.0.2:5000/", "08:00 01/01/2027", slips))
    text = pdf_text(pdf)
    assert text.count("\f") == 2  # two pages
    assert all(f"user{i:02d}" in text and f"sen-mua-bien-{i:03d}" in text for i in range(8))
    assert "Nguyễn <b>Văn</b> 0" in text
