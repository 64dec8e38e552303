"""Count forms: shape only."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, RadioField, SelectChoice, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.core.forms import AppForm
from app.rules import DEFAULT_STACK_SIZE, STACK_SIZE_RANGE
from app.tally.models import VotingMethod


class SetupForm(AppForm):
    method = RadioField(_l("Hình thức biểu quyết hội nghị đã chọn"), choices=[
        SelectChoice(VotingMethod.SECRET_BALLOT.value, _l("Bỏ phiếu kín")),
        SelectChoice(VotingMethod.SHOW_OF_HANDS.value, _l("Biểu quyết giơ tay"))], validators=[InputRequired()])
    approvals = IntegerField(_l("Số người có mặt tán thành hình thức này (bắt buộc theo Nghị định 59/2023)"),
                             validators=[Optional(), NumberRange(0, 100_000)])
    double_entry = BooleanField(_l("Hai người nhập độc lập (so sánh hai lượt nhập)"))
    stack_size = IntegerField(
        _l("Số phiếu mỗi xấp (phiếu đã nhập được đặt thành xấp để kiểm tra đối chiếu sau khi kiểm phiếu)"),
        default=DEFAULT_STACK_SIZE, validators=[
            Optional(),  # left empty: unchanged
            NumberRange(*STACK_SIZE_RANGE, message=_l("Số phiếu mỗi xấp phải từ %(min)s đến %(max)s."))])
    head = StringField(_l("Trưởng ban kiểm phiếu"), validators=[DataRequired(_l("Hãy ghi tên.")), Length(max=120)])
    secretary = StringField(_l("Thư ký"), validators=[Optional(), Length(max=120)])
    members = StringField(_l("Thành viên khác (cách nhau bằng dấu phẩy)"), validators=[Optional(), Length(max=500)])
    witness1 = StringField(_l("Người chứng kiến thứ nhất (cử tri, không phải người ứng cử)"),
                           validators=[DataRequired(_l("Cần hai người chứng kiến.")), Length(max=120)])
    witness2 = StringField(_l("Người chứng kiến thứ hai"), validators=[DataRequired(_l("Cần hai người chứng kiến.")),
                                                                       Length(max=120)])
    place = StringField(_l("Địa điểm kiểm phiếu"), validators=[Optional(), Length(max=255)])
    submit = SubmitField(_l("Lưu"))


class ResolveForm(AppForm):
    item = StringField(validators=[DataRequired(), Length(max=60)])
    chosen_pass = RadioField(_l("Lượt nhập đúng"), choices=[SelectChoice("1", _l("Lượt 1")), SelectChoice("2", _l("Lượt 2"))],
                             validators=[InputRequired()])
    note = TextAreaField(_l("Nhận xét của Trưởng ban"), validators=[DataRequired(_l("Hãy ghi nhận xét.")), Length(max=500)])
    submit = SubmitField(_l("Quyết định"))


class ReasonForm(AppForm):
    reason = StringField(_l("Lý do"), validators=[DataRequired(_l("Hãy ghi lý do.")), Length(max=255)])
    #: When a recognition decision rests on the result: its number (or date), typed again.
    confirm = StringField(_l("Xác nhận số quyết định công nhận"), validators=[Optional(), Length(max=40)])
    submit = SubmitField(_l("Mở khóa"))


class RerunForm(AppForm):
    vote_date = StringField(_l("Ngày bầu lại (dd/mm/yyyy)"), validators=[DataRequired(), Length(max=10)])
    place = StringField(_l("Địa điểm"), validators=[Optional(), Length(max=255)])
    submit = SubmitField(_l("Mở vòng bầu lại"))


class BundleForm(AppForm):
    bundle_no = IntegerField(_l("Số xấp phiếu"), validators=[InputRequired(), NumberRange(1, 9999)])
    ballots = IntegerField(_l("Số phiếu trong xấp (tổng kiểm tra)"), validators=[InputRequired(), NumberRange(0, 100_000)])
    pass_no = IntegerField(_l("Lượt nhập"), default=1, validators=[InputRequired(), NumberRange(1, 2)])
    submit = SubmitField(_l("Lưu xấp phiếu"))


class VoidForm(AppForm):
    code = StringField(_l("Quét lại mã QR của phiếu, hoặc gõ mã phiếu in cạnh mã QR"),
                       validators=[DataRequired(_l("Hãy quét hoặc gõ mã phiếu.")), Length(max=512)])
    reason = StringField(_l("Lý do hủy"), validators=[DataRequired(_l("Hãy ghi lý do.")), Length(max=255)])
    submit = SubmitField(_l("Hủy phiếu đã nhập"))
