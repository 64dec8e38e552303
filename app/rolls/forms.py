"""Forms for keeping the roll: shape only; policy lives in app.rolls.services."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.core.forms import AppForm, birth_year_or_date


class ChangeRepresentativeForm(AppForm):
    full_name = StringField(_l("Họ và tên người đại diện mới"), validators=[DataRequired(_l("Hãy nhập họ và tên.")), Length(max=120)])
    gender = RadioField(_l("Giới tính"), choices=[SelectChoice("male", _l("Nam")), SelectChoice("female", _l("Nữ"))], validators=[Optional()])
    birth = StringField(_l("Năm sinh hoặc ngày sinh (dd/mm/yyyy)"), validators=[Optional(), Length(max=10), birth_year_or_date])
    reason = TextAreaField(_l("Lý do thay đổi"), validators=[DataRequired(_l("Hãy ghi lý do.")), Length(max=500)])
    submit = SubmitField(_l("Thay người đại diện"))


class StatusForm(AppForm):
    status = SelectField(_l("Tình trạng"), choices=[
        SelectChoice("moved", _l("Đã chuyển đi")), SelectChoice("merged", _l("Đã nhập vào hộ khác")),
        SelectChoice("active", _l("Đang cư trú (khôi phục)"))])
    merged_into = StringField(_l("Mã hộ được nhập vào (khi nhập hộ)"), validators=[Optional(), Length(max=40)])
    reason = TextAreaField(_l("Lý do"), validators=[DataRequired(_l("Hãy ghi lý do.")), Length(max=500)])
    submit = SubmitField(_l("Cập nhật tình trạng"))


class DetailsForm(AppForm):
    code = StringField(_l("Mã hộ"), validators=[DataRequired(_l("Hãy nhập mã hộ.")), Length(max=40)])
    address = StringField(_l("Địa chỉ"), validators=[Optional(), Length(max=255)])
    submit = SubmitField(_l("Sửa mã hộ và địa chỉ"))
