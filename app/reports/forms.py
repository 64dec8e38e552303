"""The unit-cost form: whole đồng, not negative."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SubmitField
from wtforms.validators import InputRequired, NumberRange

from app.core.forms import AppForm

_COST = [InputRequired(_l("Hãy nhập đơn giá.")), NumberRange(0, 10_000_000_000, _l("Đơn giá phải từ 0 đồng trở lên."))]


class BudgetForm(AppForm):
    ballot_unit_cost = IntegerField(_l("In một phiếu bầu (đồng)"), validators=_COST)
    paper_sheet_cost = IntegerField(_l("Một tờ giấy A4, cắt được 2 phiếu A5 (đồng)"), validators=_COST)
    meeting_per_tdp = IntegerField(_l("Một hội nghị bầu cử của tổ (đồng)"), validators=_COST)
    decoration_per_tdp = IntegerField(_l("Trang trí hội nghị của một tổ (đồng)"), validators=_COST)
    ward_decoration = IntegerField(_l("Trang trí, khẩu hiệu, băng rôn của phường (đồng)"), validators=_COST)
    submit = SubmitField(_l("Lưu đơn giá"))
