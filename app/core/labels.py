"""Vietnamese labels for enum values shown to users (translated through Babel)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.elections.models import ElectionState, Position
from app.rolls.models import HouseholdStatus
from app.tally.models import TallyStatus, VotingMethod

POSITION_LABELS = {Position.LEADER: _l("Tổ trưởng"), Position.DEPUTY: _l("Tổ phó"),
                   Position.QUESTION: _l("Lấy ý kiến hộ gia đình")}
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

TALLY_STATUS_LABELS = {
    TallyStatus.SETUP: _l("Chưa kiểm phiếu"),
    TallyStatus.COUNTING: _l("Đang kiểm phiếu"),
    TallyStatus.FINAL: _l("Đã chốt kết quả"),
}
METHOD_LABELS = {VotingMethod.SECRET_BALLOT: _l("Bỏ phiếu kín"), VotingMethod.SHOW_OF_HANDS: _l("Biểu quyết giơ tay")}


def register(env) -> None:
    env.globals["position_label"] = lambda v: str(POSITION_LABELS[v])
    env.globals["state_label"] = lambda v: str(STATE_LABELS[v])
    env.globals["household_status_label"] = lambda v: str(HOUSEHOLD_STATUS_LABELS[v])
    env.globals["tally_status_label"] = lambda v: str(TALLY_STATUS_LABELS[v])
    env.globals["method_label"] = lambda v: str(METHOD_LABELS[v])
