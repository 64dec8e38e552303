"""Forms of the committee pages: shape only; policy lives in app.committee.services."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from app.core.forms import AppForm


class CheckboxesField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes: easier with the keyboard than a multi-select."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class MemberForm(AppForm):
    full_name = StringField(_l("Họ và tên"), validators=[DataRequired(_l("Hãy nhập họ và tên.")), Length(max=120)])
    title = StringField(_l("Chức vụ"), validators=[Optional(), Length(max=160)])
    phone = StringField(_l("Điện thoại (không bắt buộc)"), validators=[
        Optional(), Length(max=20), Regexp(r"^[0-9 +.()-]*$", message=_l("Số điện thoại chỉ gồm chữ số."))])
    subcommittees = CheckboxesField(_l("Tiểu ban"), coerce=int, validate_choice=True)
    tdps = CheckboxesField(_l("Tổ dân phố phụ trách"), coerce=int, validate_choice=True)
    user = SelectField(_l("Tài khoản đăng nhập (không bắt buộc)"), coerce=int)
    submit = SubmitField(_l("Lưu thành viên"))


class SubcommitteeForm(AppForm):
    name = StringField(_l("Tên tiểu ban"), validators=[DataRequired(_l("Hãy nhập tên tiểu ban.")), Length(max=120)])
    duty = StringField(_l("Nhiệm vụ"), validators=[Optional(), Length(max=255)])
    submit = SubmitField(_l("Thêm tiểu ban"))
