"""Forms for nominations, vetting, consultation, publication and the election team: shape only."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from app.candidates.labels import OUTCOME, RESULT, SOURCE, TEAM_ROLE
from app.candidates.models import ConsultationOutcome, ItemResult, NominationSource, TeamRole, VettingDecision
from app.core.forms import AppForm, birth_year_or_date, strict_date


class PersonFields(AppForm):
    """Pick a household representative by code, or describe another resident of the TDP."""

    household = StringField(_l("Chọn từ danh sách cử tri (gõ tên hoặc mã hộ)"),
                            validators=[Optional(), Length(max=40)],
                            render_kw={"autocomplete": "off", "role": "combobox", "aria-controls": "roster",
                                       "aria-autocomplete": "list", "aria-expanded": "false", "data-picker": "roster"})
    full_name = StringField(_l("Hoặc: họ và tên người khác trong tổ (không phải đại diện hộ)"),
                            validators=[Optional(), Length(max=120)])
    gender = RadioField(_l("Giới tính"), choices=[SelectChoice("male", _l("Nam")), SelectChoice("female", _l("Nữ"))],
                        validators=[Optional()])
    birth = StringField(_l("Năm sinh hoặc ngày sinh (dd/mm/yyyy)"), validators=[Optional(), Length(max=10), birth_year_or_date])
    #: The answer to "is this someone the TDP already has?": a person id, or "new" for another person.
    match = StringField(validators=[Optional(), Length(max=12), Regexp(r"^(\d{1,9}|new)$",
                                                                       message=_l("Lựa chọn không hợp lệ."))])
    #: (person id, label) pairs the page offers when the service asks for that answer.
    match_options: list[tuple[int, str]] = []

    def validate_household(self, field):
        code, name = (field.data or "").strip(), (self.full_name.data or "").strip()
        if code and name:
            raise ValidationError(_l("Chỉ chọn một hộ trong danh sách, hoặc chỉ nhập họ tên người khác."))
        if not code and not name:
            raise ValidationError(_l("Hãy chọn một hộ trong danh sách cử tri, hoặc nhập họ tên người khác trong tổ."))
        # A suggestion reads "050012 — Ông Nguyễn Văn An – 1962 – ..."; keep the code.
        field.data = code.split(" ", 1)[0]


class NominateForm(PersonFields):
    address = StringField(_l("Nơi cư trú (với người không phải đại diện hộ)"), validators=[Optional(), Length(max=255)])
    source = SelectField(_l("Nguồn giới thiệu"), choices=[SelectChoice(s.value, SOURCE[s]) for s in NominationSource])
    proposer = StringField(_l("Người, tổ chức giới thiệu (nếu cần ghi rõ)"), validators=[Optional(), Length(max=255)])
    submit = SubmitField(_l("Đề cử"))


class TeamMemberForm(PersonFields):
    role = SelectField(_l("Vai trò"), choices=[SelectChoice(r.value, TEAM_ROLE[r]) for r in TeamRole],
                       default=TeamRole.MEMBER.value)
    submit = SubmitField(_l("Thêm vào tổ bầu cử"))


class DecisionForm(AppForm):
    decision = RadioField(_l("Quyết định của chi bộ"), validators=[InputRequired(_l("Hãy chọn nhất trí hoặc không."))],
                          choices=[SelectChoice(VettingDecision.APPROVED.value, _l("Nhất trí giới thiệu")),
                                   SelectChoice(VettingDecision.REJECTED.value, _l("Không nhất trí"))])
    reasons = TextAreaField(_l("Ý kiến, lý do của chi bộ"), validators=[DataRequired(_l("Hãy ghi lý do.")),
                                                                       Length(max=2000)])
    override_reason = TextAreaField(_l("Lý do nhất trí ngoại lệ (chỉ khi có tiêu chuẩn bắt buộc chưa đạt)"),
                                    validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Ghi quyết định"))


class ConsultationForm(AppForm):
    votes_for = IntegerField(_l("Số ý kiến đồng ý"), validators=[InputRequired(_l("Hãy nhập số ý kiến đồng ý.")),
                                                                NumberRange(min=0, max=100000)])
    votes_against = IntegerField(_l("Số ý kiến không đồng ý"),
                                 validators=[InputRequired(_l("Hãy nhập số ý kiến không đồng ý.")),
                                             NumberRange(min=0, max=100000)])
    comments = TextAreaField(_l("Các ý kiến đã nêu"), validators=[Optional(), Length(max=4000)])
    outcome = RadioField(_l("Hội nghị quyết định"), validators=[InputRequired(_l("Hãy chọn quyết định của hội nghị."))],
                         choices=[SelectChoice(o.value, OUTCOME[o]) for o in ConsultationOutcome])
    submit = SubmitField(_l("Ghi ý kiến hội nghị"))


class PublishForm(AppForm):
    posted_on = StringField(_l("Ngày niêm yết danh sách (dd/mm/yyyy)"),
                            validators=[DataRequired(_l("Hãy nhập ngày niêm yết.")), Length(max=10), strict_date])
    notice_on = StringField(_l("Ngày niêm yết thông báo bầu cử (nếu có, dd/mm/yyyy)"),
                            validators=[Optional(), Length(max=10), strict_date])
    submit = SubmitField(_l("Phê duyệt và niêm yết danh sách"))


class ReasonForm(AppForm):
    reason = TextAreaField(_l("Lý do"), validators=[DataRequired(_l("Hãy ghi lý do.")), Length(max=500)])
    confirm = BooleanField(_l("Tôi xác nhận thao tác này."), validators=[DataRequired(_l("Hãy đánh dấu xác nhận."))])
    submit = SubmitField(_l("Xác nhận"))


class ConfirmForm(AppForm):
    confirm = BooleanField(_l("Tôi xác nhận."), validators=[DataRequired(_l("Hãy đánh dấu xác nhận."))])
    submit = SubmitField(_l("Xóa"))


class ItemForm(AppForm):
    label = StringField(_l("Tiêu chuẩn"), validators=[DataRequired(_l("Hãy nhập nội dung tiêu chuẩn.")),
                                                     Length(max=255)])
    mandatory = BooleanField(_l("Bắt buộc"), default=True)
    submit = SubmitField(_l("Lưu"))


class SyncForm(AppForm):
    submit = SubmitField(_l("Tạo chức danh bầu theo bộ quy tắc"))


def answers_form(items, findings, **kwargs) -> FlaskForm:
    """A form with a met / not met / unknown choice and a note per manual checklist item."""

    class AnswersForm(AppForm):
        submit = SubmitField(_l("Lưu kết quả thẩm định"))

    choices = [SelectChoice(r.value, RESULT[r]) for r in ItemResult]
    data = {}
    for item, finding in zip(items, findings, strict=True):
        if finding.computed:
            continue
        setattr(AnswersForm, f"result_{item.id}", RadioField(item.label, choices=choices, validators=[InputRequired()]))
        setattr(AnswersForm, f"note_{item.id}", StringField(_l("Ghi chú"), validators=[Optional(), Length(max=500)]))
        data[f"result_{item.id}"], data[f"note_{item.id}"] = finding.result, finding.note
    return AnswersForm(data=data, **kwargs)
