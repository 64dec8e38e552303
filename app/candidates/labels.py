"""Vietnamese labels for the candidate enums, through Babel."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.candidates.models import ConsultationOutcome, ItemResult, NominationSource, TeamRole, VettingDecision

SOURCE = {
    NominationSource.FRONT_COMMITTEE: _l("Ban công tác Mặt trận, chi bộ và tổ trưởng, tổ phó đương nhiệm giới thiệu"),
    NominationSource.INCUMBENT: _l("Người đương nhiệm tái cử"),
    NominationSource.SELF_AT_MEETING: _l("Tự ứng cử tại hội nghị"),
    NominationSource.HOUSEHOLDS_AT_MEETING: _l("Cử tri đại diện hộ giới thiệu tại hội nghị"),
}
SOURCE_SHORT = {
    NominationSource.FRONT_COMMITTEE: _l("Ban CTMT giới thiệu"),
    NominationSource.INCUMBENT: _l("Đương nhiệm tái cử"),
    NominationSource.SELF_AT_MEETING: _l("Tự ứng cử tại hội nghị"),
    NominationSource.HOUSEHOLDS_AT_MEETING: _l("Hộ giới thiệu tại hội nghị"),
}
DECISION = {VettingDecision.APPROVED: _l("Chi bộ nhất trí"), VettingDecision.REJECTED: _l("Chi bộ không nhất trí")}
RESULT = {ItemResult.MET: _l("Đạt"), ItemResult.NOT_MET: _l("Không đạt"), ItemResult.UNKNOWN: _l("Chưa rõ")}
OUTCOME = {ConsultationOutcome.KEPT: _l("Giữ trong danh sách"), ConsultationOutcome.WITHDRAWN: _l("Rút khỏi danh sách")}
TEAM_ROLE = {TeamRole.HEAD: _l("Tổ trưởng tổ bầu cử"), TeamRole.SECRETARY: _l("Thư ký"),
             TeamRole.MEMBER: _l("Thành viên")}


def template_labels() -> dict:
    return {"source_label": lambda v: str(SOURCE_SHORT[v]), "source_long": lambda v: str(SOURCE[v]),
            "decision_label": lambda v: str(DECISION[v]) if v else "",
            "result_label": lambda v: str(RESULT[ItemResult(v)]),
            "outcome_label": lambda v: str(OUTCOME[v]) if v else "", "team_role_label": lambda v: str(TEAM_ROLE[v])}
