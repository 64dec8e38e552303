"""The permission table is the truth: every route of the app (url_map and the OpenAPI document) is walked
for every duty and for an anonymous visitor, against real objects of the user's own TDP, and what the app
allows is compared with the table both ways."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from flask import url_for
from sqlalchemy import select

from app.auth.models import Duty
from app.auth.permissions import ACTIONS, Scope, can, permission_table_markdown, view_action
from app.candidates import services as candidate_services
from app.candidates import vetting
from app.candidates.models import Candidate
from app.committee import services as committee_services
from app.extensions import db
from app.plan import services as plan_services
from app.plan.models import ChecklistItem
from app.plan.services import create_plan
from app.printing import services as printing
from app.printing.models import PrintJob
from app.tally import entry
from app.tally.models import BundleKind, VotingMethod
from tests.electionkit import open_count, published
from tests.factories import create_app_user, create_tdp, login

PRINCIPALS = [None, *Duty]  # None: an anonymous visitor
SKIPPED_METHODS = {"HEAD", "OPTIONS"}
#: Routes that end the session go last, so the rest of the walk runs logged in.
LAST = {"auth.logout"}


def _world(tmp_path, app, monkeypatch):
    """A small election in TDP 5 with one object behind every kind of URL parameter."""
    setup = published(households=12, number=5)
    other_tdp = create_tdp(setup.ward, 6)
    ward, tdp, round_, leader, deputy = setup.ward, setup.tdp, setup.round, setup.leader, setup.deputy
    candidate = db.session.scalars(select(Candidate).where(Candidate.contest_id == leader.id)).first()
    team_member = candidate_services.add_member(None, round_, candidate_services.PersonChoice(
        household_code=f"{tdp.number:02d}0012"), candidate_services.TeamRole.MEMBER)
    vetting_item = vetting.checklist(setup.election)[0]
    plan = create_plan(None, setup.election)
    item = db.session.scalars(select(ChecklistItem).where(ChecklistItem.tdp_id == tdp.id)).first()
    monkeypatch.setitem(app.config, "PLAN_ATTACHMENT_FOLDER", str(tmp_path / "plan_files"))
    plan_services.attach_file(None, item, "giay-to.pdf", b"%PDF-1.4 test", tmp_path / "plan_files", 10_000)
    run = printing.create_run(None, leader, 5, test=True)
    job = PrintJob(election_id=setup.election.id, test=True)
    db.session.add(job)
    open_count(setup, deputy, method=VotingMethod.SECRET_BALLOT)
    bundle = entry.enter_bundle(None, deputy, list(db.session.scalars(select(Candidate.person_id).where(Candidate.contest_id == deputy.id))), kind=BundleKind.BUNDLE,
                                bundle_no=1, ballots=0, votes={}, invalid={})
    sub = committee_services.add_subcommittee(None, ward.id, "Tiểu ban tuyên truyền")
    member = committee_services.save_member(None, ward.id, committee_services.MemberInput(
        "Nguyễn Văn Ban", subcommittee_ids=[sub.id], tdp_ids=[tdp.id]))
    household_id = setup.households[0]
    account = create_app_user(ward, Duty.COUNTING_MEMBER, [tdp], username="walk-account")
    db.session.flush()
    values = {"ward_id": ward.id, "tdp_id": tdp.id, "election_id": setup.election.id, "round_id": round_.id,
              "contest_id": deputy.id, "candidate_id": candidate.id, "household_id": household_id,
              "run_id": run.id, "job_id": job.id, "bundle_id": bundle.id, "task_id": item.task_id,
              "item_id": item.id, "sub_id": sub.id, "member_id": member.id, "token": "a" * 32, "user_id": account.id,
              "filename": "css/app.css"}
    #: Where one parameter name means different objects on different routes.
    by_endpoint = {("candidates.update_item", "item_id"): vetting_item.id,
                   ("candidates.remove_item", "item_id"): vetting_item.id,
                   ("candidates.remove_member", "member_id"): team_member.id,
                   ("candidates.candidate_page", "candidate_id"): candidate.id,
                   ("candidates.contest_page", "contest_id"): leader.id}
    assert plan is not None and other_tdp is not None
    return ward, tdp, values, by_endpoint


def _routes(app):
    rules = sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint in LAST, r.endpoint, r.rule))
    return [(rule, method) for rule in rules for method in sorted(rule.methods - SKIPPED_METHODS)]


def _refused(response, principal) -> bool:
    if response.status_code in (401, 403):
        return True
    if principal is None and response.status_code == 302:
        return urlsplit(response.headers["Location"]).path == "/login"
    return False


def test_every_route_declares_an_action_from_the_table(app):
    missing = [f"{method} {rule.rule} ({rule.endpoint})" for rule, method in _routes(app)
               if view_action(app.view_functions[rule.endpoint], method) not in ACTIONS]
    assert missing == []


def test_every_openapi_path_is_a_route_the_walk_covers(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    walked = {(re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule), method.lower()) for rule, method in _routes(client.application)}
    documented = {(path, method) for path, ops in spec["paths"].items() for method in ops if method != "parameters"}
    assert documented and documented <= walked


def test_every_cli_command_declares_an_action_the_ward_admin_may_do(app):
    def commands(group, prefix=""):
        for name, command in getattr(group, "commands", {}).items():
            if hasattr(command, "commands"):
                yield from commands(command, f"{prefix}{name} ")
            else:
                yield f"{prefix}{name}", command

    ours = [(name, cmd) for name, cmd in commands(app.cli) if not name.startswith(("db ", "routes", "run", "shell",
                                                                                   "openapi"))]
    assert ours
    undeclared = [name for name, cmd in ours if getattr(cmd.callback, "permission", None) not in ACTIONS]
    assert undeclared == []
    assert all(Duty.WARD_ADMIN in ACTIONS[cmd.callback.permission].duties for _, cmd in ours)


def test_the_readme_shows_the_permission_table_of_the_module():
    from pathlib import Path

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert permission_table_markdown() in readme


@pytest.mark.parametrize("principal", PRINCIPALS, ids=lambda p: p.value if p else "anonymous")
def test_what_the_app_allows_each_duty_is_exactly_what_the_table_says(client, session, tmp_path, monkeypatch, principal):
    ward, tdp, values, by_endpoint = _world(tmp_path, client.application, monkeypatch)
    user = create_app_user(ward, principal, [] if principal.is_ward_wide else [tdp]) if principal else None
    session.commit()
    if user is not None:
        login(client, user)
    wrong, checked = [], 0
    for rule, method in _routes(client.application):
        action = view_action(client.application.view_functions[rule.endpoint], method)
        with client.application.test_request_context():
            params = {name: by_endpoint.get((rule.endpoint, name), values[name]) for name in rule.arguments}
            url = url_for(rule.endpoint, **params)
        allowed = ACTIONS[action].scope is Scope.PUBLIC or (user is not None and can(user, action, tdp.id))
        kwargs = {"json": {}} if url.startswith("/api/") else {"data": {}}
        try:
            response = client.open(url, method=method, **kwargs)
        except Exception as error:  # a crash is not a refusal; other tests own the 500s
            session.rollback()
            refused, status = False, f"raised {type(error).__name__}"
        else:
            refused, status = _refused(response, principal), response.status_code
            response.close()
        checked += 1
        if refused == allowed:
            wrong.append(f"{method} {url} [{action}] → {status}, table says {'allowed' if allowed else 'refused'}")
    print(f"\npermission walk: {checked} route×method pairs checked for {principal or 'anonymous'}")
    assert checked == len(_routes(client.application))
    assert wrong == []
