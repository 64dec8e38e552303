"""Create a ward (with its first admin on first run), add its TDPs, rename them. Audited, flushed; the caller commits."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from app.audit.services import record
from app.auth.models import Duty, User
from app.auth.services import AuthError, check_password_policy, create_user
from app.core.time import local_today
from app.elections.services import join_open_elections
from app.extensions import db
from app.rules import format_date, normalize_name
from app.wards import history
from app.wards.models import Tdp, Ward
from app.wards.tdp_list import GROUP_MAX, NAME_MAX, TdpEntry, TdpList, check_rows, existing_numbers, read_tdp_file

#: A ward's name starts with the kind of unit it is (since 1/7/2025: phường, xã or đặc khu).
UNIT_KINDS = ("Phường", "Xã", "Đặc khu", "Thị trấn")
#: Province-level units start with their kind; in "Ủy ban nhân dân thành phố Hà Nội" the kind is lower case.
PROVINCE_KINDS = ("Thành phố", "Tỉnh")


class WardError(Exception):
    """A ward or TDP that cannot be saved as given; `message` is Vietnamese, `field` the form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message, self.field = message, field


class AlreadySetUp(Exception):
    """The database already holds a ward: the first-run set-up is over."""


@dataclass(frozen=True)
class WardInput:
    name: str
    province: str
    issuing_authority: str = ""
    report_recipient: str = ""


def _lower_kind(name: str, kinds: Iterable[str]) -> str:
    """"Phường Bồ Đề" → "phường Bồ Đề", as it reads after "Ủy ban nhân dân"."""
    for kind in kinds:
        if name.startswith(kind + " "):
            return kind.lower() + name[len(kind):]
    return name


def default_authority(ward_name: str) -> str:
    return "Ủy ban nhân dân " + _lower_kind(ward_name, UNIT_KINDS)


def default_recipient(province: str) -> str:
    return "Ủy ban nhân dân " + _lower_kind(province, PROVINCE_KINDS)


def check_ward(data: WardInput) -> WardInput:
    """The ward's details, normalised (NFC, single spaces, unit kind capitalised) with the default authority
    and recipient filled in. Raises WardError naming the field."""
    name = normalize_name(data.name or "")
    province = normalize_name(data.province or "")
    if not name:
        raise WardError("Nhập tên phường hoặc xã.", "name")
    kind = next((k for k in UNIT_KINDS if name.casefold().startswith(k.casefold() + " ")), None)
    if kind is None or len(name) <= len(kind) + 1:
        raise WardError("Tên cần bắt đầu bằng “Phường”, “Xã” hoặc “Đặc khu”, ví dụ “Phường Bồ Đề”.", "name")
    name = kind + name[len(kind):]
    if len(name) > 120:
        raise WardError("Tên phường dài quá 120 ký tự.", "name")
    if not province:
        raise WardError("Nhập tỉnh hoặc thành phố trực thuộc trung ương, ví dụ “Thành phố Hà Nội”.", "province")
    if len(province) > 120:
        raise WardError("Tên tỉnh, thành phố dài quá 120 ký tự.", "province")
    authority = normalize_name(data.issuing_authority or "") or default_authority(name)
    recipient = normalize_name(data.report_recipient or "") or default_recipient(province)
    if len(authority) > 160:
        raise WardError("Cơ quan ban hành dài quá 160 ký tự.", "issuing_authority")
    if len(recipient) > 200:
        raise WardError("Nơi nhận báo cáo dài quá 200 ký tự.", "report_recipient")
    return WardInput(name, province, authority, recipient)


def ward_exists() -> bool:
    return db.session.scalar(select(Ward.id).limit(1)) is not None


def create_ward(actor: User | None, data: WardInput) -> Ward:
    """Create a ward with no district (there is none since 1/7/2025). Raises WardError; flushes; audited."""
    data = check_ward(data)
    if db.session.scalar(select(Ward.id).where(Ward.name == data.name)) is not None:
        raise WardError(f"Đã có {data.name} trong cơ sở dữ liệu.", "name")
    ward = Ward(name=data.name, province=data.province, district="", issuing_authority=data.issuing_authority,
                report_recipient=data.report_recipient)
    db.session.add(ward)
    db.session.flush()
    record(actor, "ward.create", "ward", ward.id, after={"name": ward.name, "province": ward.province,
                                                        "issuing_authority": ward.issuing_authority,
                                                        "report_recipient": ward.report_recipient})
    return ward


def set_up(data: WardInput, *, username: str, password: str, full_name: str = "") -> tuple[Ward, User]:
    """First run: the ward and its first ward admin (password under the policy), together or not at all.

    Raises AlreadySetUp when a ward exists (also when another set-up committed first: the audit chain's
    head, updated by `record`, serialises the two), WardError or AuthError (with its field). Flushes."""
    if ward_exists():
        raise AlreadySetUp()
    try:
        check_password_policy(password, username.strip())
    except AuthError as error:
        raise AuthError(error.message, field="password") from None
    ward = create_ward(None, data)  # its audit record locks the chain head until commit
    if db.session.scalar(select(func.count()).select_from(Ward)) > 1:
        raise AlreadySetUp()
    try:
        user = create_user(None, username=username, password=password, duties=[Duty.WARD_ADMIN], ward_id=ward.id,
                           full_name=normalize_name(full_name or ""))
    except AuthError as error:
        raise AuthError(error.message, field="username") from None
    return ward, user


def ward_tdp_numbers(ward_id: int) -> dict[int, str]:
    return existing_numbers(db.session.scalars(select(Tdp).where(Tdp.ward_id == ward_id)))


def check_typed(ward_id: int, rows: list[list[str]]) -> TdpList:
    """The typed table, checked against the ward's TDPs; writes nothing."""
    return check_rows(rows, existing=ward_tdp_numbers(ward_id))


def preview_file(ward_id: int, data: bytes, filename: str) -> TdpList:
    """A TDP list file, read and checked against the ward's TDPs; writes nothing. Raises UnreadableFile."""
    return read_tdp_file(data, filename, existing=ward_tdp_numbers(ward_id))


def add_tdps(actor: User | None, ward: Ward, entries: Iterable[TdpEntry], *, today: date | None = None) -> list[Tdp]:
    """Create the TDPs (one audit event each); each joins the ward's open elections (not closed, a vote day
    today or later) with its round on the election's default day. Raises WardError for a number the ward
    already has (checked again here: the list was checked when previewed). Flushes; the caller's commit makes
    them all or none."""
    taken = ward_tdp_numbers(ward.id)
    tdps = []
    for entry in entries:
        if entry.number in taken:
            raise WardError(f"Tổ dân phố số {entry.number} đã có trong phường.", "number")
        taken[entry.number] = entry.name
        tdp = Tdp(ward_id=ward.id, number=entry.number, name=entry.name, party_cell_name=entry.party_cell_name,
                  front_committee_name=entry.front_committee_name)
        db.session.add(tdp)
        tdps.append(tdp)
    db.session.flush()
    for tdp in tdps:
        record(actor, "tdp.create", "tdp", tdp.id, tdp_id=tdp.id, after=_tdp_values(tdp))
    join_open_elections(actor, tdps, today or local_today())
    return tdps


def _tdp_values(tdp: Tdp) -> dict:
    return {"number": tdp.number, "name": tdp.name, "party_cell_name": tdp.party_cell_name,
            "front_committee_name": tdp.front_committee_name}


#: The longest decision reference kept with a rename (tdp_names.decision).
DECISION_MAX = 200


def update_tdp(actor: User | None, tdp: Tdp, *, name: str, party_cell_name: str, front_committee_name: str,
               effective_on: date | None = None, decision: str = "") -> bool:
    """Rename a TDP or change its party cell or front committee (audited with before and after). The number
    stays: papers and household codes carry it. A rename needs the decision that made it and the day it takes
    effect: the old name is closed the day before and kept, so papers of an earlier vote date still print it
    (`tdp_name_on`). False when nothing changed. Raises WardError; flushes."""
    name = normalize_name(name or "")
    cell, front = normalize_name(party_cell_name or ""), normalize_name(front_committee_name or "")
    decision = normalize_name(decision or "")
    if not name:
        raise WardError("Nhập tên tổ dân phố.", "name")
    if len(name) > NAME_MAX:
        raise WardError(f"Tên tổ dài quá {NAME_MAX} ký tự.", "name")
    for value, field in ((cell, "party_cell_name"), (front, "front_committee_name")):
        if len(value) > GROUP_MAX:
            raise WardError(f"Không được dài quá {GROUP_MAX} ký tự.", field)
    renamed = name != tdp.name
    if renamed:
        if not decision:
            raise WardError("Đổi tên tổ dân phố cần ghi quyết định hoặc nghị quyết đổi tên "
                            "(ví dụ “Nghị quyết số 12/NQ-HĐND ngày 01/03/2026”).", "decision")
        if len(decision) > DECISION_MAX:
            raise WardError(f"Quyết định dài quá {DECISION_MAX} ký tự.", "decision")
        if effective_on is None:
            raise WardError("Nhập ngày tên mới có hiệu lực.", "effective_on")
        start = history.last_start(tdp.id)
        if start is not None and effective_on <= start:
            raise WardError(f"Tên hiện tại có hiệu lực từ {format_date(start)}: ngày tên mới có hiệu lực phải "
                            "sau ngày đó.", "effective_on")
    before = _tdp_values(tdp)
    if renamed:
        history.open_name(tdp, new_name=name, effective_on=effective_on, decision=decision)
    tdp.name, tdp.party_cell_name, tdp.front_committee_name = name, cell, front
    after = _tdp_values(tdp)
    if after == before:
        return False
    db.session.flush()
    if renamed:
        after = {**after, "effective_on": effective_on.isoformat(), "decision": decision}
    record(actor, "tdp.update", "tdp", tdp.id, tdp_id=tdp.id, before=before, after=after)
    return True
