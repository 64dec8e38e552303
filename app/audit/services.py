"""Append to and verify the audit chain: each event hashes its predecessor (SHA-256) and carries an HMAC
of its hash under AUDIT_KEY, a key kept outside the database, so whoever holds only the database (a copy,
a backup, SQL access) cannot rewrite history and re-hash it unnoticed. `chain_head()` gives the short
anchor to print on paper or ship with a results package; `verify_chain(anchors=...)` checks against it."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

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


def event_mac(key: bytes, digest: str) -> str:
    """HMAC-SHA256 of an event's hash, domain-separated from the app's other MACs."""
    return hmac.new(key, b"bctdp-audit-v1|" + digest.encode("ascii"), hashlib.sha256).hexdigest()


def _audit_key() -> bytes:
    return current_app.config["AUDIT_KEY"]


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
                       after=after_j, prev_hash=prev_hash, hash=digest, mac=event_mac(_audit_key(), digest))
    session.add(event)
    session.execute(_SET_HEAD_HASH, {"digest": digest})
    session.flush()
    return event


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None  #: the seq of the first event that does not match
    problem: str | None  #: Vietnamese explanation
    #: Events written before the chain was keyed (no MAC); they are covered by the first keyed event.
    legacy: int = 0


@dataclass(frozen=True)
class Anchor:
    """A published chain position: event `seq` has a hash starting with `hash_prefix`."""

    seq: int
    hash_prefix: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash_prefix}"


#: Hex digits of the hash printed in an anchor: 64 bits, short enough to copy from paper.
ANCHOR_HEX = 16


@dataclass(frozen=True)
class ChainHead:
    seq: int
    hash: str

    @property
    def anchor(self) -> Anchor:
        return Anchor(self.seq, self.hash[:ANCHOR_HEX])


def chain_head(session: Session | None = None) -> ChainHead:
    """The chain's last position and hash, to print on the zero report and the minutes or to export with a
    results package (as `str(chain_head().anchor)`, e.g. "396:3f2a9c1e0b7d4e55")."""
    head = (session or db.session).get(AuditHead, 1)
    return ChainHead(head.seq, head.last_hash) if head is not None else ChainHead(0, GENESIS)


def parse_anchor(text: str) -> Anchor:
    """"SEQ:HEX" as printed by chain_head(); raises ValueError (message in Vietnamese) otherwise."""
    seq, sep, prefix = text.strip().partition(":")
    prefix = prefix.lower()
    if (not sep or not seq.isdigit() or not 8 <= len(prefix) <= 64
            or any(c not in "0123456789abcdef" for c in prefix)):
        raise ValueError(f"Mốc “{text}” không đúng dạng SỐ:MÃ (ví dụ 396:3f2a9c1e0b7d4e55).")
    return Anchor(int(seq), prefix)


def verify_chain(batch: int = 5000, *, session: Session | None = None, key: bytes | None = None,
                 anchors: tuple[Anchor, ...] = (), allow_unkeyed_tail: bool = False) -> ChainReport:
    """Walk the chain in order and name the first broken link.

    Checks every hash link, every MAC under `key` (default: this app's AUDIT_KEY), and each anchor. Events
    without a MAC are accepted only as a prefix written before the upgrade that introduced the key, and
    the last event must carry one (else stripping the MACs would pass): `flask audit seal` appends it.
    `session` lets restore check a backup file before it replaces anything.
    """
    sess = session or db.session
    key = key if key is not None else _audit_key()
    wanted = {a.seq: a for a in anchors}
    prev_hash, expected_seq, checked, legacy, keyed = GENESIS, 1, 0, 0, False
    while True:
        rows = sess.scalars(
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
            if ev.mac is None:
                if keyed:
                    return ChainReport(checked, ev.seq, f"Bản ghi số {ev.seq} bị xóa mã khóa (HMAC).")
                legacy += 1
            elif not hmac.compare_digest(ev.mac, event_mac(key, ev.hash)):
                return ChainReport(checked, ev.seq, f"Mã khóa (HMAC) của bản ghi số {ev.seq} không khớp: nhật ký "
                                                    "đã bị viết lại rồi tính lại mã băm, hoặc không phải của máy này.")
            else:
                keyed = True
            anchor = wanted.get(ev.seq)
            if anchor is not None and not ev.hash.startswith(anchor.hash_prefix):
                return ChainReport(checked, ev.seq, f"Bản ghi số {ev.seq} không khớp mốc đã công bố {anchor}.")
            prev_hash, expected_seq, checked = ev.hash, expected_seq + 1, checked + 1
    head = sess.get(AuditHead, 1)
    if head is not None and (head.seq != checked or head.last_hash != prev_hash):
        return ChainReport(checked, checked + 1, "Các bản ghi cuối của nhật ký đã bị xóa.", legacy)
    beyond = [seq for seq in wanted if seq > checked]
    if beyond:
        return ChainReport(checked, checked + 1, f"Nhật ký ngắn hơn mốc đã công bố {wanted[min(beyond)]}: "
                                                 "các bản ghi cuối đã bị xóa.", legacy)
    if checked and not keyed and not allow_unkeyed_tail:
        return ChainReport(checked, checked, f"Bản ghi cuối (số {checked}) chưa có mã khóa (HMAC). Nếu vừa nâng cấp "
                                             "phần mềm, chạy một lần: flask --app wsgi audit seal.", legacy)
    return ChainReport(checked, None, None, legacy)
