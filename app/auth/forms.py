"""Login form."""

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from app.core.forms import AppForm


class LoginForm(AppForm):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(_l("Nhập tên đăng nhập.")), Length(max=60)])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(_l("Nhập mật khẩu.")), Length(max=200)])
    submit = SubmitField(_l("Đăng nhập"))
