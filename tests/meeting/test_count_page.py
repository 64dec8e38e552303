"""The count overview page on the day: who the clerk waits for (D7), the head of the counting board locks
with their own account (D7), and a count opened without a quorum warns at once (D26)."""

import pytest

from app.auth.models import Duty
from app.printing import ledger
from app.printing import services as printing
from app.tally import entry
from app.tally.models import BundleKind, TallyStatus
from app.tally.state import tally_for
from tests.electionkit import candidate_ids, open_count, published, published_tdps, sign_in
from tests.factories import create_app_user, login


@pytest.fixture
def tdp5(session):
    return published(households=12)


def test_the_clerk_is_told_to_wait_for_the_election_teams_account_by_name(client, session):
    tdp5, tdp6 = published_tdps((5, 6), households=12)
    create_app_user(tdp5.ward, Duty.ELECTION_TEAM, [tdp5.tdp], username="tobaucu5")
    create_app_user(tdp5.ward, Duty.ELECTION_TEAM, [tdp6.tdp], username="tobaucu6")
    clerk = create_app_user(tdp5.ward, Duty.COUNTING_MEMBER, [tdp5.tdp], username="kiemphieu5")
    session.commit()
    login(client, clerk)
    page = client.get(f"/count/contest/{tdp5.leader.id}").get_data(as_text=True)
    waiting = page[page.index('id="count-waiting"'):page.index("</h2>", page.index('id="count-waiting"'))]
    assert "Chờ Tổ bầu cử mở nhập phiếu (tài khoản tobaucu5)" in waiting and "tobaucu6" not in waiting


def test_opening_a_count_without_a_quorum_warns_at_once(client, session, tdp5):
    team = create_app_user(tdp5.ward, Duty.ELECTION_TEAM, [tdp5.tdp])
    session.commit()
    login(client, team)
    page = client.get(f"/count/contest/{tdp5.leader.id}").get_data(as_text=True)
    assert 'id="quorum-warning"' in page
    assert "Hội nghị chưa đủ quá nửa số hộ: không được tiến hành bầu." in page and "có mặt 0/12" in page
    sign_in(tdp5, 6)  # half is not more than half
    session.commit()
    assert 'id="quorum-warning"' in client.get(f"/count/contest/{tdp5.leader.id}").get_data(as_text=True)
    sign_in_one_more(tdp5)
    session.commit()
    assert 'id="quorum-warning"' not in client.get(f"/count/contest/{tdp5.leader.id}").get_data(as_text=True)


def sign_in_one_more(setup) -> None:
    from sqlalchemy import insert

    from app.attendance.models import Attendance, SignInMethod
    from app.core.db import utcnow
    from app.extensions import db

    db.session.execute(insert(Attendance.__table__), [{"round_id": setup.round.id, "household_id": setup.households[6],
                                                       "method": SignInMethod.CODE, "signed_in_at": utcnow()}])


def test_the_counting_heads_own_account_locks_and_the_election_team_cannot(client, session, tdp5):
    sign_in(tdp5, 8)
    open_count(tdp5, tdp5.leader)
    run = printing.create_run(None, tdp5.leader, 10)
    a, b = candidate_ids(run)
    entry.enter_bundle(None, tdp5.leader, [a, b], kind=BundleKind.BUNDLE, bundle_no=1, ballots=8,
                       votes={a: 7, b: 1}, invalid={})
    ledger.update_ledger(None, tdp5.leader, {"issued": 8, "unused": 2, "spoiled": 0, "returned": 8})
    team = create_app_user(tdp5.ward, Duty.ELECTION_TEAM, [tdp5.tdp])
    head = create_app_user(tdp5.ward, Duty.COUNTING_HEAD, [tdp5.tdp])
    session.commit()
    login(client, team)
    page = client.get(f"/count/contest/{tdp5.leader.id}").get_data(as_text=True)
    assert f'action="/count/contest/{tdp5.leader.id}/finalize"' not in page
    assert client.post(f"/count/contest/{tdp5.leader.id}/finalize").status_code == 403
    client.post("/logout")
    login(client, head)
    page = client.get(f"/count/contest/{tdp5.leader.id}").get_data(as_text=True)
    assert f'action="/count/contest/{tdp5.leader.id}/finalize"' in page
    client.post(f"/count/contest/{tdp5.leader.id}/finalize")
    session.expire_all()
    assert tally_for(tdp5.leader).status is TallyStatus.FINAL
