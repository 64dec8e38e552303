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
from app.reader.models import CountBatch, CountImage
from app.tally import entry
from app.tally.models import BundleKind, VotingMethod
from tests.electionkit import open_count, published_tdps
from tests.factories import create_app_user, create_province_account, login

PRINCIPALS = [None, *Duty]  # None: an anonymous visitor
SKIPPED_METHODS = {"HEAD", "OPTIONS"}
#: Routes that end the session go last, so the rest of the walk runs logged in.
LAST = {"auth.logout"}


def _tdp_objects(setup, tmp_path):
    """One object behind every TDP-bound kind of URL parameter, in `setup`'s TDP."""
    tdp, round_, leader, deputy = setup.tdp, setup.round, setup.leader, setup.deputy
    candidate = db.session.scalars(select(Candidate).where(Candidate.contest_id == leader.id)).first()
    team_member = candidate_services.add_member(None, round_, candidate_services.PersonChoice(
        household_code=f"{tdp.number:02d}0012"), candidate_services.TeamRole.MEMBER)
    item = db.session.scalars(select(ChecklistItem).where(ChecklistItem.tdp_id == tdp.id)).first()
    plan_services.attach_file(None, item, "giay-to.pdf", b"%PDF-1.4 test", tmp_path / "plan_files", 10_000)
    run = printing.create_run(None, leader, 5, test=True)
    open_count(setup, deputy, method=VotingMethod.SECRET_BALLOT)
    bundle = entry.enter_bundle(None, deputy, list(db.session.scalars(select(Candidate.person_id).where(Candidate.contest_id == deputy.id))), kind=BundleKind.BUNDLE,
                                bundle_no=1, ballots=0, votes={}, invalid={})
    account = create_app_user(setup.ward, Duty.COUNTING_MEMBER, [tdp], username=f"walk-account-{tdp.number}")
    batch = CountBatch(contest_id=deputy.id, total=1)
    db.session.add(batch)
    db.session.flush()
    image = CountImage(contest_id=deputy.id, batch_id=batch.id, sha256="0" * 64, data=b"\x89PNG", decisions={})
    db.session.add(image)
    db.session.flush()
    values = {"tdp_id": tdp.id, "round_id": round_.id, "contest_id": deputy.id, "candidate_id": candidate.id,
              "household_id": setup.households[0], "run_id": run.id, "bundle_id": bundle.id,
              "task_id": item.task_id, "item_id": item.id, "user_id": account.id, "batch_id": batch.id,
              "image_id": image.id}
    #: Where one parameter name means different objects on different routes.
    by_endpoint = {("candidates.remove_member", "member_id"): team_member.id,
                   ("candidates.candidate_page", "candidate_id"): candidate.id,
                   ("candidates.contest_page", "contest_id"): leader.id}
    return values, by_endpoint


def _world(tmp_path, app, monkeypatch):
    """A small election in TDPs 5 and 6 of one ward, with one object behind every kind of URL parameter in
    each: the walk runs against TDP 5's objects (the user's own) and again against TDP 6's."""
    own, other = published_tdps((5, 6), households=12)
    ward = own.ward
    monkeypatch.setitem(app.config, "PLAN_ATTACHMENT_FOLDER", str(tmp_path / "plan_files"))
    plan = create_plan(None, own.election)
    vetting_item = vetting.checklist(own.election)[0]
    job = PrintJob(election_id=own.election.id, test=True)
    db.session.add(job)
    sub = committee_services.add_subcommittee(None, ward.id, "Tiểu ban tuyên truyền")
    member = committee_services.save_member(None, ward.id, committee_services.MemberInput(
        "Nguyễn Văn Ban", subcommittee_ids=[sub.id], tdp_ids=[own.tdp.id]))
    shared = {"ward_id": ward.id, "election_id": own.election.id, "job_id": job.id, "sub_id": sub.id,
              "member_id": member.id, "token": "a" * 32, "filename": "css/app.css"}
    shared_by_endpoint = {("candidates.update_item", "item_id"): vetting_item.id,
                          ("candidates.remove_item", "item_id"): vetting_item.id}
    worlds = []
    for setup in (own, other):
        values, by_endpoint = _tdp_objects(setup, tmp_path)
        worlds.append(({**shared, **values}, {**by_endpoint, **shared_by_endpoint}))
    db.session.flush()
    assert plan is not None
    return ward, own.tdp, other.tdp, worlds


def _routes(app):
    rules = sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint in LAST, r.endpoint, r.rule))
    return [(rule, method) for rule in rules for method in sorted(rule.methods - SKIPPED_METHODS)]


def _refused(response, principal) -> bool:
    if response.status_code in (401, 403):
        return True
    if principal is Duty.PROVINCE and response.status_code == 302:  # `/` and the landing: its own page instead
        return urlsplit(response.headers["Location"]).path == "/province/"
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


def _url(app, rule, values, by_endpoint) -> str:
    with app.test_request_context():
        return url_for(rule.endpoint, **{name: by_endpoint.get((rule.endpoint, name), values[name])
                                         for name in rule.arguments})


def _walk(client, session, user, principal, tdp, values, by_endpoint, *, only_tdp_bound=None):
    """Request every route (or, with `only_tdp_bound`, every route whose URL names an object of a TDP, as
    compared with that other world's URLs) and compare with the table; return (mismatches, count)."""
    app = client.application
    wrong, checked = [], 0
    for rule, method in _routes(app):
        action = view_action(app.view_functions[rule.endpoint], method)
        url = _url(app, rule, values, by_endpoint)
        if only_tdp_bound is not None and url == _url(app, rule, *only_tdp_bound):
            continue
        allowed = ACTIONS[action].scope is Scope.PUBLIC or (user is not None and can(user, action, tdp.id))
        kwargs = {"json": {}} if url.startswith("/api/") else {"data": {}}
        try:
            response = client.open(url, method=method, **kwargs)
        except Exception as error:  # a crash is not a refusal; other tests own the 500s
            session.rollback()
            refused, status = False, f"raised {type(error).__name__}"
        else:
            refused, status = _refused(response, principal), response.status_code
            if only_tdp_bound is not None and response.status_code == 404:
                refused = True  # another TDP's object may also be hidden
            response.close()
        checked += 1
        if refused == allowed:
            wrong.append(f"{method} {url} [{action}] → {status}, table says {'allowed' if allowed else 'refused'}")
    return wrong, checked


def _principal_user(ward, principal, tdp):
    """The walking user: none (anonymous), a province account (no ward), or one of the ward's with `principal`."""
    if principal is None:
        return None
    if principal is Duty.PROVINCE:
        return create_province_account()
    return create_app_user(ward, principal, [] if principal.is_ward_wide else [tdp])


@pytest.mark.parametrize("principal", PRINCIPALS, ids=lambda p: p.value if p else "anonymous")
def test_what_the_app_allows_each_duty_is_exactly_what_the_table_says(client, session, tmp_path, monkeypatch, principal):
    """Own TDP: every route. Another TDP of the same ward: every route whose URL names that TDP's objects —
    a TDP-scoped duty is refused there, a ward-wide one is not."""
    ward, tdp, other_tdp, ((values, by_endpoint), (other_values, other_by_endpoint)) = _world(
        tmp_path, client.application, monkeypatch)
    user = _principal_user(ward, principal, tdp)
    session.commit()
    if user is not None:
        login(client, user)
    wrong, checked = _walk(client, session, user, principal, tdp, values, by_endpoint)
    assert checked == len(_routes(client.application))
    if user is not None:
        login(client, user)  # the first walk ended with logout
    other_wrong, other_checked = _walk(client, session, user, principal, other_tdp, other_values, other_by_endpoint,
                                       only_tdp_bound=(values, by_endpoint))
    print(f"\npermission walk: {checked} route×method pairs on the user's TDP and {other_checked} on another "
          f"TDP checked for {principal or 'anonymous'}")
    assert other_checked > 40
    assert wrong == [] and other_wrong == []


#: The only writes a GET may make: audit records of reads the law or the review asks to be recorded.
RECORDED_READS = {"tally.entries_read", "roll.export_citizen_ids"}


def _snapshot() -> dict[str, list]:
    """Every row of every table (audit rows apart), as text, to compare before and after a request."""
    snap = {}
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            if table.name in ("audit_events", "audit_head"):
                continue
            snap[table.name] = sorted(map(repr, conn.execute(table.select()).all()))
    return snap


@pytest.mark.parametrize("principal", [Duty.WARD_ADMIN, Duty.COUNTING_HEAD, Duty.ELECTION_TEAM, Duty.PROVINCE],
                         ids=lambda p: p.value)
def test_no_get_changes_anything_but_a_recorded_read(client, session, tmp_path, monkeypatch, principal):
    """A GET (a link, a prefetch, an <img> on another site) must not change state: every GET route is walked
    and every table compared; the audit log may gain only records of reads that must be recorded."""
    from app.audit.models import AuditEvent

    ward, tdp, _, ((values, by_endpoint), _) = _world(tmp_path, client.application, monkeypatch)
    user = _principal_user(ward, principal, tdp)
    session.commit()
    login(client, user)
    changed = []
    for rule, method in _routes(client.application):
        if method != "GET":
            continue
        url = _url(client.application, rule, values, by_endpoint)
        before, last = _snapshot(), db.session.scalar(select(db.func.max(AuditEvent.id))) or 0
        client.get(url).close()
        db.session.rollback()
        after = _snapshot()
        tables = [name for name in before if before[name] != after[name]]
        audits = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.id > last))) - RECORDED_READS
        if tables or audits:
            changed.append(f"GET {url} ({rule.endpoint}) changed {tables} audit {sorted(audits)}")
    assert changed == []
