"""Append to and verify the audit chain."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select, update

from app.audit.models import AuditEvent, AuditHead
from app.core.db import utcnow
from app.extensions import db

GENESIS = "0" * 64
#: Built once: every audited action runs them.
_BUMP_HEAD = (update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq + 1)
              .returning(AuditHead.seq, AuditHead.last_hash))
_SET_HEAD_HASH = update(AuditHead).where(AuditHead.id == 1).values(last_hash=bindparam("digest"))


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


_PLAIN = (str, int, float, bool, type(None))


def _json_ready(value: Any) -> Any:
    """What the JSON column will give back when read: plain values pass as they are (the hot path);
    anything else (dates, Decimals, enums, tuples) goes through JSON once."""
    if value is None:
        return None
    if isinstance(value, Mapping) and all(isinstance(k, str) for k in value) and all(
            isinstance(v, _PLAIN) or (isinstance(v, list) and all(isinstance(i, _PLAIN) for i in v))
            for v in value.values()):
        return dict(value)
    return json.loads(_canonical(value))


def event_hash(prev_hash: str, seq: int, at: datetime, actor: str, action: str, object_type: str,
               object_id: str, tdp_id: int | None, before: Any, after: Any) -> str:
    """SHA-256 over the previous hash and a canonical form of the event."""
    body = _canonical([prev_hash, seq, at.isoformat(timespec="microseconds"), actor, action, object_type,
                       object_id, tdp_id, before, after])
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def record(actor, action: str, obj_type: str, obj_id: Any, *, tdp_id: int | None = None,
           before: Mapping[str, Any] | None = None, after: Mapping[str, Any] | None = None) -> AuditEvent:
    """Append one event to the chain and flush.

    `actor` is a User or None (the system, e.g. a CLI import). Appends are serialised by updating the
    chain head first: PostgreSQL locks the row and SQLite the database until the caller commits, so
    two concurrent appends can never claim the same position.
    """
    session = db.session
    bumped = session.execute(_BUMP_HEAD).one_or_none()
    if bumped is None:  # the initial migration inserts the head row
        raise RuntimeError("audit_head row missing: run the migrations")
    seq, prev_hash = bumped
    at = utcnow()
    before_j = _json_ready(before)
    after_j = _json_ready(after)
    actor_name = getattr(actor, "username", None) or "system"
    digest = event_hash(prev_hash, seq, at, actor_name, action, obj_type, str(obj_id), tdp_id, before_j, after_j)
    event = AuditEvent(seq=seq, at=at, user_id=getattr(actor, "id", None), actor=actor_name, action=action,
                       object_type=obj_type, object_id=str(obj_id), tdp_id=tdp_id, before=before_j,
                       after=after_j, prev_hash=prev_hash, hash=digest)
    session.add(event)
    session.execute(_SET_HEAD_HASH, {"digest": digest})
    session.flush()
    return event


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None  #: the seq of the first event that does not match
    problem: str | None  #: Vietnamese explanation


def verify_chain(batch: int = 5000) -> ChainReport:
    """Walk the chain in order and name the first broken link."""
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    while True:
        rows = db.session.scalars(
            select(AuditEvent).where(AuditEvent.seq >= expected_seq).order_by(AuditEvent.seq).limit(batch)
        ).all()
        if not rows:
            break
        for ev in rows:
            if ev.seq != expected_seq:
                return ChainReport(checked, ev.seq, f"Thiếu hoặc thừa bản ghi: mong đợi số {expected_seq}, gặp {ev.seq}.")
            if ev.prev_hash != prev_hash:
                return ChainReport(checked, ev.seq, f"Bản ghi số {ev.seq} không nối với bản ghi trước đó.")
            digest = event_hash(ev.prev_hash, ev.seq, ev.at, ev.actor, ev.action, ev.object_type, ev.object_id,
                                ev.tdp_id, ev.before, ev.after)
            if digest != ev.hash:
                return ChainReport(checked, ev.seq, f"Nội dung bản ghi số {ev.seq} đã bị sửa sau khi ghi.")
            prev_hash, expected_seq, checked = ev.hash, expected_seq + 1, checked + 1
    head = db.session.get(AuditHead, 1)
    if head is not None and (head.seq != checked or head.last_hash != prev_hash):
        return ChainReport(checked, checked + 1, "Các bản ghi cuối của nhật ký đã bị xóa.")
    return ChainReport(checked, None, None)
