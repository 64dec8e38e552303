"""Printing forms: shape only; app.printing.services decides."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from app.core.forms import AppForm
from app.printing.services import MAX_QUANTITY


class PrintForm(AppForm):
    quantity = IntegerField(_l("Số phiếu in"), validators=[InputRequired(_l("Nhập số phiếu.")),
                                                           NumberRange(1, MAX_QUANTITY)])
    test = BooleanField(_l("Phiếu thử (in dải “BẢN THỬ – KHÔNG CÓ GIÁ TRỊ”, để tập dượt kiểm phiếu)"))
    confirm = BooleanField(_l("Tôi hiểu: in phiếu chính thức sẽ khóa danh sách người ứng cử cho đến khi hủy đợt in."))
    submit = SubmitField(_l("In phiếu"))

    def validate_confirm(self, field):
        """The tick is asked for official ballots only: test ballots lock nothing (D22)."""
        if not self.test.data and not field.data:
            raise ValidationError(_l("Hãy đánh dấu xác nhận trước khi in phiếu chính thức."))


class TdpPrintForm(PrintForm):
    """In phiếu cả tổ: the leader's and the deputy's ballots in one go, the electorate plus the spare each."""

    quantity = None
    spare = IntegerField(_l("Dự phòng (%)"), default=10, validators=[InputRequired(), NumberRange(0, 100)])
    submit = SubmitField(_l("In phiếu cả tổ (tổ trưởng + tổ phó)"))


class VoidForm(AppForm):
    reason = StringField(_l("Lý do hủy"), validators=[DataRequired(_l("Hãy ghi lý do hủy.")), Length(max=255)])
    confirm = BooleanField(_l("Tôi xác nhận hủy đợt in này: mọi phiếu của đợt in sẽ bị từ chối khi kiểm phiếu."),
                           validators=[DataRequired(_l("Hãy đánh dấu xác nhận."))])
    submit = SubmitField(_l("Hủy đợt in"))


class LedgerForm(AppForm):
    issued = IntegerField(_l("Đã phát ra"), validators=[InputRequired(), NumberRange(0, MAX_QUANTITY * 10)])
    spoiled = IntegerField(_l("Hỏng (đã đổi phiếu khác)"), validators=[InputRequired(), NumberRange(0, MAX_QUANTITY * 10)])
    returned = IntegerField(_l("Thu về từ hòm phiếu"), validators=[InputRequired(), NumberRange(0, MAX_QUANTITY * 10)])
    unused = IntegerField(_l("Chưa dùng"), validators=[InputRequired(), NumberRange(0, MAX_QUANTITY * 10)])
    destroyed = IntegerField(_l("Đã tiêu hủy"), validators=[InputRequired(), NumberRange(0, MAX_QUANTITY * 10)])
    submit = SubmitField(_l("Lưu sổ theo dõi phiếu"))


class WardJobForm(AppForm):
    test = BooleanField(_l("Phiếu thử"))
    spare = IntegerField(_l("Dự phòng (%)"), default=10, validators=[InputRequired(), NumberRange(0, 100)])
    confirm = BooleanField(_l("Tôi xác nhận in phiếu cho mọi tổ có danh sách chính thức (khóa các danh sách đó)."))
    submit = SubmitField(_l("In phiếu toàn phường"))

    def validate_confirm(self, field):
        """Test ballots lock no list: the tick is for official ballots only (D22)."""
        if not self.test.data and not field.data:
            raise ValidationError(_l("Hãy đánh dấu xác nhận trước khi in phiếu chính thức."))
