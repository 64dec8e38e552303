"""The permission table: which duty may do which action, on one TDP or on the whole ward.

Every view, API route and CLI command declares the action it performs (`@permission(...)`,
`@cli_permission(...)`); the view decorator checks the duty before the view runs, and the view calls
`require(tdp=...)` once it knows which TDP the request is about. Templates ask `can(...)`. Nothing else
in the app compares duties.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, g, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.auth.models import WARD_DUTIES, Duty, User
from app.extensions import login_manager


class Scope(enum.Enum):
    PUBLIC = "public"  #: no login needed
    WARD = "ward"  #: ward-level: the duty is enough (the view checks the object is in the user's ward)
    TDP = "tdp"  #: on one TDP: a TDP-scoped duty counts only on the user's own TDPs
    PROVINCE = "province"  #: every ward on this server: the duty is enough


A, T, H, M, P, OBS, PROV = (Duty.WARD_ADMIN, Duty.ELECTION_TEAM, Duty.COUNTING_HEAD, Duty.COUNTING_MEMBER,
                          Duty.PARTY_CELL, Duty.OBSERVER, Duty.PROVINCE)
EVERYONE = frozenset(Duty)
#: Every duty held inside a ward (the province reader belongs to none).
IN_WARD = frozenset(WARD_DUTIES)


@dataclass(frozen=True)
class Rule:
    duties: frozenset[Duty]
    scope: Scope
    what: str  #: what the action covers, for the README's table
    #: the copy of the app the action exists on ("ward" server or TDP "laptop", config COPY_ROLE); None: both
    copy: str | None = None


def _rule(duties, scope: Scope, what: str, copy: str | None = None) -> Rule:
    return Rule(frozenset(duties), scope, what, copy)


#: action → who may do it. The README's permission table is generated from this mapping.
ACTIONS: dict[str, Rule] = {
    "public": _rule((), Scope.PUBLIC, "login page, static files, the OpenAPI document"),
    "session": _rule(EVERYONE, Scope.WARD, "log out, change one's own password"),
    "setup": _rule((), Scope.PUBLIC, "first-run set-up (the ward, its first admin, the demo button): open to "
                                     "anyone only while the database holds no ward; once one exists every "
                                     "set-up URL answers 404"),
    "wards.manage": _rule((A,), Scope.WARD, "the ward's TDP list: add (typed or imported), rename (with its decision), merge, split, "
                                            "the leader post's status; set-up step 3; `ward` commands"),
    "ward.view": _rule(IN_WARD, Scope.WARD, "ward overview, elections, dashboard, lists filtered to the user's "
                                             "TDPs, plan lists, committee, results overview, minutes check"),
    "tdp.view": _rule(IN_WARD, Scope.TDP, "read a TDP: households, roll, sign-in desk, candidates, count, "
                                           "minutes PDFs, recognition, plan rows and attachments"),
    "rolls.edit": _rule((A, T), Scope.TDP, "change a household's representative, mark moved/merged"),
    "rolls.import": _rule((A, T), Scope.TDP, "import a TDP's household roll"),
    "rolls.import_ward": _rule((A,), Scope.WARD, "import the whole ward's roll"),
    "rolls.citizen_ids": _rule((A,), Scope.TDP, "export the roll with citizen ID numbers (audited)"),
    "rolls.invitations": _rule((A, T), Scope.TDP, "print the invitations with their sign-in QR codes"),
    "attendance.signin": _rule((T,), Scope.TDP, "sign-in desk: sign in, undo a sign-in"),
    "candidates.manage": _rule((T,), Scope.TDP, "contests, nominations, meeting opinions, withdrawal, publish "
                                                "and unpublish the list, the election team's members"),
    "candidates.vet": _rule((P,), Scope.TDP, "vetting: the checklist answers and the party cell's decision"),
    "candidates.checklist": _rule((A,), Scope.WARD, "the election's vetting standards"),
    "printing.print": _rule((A,), Scope.TDP, "print official ballots, void a print run"),
    "printing.ward_job": _rule((A,), Scope.WARD, "print the whole ward's ballots, its jobs and ZIP"),
    "printing.download": _rule((A, T), Scope.TDP, "download a print run's official ballots"),
    "printing.rehearsal": _rule((A, T, H, M), Scope.TDP, "the rehearsal sheet of a test run"),
    "printing.ledger": _rule((T,), Scope.TDP, "the ballot ledger (issued, unused, spoiled)"),
    "tally.setup": _rule((T,), Scope.TDP, "open the count: method, board, witnesses, zero report, rehearsal"),
    "tally.enter": _rule((H, M), Scope.TDP, "enter ballots and bundles"),
    "tally.correct": _rule((H,), Scope.TDP, "delete a wrongly entered bundle; void an entered ballot (re-scan "
                                            "or typed code, with a reason)"),
    "tally.resolve": _rule((H,), Scope.TDP, "rule on double-entry differences"),
    "tally.entries": _rule((A, H), Scope.TDP, "see a ballot's serial with its marks (double-entry differences); "
                                              "every read audited"),
    "tally.lock": _rule((H,), Scope.TDP, "lock the result"),
    "tally.unlock": _rule((A,), Scope.TDP, "unlock a locked result (with a reason)"),
    "comparison.run": _rule((A, H), Scope.TDP, "comparison audit after the count: publish N, m, k, α; draw from "
                                               "the witnesses' seed; compare drawn papers; record the hand recount"),
    "household.manage": _rule((A, T), Scope.TDP, "household ballot round (meeting without quorum): record the "
                                                 "failed meeting, reschedule or open the round, teams, stacks, "
                                                 "seals, closing reconciliation"),
    "count.images.view": _rule((A, H, M), Scope.TDP, "see the count's ballot images, their crops and the reading "
                                                     "progress (the counting board and the ward admin only)"),
    "count.images.upload": _rule((H, M), Scope.TDP, "upload scans or photos of ballots to be read into the count"),
    "count.images.review": _rule((H, M), Scope.TDP, "decide the names the reader left unclear (review grid)"),
    "count.images.purge": _rule((A,), Scope.WARD, "delete the ballot images' bytes after the complaint period "
                                                  "(`reader purge-images`; SHA-256 and decisions stay)"),
    "count.images.work": _rule((A,), Scope.WARD, "read the queued batches of ballot images in a worker process "
                                                 "(`reader work`, when READER_INPROCESS is off)"),
    "reader.evaluate": _rule((A,), Scope.TDP, "check the ballot reader on the ward's own labelled scans or "
                                              "photos (`reader evaluate`; prints figures, writes nothing)"),
    "elections.manage": _rule((A,), Scope.WARD, "create an election, edit it before lists are posted, set each "
                                                "TDP's vote date, time, venue and seats (table, paste, CSV, API)"),
    "elections.rerun": _rule((A,), Scope.TDP, "open a re-run or record its reason"),
    "results.export": _rule((A, T), Scope.TDP, "sign and download a results package (TDP laptop)", "laptop"),
    "results.pair": _rule((A, T), Scope.TDP, "store the results key the ward issued (TDP laptop)", "laptop"),
    "results.keys": _rule((A,), Scope.TDP, "issue or re-issue a TDP's results key (ward server)", "ward"),
    "results.import": _rule((A,), Scope.WARD, "import results packages, check paper minutes (ward server)", "ward"),
    "results.recognise": _rule((A,), Scope.TDP, "record the recognition decision"),
    "reports.view": _rule((A, OBS), Scope.WARD, "district reports and the cost estimate"),
    "reports.budget": _rule((A,), Scope.WARD, "change the cost estimate's unit costs"),
    "ward.papers": _rule((A,), Scope.WARD, "the ward's paper settings: issuer, signers, legal bases, recipients"),
    "plan.manage": _rule((A,), Scope.WARD, "create the plan, edit and reschedule its tasks, mark ward rows"),
    "plan.mark": _rule((A, T), Scope.TDP, "mark a TDP's plan rows, attach files"),
    "committee.manage": _rule((A,), Scope.WARD, "steering committee members and subcommittees"),
    "users.manage": _rule((A,), Scope.WARD, "accounts page and commands: create, duties, TDPs, disable, reset "
                                                  "passwords, tokens, login slips"),
    "ops.backup": _rule((A,), Scope.WARD, "backup, restore, audit verification, rebuilding the dashboard "
                                          "summaries, demo data (command line)"),
    "province.view": _rule((PROV,), Scope.PROVINCE, "the province/city dashboard of every ward on this server "
                                                    "(page and API), read only"),
    "province.accounts": _rule((A,), Scope.PROVINCE, "province/city accounts: `province user` commands only (the "
                                                     "server's operator at the command line; no page)"),
}

DUTY_LABELS = {
    A: _l("Ban chỉ đạo phường"),
    T: _l("Tổ bầu cử"),
    H: _l("Trưởng ban kiểm phiếu"),
    M: _l("Thành viên ban kiểm phiếu"),
    P: _l("Chi bộ"),
    OBS: _l("Quan sát"),
    PROV: _l("Cán bộ tỉnh/thành phố — chỉ xem"),
}


def rule(action: str) -> Rule:
    try:
        return ACTIONS[action]
    except KeyError:
        raise LookupError(f"unknown action {action!r}: add it to app.auth.permissions.ACTIONS") from None


def holds(user, action: str) -> bool:
    """The user holds a duty the action allows (somewhere: the TDP is not looked at)."""
    r = rule(action)
    if r.scope is Scope.PUBLIC:
        return True
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.duties & r.duties)


def can(user, action: str, tdp_id: int | None = None) -> bool:
    """May `user` do `action` (on TDP `tdp_id`, for a TDP action)? Ward-wide duties act on every TDP of the
    ward; the others only on the user's TDPs. Without a TDP, whether the user holds an allowed duty."""
    if not holds(user, action):
        return False
    r = rule(action)
    if r.copy is not None and not on_this_copy(r.copy):
        return False
    if r.scope is not Scope.TDP or tdp_id is None:
        return True
    held = user.duties & r.duties
    return any(d.is_ward_wide for d in held) or any(t.id == tdp_id for t in user.tdps)


def on_this_copy(copy: str) -> bool:
    """This copy of the app is the `copy` ("ward" or "laptop") an action needs (config COPY_ROLE)."""
    from app.results.copies import copy_role

    return copy_role().value == copy


def current_action() -> str:
    """The action the current view declared (for this request's method)."""
    action = g.get("permission")
    if action is None:
        raise RuntimeError("this view declares no action: decorate it with @permission(...)")
    return action


_WARD = object()


def require(action: str | None = None, tdp=_WARD):
    """Abort unless the current user may do `action` (default: the view's declared action).

    With `tdp` (the TDP the request is about, or None when it does not exist): 404 for a missing TDP or
    one of another ward, 403 outside the user's duties or TDPs; returns the TDP. Without it: 403 unless
    the user holds an allowed duty."""
    action = action or current_action()
    if tdp is _WARD:
        if not can(current_user, action):
            abort(403)
        return None
    if tdp is None or tdp.ward_id != current_user.ward_id:
        abort(404)
    if not can(current_user, action, tdp.id):
        abort(403)
    return tdp


def permission(action: str, **by_method: str) -> Callable:
    """Declare the action a view performs (`GET="tdp.view", POST="rolls.edit"` when methods differ), and
    refuse before the view runs: anonymous → login (401 for the API), a user without an allowed duty → 403.
    The view still calls `require(tdp=...)` for a TDP action once it has loaded the object."""
    actions = {"*": action, **{m.upper(): a for m, a in by_method.items()}}
    for name in actions.values():
        rule(name)

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            name = actions.get(request.method, actions.get("GET") if request.method == "HEAD" else None) or action
            g.permission = name
            if rule(name).scope is not Scope.PUBLIC:
                if not current_user.is_authenticated:
                    return login_manager.unauthorized()
                if not holds(current_user, name):
                    abort(403)
            return view(*args, **kwargs)

        wrapped.permission = action
        wrapped.permissions = actions
        return wrapped

    return decorator


def view_action(view, method: str) -> str | None:
    """The action a view function declared for an HTTP method, or None when it declared none."""
    actions = getattr(view, "permissions", None)
    if actions is None:
        return None
    return actions.get(method.upper(), actions["*"])


def cli_permission(action: str) -> Callable:
    """Declare the action a CLI command performs. The command line is the machine operator's tool: the
    operator acts as the ward admin, so a declared action must be one the ward admin may do."""
    if Duty.WARD_ADMIN not in rule(action).duties:
        raise ValueError(f"{action!r}: the command line acts as the ward admin, who may not do it")

    def decorator(fn):
        fn.permission = action
        return fn

    return decorator


def duty_labels(user: User) -> list[str]:
    return [str(DUTY_LABELS[d]) for d in Duty if d in user.duties]


def permission_table_markdown() -> str:
    """The README's permission table, generated from ACTIONS."""
    head = "| action | " + " | ".join(d.value for d in Duty) + " | scope | what |"
    lines = [head, "|" + "---|" * (len(Duty) + 3)]
    for name, r in ACTIONS.items():
        cells = ["✓" if d in r.duties or r.scope is Scope.PUBLIC else "" for d in Duty]
        scope = r.scope.value + (f", {r.copy} only" if r.copy else "")
        lines.append(f"| `{name}` | " + " | ".join(cells) + f" | {scope} | {r.what} |")
    return "\n".join(lines)


#: Views the app does not define itself, declared public here: static files and the OpenAPI document.
PUBLIC_ENDPOINTS = ("static", "api-docs.openapi_json")


def init_permissions(app) -> None:
    """`can(action, tdp_id)` and `duty_labels(user)` in every template, for the current user; the framework's
    own public views declared as such."""
    for endpoint in PUBLIC_ENDPOINTS:
        view = app.view_functions.get(endpoint)
        if view is not None and view_action(view, "GET") is None:
            app.view_functions[endpoint] = permission("public")(view)
    app.jinja_env.globals["can"] = lambda action, tdp_id=None: can(current_user, action, tdp_id)
    app.jinja_env.globals["duty_labels"] = duty_labels
