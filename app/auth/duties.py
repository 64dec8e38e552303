"""The duties a user holds and the TDPs a user is scoped to: checks and changes (audited, flushed)."""

from __future__ import annotations

from sqlalchemy import select

from app.audit.services import record
from app.auth.models import WARD_DUTIES, Duty, User
from app.extensions import db
from app.wards.models import Tdp


class DutyError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


#: Why a ward account cannot be given the province duty, nor a province account a ward one.
PROVINCE_APART = ("Tài khoản cán bộ tỉnh/thành phố không thuộc phường nào và không giữ nhiệm vụ nào khác: tạo và "
                  "quản lý bằng lệnh `flask province user ...`.")


def check_duties(duties) -> set[Duty]:
    """The duties of a ward account as Duty values; DutyError for none, an unknown one or the province duty."""
    try:
        chosen = {Duty(d) for d in duties}
    except ValueError:
        raise DutyError("Nhiệm vụ không hợp lệ. Chọn trong: " + ", ".join(d.value for d in WARD_DUTIES) + ".") from None
    if not chosen:
        raise DutyError("Hãy giao ít nhất một nhiệm vụ (--duty).")
    if Duty.PROVINCE in chosen:
        raise DutyError(PROVINCE_APART)
    return chosen


def _not_province(user: User) -> None:
    if user.is_province:
        raise DutyError(PROVINCE_APART)


def ward_tdps(ward_id: int, tdp_numbers) -> list[Tdp]:
    """The ward's TDPs with these numbers; DutyError naming any that does not exist."""
    if not tdp_numbers:
        return []
    tdps = list(db.session.scalars(select(Tdp).where(Tdp.ward_id == ward_id, Tdp.number.in_(list(tdp_numbers)))
                                   .order_by(Tdp.number)))
    missing = sorted(set(tdp_numbers) - {t.number for t in tdps})
    if missing:
        raise DutyError("Không có tổ dân phố số " + ", ".join(map(str, missing)) + " trong phường.")
    dissolved = [t for t in tdps if t.dissolved_on is not None]
    if dissolved:
        raise DutyError("Tổ dân phố số " + ", ".join(str(t.number) for t in dissolved) + " đã giải thể (nhập vào "
                        "tổ khác): không giao được nữa.")
    return tdps


def check_scope(duties, tdps) -> None:
    """A duty of a TDP (election team, counting board, party cell) needs at least one TDP."""
    if any(not d.is_ward_wide for d in duties) and not tdps:
        raise DutyError("Nhiệm vụ của tổ dân phố cần được giao ít nhất một tổ dân phố (--tdp N).")


def set_duties(actor: User | None, user: User, duties) -> User:
    """Replace the user's duties (audited). Raises DutyError; flushes."""
    _not_province(user)
    chosen = check_duties(duties)
    check_scope(chosen, user.tdps)
    before = sorted(d.value for d in user.duties)
    user.duties = chosen
    db.session.flush()
    record(actor, "user.duties", "user", user.id, before={"duties": before},
           after={"duties": sorted(d.value for d in chosen)})
    return user


def set_tdps(actor: User | None, user: User, tdp_numbers) -> User:
    """Replace the TDPs the user is scoped to (audited). Raises DutyError; flushes."""
    _not_province(user)
    tdps = ward_tdps(user.ward_id, tdp_numbers)
    check_scope(user.duties, tdps)
    before = [t.number for t in user.tdps]
    user.tdps = tdps
    db.session.flush()
    record(actor, "user.tdps", "user", user.id, before={"tdps": before}, after={"tdps": [t.number for t in tdps]})
    return user

