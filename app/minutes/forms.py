"""Minutes forms: shape only; app.minutes.services decides."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length


class CheckForm(FlaskForm):
    payload = StringField(_l("Mã QR trên biên bản (quét bằng máy quét hoặc gõ lại dòng chữ dưới mã)"),
                          validators=[DataRequired(_l("Hãy quét hoặc gõ mã trên biên bản.")), Length(max=200)])
    submit = SubmitField(_l("Đối chiếu"))
