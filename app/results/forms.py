"""Results forms: shape only (file present, code length, strict dd/mm/yyyy); services decide the rest."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, IntegerField, RadioField, SelectChoice, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from app.core.forms import AppForm
from app.results.models import RerunKind
from app.rules import InvalidDate, parse_date

RERUN_KIND_LABELS = {
    RerunKind.NO_WINNER: _l("Không ai được quá nửa số phiếu"),
    RerunKind.RULE_BREACH: _l("Vi phạm quy định về bầu cử (phải tổ chức lại)"),
    RerunKind.OTHER: _l("Lý do khác"),
}


def _date(form, field):
    """Strict dd/mm/yyyy (31/11/2017 is refused with the day it most likely meant); parsed into `field.parsed`."""
    field.parsed = None
    try:
        field.parsed = parse_date(field.data or "")
    except InvalidDate as error:
        raise ValidationError(error.message) from None


class ImportForm(AppForm):
    package = FileField(_l("Tệp gói kết quả (.json) xuất từ máy của tổ"), validators=[FileRequired(_l("Hãy chọn tệp."))])
    submit = SubmitField(_l("Kiểm tra và nhập"))


class PaperForm(AppForm):
    payload = StringField(_l("Mã QR trên biên bản kiểm phiếu (quét hoặc gõ)"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Đối chiếu"))


class PairForm(AppForm):
    tdp_number = IntegerField(_l("Tổ dân phố số"), validators=[InputRequired(), NumberRange(1, 9999)])
    code = StringField(_l("Mã kết quả do phường cấp"), validators=[DataRequired(), Length(max=64)])
    submit = SubmitField(_l("Ghép nối máy này"))


class IssueForm(AppForm):
    confirm = BooleanField(_l("Tôi hiểu: mã cũ của tổ bị thu hồi, gói ký bằng mã cũ sẽ bị từ chối"))
    submit = SubmitField(_l("Cấp mã"))


class ExportForm(AppForm):
    """The export button: a POST with its CSRF token, since exporting signs the package and is audited."""


class RecognitionForm(AppForm):
    number = StringField(_l("Số quyết định (phần trước “/QĐ-UBND”)"), validators=[Optional(), Length(max=30)])
    recognised_on = StringField(_l("Ngày công nhận (dd/mm/yyyy)"), validators=[DataRequired(_l("Hãy nhập ngày.")), _date])
    submit = SubmitField(_l("Ghi nhận đã công nhận"))


class RerunReasonForm(AppForm):
    kind = RadioField(_l("Lý do phải bầu lại"), choices=[SelectChoice(k.value, v) for k, v in RERUN_KIND_LABELS.items()],
                      validators=[InputRequired()])
    note = TextAreaField(_l("Ghi chú (bắt buộc khi vi phạm quy định)"), validators=[Optional(), Length(max=1000)])
    submit = SubmitField(_l("Lưu lý do"))


class OpenRerunForm(RerunReasonForm):
    vote_date = StringField(_l("Ngày bầu lại (dd/mm/yyyy)"), validators=[DataRequired(_l("Hãy nhập ngày.")), _date])
    place = StringField(_l("Địa điểm"), validators=[Optional(), Length(max=255)])
    submit = SubmitField(_l("Mở vòng bầu lại"))
