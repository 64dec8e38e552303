"""Forms of the accounts page: shape only; policy (password, duties, scope, last admin) is in services."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, RadioField, SelectChoice, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.auth.models import WARD_DUTIES
from app.auth.permissions import DUTY_LABELS
from app.committee.forms import CheckboxesField
from app.core.forms import AppForm


def _duty_choices():
    return [SelectChoice(d.value, DUTY_LABELS[d]) for d in WARD_DUTIES]


class _ScopeFields(AppForm):
    full_name = StringField(_l("Họ và tên"), validators=[Optional(), Length(max=120)])
    duties = CheckboxesField(_l("Nhiệm vụ"), choices=_duty_choices, validate_choice=True)
    tdps = CheckboxesField(_l("Tổ dân phố được giao"), coerce=int, validate_choice=True)


class CreateAccountForm(_ScopeFields):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(_l("Nhập tên đăng nhập.")),
                                                            Length(max=60)])
    password_mode = RadioField(_l("Mật khẩu ban đầu"), default="generate", choices=[
        SelectChoice("generate", _l("Tạo tự động (dễ đọc, hiện một lần)")), SelectChoice("typed", _l("Tự nhập"))])
    password = PasswordField(_l("Mật khẩu (khi tự nhập)"), validators=[Length(max=200)])
    must_change = BooleanField(_l("Bắt buộc đổi mật khẩu ở lần đăng nhập đầu"), default=True)
    submit = SubmitField(_l("Tạo tài khoản"))

    def validate_password(self, field):
        if self.password_mode.data == "typed" and not field.data:
            raise ValidationError(_l("Nhập mật khẩu, hoặc chọn tạo tự động."))


class EditAccountForm(_ScopeFields):
    submit = SubmitField(_l("Lưu thay đổi"))


class ConfirmForm(AppForm):
    """For acts that lock someone out or replace a secret: the box must be ticked."""

    confirm = BooleanField(_l("Tôi xác nhận"), validators=[DataRequired(_l("Hãy đánh dấu ô xác nhận."))])


class SlipsForm(AppForm):
    users = CheckboxesField(_l("Tài khoản cần in phiếu"), coerce=int, validate_choice=True)
    confirm = BooleanField(_l("Tôi hiểu rằng mật khẩu của các tài khoản đã chọn sẽ được đặt lại"),
                           validators=[DataRequired(_l("Hãy đánh dấu ô xác nhận: in phiếu sẽ đặt lại mật khẩu."))])
    submit = SubmitField(_l("Đặt lại mật khẩu và in phiếu"))
