"""Forms of the election pages: shape only (lengths, dd/mm/yyyy days, hh:mm times); policy lives in services."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectChoice, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from app.core.forms import AppForm, strict_date
from app.elections.schedule import parse_time
from app.elections.services import CURRENT_RULE_SET, rule_set_options
from app.plan.template import TEMPLATES

#: The plan template a new election gets unless the user picks another.
CURRENT_TEMPLATE = "nd-59-2023"


def hh_mm(form, field):
    """hh:mm (also 8h, 19h30); the time lands in `field.parsed`, None when left empty."""
    try:
        field.parsed = parse_time(field.data or "")
    except ValueError as error:
        field.parsed = None
        raise ValidationError(str(error)) from None


class _DayAndTime(AppForm):
    vote_date = StringField(_l("Ngày bầu cử chung (dd/mm/yyyy)"),
                            validators=[DataRequired(_l("Hãy nhập ngày bầu cử (dd/mm/yyyy).")), Length(max=10),
                                        strict_date])
    starts_at = StringField(_l("Giờ bắt đầu (hh:mm)"), validators=[Length(max=10), hh_mm])


SINGLE_STRIKE_CHOICES = [
    SelectChoice("invalid", _l("là phiếu không hợp lệ (mặc định)")),
    SelectChoice("against", _l("là phiếu hợp lệ, không bầu người đó (phiếu không đồng ý)"))]


class ElectionForm(_DayAndTime):
    rule_set = SelectField(_l("Văn bản áp dụng"), default=CURRENT_RULE_SET)
    history_ack = BooleanField(_l("Chỉ khi chọn văn bản cũ: tôi hiểu văn bản này đã hết hiệu lực, chỉ dùng để nhập "
                                  "lại cuộc bầu cử cũ hoặc kiểm lại phiếu."))
    term_years = SelectField(_l("Thời gian nhiệm kỳ"), default="5/2", choices=[
        SelectChoice("5/2", _l("2,5 năm")), SelectChoice("5", _l("5 năm (khi tỉnh, thành phố quyết định)"))])
    term_label = StringField(_l("Nhiệm kỳ (để trống: tính từ ngày bầu)"), validators=[Length(max=20)])
    name = StringField(_l("Tên cuộc bầu cử (không bắt buộc)"), validators=[Optional(), Length(max=160)])
    place = StringField(_l("Địa điểm chung (không bắt buộc)"), validators=[Optional(), Length(max=255)])
    deputy_seats = IntegerField(_l("Số tổ phó bầu tại hội nghị (chỉ với văn bản cũ có bầu tổ phó)"), default=1,
                                validators=[Optional(), NumberRange(min=0, max=2)])
    plan_template = SelectField(_l("Mẫu kế hoạch"), default=CURRENT_TEMPLATE)
    single_strike = SelectField(_l("Tổ chỉ có một người ứng cử: phiếu gạch tên người đó"), default="invalid",
                                choices=SINGLE_STRIKE_CHOICES)
    submit = SubmitField(_l("Tạo cuộc bầu cử"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule_set.choices = [SelectChoice(i, label) for i, label in rule_set_options()]
        self.plan_template.choices = [SelectChoice(t.id, t.title) for t in TEMPLATES.values()] + [
            SelectChoice("", _l("Chưa lập kế hoạch"))]


class EditElectionForm(_DayAndTime):
    name = StringField(_l("Tên cuộc bầu cử (không bắt buộc)"), validators=[Optional(), Length(max=160)])
    term_label = StringField(_l("Nhiệm kỳ"), validators=[DataRequired(_l("Hãy nhập nhiệm kỳ, ví dụ 2027–2032.")),
                                                        Length(max=20)])
    submit = SubmitField(_l("Lưu cuộc bầu cử"))


class SingleStrikeForm(AppForm):
    single_strike = SelectField(_l("Tổ chỉ có một người ứng cử: phiếu gạch tên người đó"), choices=SINGLE_STRIKE_CHOICES)
    submit = SubmitField(_l("Lưu cách tính"))


class PasteForm(AppForm):
    text = TextAreaField(_l("Dán từ Excel"), validators=[DataRequired(_l("Hãy dán các dòng từ Excel.")),
                                                         Length(max=200_000)])
    preview = SubmitField(_l("Kiểm tra"))
    apply = SubmitField(_l("Áp dụng tất cả"))


class TableForm(AppForm):
    """The bulk table: only the CSRF token here; the inputs are named after each round."""

    submit = SubmitField(_l("Lưu lịch bầu cử"))


class AddTdpsForm(AppForm):
    """Thêm vào cuộc bầu cử: the TDPs that have no round yet (added after the election was created)."""

    submit = SubmitField(_l("Thêm các tổ này vào cuộc bầu cử"))
