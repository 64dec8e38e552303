"""Each role lands on its own work; the navigation shows what the role may do; the round's stepper."""

import re

import pytest

from app.auth.models import Duty
from app.extensions import db
from app.printing import ledger
from app.printing import services as printing
from app.tally import entry
from app.tally import services as tally
from app.tally.models import BundleKind
from tests.dashboard.builders import finish
from tests.electionkit import candidate_ids, open_count, published, sign_in
from tests.factories import create_app_user, login


def nav(page: str) -> list[str]:
    block = page[page.index('class="workflow"'):page.index("</nav>")]
    return re.findall(r">([^<>]+)</a>", block)


@pytest.fixture
def tdp5(session):
    return published(households=12)


@pytest.mark.parametrize("duty, lands_on", [
    (Duty.WARD_ADMIN, "/dashboard/"),
    (Duty.OBSERVER, "/dashboard/"),
    (Duty.ELECTION_TEAM, "/rounds/{round}/meeting"),
    (Duty.COUNTING_HEAD, "/count/contest/{leader}"),
    (Duty.COUNTING_MEMBER, "/count/contest/{leader}"),
    (Duty.PARTY_CELL, "/candidates/rounds/{round}"),
])
def test_each_role_lands_on_its_own_work_after_login(client, session, tdp5, duty, lands_on):
    user = create_app_user(tdp5.ward, duty, None if duty.is_ward_wide else [tdp5.tdp])
    session.commit()
    response = login(client, user)
    assert response.headers["Location"] == "/start"
    landed = client.get("/start")
    assert landed.status_code == 302
    assert landed.headers["Location"] == lands_on.format(round=tdp5.round.id, leader=tdp5.leader.id)
    assert client.get(landed.headers["Location"]).status_code == 200


def test_the_counting_board_lands_on_the_deputies_count_once_the_leaders_is_locked(client, session, tdp5):
    finish(tdp5.leader, 9, (7, 2))
    head = create_app_user(tdp5.ward, Duty.COUNTING_HEAD, [tdp5.tdp])
    session.commit()
    login(client, head)
    assert client.get("/start").headers["Location"] == f"/count/contest/{tdp5.deputy.id}"


@pytest.mark.parametrize("duty, shown, hidden", [
    (Duty.PARTY_CELL, ["Người ứng cử"], ["Phiếu bầu", "Kiểm phiếu", "Kết quả", "Tài khoản", "Hội nghị"]),
    (Duty.ELECTION_TEAM, ["Hội nghị", "Cử tri", "Người ứng cử", "Phiếu bầu", "Kiểm phiếu", "Kế hoạch"],
     ["Tài khoản", "Cuộc bầu cử"]),
    (Duty.COUNTING_MEMBER, ["Hội nghị", "Kiểm phiếu"], ["Người ứng cử", "Phiếu bầu", "Tài khoản", "Cử tri"]),
    (Duty.OBSERVER, ["Tổng quan", "Kết quả"], ["Kiểm phiếu", "Phiếu bầu", "Tài khoản", "Hội nghị"]),
    (Duty.WARD_ADMIN, ["Tổng quan", "Phiếu bầu", "Kết quả", "Tài khoản", "Cuộc bầu cử"], ["Hội nghị"]),
])
def test_the_navigation_shows_only_what_the_role_may_do(client, session, tdp5, duty, shown, hidden):
    user = create_app_user(tdp5.ward, duty, None if duty.is_ward_wide else [tdp5.tdp])
    session.commit()
    login(client, user)
    items = nav(client.get(f"/tdp/{tdp5.tdp.id}").get_data(as_text=True))
    assert set(shown) <= set(items), items
    assert not set(hidden) & set(items), items


def stepper(page: str) -> dict[str, str]:
    return dict(re.findall(r'data-step="(\w+)" data-state="(\w+)"', page))


def counted(contest, *, ledger_kept: bool = True) -> None:
    """7 ballots of 9 printed counted in one bundle (5 and 2 votes), the ledger kept unless told not to."""
    run = printing.create_run(None, contest, 9)
    a, b = candidate_ids(run)
    entry.enter_bundle(None, contest, [a, b], kind=BundleKind.BUNDLE, bundle_no=1, ballots=7, votes={a: 5, b: 2},
                       invalid={})
    if ledger_kept:
        ledger.update_ledger(None, contest, {"issued": 7, "unused": 2, "spoiled": 0, "returned": 7})


def test_the_stepper_moves_from_sign_in_to_minutes_and_names_who_does_the_current_step(client, session, tdp5):
    team = create_app_user(tdp5.ward, Duty.ELECTION_TEAM, [tdp5.tdp])
    session.commit()
    login(client, team)
    url = f"/rounds/{tdp5.round.id}/meeting"
    page = client.get(url).get_data(as_text=True)
    assert stepper(page) == {"signin": "current", "quorum": "todo", "method": "todo", "issued": "todo",
                             "count": "todo", "reconcile": "todo", "lock": "todo", "minutes": "todo"}
    assert "Việc của bạn" in page and f'/rounds/{tdp5.round.id}/signin"' in page
    sign_in(tdp5, 5)
    session.commit()
    got = stepper(client.get(url).get_data(as_text=True))
    assert got["signin"] == "done" and got["quorum"] == "current"  # 5 of 12 is not more than half
    sign_in_more(tdp5, 2)
    open_count(tdp5, tdp5.leader)
    session.commit()
    got = stepper(client.get(url).get_data(as_text=True))
    assert got["quorum"] == "done" and got["method"] == "current"  # the deputy's count is not set up
    open_count(tdp5, tdp5.deputy)
    counted(tdp5.leader)
    counted(tdp5.deputy, ledger_kept=False)
    session.commit()
    got = stepper(client.get(url).get_data(as_text=True))
    assert got["method"] == "done" and got["issued"] == "current"  # the deputy's ballots handed out: not written
    ledger.update_ledger(None, tdp5.deputy, {"issued": 7, "unused": 2, "spoiled": 0, "returned": 7})
    session.commit()
    page = client.get(url).get_data(as_text=True)
    assert stepper(page)["reconcile"] == "done" and stepper(page)["lock"] == "current"
    assert "Việc của: Trưởng ban kiểm phiếu" in page  # the team does not lock
    tally.finalize(None, tdp5.leader)
    tally.finalize(None, tdp5.deputy)
    session.commit()
    page = client.get(url).get_data(as_text=True)
    assert stepper(page)["lock"] == "done" and stepper(page)["minutes"] == "current"
    assert f"/minutes/round/{tdp5.round.id}/meeting.pdf" in page


def sign_in_more(setup, count: int) -> None:
    from sqlalchemy import insert

    from app.attendance.models import Attendance, SignInMethod
    from app.core.db import utcnow

    signed = 5
    db.session.execute(insert(Attendance.__table__), [
        {"round_id": setup.round.id, "household_id": hid, "method": SignInMethod.CODE, "signed_in_at": utcnow()}
        for hid in setup.households[signed:signed + count]])


def test_a_round_page_of_another_tdp_is_refused(client, session, tdp5):
    other = published(households=12, number=6)
    team = create_app_user(tdp5.ward, Duty.ELECTION_TEAM, [tdp5.tdp])
    session.commit()
    login(client, team)
    assert client.get(f"/rounds/{other.round.id}/meeting").status_code == 404  # another ward's round


def test_the_meeting_page_only_reads(client, session, tdp5):
    """GET never writes: not even a ledger row for a count whose ledger was never kept."""
    from sqlalchemy import event

    sign_in(tdp5, 7)
    open_count(tdp5, tdp5.leader)
    open_count(tdp5, tdp5.deputy)
    counted(tdp5.leader, ledger_kept=False)
    team = create_app_user(tdp5.ward, Duty.ELECTION_TEAM, [tdp5.tdp])
    session.commit()
    login(client, team)
    client.get(f"/rounds/{tdp5.round.id}/meeting")  # warm
    writes: list[str] = []

    def seen(_conn, _cursor, statement, *_):
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            writes.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        page = client.get(f"/rounds/{tdp5.round.id}/meeting").get_data(as_text=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert stepper(page)["issued"] == "current"
    assert [w for w in writes if "sessions" not in w and "users" not in w] == []
