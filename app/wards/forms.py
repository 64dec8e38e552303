"""Forms of the ward pages: the ward's details, a TDP's details, the TDP list upload. Shape only."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import HiddenField, RadioField, SelectChoice, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.core.forms import AppForm
from app.rolls.importing.reader import EXTENSIONS
from app.rules import InvalidDate, parse_date
from app.wards.models import LeaderStatus


class WardForm(AppForm):
    name = StringField(_l("Tên phường hoặc xã"), validators=[DataRequired(_l("Nhập tên phường hoặc xã.")),
                                                             Length(max=120)])
    province = StringField(_l("Thuộc tỉnh hoặc thành phố trực thuộc trung ương"),
                           validators=[DataRequired(_l("Nhập tỉnh hoặc thành phố.")), Length(max=120)])
    issuing_authority = StringField(_l("Cơ quan ban hành giấy tờ (để trống: “Ủy ban nhân dân” + tên phường)"),
                                    validators=[Optional(), Length(max=160)])
    report_recipient = StringField(_l("Nơi nhận báo cáo (để trống: “Ủy ban nhân dân” + tỉnh, thành phố)"),
                                   validators=[Optional(), Length(max=200)])
    submit = SubmitField(_l("Tiếp tục"))


class DayField(StringField):
    """A dd/mm/yyyy text field; its validator puts the date in `parsed`, which stays None when the field is
    left empty (Optional() stops the chain before the validator runs)."""

    parsed = None


class TdpForm(AppForm):
    name = StringField(_l("Tên tổ dân phố"), validators=[DataRequired(_l("Nhập tên tổ dân phố.")), Length(max=120)])
    party_cell_name = StringField(_l("Chi bộ"), validators=[Optional(), Length(max=160)])
    front_committee_name = StringField(_l("Ban công tác Mặt trận"), validators=[Optional(), Length(max=160)])
    #: Only for a rename: the decision (nghị quyết của HĐND phường) and the day the new name takes effect.
    decision = StringField(_l("Khi đổi tên: nghị quyết hoặc quyết định đổi tên (số, ngày)"),
                           validators=[Optional(), Length(max=200)])
    effective_on = DayField(_l("Khi đổi tên: tên mới có hiệu lực từ ngày (dd/mm/yyyy)"),
                               validators=[Optional(), Length(max=20)])
    submit = SubmitField(_l("Lưu"))

    def validate_effective_on(self, field):
        """Strict dd/mm/yyyy when given, parsed into `field.parsed` (None when empty)."""
        field.parsed = None
        if field.data and field.data.strip():
            try:
                field.parsed = parse_date(field.data)
            except InvalidDate as error:
                raise ValidationError(error.message) from None


def _optional_date(form, field):
    """Strict dd/mm/yyyy when given, parsed into `field.parsed` (None when empty)."""
    field.parsed = None
    if field.data and field.data.strip():
        try:
            field.parsed = parse_date(field.data)
        except InvalidDate as error:
            raise ValidationError(error.message) from None


LEADER_STATUS_CHOICES = [
    SelectChoice(LeaderStatus.ELECTED.value, _l("Đã bầu (tổ trưởng trúng cử, đã được công nhận)")),
    SelectChoice(LeaderStatus.EXTENDED.value, _l("Kéo dài nhiệm kỳ đến một ngày (theo quyết định của tỉnh, thành phố)")),
    SelectChoice(LeaderStatus.INTERIM.value, _l("Tổ trưởng lâm thời (Chủ tịch UBND phường chỉ định, tối đa 6 tháng)")),
    SelectChoice(LeaderStatus.VACANT.value, _l("Khuyết tổ trưởng")),
]


class LeaderPostForm(AppForm):
    status = RadioField(_l("Tình trạng chức danh tổ trưởng"), choices=LEADER_STATUS_CHOICES,
                        validators=[DataRequired(_l("Chọn tình trạng."))])
    holder = StringField(_l("Họ tên người giữ chức"), validators=[Optional(), Length(max=120)])
    since = DayField(_l("Từ ngày (dd/mm/yyyy)"), validators=[DataRequired(_l("Nhập ngày bắt đầu.")), Length(max=20),
                                                              _optional_date])
    until = DayField(_l("Đến hết ngày (dd/mm/yyyy): hạn tổ chức bầu tiếp theo"),
                        validators=[Optional(), Length(max=20), _optional_date])
    decision = StringField(_l("Quyết định (số, ngày, cơ quan ban hành)"), validators=[Optional(), Length(max=200)])
    submit = SubmitField(_l("Ghi nhận"))


class TdpTableForm(AppForm):
    """The typed table: its cells are read from the request as lists (number, name, party_cell_name,
    front_committee_name); the form carries the CSRF token and the buttons."""

    add_row = SubmitField(_l("Thêm dòng"))
    submit = SubmitField(_l("Lưu các tổ dân phố"))


class TdpUploadForm(AppForm):
    file = FileField(_l("Tệp danh sách tổ dân phố (.xlsx hoặc .csv)"), validators=[
        FileRequired(_l("Hãy chọn tệp danh sách.")),
        FileAllowed(EXTENSIONS, _l("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."))])
    submit = SubmitField(_l("Tải lên và xem trước"))


class ConfirmForm(AppForm):
    digest = HiddenField()
    submit = SubmitField(_l("Xác nhận tạo các tổ dân phố"))


class MergeForm(AppForm):
    """Nhập tổ: which TDP absorbs which, by which decision, from which day. `preview` shows what would happen;
    `confirm` applies exactly what was previewed (the digest)."""

    into = SelectField(_l("Tổ dân phố nhận (giữ lại)"), coerce=int, validators=[DataRequired(_l("Chọn tổ nhận."))])
    absorbed = SelectField(_l("Tổ dân phố được nhập (sẽ giải thể)"), coerce=int,
                           validators=[DataRequired(_l("Chọn tổ được nhập."))])
    decision = StringField(_l("Nghị quyết hoặc quyết định nhập tổ (số, ngày)"),
                           validators=[DataRequired(_l("Ghi nghị quyết nhập tổ.")), Length(max=200)])
    effective_on = DayField(_l("Có hiệu lực từ ngày (dd/mm/yyyy)"),
                            validators=[DataRequired(_l("Nhập ngày có hiệu lực.")), Length(max=20), _optional_date])
    digest = HiddenField()
    preview = SubmitField(_l("Xem trước"))
    confirm = SubmitField(_l("Xác nhận nhập tổ"))


class SplitForm(AppForm):
    """Tách tổ: the new TDP, the decision and day, and the households that move (codes and ranges typed, or
    boxes ticked in the table, read from the request as `household` ids)."""

    number = StringField(_l("Số tổ mới"), validators=[DataRequired(_l("Nhập số tổ mới.")), Length(max=10)])
    name = StringField(_l("Tên tổ mới"), validators=[Optional(), Length(max=120)])
    party_cell_name = StringField(_l("Chi bộ của tổ mới"), validators=[Optional(), Length(max=160)])
    front_committee_name = StringField(_l("Ban công tác Mặt trận của tổ mới"), validators=[Optional(), Length(max=160)])
    decision = StringField(_l("Nghị quyết hoặc quyết định tách tổ (số, ngày)"),
                           validators=[DataRequired(_l("Ghi nghị quyết tách tổ.")), Length(max=200)])
    effective_on = DayField(_l("Có hiệu lực từ ngày (dd/mm/yyyy)"),
                            validators=[DataRequired(_l("Nhập ngày có hiệu lực.")), Length(max=20), _optional_date])
    codes = TextAreaField(_l("Mã các hộ chuyển sang tổ mới (cách nhau bằng dấu phẩy hoặc xuống dòng; khoảng mã: "
                             "050001-050040)"), validators=[Optional(), Length(max=100_000)])
    digest = HiddenField()
    preview = SubmitField(_l("Xem trước"))
    confirm = SubmitField(_l("Xác nhận tách tổ"))
