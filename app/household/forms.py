"""Household-round forms: shape only; the services decide."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, RadioField, SelectChoice, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.core.forms import AppForm, strict_date
from app.household.models import Recipients, RoundKind


class FailureForm(AppForm):
    note = StringField(_l("Ghi chú (lý do, thời tiết …)"), validators=[Optional(), Length(max=1000)])
    submit = SubmitField(_l("Ghi nhận hội nghị không thành"))


class RescheduleForm(AppForm):
    day = StringField(_l("Ngày họp lại (dd/mm/yyyy)"), validators=[DataRequired(), Length(max=10), strict_date])
    submit = SubmitField(_l("Hoãn và họp lại"))


class OpenForm(AppForm):
    kind = RadioField(_l("Nội dung"), default=RoundKind.CANDIDATES.value, validators=[InputRequired()], choices=[
        SelectChoice(RoundKind.CANDIDATES.value, _l("Bầu (các người ứng cử của lần bầu này)")),
        SelectChoice(RoundKind.QUESTION.value, _l("Hỏi ý kiến đồng ý / không đồng ý (đổi tên, sáp nhập tổ …)"))])
    question = TextAreaField(_l("Câu hỏi (khi hỏi ý kiến)"), validators=[Optional(), Length(max=1000)])
    start = StringField(_l("Bắt đầu thu phiếu (dd/mm/yyyy)"), validators=[DataRequired(), Length(max=10), strict_date])
    end = StringField(_l("Kết thúc thu phiếu (dd/mm/yyyy)"), validators=[DataRequired(), Length(max=10), strict_date])
    recipients = RadioField(_l("Hộ nhận phiếu"), default=Recipients.ALL.value, validators=[InputRequired()], choices=[
        SelectChoice(Recipients.ALL.value, _l("Mọi hộ trong danh sách (mặc định)")),
        SelectChoice(Recipients.ABSENT.value, _l("Chỉ các hộ không dự hội nghị"))])
    box_carrier = StringField(_l("Người mang hòm phiếu"), validators=[Optional(), Length(max=200)])
    submit = SubmitField(_l("Mở đợt lấy ý kiến hộ gia đình"))


class IssueForm(AppForm):
    team = IntegerField(_l("Tổ thu phiếu số"), validators=[InputRequired(), NumberRange(1, 99)])
    stacks = StringField(_l("Các xấp phiếu đã đếm (số phiếu mỗi xấp, cách nhau bằng dấu phẩy)"),
                         validators=[DataRequired(), Length(max=200)])
    seal_start = StringField(_l("Số niêm phong hòm phiếu"), validators=[DataRequired(), Length(max=40)])
    submit = SubmitField(_l("Giao phiếu"))


class CloseTeamForm(AppForm):
    closing_team = IntegerField(_l("Tổ thu phiếu số"), validators=[InputRequired(), NumberRange(1, 99)])
    delivered = IntegerField(_l("Đã phát"), validators=[InputRequired(), NumberRange(0, 100_000)])
    returned = IntegerField(_l("Thu về"), validators=[InputRequired(), NumberRange(0, 100_000)])
    unused = IntegerField(_l("Chưa dùng"), validators=[InputRequired(), NumberRange(0, 100_000)])
    spoiled = IntegerField(_l("Hỏng"), validators=[InputRequired(), NumberRange(0, 100_000)])
    seal_end = StringField(_l("Số niêm phong khi mở hòm"), validators=[DataRequired(), Length(max=40)])
    submit = SubmitField(_l("Mở hòm và đối chiếu"))
