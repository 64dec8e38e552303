"""Plan templates as data; the default holds the tasks of the 2017 Ngọc Thụy plan (DOMAIN.md, "The workflow")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from types import MappingProxyType

from app.plan.schedule import Body, Due, DueRule


class UnknownTemplate(Exception):
    """An id that names no plan template; `message` is Vietnamese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class TemplateTask:
    """One task of a template; `per_tdp` tasks become one checklist row for each TDP."""

    code: str
    title: str
    body: Body
    per_tdp: bool
    due: Due
    details: str = ""


@dataclass(frozen=True)
class PlanTemplate:
    id: str
    title: str
    tasks: tuple[TemplateTask, ...]


#: Every TDP closes its term-review meeting, where it votes, by this day (the 2017 plan).
TERM_REVIEW_DEADLINE_2017 = date(2017, 10, 31)
#: The 2017 plan said "trước 31/11/2017", a day that does not exist; November has 30 days.
WARD_REVIEW_DEADLINE_2017 = date(2017, 11, 30)

_WARD, _EACH_TDP = False, True

NGOC_THUY_2017 = PlanTemplate(
    id="ngoc-thuy-2017",
    title="Kế hoạch bầu cử tổ trưởng, tổ phó tổ dân phố (mẫu Phường Ngọc Thụy 2017)",
    tasks=(
        # 1. Plan: the resolution, the joint plan, the steering committee, money, security, propaganda.
        TemplateTask("resolution", "Ban hành nghị quyết lãnh đạo cuộc bầu cử tổ trưởng, tổ phó tổ dân phố",
                     Body.PARTY_COMMITTEE, _WARD, Due(DueRule.PLAN, -7)),
        TemplateTask("joint_plan", "Ban hành kế hoạch liên tịch UBND – UBMTTQ phường về bầu cử",
                     Body.PEOPLES_COMMITTEE, _WARD, Due(DueRule.PLAN), "UBND phường chủ trì, UBMTTQ phường cùng ký."),
        TemplateTask("steering_committee", "Quyết định thành lập Ban chỉ đạo bầu cử và các tiểu ban",
                     Body.PEOPLES_COMMITTEE, _WARD, Due(DueRule.PLAN), "Tiểu ban tuyên truyền, an ninh, nhân sự …"),
        TemplateTask("assign_members", "Phân công thành viên Ban chỉ đạo phụ trách từng tổ dân phố",
                     Body.STEERING_COMMITTEE, _WARD, Due(DueRule.PLAN)),
        TemplateTask("front_guidance", "Hướng dẫn Ban công tác Mặt trận các tổ chuẩn bị nhân sự ứng cử",
                     Body.FATHERLAND_FRONT, _WARD, Due(DueRule.PLAN)),
        TemplateTask("budget", "Lập dự toán, cấp kinh phí tổ chức bầu cử cho các tổ dân phố",
                     Body.ACCOUNTING, _WARD, Due(DueRule.PLAN)),
        TemplateTask("security_plan", "Phương án bảo đảm an ninh, trật tự trước, trong và sau bầu cử",
                     Body.POLICE_MILITIA, _WARD, Due(DueRule.PLAN), "Công an, quân sự, dân phòng."),
        TemplateTask("propaganda_radio",
                     "Tuyên truyền trên đài truyền thanh: tiêu chuẩn người ứng cử, thời gian, địa điểm bầu cử",
                     Body.RADIO_CULTURE, _WARD, Due(DueRule.CANDIDATE_LIST)),
        # 2–3. Each TDP: roll, candidates, election team, public notice, security, the meeting.
        TemplateTask("notice_board", "Bảng tin của tổ: tiêu chuẩn người ứng cử, thời gian, địa điểm bầu cử",
                     Body.RADIO_CULTURE, _EACH_TDP, Due(DueRule.CANDIDATE_LIST)),
        TemplateTask("candidate_vetting", "Chi bộ thẩm định, cho ý kiến về từng người ứng cử",
                     Body.PARTY_CELL, _EACH_TDP, Due(DueRule.CANDIDATE_LIST, -2)),
        TemplateTask("candidate_list", "Lập và niêm yết danh sách người ứng cử",
                     Body.TDP, _EACH_TDP, Due(DueRule.CANDIDATE_LIST), "Ban công tác Mặt trận cùng chi bộ lập danh sách."),
        TemplateTask("election_team", "Quyết định thành lập Tổ bầu cử",
                     Body.PEOPLES_COMMITTEE, _EACH_TDP, Due(DueRule.ELECTION_TEAM)),
        TemplateTask("roll_posted", "Niêm yết danh sách cử tri (đại diện hộ gia đình)",
                     Body.TDP, _EACH_TDP, Due(DueRule.PUBLIC_NOTICE)),
        TemplateTask("public_notice", "Thông báo công khai thời gian, địa điểm bầu cử",
                     Body.TDP, _EACH_TDP, Due(DueRule.PUBLIC_NOTICE)),
        TemplateTask("security_before", "An ninh, trật tự trước ngày bầu cử",
                     Body.POLICE_MILITIA, _EACH_TDP, Due(DueRule.VOTE_DAY, -1)),
        TemplateTask("security_during", "Bảo vệ hội nghị bầu cử",
                     Body.POLICE_MILITIA, _EACH_TDP, Due(DueRule.VOTE_DAY)),
        TemplateTask("term_review", "Hội nghị tổng kết nhiệm kỳ và bầu tổ trưởng, tổ phó",
                     Body.TDP, _EACH_TDP, Due(DueRule.ABSOLUTE, on=TERM_REVIEW_DEADLINE_2017),
                     "Kế hoạch 2017: mọi tổ hoàn thành trước 31/10/2017."),
        TemplateTask("security_after", "An ninh, trật tự sau bầu cử",
                     Body.POLICE_MILITIA, _EACH_TDP, Due(DueRule.VOTE_DAY, 1)),
        TemplateTask("results_report", "Báo cáo kết quả và biên bản bầu cử về Ban chỉ đạo phường",
                     Body.TDP, _EACH_TDP, Due(DueRule.VOTE_DAY, 1)),
        TemplateTask("recognition", "Quyết định công nhận kết quả bầu cử (hoặc tổ chức bầu lại)",
                     Body.PEOPLES_COMMITTEE, _EACH_TDP, Due(DueRule.RECOGNITION)),
        # 4. Close-out.
        TemplateTask("ward_report", "Tổng hợp, báo cáo kết quả bầu cử toàn phường lên quận",
                     Body.PEOPLES_COMMITTEE, _WARD, Due(DueRule.RECOGNITION)),
        TemplateTask("ward_review", "Hội nghị tổng kết công tác bầu cử của phường",
                     Body.PEOPLES_COMMITTEE, _WARD, Due(DueRule.ABSOLUTE, on=WARD_REVIEW_DEADLINE_2017),
                     "Kế hoạch 2017 ghi “trước 31/11/2017”, ngày không tồn tại: tháng 11 chỉ có 30 ngày."),
    ),
)

#: The 2017 tasks with no fixed 2017 day: the term review is the vote itself, the ward's review follows the
#: recognition decisions, and the ward reports to the province (no district since 1/7/2025).
_CURRENT_CHANGES = {
    "term_review": {"due": Due(DueRule.VOTE_DAY), "details": "Bầu cử tại hội nghị tổng kết nhiệm kỳ của tổ."},
    "ward_report": {"title": "Tổng hợp, báo cáo kết quả bầu cử toàn phường lên UBND tỉnh, thành phố (qua Sở Nội vụ)"},
    "ward_review": {"due": Due(DueRule.RECOGNITION, 7), "details": ""},
}
CURRENT_LAW = PlanTemplate(
    id="nd-59-2023",
    title="Kế hoạch bầu cử tổ trưởng, tổ phó tổ dân phố (theo Nghị định 59/2023, hạn tính theo ngày bầu)",
    tasks=tuple(replace(t, **_CURRENT_CHANGES.get(t.code, {})) for t in NGOC_THUY_2017.tasks),
)

#: Every template by id; the only place a new template needs adding.
TEMPLATES: Mapping[str, PlanTemplate] = MappingProxyType({t.id: t for t in (NGOC_THUY_2017, CURRENT_LAW)})
DEFAULT_TEMPLATE = NGOC_THUY_2017.id


def get_template(template_id: str) -> PlanTemplate:
    """The template with this id; raises UnknownTemplate naming the known ids."""
    try:
        return TEMPLATES[template_id]
    except KeyError:
        raise UnknownTemplate(f"Không có mẫu kế hoạch “{template_id}”. Các mẫu hiện có: {', '.join(TEMPLATES)}.") from None
