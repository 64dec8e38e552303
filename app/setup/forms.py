"""Forms of the first-run set-up: the ward's details (app.wards.forms.WardForm), the first admin, the demo."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from app.core.forms import AppForm


class AdminForm(AppForm):
    full_name = StringField(_l("Họ và tên"), validators=[Optional(), Length(max=120)])
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(_l("Nhập tên đăng nhập.")), Length(max=60)])
    password = PasswordField(_l("Mật khẩu"), validators=[
        DataRequired(_l("Nhập mật khẩu.")),
        Length(min=10, max=200, message=_l("Mật khẩu cần từ 10 đến 200 ký tự."))])
    confirm = PasswordField(_l("Nhập lại mật khẩu"), validators=[
        DataRequired(_l("Nhập lại mật khẩu.")),
        EqualTo("password", message=_l("Hai lần nhập mật khẩu không giống nhau."))])
    submit = SubmitField(_l("Tạo tài khoản và đăng nhập"))


class DemoForm(AppForm):
    submit = SubmitField(_l("Thử với dữ liệu mẫu"))
