"""Forms of the import pages: shape only (file type, date format); the service decides the rest."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import HiddenField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import Length, Optional, ValidationError

from app.core.forms import AppForm
from app.rules import InvalidDate, parse_date

from .headers import Column, Field
from .reader import EXTENSIONS

#: What the pages call each field.
FIELD_LABELS = {
    Field.CODE: _l("Mã hộ"), Field.NAME: _l("Họ và tên người đại diện"), Field.ADDRESS: _l("Địa chỉ"),
    Field.BIRTH_YEAR: _l("Năm sinh"), Field.BIRTH_DATE: _l("Ngày sinh"), Field.GENDER: _l("Giới tính"),
    Field.SUB_GROUP: _l("Liên gia"), Field.TDP: _l("Tổ dân phố"), Field.CITIZEN_ID: _l("Số CCCD"),
}
#: What the preview calls each changed value.
CHANGE_LABELS = {
    "address": _l("địa chỉ"), "sub_group": _l("liên gia"), "representative": _l("người đại diện"),
    "birth_date": _l("ngày sinh"), "birth_year": _l("năm sinh"), "gender": _l("giới tính"),
    "citizen_id": _l("số CCCD"),
}
WHOLE_WARD = "ward"


def _date(form, field):
    """dd/mm/yyyy; the parsed day lands in `field.parsed`."""
    field.parsed = None
    if field.data and field.data.strip():
        try:
            field.parsed = parse_date(field.data)
        except InvalidDate as error:
            raise ValidationError(error.message) from None


class UploadForm(AppForm):
    file = FileField(_l("Tệp danh sách (.xlsx hoặc .csv)"), validators=[
        FileRequired(_l("Hãy chọn tệp danh sách.")),
        FileAllowed(EXTENSIONS, _l("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."))])
    #: Choices are the TDPs the user may change (and the whole ward for ward admins); scope is checked
    #: in the view so that a TDP outside it is a 403, not a form error.
    target = SelectField(_l("Nhập vào"), validate_choice=False)
    reference_date = StringField(_l("Tính tuổi người đại diện vào ngày (dd/mm/yyyy; để trống là hôm nay)"),
                                 validators=[Optional(), Length(max=10), _date])
    submit = SubmitField(_l("Tải lên và xem trước"))


class ConfirmForm(AppForm):
    digest = HiddenField()
    submit = SubmitField(_l("Xác nhận nhập danh sách"))


class CancelForm(AppForm):
    submit = SubmitField(_l("Hủy"))


class RestoreZerosForm(AppForm):
    submit = SubmitField(_l("Khôi phục số 0 đầu mã và xem trước lại"))


def mapping_form(columns: Sequence[Column], mapping: Mapping[Field, int], **kwargs) -> FlaskForm:
    """One select per field listing the file's columns ("B – Họ tên"), preset to the current mapping."""
    choices = [SelectChoice("", _l("(không có)"))] + [SelectChoice(c.letter, c.label) for c in columns]

    class MappingForm(AppForm):
        pass

    for f in Field:
        current = columns[mapping[f]].letter if f in mapping else ""
        setattr(MappingForm, f.value, SelectField(FIELD_LABELS[f], choices=choices, default=current))
    MappingForm.submit = SubmitField(_l("Dùng các cột này và xem trước lại"))
    return MappingForm(prefix="map", **kwargs)


def mapping_from(form: FlaskForm, columns: Sequence[Column], mapping: Mapping[Field, int]) -> dict[str, str | None]:
    """The selects the user changed, as overrides for headers.apply_mapping (a letter, or None to unmap).

    Only changes count, so picking for "Mã hộ" a column that was guessed to be something else moves it.
    """
    out: dict[str, str | None] = {}
    for f in Field:
        chosen = getattr(form, f.value).data or None
        if chosen != (columns[mapping[f]].letter if f in mapping else None):
            out[f.value] = chosen
    return out
