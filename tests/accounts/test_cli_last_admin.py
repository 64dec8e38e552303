"""`flask users disable` and `flask users set-duties` refuse to leave a ward without an active ward admin, as the
accounts page does; with a second admin they go through."""

from __future__ import annotations

from app.auth.models import Duty, User
from app.extensions import db
from tests.factories import create_app_user, create_ward


def _run(app, *args):
    return app.test_cli_runner().invoke(args=["users", *args])


def test_the_last_ward_admin_can_be_neither_disabled_nor_stripped_of_the_duty_from_the_command_line(app, session):
    ward = create_ward()
    admin = create_app_user(ward, Duty.WARD_ADMIN, username="quantri")
    other_ward_admin = create_app_user(create_ward(), Duty.WARD_ADMIN, username="khac")
    session.commit()
    disabled = _run(app, "disable", "quantri")
    assert disabled.exit_code == 1 and "cuối cùng" in disabled.output
    stripped = _run(app, "set-duties", "quantri", "--duty", "observer")
    assert stripped.exit_code == 1 and "ít nhất một tài khoản Ban chỉ đạo phường" in stripped.output
    session.expire_all()
    admin = db.session.get(User, admin.id)
    assert admin.active and Duty.WARD_ADMIN in admin.duties
    assert db.session.get(User, other_ward_admin.id).active  # another ward's admin does not count


def test_with_a_second_active_admin_the_commands_go_through(app, session):
    ward = create_ward()
    first = create_app_user(ward, Duty.WARD_ADMIN, username="quantri1")
    create_app_user(ward, Duty.WARD_ADMIN, username="quantri2")
    session.commit()
    assert _run(app, "set-duties", "quantri1", "--duty", "observer").exit_code == 0
    refused = _run(app, "disable", "quantri2")
    assert refused.exit_code == 1  # quantri2 is now the last one
    session.expire_all()
    assert db.session.get(User, first.id).duties == {Duty.OBSERVER}
