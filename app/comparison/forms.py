"""Comparison-audit forms: shape only; the services decide."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, RadioField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.core.forms import AppForm
from app.rules import INVALID_REASON_LABELS


class PublishForm(AppForm):
    risk_percent = IntegerField(_l("Mức rủi ro (%)"), default=5, validators=[InputRequired(), NumberRange(1, 50)])
    submit = SubmitField(_l("Công bố cỡ mẫu"))


class DrawForm(AppForm):
    seed = StringField(_l("Số gieo (ít nhất 20 chữ số, từ các lần gieo xúc xắc)"),
                       validators=[DataRequired(_l("Hãy nhập số gieo.")), Length(max=80)])
    witnesses = StringField(_l("Người gieo (cách nhau bằng dấu phẩy: hai đại diện hộ và một thành viên ban)"),
                            validators=[DataRequired(_l("Hãy ghi tên người gieo.")), Length(max=400)])
    submit = SubmitField(_l("Rút phiếu"))


class CompareForm(AppForm):
    draw_id = HiddenField(validators=[DataRequired()])
    found = RadioField(_l("Phiếu ở vị trí này"), choices=[SelectChoice("yes", _l("Có phiếu")),
                                                          SelectChoice("no", _l("Không thấy phiếu"))],
                       default="yes", validators=[InputRequired()])
    serial = StringField(_l("Số sê-ri in trên phiếu"), validators=[Optional(), Length(max=40)])
    invalid_reason = SelectField(_l("Phiếu không hợp lệ vì"), validators=[Optional()], choices=[
        SelectChoice("", _l("(phiếu hợp lệ)"))] + [SelectChoice(r.value, label) for r, label in INVALID_REASON_LABELS.items()])
    note = StringField(_l("Ghi chú"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Ghi kết quả đối chiếu"))


class RecountForm(AppForm):
    valid = IntegerField(_l("Số phiếu hợp lệ"), validators=[InputRequired(), NumberRange(0, 100_000)])
    invalid = IntegerField(_l("Số phiếu không hợp lệ"), validators=[InputRequired(), NumberRange(0, 100_000)])
    note = StringField(_l("Ghi chú"), validators=[Optional(), Length(max=1000)])
    submit = SubmitField(_l("Ghi kết quả kiểm lại"))
