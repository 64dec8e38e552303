"""First run in the browser's place: an empty database leads to the set-up; it creates the ward and its first
admin together, logs them in, and is gone (404) once a ward exists. The demo button, refused in production."""

from __future__ import annotations

import secrets

import pytest
from sqlalchemy import func, select

from app import create_app
from app.audit.models import AuditEvent
from app.auth.models import Duty, User
from app.extensions import db
from app.wards.models import Tdp, Ward
from tests.factories import create_app_user, create_ward
from tests.setup.builders import STRONG

WARD = {"name": "phường Bồ Đề", "province": "Thành phố Hà Nội"}
ADMIN = {"full_name": "Nguyễn Thị Hoa", "username": "hoa.bode", "password": STRONG, "confirm": STRONG}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("path", ["/", "/login", "/dashboard/", "/tdp/1", "/ward/tdps"])
def test_on_an_empty_database_every_page_leads_to_the_set_up(client, path):
    response = client.get(path)
    assert response.status_code == 302 and response.headers["Location"] == "/setup/"
    assert "Thiết lập phần mềm" in client.get("/setup/").get_data(as_text=True)


def test_the_set_up_creates_the_ward_and_its_admin_and_logs_them_in(client, session):
    step1 = client.post("/setup/", data=WARD)
    assert step1.status_code == 302 and step1.headers["Location"] == "/setup/admin"
    assert count(Ward) == 0  # nothing is written before the admin exists
    page = client.get("/setup/admin").get_data(as_text=True)
    assert "Ủy ban nhân dân phường Bồ Đề" in page and "Ủy ban nhân dân thành phố Hà Nội" in page
    step2 = client.post("/setup/admin", data=ADMIN)
    assert step2.status_code == 302 and step2.headers["Location"] == "/ward/tdps"
    ward = session.scalars(select(Ward)).one()
    assert (ward.name, ward.province, ward.district) == ("Phường Bồ Đề", "Thành phố Hà Nội", "")
    assert (ward.issuing_authority, ward.report_recipient) == ("Ủy ban nhân dân phường Bồ Đề",
                                                               "Ủy ban nhân dân thành phố Hà Nội")
    user = session.scalars(select(User)).one()
    assert user.duties == {Duty.WARD_ADMIN} and user.ward_id == ward.id and user.full_name == "Nguyễn Thị Hoa"
    actions = set(session.scalars(select(AuditEvent.action)))
    assert {"ward.create", "user.create"} <= actions  # restore checks every account has its user.create
    tdp_page = client.get("/ward/tdps")  # logged in: step 3
    assert tdp_page.status_code == 200 and "3. Danh sách tổ dân phố" in tdp_page.get_data(as_text=True)


def test_the_ward_can_name_its_own_authority_and_recipient(client, session):
    client.post("/setup/", data={**WARD, "issuing_authority": "UBND phường Bồ Đề",
                                 "report_recipient": "UBND thành phố Hà Nội (qua Sở Nội vụ)"})
    client.post("/setup/admin", data=ADMIN)
    ward = session.scalars(select(Ward)).one()
    assert (ward.issuing_authority, ward.report_recipient) == ("UBND phường Bồ Đề",
                                                               "UBND thành phố Hà Nội (qua Sở Nội vụ)")


@pytest.mark.parametrize(("data", "message"), [
    ({"name": "Bồ Đề", "province": "Hà Nội"}, "Tên cần bắt đầu bằng “Phường”, “Xã” hoặc “Đặc khu”"),
    ({"name": "Phường", "province": "Hà Nội"}, "Tên cần bắt đầu bằng"),
    ({"name": "Xã Sóc Sơn", "province": ""}, "Nhập tỉnh hoặc thành phố."),
    ({"name": "Xã Sóc Sơn", "province": "Hà Nội", "issuing_authority": "x" * 161}, "Không được dài quá 160 ký tự."),
])
def test_a_ward_with_a_bad_name_or_no_province_is_refused_in_vietnamese(client, session, data, message):
    response = client.post("/setup/", data=data)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert client.get("/setup/admin").headers["Location"] == "/setup/"


@pytest.mark.parametrize(("admin", "message"), [
    ({"password": "password123", "confirm": "password123"}, "quá phổ biến"),
    ({"password": "hoa.bode-2026!", "confirm": "hoa.bode-2026!"}, "không được chứa tên đăng nhập"),
    ({"password": "ngắn", "confirm": "ngắn"}, "từ 10 đến 200 ký tự"),
    ({"confirm": "something else entirely"}, "không giống nhau"),
    ({"username": "hoa bode"}, "Tên đăng nhập chỉ gồm chữ"),
])
def test_a_weak_password_or_bad_username_creates_neither_ward_nor_account(client, session, admin, message):
    client.post("/setup/", data=WARD)
    response = client.post("/setup/admin", data={**ADMIN, **admin})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert (count(Ward), count(User), count(AuditEvent)) == (0, 0, 0)


def test_the_set_up_is_gone_once_a_ward_exists(client, session):
    create_app_user(create_ward(), Duty.WARD_ADMIN)
    session.commit()
    for method, path in (("GET", "/setup/"), ("POST", "/setup/"), ("GET", "/setup/admin"), ("POST", "/setup/admin"),
                         ("POST", "/setup/demo")):
        assert client.open(path, method=method, data=ADMIN | WARD).status_code == 404, (method, path)
    assert client.get("/").headers["Location"].startswith("/login")
    assert count(User) == 1 and count(Ward) == 1


def test_a_second_set_up_that_started_before_the_first_ended_creates_nothing(client, session):
    client.post("/setup/", data=WARD)  # this visitor is at step 2 ...
    other = client.application.test_client()
    other.post("/setup/", data={"name": "Xã Kẻ Trộm", "province": "Tỉnh Lạ"})
    assert other.post("/setup/admin", data={**ADMIN, "username": "ketrom"}).status_code == 302
    response = client.post("/setup/admin", data=ADMIN)  # ... when another finished first
    assert response.status_code == 404
    assert session.scalars(select(User.username)).all() == ["ketrom"] and count(Ward) == 1


def test_set_up_forms_need_their_csrf_token(backend, app_ctx):
    guarded = backend.make_app(WTF_CSRF_ENABLED=True)
    try:
        browser = guarded.test_client()
        assert browser.post("/setup/", data=WARD).status_code == 400
        assert browser.post("/setup/demo").status_code == 400
    finally:
        with guarded.app_context():
            db.engine.dispose()
    assert count(Ward) == 0


def test_the_production_config_hides_and_refuses_the_demo_button(backend, app_ctx):
    production = create_app("production", SQLALCHEMY_DATABASE_URI=backend.url,
                            SQLALCHEMY_ENGINE_OPTIONS=backend.engine_options, SECRET_KEY=secrets.token_hex(32),
                            AUDIT_KEY=secrets.token_hex(32), WTF_CSRF_ENABLED=False)
    try:
        browser = production.test_client()
        page = browser.get("/setup/").get_data(as_text=True)
        assert "Thiết lập phần mềm" in page and "Thử với dữ liệu mẫu" not in page
        refused = browser.post("/setup/demo")
        assert refused.status_code == 403 and "Không nạp dữ liệu mẫu ở cấu hình production" in refused.get_data(
            as_text=True)
    finally:
        with production.app_context():
            db.engine.dispose()
    assert count(Ward) == 0


def test_the_demo_button_loads_the_demo_ward_outside_production(client, session):
    page = client.get("/setup/").get_data(as_text=True)
    assert "Thử với dữ liệu mẫu" in page
    response = client.post("/setup/demo")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert count(Tdp) == 38 and client.get("/setup/").status_code == 404
