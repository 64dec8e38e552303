"""Vietnamese labels for enum values shown to users (translated through Babel)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.auth.models import Role
from app.elections.models import ElectionState, Position
from app.rolls.models import HouseholdStatus

ROLE_LABELS = {
    Role.WARD_ADMIN: _l("Ban chỉ đạo phường"),
    Role.ELECTION_TEAM: _l("Tổ bầu cử"),
    Role.PARTY_CELL: _l("Chi bộ"),
    Role.COUNTING_CLERK: _l("Ban kiểm phiếu"),
    Role.OBSERVER: _l("Quan sát"),
}
POSITION_LABELS = {Position.LEADER: _l("Tổ trưởng"), Position.DEPUTY: _l("Tổ phó")}
STATE_LABELS = {
    ElectionState.PREPARING: _l("Đang chuẩn bị"),
    ElectionState.VOTING: _l("Đang bầu cử"),
    ElectionState.CLOSED: _l("Đã kết thúc"),
}

HOUSEHOLD_STATUS_LABELS = {
    HouseholdStatus.ACTIVE: _l("Đang cư trú"),
    HouseholdStatus.MOVED: _l("Đã chuyển đi"),
    HouseholdStatus.MERGED: _l("Đã nhập vào hộ khác"),
    HouseholdStatus.REMOVED: _l("Không còn trong danh sách"),
}


def register(env) -> None:
    env.globals["role_label"] = lambda v: str(ROLE_LABELS[v])
    env.globals["position_label"] = lambda v: str(POSITION_LABELS[v])
    env.globals["state_label"] = lambda v: str(STATE_LABELS[v])
    env.globals["household_status_label"] = lambda v: str(HOUSEHOLD_STATUS_LABELS[v])
