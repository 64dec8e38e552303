"""The province/city account: made at the command line, it logs in, changes its one-time password and reads
every ward of the server on its page and API, with the figures each ward's own dashboard shows; it reaches
nothing else, and no ward account reaches its page."""

from __future__ import annotations

import re

import pytest
from flask import url_for
from sqlalchemy import func, select

from app.auth.models import Duty, User
from app.extensions import db
from app.wards.models import Tdp, Ward
from tests.dashboard.builders import sign_in, ward_of
from tests.dashboard.test_dashboard import busy_ward
from tests.factories import create_app_user, create_province_account, login

NEW_PASSWORD = "mat-khau-tinh-thanh-2025"


def _create(runner, username="tinh.hanoi", name="Nguyễn Văn An — Sở Nội vụ"):
    return runner.invoke(args=["province", "user", "create", username, "--name", name])


def _one_time_password(output: str) -> str:
    return re.search(r"Mật khẩu dùng một lần(?: mới của \S+)?: (\S+)", output).group(1)


def _users() -> list[tuple]:
    return sorted(db.session.execute(select(User.username, User.ward_id, User.active, User.password_hash,
                                            User.must_change_password)).all())


@pytest.fixture
def city(session):
    """Two wards with elections (one busy: results, a recognition, a re-run; one on election day, signed in and
    nothing counted) and one ward without an election yet."""
    busy, busy_admin = busy_ward(3, "Phường Bận")
    day = ward_of(4, households=10, name="Phường Ngày Bầu")
    for number in range(1, 5):
        sign_in(day.rounds[number], 7 - number)
    day_admin = create_app_user(day.ward)
    quiet = Ward(name="Phường Chưa Bầu", district="Quận Thử", province="Hà Nội")
    db.session.add(quiet)
    session.commit()
    return busy, busy_admin, day, day_admin, quiet


def test_a_province_account_made_at_the_command_line_must_change_its_password_then_lands_on_its_page(
        runner, client, city):
    result = _create(runner)
    assert result.exit_code == 0, result.output
    password = _one_time_password(result.output)
    user = db.session.scalar(select(User).where(User.username == "tinh.hanoi"))
    assert user.ward_id is None and user.duties == {Duty.PROVINCE} and user.must_change_password

    response = client.post("/login", data={"username": "tinh.hanoi", "password": password})
    assert response.headers["Location"].endswith("/account/password")
    assert client.get("/province/").headers["Location"].endswith("/account/password")  # nothing before the change
    page = client.get("/account/password")
    assert page.status_code == 200 and "tinh.hanoi" in page.get_data(as_text=True)
    response = client.post("/account/password", data={"old_password": password, "new_password": NEW_PASSWORD,
                                                      "confirm": NEW_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/province/")
    assert client.get("/").headers["Location"].endswith("/province/")
    assert client.get("/start").headers["Location"].endswith("/province/")
    page = client.get("/province/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Cán bộ tỉnh/thành phố — chỉ xem" in text  # the account's duty, in the header
    assert 'href="/province/"' in text and 'href="/dashboard/"' not in text  # its one menu item

    client.post("/logout")
    response = client.post("/login", data={"username": "tinh.hanoi", "password": NEW_PASSWORD})
    assert response.headers["Location"].endswith("/province/")


def _ward_row(html: str, ward_id: int) -> list[str]:
    row = re.search(rf'<tr id="ward-{ward_id}"[^>]*>(.*?)</tr>', html, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]


def test_each_wards_figures_are_what_its_own_dashboard_shows(client, city):
    busy, busy_admin, day, day_admin, quiet = city
    own = {}
    for kit, admin in ((busy, busy_admin), (day, day_admin)):
        login(client, admin)
        own[kit.ward.id] = client.get(f"/api/v1/wards/{kit.ward.id}/dashboard").get_json()["counters"]
        client.post("/logout")
    reader = create_province_account()
    db.session.commit()
    login(client, reader)

    data = client.get("/api/v1/province/dashboard").get_json()
    wards = {w["ward_id"]: w for w in data["wards"]}
    assert set(wards) == {busy.ward.id, day.ward.id, quiet.id}
    for ward_id, counters in own.items():
        assert wards[ward_id]["counters"] == counters
    assert wards[quiet.id]["counters"] is None and wards[quiet.id]["election_id"] is None
    for key in ("tdps", "elected", "present", "electorate", "reruns", "rule_breach_reruns", "recognised", "complete"):
        assert data["counters"][key] == sum(c[key] for c in own.values()), key  # the city: the wards added up
    assert data["counters"]["awaiting_rerun"] == [a for c in own.values() for a in c["awaiting_rerun"]]
    assert own[day.ward.id]["present"] == 6 + 5 + 4 + 3 and own[busy.ward.id]["elected"] >= 1
    assert data["generated_at"].endswith("+07:00")

    html = client.get("/province/").get_data(as_text=True)
    for ward_id, c in own.items():
        cells = _ward_row(html, ward_id)
        assert cells[1:6] == [str(c["tdps"]), str(c["electorate"]), str(c["present"]), c["turnout"],
                              f"{c['elected']}/{c['tdps']}"]
    assert "chưa có cuộc bầu cử" in " ".join(_ward_row(html, quiet.id))
    assert "(giờ Việt Nam)" in html


def _rows(html: str) -> list[tuple[int, int]]:
    """(ward id, TDP id) of the TDP table's rows."""
    return [(int(w), int(t)) for t, w in re.findall(r'<tr id="tdp-(\d+)" data-ward="(\d+)"', html)]


def test_search_ward_filter_and_paging_by_get_parameters(client, city):
    busy, _, day, _, quiet = city
    for number in range(10, 68):  # 58 more TDPs with no round yet: 61 in the busy ward, 65 in all
        db.session.add(Tdp(ward_id=busy.ward.id, number=number,
                           name="Tổ dân phố Hoa Sen" if number == 42 else f"Tổ dân phố số {number}"))
    reader = create_province_account()
    db.session.commit()
    login(client, reader)
    order = [(w, t) for w, t in db.session.execute(
        select(Tdp.ward_id, Tdp.id).where(Tdp.ward_id.in_([busy.ward.id, day.ward.id]))
        .order_by(Tdp.ward_id, Tdp.number)).all()]
    assert len(order) == 65

    first = client.get("/province/").get_data(as_text=True)
    assert _rows(first) == order[:50] and "Trang 1/2" in first and 'rel="next"' in first
    second = client.get("/province/?page=2").get_data(as_text=True)
    assert _rows(second) == order[50:] and "Trang 2/2" in second and 'rel="prev"' in second
    assert _rows(client.get("/province/?page=9").get_data(as_text=True)) == order[50:]  # past the last: the last

    only_day = client.get(f"/province/?ward={day.ward.id}").get_data(as_text=True)
    assert _rows(only_day) == [p for p in order if p[0] == day.ward.id] and "Trang 1/1" in only_day
    assert _rows(client.get(f"/province/?ward={quiet.id}").get_data(as_text=True)) == []
    hoa_sen = client.get("/province/?q=hoa+sen").get_data(as_text=True)
    assert [t for _, t in _rows(hoa_sen)] == [db.session.scalar(select(Tdp.id).where(Tdp.name == "Tổ dân phố Hoa Sen"))]
    number_2 = client.get(f"/province/?q=2&ward={busy.ward.id}").get_data(as_text=True)
    assert [t for _, t in _rows(number_2)] == [busy.tdps[2].id]
    assert _rows(client.get("/province/?q=3").get_data(as_text=True)) == [(busy.ward.id, busy.tdps[3].id),
                                                                          (day.ward.id, day.tdps[3].id)]

    bad = client.get("/province/?page=abc&ward=xyz")
    text = bad.get_data(as_text=True)
    assert bad.status_code == 200 and _rows(text) == order[:50]
    assert "Số trang (page) “abc” không hợp lệ" in text and "Không có phường mã “xyz”" in text
    long = client.get("/province/?q=" + "x" * 101).get_data(as_text=True)
    assert _rows(long) == order[:50] and "Từ khóa tìm (q) dài quá 100 ký tự" in long

    api = client.get(f"/api/v1/province/dashboard?page=2&ward={busy.ward.id}").get_json()
    assert [t["id"] for t in api["tdps"]] == [t for w, t in order if w == busy.ward.id][50:]
    assert (api["matching"], api["page"], api["pages"]) == (61, 2, 2)
    assert all(t["ward_id"] == busy.ward.id for t in api["tdps"])
    assert client.get("/api/v1/province/dashboard?page=0").status_code == 422
    assert client.get("/api/v1/province/dashboard?ward=999999").status_code == 404


@pytest.mark.parametrize(("endpoint", "kind"), [
    ("dashboard.index", None), ("accounts.index", None), ("plan.index", None), ("results.index", None),
    ("meeting.today", None), ("elections.index", None), ("wards.tdp", "tdp_id"),
    ("dashboard_api.ward_dashboard", "ward_id")])
def test_a_province_account_is_refused_every_ward_page(client, city, endpoint, kind):
    """A sample, read as the account sees it; tests/auth/test_permission_table.py walks every route."""
    busy = city[0]
    reader = create_province_account()
    db.session.commit()
    login(client, reader)
    with client.application.test_request_context():
        url = url_for(endpoint, **({kind: busy.tdps[1].id if kind == "tdp_id" else busy.ward.id} if kind else {}))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("duty", [Duty.WARD_ADMIN, Duty.OBSERVER])
def test_a_ward_account_is_refused_the_province_page_and_api(client, city, duty):
    user = create_app_user(city[0].ward, duty)
    db.session.commit()
    login(client, user)
    assert client.get("/province/").status_code == 403
    assert client.get("/api/v1/province/dashboard").status_code == 403
    assert "/province/" not in client.get("/dashboard/").get_data(as_text=True)


def test_bad_commands_are_refused_in_vietnamese_and_change_nothing(runner, city):
    busy_admin = city[1]
    assert _create(runner, "tinh.hanoi").exit_code == 0
    before = _users()
    cases = [
        (_create(runner, "tinh.hanoi"), "đã có người dùng"),
        (_create(runner, busy_admin.username.upper()), "đã có người dùng"),
        (_create(runner, "tinh hanoi"), "Tên đăng nhập chỉ gồm"),
        (_create(runner, "tinh.khac", "   "), "Hãy ghi họ tên"),
        (_create(runner, "tinh.khac", "x" * 121), "dài quá 120 ký tự"),
        (runner.invoke(args=["province", "user", "reset-password", busy_admin.username]), "là tài khoản của phường"),
        (runner.invoke(args=["province", "user", "disable", "khong.co"]), "Không có tài khoản “khong.co”"),
        (runner.invoke(args=["users", "set-duties", "tinh.hanoi", "--duty", "ward_admin"]),
         "không thuộc phường nào"),
        (runner.invoke(args=["users", "set-tdps", "tinh.hanoi", "--tdp", "1"]), "không thuộc phường nào"),
    ]
    for result, message in cases:
        assert result.exit_code != 0 and message in result.output, result.output
    refused = runner.invoke(args=["users", "create", "ai.do", "--duty", "province", "--password-env", "X"])
    assert refused.exit_code == 2 and "province" in refused.output
    db.session.expire_all()
    assert _users() == before
    assert db.session.scalar(select(func.count()).select_from(User).where(User.ward_id.is_(None))) == 1


def test_list_disable_and_reset_password_at_the_command_line(runner, client, city):
    password = _one_time_password(_create(runner, "tinh.a", "Trần Thị Bình — UBND thành phố").output)
    _create(runner, "tinh.b", "Lê Văn Cường")
    listing = runner.invoke(args=["province", "user", "list"])
    assert listing.exit_code == 0
    lines = listing.output.splitlines()
    assert [line.split()[0] for line in lines] == ["tinh.a", "tinh.b"] and "chờ đổi mật khẩu" in lines[0]
    assert city[1].username not in listing.output  # ward accounts are `flask users list`'s

    reset = runner.invoke(args=["province", "user", "reset-password", "tinh.a"])
    assert reset.exit_code == 0, reset.output
    fresh = _one_time_password(reset.output)
    assert fresh != password
    assert client.post("/login", data={"username": "tinh.a", "password": password}).status_code == 200  # refused
    assert client.post("/login", data={"username": "tinh.a", "password": fresh}).headers["Location"].endswith(
        "/account/password")
    client.post("/logout")

    assert runner.invoke(args=["province", "user", "disable", "TINH.A"]).output.strip() == "Đã khóa tinh.a."
    assert client.post("/login", data={"username": "tinh.a", "password": fresh}).status_code == 200  # refused
    assert "đã khóa" in runner.invoke(args=["province", "user", "list"]).output.splitlines()[0]
    assert runner.invoke(args=["province", "user", "enable", "tinh.a"]).exit_code == 0
    assert client.post("/login", data={"username": "tinh.a", "password": fresh}).status_code == 302


def test_the_ward_accounts_page_cannot_give_the_province_duty(client, city):
    busy_admin = city[1]
    login(client, busy_admin)
    before = _users()
    response = client.post("/accounts/new", data={"username": "lau.ca", "full_name": "Lâu Cá", "duties": "province"})
    assert response.status_code in (200, 422)
    db.session.expire_all()
    assert _users() == before
