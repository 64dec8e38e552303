"""Minutes forms: shape only; app.minutes.services decides."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from app.core.forms import AppForm


class CheckForm(AppForm):
    payload = StringField(_l("Mã QR trên biên bản (quét bằng máy quét hoặc gõ lại dòng chữ dưới mã)"),
                          validators=[DataRequired(_l("Hãy quét hoặc gõ mã trên biên bản.")), Length(max=200)])
    submit = SubmitField(_l("Đối chiếu"))
