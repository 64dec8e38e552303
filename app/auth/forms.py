"""Login and change-password forms."""

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from app.core.forms import AppForm


class LoginForm(AppForm):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(_l("Nhập tên đăng nhập.")), Length(max=60)])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(_l("Nhập mật khẩu.")), Length(max=200)])
    submit = SubmitField(_l("Đăng nhập"))


class ChangePasswordForm(AppForm):
    old_password = PasswordField(_l("Mật khẩu hiện tại"),
                                 validators=[DataRequired(_l("Nhập mật khẩu hiện tại.")), Length(max=200)])
    new_password = PasswordField(_l("Mật khẩu mới"), validators=[
        DataRequired(_l("Nhập mật khẩu mới.")),
        Length(min=10, max=200, message=_l("Mật khẩu mới cần từ 10 đến 200 ký tự."))])
    confirm = PasswordField(_l("Nhập lại mật khẩu mới"), validators=[
        DataRequired(_l("Nhập lại mật khẩu mới.")),
        EqualTo("new_password", message=_l("Hai lần nhập mật khẩu mới không giống nhau."))])
    submit = SubmitField(_l("Đổi mật khẩu"))
