"""What pages call each body, status and deadline rule (translated through Babel)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.plan.models import ItemStatus
from app.plan.schedule import Body, DueRule

BODY_LABELS = {
    Body.PARTY_COMMITTEE: _l("Đảng ủy phường"),
    Body.PEOPLES_COMMITTEE: _l("UBND phường"),
    Body.FATHERLAND_FRONT: _l("UBMTTQ phường"),
    Body.STEERING_COMMITTEE: _l("Ban chỉ đạo bầu cử"),
    Body.PARTY_CELL: _l("Chi bộ"),
    Body.POLICE_MILITIA: _l("Công an, quân sự"),
    Body.ACCOUNTING: _l("Kế toán"),
    Body.RADIO_CULTURE: _l("Đài truyền thanh, ban văn hóa"),
    Body.TDP: _l("Tổ dân phố"),
}
STATUS_LABELS = {
    ItemStatus.OPEN: _l("Chưa xong"),
    ItemStatus.DONE: _l("Đã xong"),
    ItemStatus.NOT_APPLICABLE: _l("Không áp dụng"),
}
RULE_LABELS = {
    DueRule.ABSOLUTE: _l("Ngày cố định"),
    DueRule.PLAN: _l("Hạn lập kế hoạch (20 ngày trước ngày bầu)"),
    DueRule.CANDIDATE_LIST: _l("Hạn danh sách người ứng cử (15 ngày trước)"),
    DueRule.ELECTION_TEAM: _l("Hạn thành lập tổ bầu cử (10 ngày trước)"),
    DueRule.PUBLIC_NOTICE: _l("Hạn thông báo công khai (7 ngày trước)"),
    DueRule.VOTE_DAY: _l("Ngày bầu cử"),
    DueRule.RECOGNITION: _l("Hạn công nhận kết quả (sau ngày bầu)"),
}


def register(bp) -> None:
    """Make the labels available to every template (the committee pages show checklist rows too)."""
    bp.add_app_template_global(lambda v: str(BODY_LABELS[v]), "plan_body_label")
    bp.add_app_template_global(lambda v: str(STATUS_LABELS[v]), "plan_status_label")
