"""Results keys: the ward issues one per TDP and shows it as a short code; the TDP's laptop stores it."""

from __future__ import annotations

from sqlalchemy import select

from app.audit.services import record
from app.core.db import utcnow
from app.extensions import db
from app.results.codes import CodeError, key_code, new_key, parse_code
from app.results.errors import ResultsError
from app.results.models import KeyOrigin, ResultsKey
from app.wards.models import Tdp


def _store(actor, tdp: Tdp, key: bytes, origin: KeyOrigin) -> ResultsKey:
    row = db.session.get(ResultsKey, tdp.id)
    replaced = row is not None
    if row is None:
        row = ResultsKey(tdp_id=tdp.id)
        db.session.add(row)
    row.key, row.origin, row.created_at, row.created_by_id = key, origin, utcnow(), getattr(actor, "id", None)
    db.session.flush()
    # Never the key itself: the audit log is readable by more people than the key should be.
    record(actor, f"results.key_{origin.value}", "tdp", tdp.id, tdp_id=tdp.id,
           after={"origin": origin.value, "replaced": replaced})
    return row


def issue_key(actor, tdp: Tdp) -> str:
    """Cấp mã kết quả (ward side): a new random key for the TDP, replacing any earlier one, so packages
    signed with the old key are refused from now on. Returns the code to hand to the TDP's team."""
    key = new_key()
    _store(actor, tdp, key, KeyOrigin.ISSUED)
    return key_code(key, tdp.ward.name, tdp.number)


def pair(actor, tdp: Tdp, code: str) -> ResultsKey:
    """Ghép nối (laptop side): store the key the ward issued for this TDP, from its typed code.
    Raises ResultsError when the code is mistyped or belongs to another TDP or ward."""
    try:
        key = parse_code(code, tdp.ward.name, tdp.number)
    except CodeError as error:
        raise ResultsError("bad_code", error.message) from None
    return _store(actor, tdp, key, KeyOrigin.PAIRED)


def key_for(tdp_id: int) -> bytes | None:
    return db.session.scalar(select(ResultsKey.key).where(ResultsKey.tdp_id == tdp_id))


def code_for(tdp: Tdp) -> str | None:
    key = key_for(tdp.id)
    return key_code(key, tdp.ward.name, tdp.number) if key is not None else None


def key_origins(tdp_ids: list[int]) -> dict[int, KeyOrigin]:
    return dict(db.session.execute(select(ResultsKey.tdp_id, ResultsKey.origin)
                                   .where(ResultsKey.tdp_id.in_(tdp_ids))).all())
