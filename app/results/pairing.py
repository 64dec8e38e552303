"""Results keys: the ward issues one per TDP and shows it once as a short code; the TDP's laptop stores it.
Every key a copy holds is recorded (origin, fingerprint, who, when, who replaced it), never the key itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from app.audit.services import record
from app.auth.models import User
from app.core.db import utcnow
from app.extensions import db
from app.results.codes import CodeError, fingerprint, key_code, new_key, parse_code
from app.results.errors import ResultsError
from app.results.models import KeyOrigin, ResultsKey, ResultsKeyRecord
from app.wards.models import Tdp


@dataclass(frozen=True)
class KeyStatus:
    """What a page may show about a TDP's key: never the key."""

    origin: KeyOrigin
    fingerprint: str
    created_at: datetime
    created_by: str  #: username, or "" for the command line
    replaced: int  #: how many earlier keys this copy held for the TDP


@dataclass(frozen=True)
class KeyHistoryLine:
    origin: KeyOrigin
    fingerprint: str
    created_at: datetime
    created_by: str
    replaced_at: datetime | None
    replaced_by: str


def _current_record(tdp_id: int) -> ResultsKeyRecord | None:
    return db.session.scalar(select(ResultsKeyRecord).where(ResultsKeyRecord.tdp_id == tdp_id,
                                                            ResultsKeyRecord.replaced_at.is_(None))
                             .order_by(ResultsKeyRecord.id.desc()).limit(1))


def _store(actor, tdp: Tdp, key: bytes, origin: KeyOrigin) -> ResultsKey:
    now, actor_id = utcnow(), getattr(actor, "id", None)
    row = db.session.get(ResultsKey, tdp.id, with_for_update=True)
    if row is not None and row.origin is KeyOrigin.ISSUED and origin is KeyOrigin.PAIRED:
        # The invariant behind F1, whatever the copy's settings say: a paired key never replaces an issued one.
        raise ResultsError("issued_here", f"Máy này đã cấp mã kết quả cho tổ {tdp.number}: không ghép nối đè lên mã "
                           "do phường cấp.", status=403)
    previous = _current_record(tdp.id)
    print_ = fingerprint(key)
    try:
        with db.session.begin_nested():
            if row is None:
                row = ResultsKey(tdp_id=tdp.id)
                db.session.add(row)
            row.key, row.origin, row.created_at, row.created_by_id = key, origin, now, actor_id
            if previous is not None:
                previous.replaced_at, previous.replaced_by_id = now, actor_id
            db.session.add(ResultsKeyRecord(tdp_id=tdp.id, origin=origin, fingerprint=print_, created_at=now,
                                            created_by_id=actor_id))
            db.session.flush()
    except IntegrityError:
        raise ResultsError("busy", "Mã kết quả của tổ này vừa được thay cùng lúc ở nơi khác; hãy tải lại trang.",
                           status=409) from None
    # Never the key itself: the audit log is readable by more people than the key should be.
    record(actor, f"results.key_{origin.value}", "tdp", tdp.id, tdp_id=tdp.id,
           after={"origin": origin.value, "fingerprint": print_, "replaced": previous is not None,
                  "previous": ({"origin": previous.origin.value, "fingerprint": previous.fingerprint}
                               if previous is not None else None)})
    return row


def issue_key(actor, tdp: Tdp, *, replace: bool = False) -> str:
    """Cấp mã kết quả (ward side): a new random key for the TDP. When the TDP already has one, `replace` must
    be given: the old key is revoked, so packages signed with it are refused from now on. Returns the code to
    hand to the TDP's team; the code is not kept anywhere it could be shown again. Flushes.
    Raises ResultsError("confirm") when a key exists and `replace` is false."""
    if not replace and db.session.get(ResultsKey, tdp.id) is not None:
        current = _current_record(tdp.id)
        shown = f" (mã đối chiếu {current.fingerprint})" if current is not None else ""
        raise ResultsError("confirm", f"Tổ {tdp.number} đã có mã kết quả{shown}. Cấp mã mới sẽ thu hồi mã cũ: gói "
                           "ký bằng mã cũ sẽ bị từ chối. Hãy xác nhận để cấp mã mới.", status=409)
    key = new_key()
    _store(actor, tdp, key, KeyOrigin.ISSUED)
    return key_code(key, tdp.ward.name, tdp.number)


def pair(actor, tdp: Tdp, code: str) -> ResultsKey:
    """Ghép nối (laptop side): store the key the ward issued for this TDP, from its typed code. Typing the
    code this copy already holds changes nothing. Flushes.
    Raises ResultsError when the code is mistyped or belongs to another TDP or ward, or when this copy
    issued the TDP's key itself (a ward's key is never replaced by a pairing)."""
    try:
        key = parse_code(code, tdp.ward.name, tdp.number)
    except CodeError as error:
        raise ResultsError("bad_code", error.message) from None
    row = db.session.get(ResultsKey, tdp.id)
    if row is not None and row.origin is KeyOrigin.PAIRED and row.key == key:
        return row
    return _store(actor, tdp, key, KeyOrigin.PAIRED)


def key_for(tdp_id: int) -> bytes | None:
    """The key this copy signs with (a laptop's paired key)."""
    return db.session.scalar(select(ResultsKey.key).where(ResultsKey.tdp_id == tdp_id))


def issued_key_for(tdp: Tdp) -> bytes:
    """The key the ward issued for the TDP, the only one a package may be signed with.
    Raises ResultsError when none was issued or the stored key was paired rather than issued here."""
    row = db.session.get(ResultsKey, tdp.id)
    if row is None:
        raise ResultsError("no_key", f"Phường chưa cấp mã kết quả cho tổ {tdp.number}, nên không kiểm được chữ ký.")
    if row.origin is not KeyOrigin.ISSUED:
        current = _current_record(tdp.id)
        who = f" ({_name(current.created_by_id)}, mã đối chiếu {current.fingerprint})" if current is not None else ""
        raise ResultsError("key_not_issued", f"Mã kết quả của tổ {tdp.number} trên máy này được ghép nối{who}, không do "
                           "phường cấp: không nhập gói nào ký bằng mã này. Hãy cấp mã mới cho tổ và ghép nối lại máy "
                           "của tổ.", status=403)
    return row.key


def _name(user_id: int | None) -> str:
    if user_id is None:
        return "dòng lệnh"
    return db.session.scalar(select(User.username).where(User.id == user_id)) or "?"


def key_statuses(tdp_ids: list[int]) -> dict[int, KeyStatus]:
    """Each TDP's current key as a page may show it (origin, fingerprint, who, when, replacements)."""
    if not tdp_ids:
        return {}
    creator = aliased(User)
    counts = dict(db.session.execute(select(ResultsKeyRecord.tdp_id, func.count())
                                     .where(ResultsKeyRecord.tdp_id.in_(tdp_ids))
                                     .group_by(ResultsKeyRecord.tdp_id)).all())
    rows = db.session.execute(
        select(ResultsKeyRecord, creator.username).outerjoin(creator, creator.id == ResultsKeyRecord.created_by_id)
        .join(ResultsKey, ResultsKey.tdp_id == ResultsKeyRecord.tdp_id)
        .where(ResultsKeyRecord.tdp_id.in_(tdp_ids), ResultsKeyRecord.replaced_at.is_(None))).all()
    return {r.tdp_id: KeyStatus(r.origin, r.fingerprint, r.created_at, name or "", counts.get(r.tdp_id, 1) - 1)
            for r, name in rows}


def key_history(tdp_id: int) -> list[KeyHistoryLine]:
    """Every key this copy held for the TDP, newest first."""
    creator, replacer = aliased(User), aliased(User)
    rows = db.session.execute(
        select(ResultsKeyRecord, creator.username, replacer.username)
        .outerjoin(creator, creator.id == ResultsKeyRecord.created_by_id)
        .outerjoin(replacer, replacer.id == ResultsKeyRecord.replaced_by_id)
        .where(ResultsKeyRecord.tdp_id == tdp_id).order_by(ResultsKeyRecord.id.desc())).all()
    return [KeyHistoryLine(r.origin, r.fingerprint, r.created_at, c or "", r.replaced_at, p or "")
            for r, c, p in rows]
