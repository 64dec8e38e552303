"""Form validators shared by every domain: strict Vietnamese dates and birth year-or-date fields."""

from __future__ import annotations

from flask import flash
from flask_wtf import FlaskForm
from wtforms.validators import ValidationError

from app.rules import InvalidDate, format_date, parse_date


def strict_date(form, field):
    """dd/mm/yyyy that exists; the day lands in `field.parsed`, a refused day's likely intent in
    `field.suggestion` ("31/11/2017" is refused, suggesting 30/11/2017)."""
    field.parsed = field.suggestion = None
    if not (field.data or "").strip():
        return
    try:
        field.parsed = parse_date(field.data)
    except InvalidDate as error:
        field.suggestion = format_date(error.suggestion) if error.suggestion else None
        raise ValidationError(error.message) from None


def birth_year_or_date(form, field):
    """A year (1962) or a full date (dd/mm/yyyy); the parsed int or date lands in `field.parsed`."""
    text = (field.data or "").strip()
    if text.isdigit() and len(text) == 4:
        field.parsed, field.suggestion = int(text), None
        return
    strict_date(form, field)


#: WTForms ships no Vietnamese catalogue: its built-in messages, in Vietnamese. English stays as WTForms has it.
WTFORMS_VI = {
    "This field is required.": "Trường này không được để trống.",
    "Not a valid integer value.": "Hãy nhập một số nguyên.",
    "Not a valid decimal value.": "Hãy nhập một số.",
    "Not a valid float value.": "Hãy nhập một số.",
    "Not a valid choice.": "Lựa chọn không hợp lệ.",
    "Not a valid choice": "Lựa chọn không hợp lệ.",
    "'%(value)s' is not a valid choice for this field.": "Lựa chọn “%(value)s” không hợp lệ.",
    "'%(value)s' are not valid choices for this field.": "Các lựa chọn “%(value)s” không hợp lệ.",
    "Invalid Choice: could not coerce.": "Lựa chọn không hợp lệ.",
    "Invalid choice(s): one or more data inputs could not be coerced.": "Lựa chọn không hợp lệ.",
    "Not a valid date value.": "Ngày không hợp lệ (dd/mm/yyyy).",
    "Not a valid datetime value.": "Thời gian không hợp lệ.",
    "Number must be at least %(min)s.": "Số phải từ %(min)s trở lên.",
    "Number must be at most %(max)s.": "Số không được lớn hơn %(max)s.",
    "Number must be between %(min)s and %(max)s.": "Số phải từ %(min)s đến %(max)s.",
    "Field must be at least %(min)d character long.": "Cần ít nhất %(min)d ký tự.",
    "Field must be at least %(min)d characters long.": "Cần ít nhất %(min)d ký tự.",
    "Field cannot be longer than %(max)d character.": "Không được dài quá %(max)d ký tự.",
    "Field cannot be longer than %(max)d characters.": "Không được dài quá %(max)d ký tự.",
    "Field must be exactly %(max)d character long.": "Phải đúng %(max)d ký tự.",
    "Field must be exactly %(max)d characters long.": "Phải đúng %(max)d ký tự.",
    "Field must be between %(min)d and %(max)d characters long.": "Phải dài từ %(min)d đến %(max)d ký tự.",
    "Invalid input.": "Giá trị không hợp lệ.",
    "The CSRF token is missing.": "Thiếu mã bảo vệ biểu mẫu; hãy tải lại trang rồi gửi lại.",
    "The CSRF token has expired.": "Mã bảo vệ biểu mẫu đã hết hạn; hãy tải lại trang rồi gửi lại.",
    "The CSRF token is invalid.": "Mã bảo vệ biểu mẫu không hợp lệ; hãy tải lại trang rồi gửi lại.",
    "The CSRF tokens do not match.": "Mã bảo vệ biểu mẫu không khớp; hãy tải lại trang rồi gửi lại.",
}


def flash_csrf_error(form) -> None:
    """A form that checks its CSRF token itself (the csrf-exempt upload views) shows the token's error, which
    no field of the page displays: without it the form just came back, silently (review F22)."""
    for message in form.errors.get("csrf_token", ()):
        flash(_Messages().gettext(message), "error")  # Flask-WTF's CSRF messages bypass the form's translations


class _Messages:
    """WTForms' translation hook: Vietnamese from WTFORMS_VI when the interface is Vietnamese."""

    def gettext(self, string):
        from flask_babel import get_locale

        return WTFORMS_VI.get(string, string) if str(get_locale()) == "vi" else string

    def ngettext(self, singular, plural, n):
        return self.gettext(singular if n == 1 else plural)


class AppForm(FlaskForm):
    """The base of every form: Flask-WTF's CSRF, and WTForms' own messages in the user's language."""

    class Meta:
        def get_translations(self, form):
            return _Messages()
