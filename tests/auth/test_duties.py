"""Each duty does its own part only: the review's F4 list, the lock by the counting board's head, the ward's
blank ballots (F2), exports that change state (F16), redirects (F17), the citizen-ID export (F20), the CLI."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.auth.models import Duty, User
from app.candidates.models import Candidate, ElectionTeamMember
from app.core.redirects import is_safe_next
from app.rolls.models import Household, HouseholdStatus
from app.tally.models import ContestTally, TallyStatus
from tests.auth.test_permission_table import _world
from tests.factories import create_app_user, login

F4_WRITES = [
    ("candidates.unpublish", "POST", "/candidates/contests/{leader}/unpublish", {"unpub-reason": "Sai"}),
    ("candidates.withdraw", "POST", "/candidates/{candidate}/withdraw", {"wd-reason": "Rút", "wd-confirm": "y"}),
    ("candidates.nominate", "POST", "/candidates/contests/{leader}/nominate", {"nom-household": "050003"}),
    ("candidates.remove_member", "POST", "/candidates/team-members/{team_member}/remove", {"rm-confirm": "y"}),
    ("rolls.household rep", "POST", "/households/{household}", {"rep-submit": "1", "rep-full_name": "Lê Văn Mới",
                                                              "rep-reason": "Đổi"}),
    ("rolls.household moved", "POST", "/households/{household}", {"status-submit": "1", "status-status": "moved",
                                                                "status-reason": "Chuyển đi"}),
    ("attendance.signin", "POST", "/rounds/{round}/signin", None),
]


@pytest.fixture
def world(session, tmp_path, monkeypatch, client):
    ward, tdp, _, ((values, by_endpoint), _) = _world(tmp_path, client.application, monkeypatch)
    leader = by_endpoint[("candidates.contest_page", "contest_id")]
    ids = {"leader": leader, "candidate": values["candidate_id"], "round": values["round_id"],
           "household": values["household_id"], "team_member": by_endpoint[("candidates.remove_member", "member_id")],
           "contest": values["contest_id"], "job": values["job_id"], "tdp": tdp.id}
    return ward, tdp, ids


def _snapshot(session):
    session.expire_all()
    return (session.scalar(select(func.count()).select_from(Candidate).where(Candidate.withdrawn_at.is_(None))),
            session.scalar(select(func.count()).select_from(ElectionTeamMember)),
            sorted((h.id, h.status, h.representative_id) for h in session.scalars(select(Household))))


@pytest.mark.parametrize("duty", [Duty.COUNTING_MEMBER, Duty.COUNTING_HEAD, Duty.PARTY_CELL])
@pytest.mark.parametrize("name, method, url, form", F4_WRITES, ids=[w[0] for w in F4_WRITES])
def test_the_counting_board_and_the_party_cell_cannot_do_the_election_teams_writes(
        client, session, world, duty, name, method, url, form):
    ward, tdp, ids = world
    login(client, create_app_user(ward, duty, [tdp]))
    session.commit()
    before = _snapshot(session)
    kwargs = {"json": {"entry": "050001"}} if form is None else {"data": form}
    response = client.open(url.format(**ids), method=method, **kwargs)
    assert response.status_code == 403
    assert _snapshot(session) == before
    assert session.scalar(select(Household).where(Household.id == ids["household"])).status is HouseholdStatus.ACTIVE


def test_the_party_cell_cannot_enter_ballots_on_the_page_or_through_the_api(client, session, world):
    ward, tdp, ids = world
    login(client, create_app_user(ward, Duty.PARTY_CELL, [tdp]))
    assert client.post(f"/count/contest/{ids['contest']}/ballots", json={"payload": "x"}).status_code == 403
    assert client.post(f"/api/v1/contests/{ids['contest']}/ballots", json={"payload": "x"}).status_code == 403
    assert client.get(f"/count/contest/{ids['contest']}/enter").status_code == 403


@pytest.mark.parametrize("duty, allowed", [(Duty.COUNTING_HEAD, True), (Duty.ELECTION_TEAM, False),
                                           (Duty.COUNTING_MEMBER, False), (Duty.WARD_ADMIN, False)])
def test_only_the_head_of_the_tdps_counting_board_locks_the_result(client, session, world, duty, allowed):
    ward, tdp, ids = world
    user = create_app_user(ward, duty, [] if duty.is_ward_wide else [tdp])
    session.commit()
    login(client, user)
    page = client.get(f"/count/contest/{ids['contest']}").get_data(as_text=True)
    assert "form.finalize" not in page and 'type="checkbox" required' not in page
    response = client.post(f"/count/contest/{ids['contest']}/finalize")
    assert (response.status_code != 403) is allowed
    session.expire_all()
    status = session.scalar(select(ContestTally.status).where(ContestTally.contest_id == ids["contest"]))
    assert status is not TallyStatus.FINAL or allowed  # the head's lock may still be refused by the figures


@pytest.mark.parametrize("duty", [Duty.OBSERVER, Duty.ELECTION_TEAM, Duty.COUNTING_HEAD])
def test_only_the_ward_admin_sees_the_ward_print_job_with_its_blank_official_ballots(client, session, world, duty):
    ward, tdp, ids = world
    login(client, create_app_user(ward, duty, [] if duty.is_ward_wide else [tdp]))
    for suffix in ("", ".json", ".zip"):
        assert client.get(f"/ballots/jobs/{ids['job']}{suffix}").status_code == 403


def test_exporting_a_results_package_is_a_post_and_a_get_writes_nothing(client, session, world):
    ward, tdp, ids = world
    login(client, create_app_user(ward, Duty.OBSERVER))
    session.commit()
    events = session.scalar(select(func.count()).select_from(AuditEvent))
    assert client.get(f"/results/export/{ids['contest']}.json").status_code == 405
    assert client.post(f"/results/export/{ids['contest']}.json").status_code == 403
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == events


@pytest.mark.parametrize("target", ["/\t/evil.example", "/\\evil.example", "//evil.example", "/\\/evil.example",
                                    "https://evil.example/", "/\x00/evil", " /x", "/%09/ok-encoded"])
def test_a_next_target_is_only_a_plain_same_site_path(target):
    assert is_safe_next(target) is (target == "/%09/ok-encoded")


def test_marking_a_plan_row_never_redirects_off_site(client, session, world):
    ward, tdp, ids = world
    login(client, create_app_user(ward, Duty.ELECTION_TEAM, [tdp]))
    from app.plan.models import ChecklistItem

    item = session.scalars(select(ChecklistItem).where(ChecklistItem.tdp_id == tdp.id)).first()
    response = client.post(f"/plan/items/{item.id}/done", data={"next": "/\t/evil.example"})
    assert response.status_code == 302
    assert not response.headers["Location"].startswith("//") and "evil" not in response.headers["Location"]


def test_the_citizen_id_export_is_for_the_ward_admin_and_is_audited(client, session, world):
    ward, tdp, ids = world
    team = create_app_user(ward, Duty.ELECTION_TEAM, [tdp])
    admin = create_app_user(ward, Duty.WARD_ADMIN)
    session.commit()
    login(client, team)
    assert client.get(f"/tdp/{tdp.id}/roll.xlsx?citizen_ids=1").status_code == 403
    client.post("/logout")
    login(client, admin)
    assert client.get(f"/tdp/{tdp.id}/roll.xlsx?citizen_ids=1").status_code == 200
    event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert event.action == "roll.export_citizen_ids" and event.actor == admin.username and event.tdp_id == tdp.id


def test_the_cli_sets_a_users_duties_and_tdps_and_lists_them(runner, session, world):
    ward, tdp, ids = world
    user = create_app_user(ward, Duty.COUNTING_MEMBER, [tdp], username="kp")
    session.commit()
    result = runner.invoke(args=["users", "set-duties", "kp", "--duty", "counting_head", "--duty", "election_team"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["users", "set-tdps", "kp", "--tdp", "6"])
    assert result.exit_code == 0, result.output
    session.expire_all()
    user = session.scalar(select(User).where(User.username == "kp"))
    assert user.duties == {Duty.COUNTING_HEAD, Duty.ELECTION_TEAM} and [t.number for t in user.tdps] == [6]
    assert "counting_head" in runner.invoke(args=["users", "list"]).output
    refused = runner.invoke(args=["users", "set-tdps", "kp"])
    assert refused.exit_code != 0 and "ít nhất một tổ dân phố" in refused.output
    assert session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "user.duties")) == 1
