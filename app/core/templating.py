"""Template filters and globals: dd/mm/yyyy dates, Vietnamese numbers, navigation."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask, current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from app.core import labels
from app.core.time import LOCAL_TZ
from app.rules import format_date


def vn_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(LOCAL_TZ).date()
    return format_date(value)


def vn_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    local = value.astimezone(LOCAL_TZ)
    return f"{local:%H:%M} {format_date(local.date())}"


def vn_number(value: int | None) -> str:
    """8233 → "8.233", the Vietnamese thousands separator."""
    if value is None:
        return ""
    return f"{value:,}".replace(",", ".")


def vn_percent(value, digits: int = 2) -> str:
    """0.4404 (or a Fraction) → "44,04%": the Vietnamese decimal comma, rounded only for display."""
    return f"{float(value) * 100:.{digits}f}".replace(".", ",") + "%"


def init_templating(app: Flask) -> None:
    app.jinja_env.filters["vn_date"] = vn_date
    app.jinja_env.filters["vn_datetime"] = vn_datetime
    app.jinja_env.filters["vn_number"] = vn_number
    app.jinja_env.filters["vn_percent"] = vn_percent
    app.jinja_env.globals["app_languages"] = lambda: current_app.config["LANGUAGES"]
    app.jinja_env.globals["workflow_nav"] = workflow_nav
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals["has_endpoint"] = lambda endpoint: endpoint in current_app.view_functions
    labels.register(app.jinja_env)


#: The workflow, in order: (endpoint, label, the actions that make it the user's work). An item shows only
#: to a user who may do one of its actions (the permission table decides; no role is named here), so the
#: party cell does not see ballots or the count (D19). Steps whose blueprint is not installed are not shown.
WORKFLOW_NAV = [
    ("province.index", _l("Tỉnh/thành phố"), ("province.view",)),
    ("dashboard.index", _l("Tổng quan"), ("reports.view", "plan.manage", "elections.manage")),
    ("meeting.today", _l("Hội nghị"), ("attendance.signin", "tally.setup", "tally.enter", "tally.lock")),
    ("plan.index", _l("Kế hoạch"), ("plan.manage", "plan.mark", "reports.view")),
    ("wards.home", _l("Cử tri"), ("rolls.edit", "rolls.import", "rolls.import_ward", "attendance.signin")),
    ("candidates.index", _l("Người ứng cử"), ("candidates.manage", "candidates.vet", "candidates.checklist")),
    ("printing.index", _l("Phiếu bầu"), ("printing.print", "printing.ward_job", "printing.download",
                                         "printing.ledger")),
    ("tally.index", _l("Kiểm phiếu"), ("tally.setup", "tally.enter", "tally.lock", "tally.unlock")),
    ("results.index", _l("Kết quả"), ("results.import", "results.keys", "results.export", "results.pair",
                                      "results.recognise", "reports.view")),
    ("elections.index", _l("Cuộc bầu cử"), ("elections.manage",)),
    ("accounts.index", _l("Tài khoản"), ("users.manage",)),
]


def workflow_nav() -> list[tuple[str, str]]:
    """The workflow steps that are the current user's work: the user may open the page and do one of its
    actions (the permission table decides)."""
    from flask_login import current_user

    from app.auth.permissions import can, view_action

    views = current_app.view_functions
    return [(endpoint, str(label)) for endpoint, label, work in WORKFLOW_NAV
            if endpoint in views and can(current_user, view_action(views[endpoint], "GET") or "public")
            and any(can(current_user, action) for action in work)]
