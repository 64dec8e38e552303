"""The ward's paper settings form: shape only (lengths); line counts are the service's to check."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional

from app.core.forms import AppForm
from app.papers.registry import WARD_SIGNED, PaperKind

_LINES = [Optional(), Length(max=4000, message=_l("Nội dung quá dài."))]


class PaperSettingsForm(AppForm):
    issuing_authority = StringField(_l("Cơ quan ban hành (ví dụ: UBND phường Bồ Đề)"),
                                    validators=[Optional(), Length(max=160)])
    report_recipient = StringField(_l("Nơi nhận báo cáo (ví dụ: UBND thành phố Hà Nội (qua Sở Nội vụ))"),
                                   validators=[Optional(), Length(max=200)])
    province = StringField(_l("Tỉnh, thành phố"), validators=[Optional(), Length(max=120)])
    issuer_header = TextAreaField(_l("Dòng cơ quan ban hành ở đầu văn bản (mỗi dòng một dòng; để trống: theo cơ quan "
                                     "ban hành)"), validators=_LINES)
    submit = SubmitField(_l("Lưu cài đặt văn bản"))


def signer_fields(kind: PaperKind) -> tuple[str, str, str]:
    return f"{kind.value}_capacity", f"{kind.value}_title", f"{kind.value}_name"


for _kind in WARD_SIGNED:
    _capacity, _title, _name = signer_fields(_kind)
    setattr(PaperSettingsForm, _capacity, StringField(_l("Thẩm quyền ký (ví dụ: TM. ỦY BAN NHÂN DÂN)"),
                                                      validators=[Optional(), Length(max=120)]))
    setattr(PaperSettingsForm, _title, StringField(_l("Chức vụ người ký (ví dụ: CHỦ TỊCH)"),
                                                   validators=[Optional(), Length(max=120)]))
    setattr(PaperSettingsForm, _name, StringField(_l("Họ và tên người ký"), validators=[Optional(), Length(max=120)]))
    setattr(PaperSettingsForm, f"recipients_{_kind.value}",
            TextAreaField(_l("Nơi nhận (mỗi dòng một nơi; để trống: mặc định)"), validators=_LINES))
for _kind in PaperKind:
    setattr(PaperSettingsForm, f"bases_{_kind.value}",
            TextAreaField(_l("Căn cứ bổ sung (mỗi dòng một căn cứ, in sau căn cứ của bộ quy định)"), validators=_LINES))
