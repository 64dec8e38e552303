"""Forms of the plan pages: shape only (lengths, dd/mm/yyyy days); policy lives in app.plan.services."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
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
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from app.core.forms import AppForm, strict_date
from app.plan.labels import BODY_LABELS, RULE_LABELS, STATUS_LABELS
from app.plan.models import ItemStatus
from app.plan.schedule import DueRule


class CreatePlanForm(AppForm):
    election = SelectField(_l("Cuộc bầu cử"), coerce=int)
    template = SelectField(_l("Mẫu kế hoạch"))
    submit = SubmitField(_l("Tạo kế hoạch"))


class TaskForm(AppForm):
    title = StringField(_l("Công việc"), validators=[DataRequired(_l("Hãy nhập tên công việc.")), Length(max=255)])
    details = TextAreaField(_l("Ghi chú thêm"), validators=[Optional(), Length(max=2000)])
    body = SelectField(_l("Phụ trách"), choices=[SelectChoice(b.value, label) for b, label in BODY_LABELS.items()])
    per_tdp = RadioField(_l("Phạm vi"), default="ward", choices=[
        SelectChoice("ward", _l("Cả phường (một dòng)")), SelectChoice("tdp", _l("Từng tổ dân phố (mỗi tổ một dòng)"))])
    due_rule = SelectField(_l("Tính hạn theo"), default=DueRule.ABSOLUTE.value,
                           choices=[SelectChoice(r.value, label) for r, label in RULE_LABELS.items()])
    due_on = StringField(_l("Ngày cố định (dd/mm/yyyy)"), validators=[Length(max=10)])
    offset_days = IntegerField(_l("Lùi (−) hoặc dời (+) số ngày"), default=0,
                               validators=[Optional(), NumberRange(min=-999, max=999)])
    submit = SubmitField(_l("Lưu công việc"))

    def validate_due_on(self, field):
        """Only a fixed deadline reads the day (the field is hidden for the other rules)."""
        field.parsed = field.suggestion = None
        if self.due_rule.data != DueRule.ABSOLUTE.value:
            return
        if not (field.data or "").strip():
            raise ValidationError(_l("Hãy nhập ngày hạn (dd/mm/yyyy)."))
        strict_date(self, field)


class StatusForm(AppForm):
    status = RadioField(_l("Trạng thái"), choices=[SelectChoice(s.value, label) for s, label in STATUS_LABELS.items()],
                        validators=[InputRequired()])
    note = TextAreaField(_l("Ghi chú"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Lưu trạng thái"))

    def chosen(self) -> ItemStatus:
        return ItemStatus(self.status.data)


class DoneForm(AppForm):
    submit = SubmitField(_l("Đánh dấu xong"))


class AttachForm(AppForm):
    file = FileField(_l("Tệp đính kèm"), validators=[FileRequired(_l("Hãy chọn một tệp."))])
    submit = SubmitField(_l("Tải tệp lên"))


class ConfirmForm(AppForm):
    """For destructive acts: the box must be ticked."""

    confirm = BooleanField(_l("Tôi xác nhận"), validators=[DataRequired(_l("Hãy đánh dấu ô xác nhận."))])
    submit = SubmitField(_l("Xóa"))
