"""Sign households in and out of a round's meeting, and count towards the quorum."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from app.attendance.models import Attendance, SignInMethod
from app.audit.services import record
from app.core.db import utcnow
from app.core.time import LOCAL_TZ
from app.elections.models import ElectionRound
from app.extensions import db
from app.rolls.models import Household, HouseholdStatus, Person
from app.rules import Quorum, check_quorum, fold, get_rule_set, name_sort_key
from app.tally.models import TallyStatus
from app.tally.queries import tally_statuses
from ballots.payload import peek

#: Text in the invitation QR: "GM1:<round id>:<household code>". Never the ballot format.
INVITATION_PREFIX = "GM1:"
MAX_MATCHES = 8


class SignInError(Exception):
    """A sign-in that cannot be done; `code` is stable, `message` Vietnamese."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Match:
    household_id: int
    code: str
    name: str
    address: str
    present: bool


@dataclass(frozen=True)
class Lookup:
    """What an entry typed or scanned at the door resolves to: one household, or a list to choose from."""

    household: Household | None
    method: SignInMethod
    matches: tuple[Match, ...] = ()


def invitation_text(round_id: int, code: str) -> str:
    return f"{INVITATION_PREFIX}{round_id}:{code}"


def electorate(round_: ElectionRound) -> int:
    """Cử tri: the TDP's active households (one representative each)."""
    return db.session.scalar(
        select(func.count()).select_from(Household)
        .where(Household.tdp_id == round_.tdp_id, Household.status == HouseholdStatus.ACTIVE)
    ) or 0


def present_count(round_: ElectionRound) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Attendance)
        .where(Attendance.round_id == round_.id, Attendance.undone_at.is_(None))
    ) or 0


def quorum(round_: ElectionRound) -> Quorum:
    """The round's quorum under its election's rule set (more than half of the electorate present)."""
    return check_quorum(electorate(round_), present_count(round_), get_rule_set(round_.election.rule_set_id))


def _present_ids(round_: ElectionRound) -> set[int]:
    return set(db.session.scalars(
        select(Attendance.household_id).where(Attendance.round_id == round_.id, Attendance.undone_at.is_(None))
    ))


def lookup(round_: ElectionRound, entry: str) -> Lookup:
    """Resolve a typed code, a scanned invitation or part of a name to the TDP's active household(s).

    Raises SignInError for a scanned code that is not this round's invitation (another round's, or a
    ballot's), and when nothing matches.
    """
    text = entry.strip()
    if not text:
        raise SignInError("empty", "Hãy gõ mã hộ, một phần họ tên, hoặc quét mã QR trên giấy mời.")
    active = select(Household).where(Household.tdp_id == round_.tdp_id, Household.status == HouseholdStatus.ACTIVE)
    if text.upper().startswith(INVITATION_PREFIX):
        parts = text.split(":", 2)
        if len(parts) != 3 or not parts[1].isdigit():
            raise SignInError("bad_invitation", "Mã QR trên giấy mời bị hỏng; hãy gõ mã hộ.")
        if int(parts[1]) != round_.id:
            raise SignInError("other_round", "Giấy mời này thuộc tổ hoặc lần bầu khác.")
        household = db.session.scalar(active.where(Household.code == parts[2]))
        if household is None:
            raise SignInError("not_found", f"Không có hộ mã {parts[2]} trong danh sách cử tri của tổ.")
        return Lookup(household, SignInMethod.QR)
    if _looks_like_ballot(text):
        raise SignInError("ballot_qr", "Đây là mã QR của phiếu bầu, không dùng để điểm danh.")
    household = db.session.scalar(active.where(func.lower(Household.code) == text.lower()))
    if household is not None:
        return Lookup(household, SignInMethod.CODE)
    _explain_code(round_, text)
    needle = fold(text)
    rows = db.session.execute(
        active.add_columns(Person).join(Person, Household.representative_id == Person.id)
        .where(or_(Person.search_name.like(f"%{needle}%"), Household.code.like(f"%{text}%")))
        .limit(1000)
    ).all()
    if not rows:
        raise SignInError("not_found", f"Không tìm thấy hộ nào khớp với “{text}”.")
    present = _present_ids(round_)
    rows.sort(key=lambda hp: (hp[0].id in present, _match_rank(hp[1].search_name, needle),
                              name_sort_key(hp[1].full_name, hp[1].birth_date or hp[1].birth_year)))
    matches = tuple(Match(h.id, h.code, f"{p.honorific} {p.full_name}", h.address, h.id in present)
                    for h, p in rows[:MAX_MATCHES])
    if len(rows) == 1:
        return Lookup(rows[0][0], SignInMethod.NAME, matches)
    return Lookup(None, SignInMethod.NAME, matches)


STATUS_WORDS = {HouseholdStatus.MOVED: "đã chuyển đi", HouseholdStatus.MERGED: "đã nhập vào hộ khác",
                HouseholdStatus.REMOVED: "không còn trong danh sách cử tri"}


def _explain_code(round_: ElectionRound, text: str) -> None:
    """A typed code of a household no longer on this TDP's roll, or of another TDP of the ward: say which
    (D24: "Hộ 050141 đã chuyển đi ngày …", "Hộ 060001 thuộc tổ 6"). Returns when the code is nobody's."""
    from app.audit.models import AuditEvent
    from app.rules import format_date
    from app.wards.models import Tdp

    if not text.isalnum():
        return
    found = db.session.execute(
        select(Household, Tdp).join(Tdp, Household.tdp_id == Tdp.id)
        .where(Tdp.ward_id == select(Tdp.ward_id).where(Tdp.id == round_.tdp_id).scalar_subquery(),
               func.lower(Household.code) == text.lower())
        .order_by(Household.tdp_id != round_.tdp_id)).first()
    if found is None:
        return
    household, tdp = found
    if household.tdp_id != round_.tdp_id:
        raise SignInError("other_tdp", f"Hộ {household.code} thuộc tổ {tdp.number} ({tdp.name}), không thuộc "
                                       "danh sách cử tri của tổ này: mời cử tri về hội nghị của tổ mình.")
    when = db.session.scalar(select(AuditEvent.at).where(
        AuditEvent.action == "household.status", AuditEvent.object_type == "household",
        AuditEvent.object_id == str(household.id)).order_by(AuditEvent.seq.desc()).limit(1))
    since = f" ngày {format_date(when.astimezone(LOCAL_TZ).date())}" if when else ""
    target = ""
    if household.status is HouseholdStatus.MERGED and household.merged_into_id:
        into = db.session.get(Household, household.merged_into_id)
        target = f" {into.code}" if into else ""
    words = STATUS_WORDS.get(household.status, "không còn trong danh sách cử tri")
    if target:
        words = f"đã nhập vào hộ{target}"
    raise SignInError("not_on_roll", f"Hộ {household.code} ({household.representative.full_name}) {words}{since}: "
                                     "không có trong danh sách cử tri của hội nghị này.")


def _match_rank(folded_name: str, needle: str) -> int:
    """0: the given name is the typed word ("yen" → Yến); 1: a whole word of the name; 2: a word starts with
    it; 3: anywhere ("yen" inside "nguyen")."""
    words = folded_name.split()
    if words and words[-1] == needle:
        return 0
    if needle in words or folded_name == needle:
        return 1
    if any(w.startswith(needle) for w in words) or folded_name.startswith(needle):
        return 2
    return 3


def _looks_like_ballot(text: str) -> bool:
    return peek(text) is not None


def household_in_round(round_: ElectionRound, household_id: int) -> Household:
    household = db.session.get(Household, household_id)
    if household is None or household.tdp_id != round_.tdp_id or household.status is not HouseholdStatus.ACTIVE:
        raise SignInError("not_found", "Hộ này không có trong danh sách cử tri của tổ.")
    return household


def clock(moment) -> str:
    """The local time of a sign-in, the same on the live desk, after a reload and in messages: "14:19:05"."""
    return moment.astimezone(LOCAL_TZ).strftime("%H:%M:%S")


def is_locked(round_: ElectionRound) -> bool:
    """A count of the round is final: the attendance list is closed."""
    return TallyStatus.FINAL in tally_statuses([c.id for c in round_.contests]).values()


def _require_open(round_: ElectionRound) -> None:
    """Attendance feeds the locked result and the signed minutes: once a count is final it cannot change."""
    if is_locked(round_):
        raise SignInError("locked", "Kết quả kiểm phiếu đã chốt: danh sách điểm danh đã khóa.")


def sign_in(actor, round_: ElectionRound, household: Household, method: SignInMethod) -> Attendance:
    """Mark the household present. A household is present only once: the database refuses a second
    row, so two clerks signing the same household at the same instant still count it once.
    Raises SignInError("already_present"), or "locked" once a count of the round is final."""
    _require_open(round_)
    attendance = Attendance(round_id=round_.id, household_id=household.id, method=method,
                            signed_in_by_id=getattr(actor, "id", None))
    try:
        with db.session.begin_nested():
            db.session.add(attendance)
    except IntegrityError:
        first = db.session.scalar(select(Attendance.signed_in_at).where(
            Attendance.round_id == round_.id, Attendance.household_id == household.id, Attendance.undone_at.is_(None)))
        at = f" lúc {clock(first)}" if first else " rồi"
        raise SignInError("already_present", f"Hộ {household.code} ({household.representative.full_name}) "
                          f"đã điểm danh{at}.") from None
    record(actor, "attendance.sign_in", "household", household.id, tdp_id=round_.tdp_id,
           after={"round": round_.id, "code": household.code, "method": method.value})
    return attendance


def undo_sign_in(actor, round_: ElectionRound, household: Household, reason: str) -> Attendance:
    """Withdraw a household's sign-in with a reason; the row is kept, marked undone."""
    _require_open(round_)
    reason = reason.strip()
    if not reason:
        raise SignInError("reason_required", "Hãy ghi lý do hủy điểm danh.")
    attendance = db.session.scalar(select(Attendance).where(
        Attendance.round_id == round_.id, Attendance.household_id == household.id, Attendance.undone_at.is_(None)))
    if attendance is None:
        raise SignInError("not_present", f"Hộ {household.code} chưa điểm danh.")
    attendance.undone_at = utcnow()
    attendance.undone_by_id = getattr(actor, "id", None)
    attendance.undo_reason = reason[:255]
    db.session.flush()
    record(actor, "attendance.undo", "household", household.id, tdp_id=round_.tdp_id,
           before={"round": round_.id, "code": household.code, "present": True},
           after={"present": False, "reason": attendance.undo_reason})
    return attendance


@dataclass(frozen=True)
class AttendanceRow:
    household_id: int
    code: str
    name: str
    address: str
    signed_in_at: object
    method: str


def attendance_list(round_: ElectionRound, *, latest_first: bool = False, limit: int | None = None) -> list[AttendanceRow]:
    stmt = (
        select(Attendance, Household, Person)
        .join(Household, Attendance.household_id == Household.id)
        .join(Person, Household.representative_id == Person.id)
        .where(Attendance.round_id == round_.id, Attendance.undone_at.is_(None))
        .order_by(Attendance.signed_in_at.desc() if latest_first else Attendance.signed_in_at, Attendance.id)
    )
    if limit:
        stmt = stmt.limit(limit)
    return [AttendanceRow(h.id, h.code, f"{p.honorific} {p.full_name}", h.address, a.signed_in_at, a.method.value)
            for a, h, p in db.session.execute(stmt)]
