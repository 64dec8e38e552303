"""Append to and verify the audit chains: each event hashes its predecessor in its chain (SHA-256) and carries
an HMAC of its hash under AUDIT_KEY, a key kept outside the database, so whoever holds only the database (a
copy, a backup, SQL access) cannot rewrite history and re-hash it unnoticed.

The ward's actions form the main chain; the election-day actions every TDP takes at once (each ballot
entered, each household signing in) go to that TDP's own chain, so thirty TDPs counting at once do not
queue behind one head row (issue 15). `anchor_chains()` writes the head of every TDP chain into the main
chain, so the main chain's short anchor (`chain_head()`, printed on paper or shipped with a results
package) pins every chain; `verify_chain(anchors=...)` checks them all against it."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, insert, select, text, update
from sqlalchemy.orm import Session

from app.audit.models import MAIN_CHAIN, AuditEvent, AuditHead
from app.core.db import utcnow
from app.extensions import db

GENESIS = "0" * 64
#: Actions that go to the chain of their TDP (each TDP appends them at once on election day); every other
#: action goes to the main chain.
TDP_CHAIN_ACTIONS = frozenset({"tally.ballot", "tally.ballot_undo", "tally.ballot_void", "tally.bundle",
                               "tally.bundle_delete", "attendance.sign_in", "attendance.undo",
                               "count.images", "count.images.review"})

# Built once, in Core: every audited action runs them, and the ORM unit of work costed a fifth of a
# ballot's request (issue 15). Same hashes as before; the rows are the same.
_HEAD = AuditHead.__table__
_EVENTS = AuditEvent.__table__
_BUMP_HEAD = (update(_HEAD).where(_HEAD.c.chain == bindparam("head_chain")).values(seq=_HEAD.c.seq + 1)
              .returning(_HEAD.c.seq, _HEAD.c.last_hash))
_SET_HEAD_HASH = update(_HEAD).where(_HEAD.c.chain == bindparam("head_chain")).values(last_hash=bindparam("digest"))
_INSERT_EVENT = insert(_EVENTS)
_EVENT_COLUMNS = [c for c in _EVENTS.columns if c.name != "id"]
#: A head row's id is its chain + 1 (the main chain's is 1), never drawn from a sequence: the migrations
#: insert row 1 by hand, which a PostgreSQL sequence does not know about.
_NEW_HEAD = text("INSERT INTO audit_head (id, chain, seq, last_hash, anchored_seq) VALUES (:chain + 1, :chain, 0, "
                 ":genesis, 0) ON CONFLICT DO NOTHING")
#: PostgreSQL: the event and the head's new hash in one round trip (a data-modifying CTE).
_INSERT_EVENT_SET_HEAD = text(
    "WITH event AS (INSERT INTO audit_events (" + ", ".join(f'"{c.name}"' for c in _EVENT_COLUMNS) + ") VALUES ("
    + ", ".join(f":{c.name}" for c in _EVENT_COLUMNS) + ")) UPDATE audit_head SET last_hash = :hash WHERE chain = :chain"
).bindparams(*(bindparam(c.name, type_=c.type) for c in _EVENT_COLUMNS))


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


def chain_of(action: str, tdp_id: int | None) -> int:
    """The chain an event goes to: its TDP's for the actions in TDP_CHAIN_ACTIONS, else the main chain."""
    return tdp_id if tdp_id is not None and action in TDP_CHAIN_ACTIONS else MAIN_CHAIN


def _bump(session, chain: int) -> tuple[int, str]:
    bumped = session.execute(_BUMP_HEAD, {"head_chain": chain}).one_or_none()
    if bumped is None:
        if chain == MAIN_CHAIN:  # the initial migration inserts the main head row
            raise RuntimeError("audit_head row missing: run the migrations")
        session.execute(_NEW_HEAD, {"chain": chain, "genesis": GENESIS})  # a TDP's first event
        bumped = session.execute(_BUMP_HEAD, {"head_chain": chain}).one()
    return bumped[0], bumped[1]


@dataclass(frozen=True)
class Appended:
    """Where record() wrote an event: its chain, its position and its hash."""

    chain: int
    seq: int
    hash: str


def record(actor, action: str, obj_type: str, obj_id: Any, *, tdp_id: int | None = None,
           before: Mapping[str, Any] | None = None, after: Mapping[str, Any] | None = None) -> Appended:
    """Append one event to its chain (see chain_of) and flush; returns where it was written. (Not the event
    as an ORM object: building one cost as much as a statement, on SQLite while holding the writer's lock.)

    `actor` is a User or None (the system, e.g. a CLI import). Appends to one chain are serialised by
    updating its head row first: PostgreSQL locks the row and SQLite the database until the caller
    commits, so two concurrent appends can never claim the same position.
    """
    session = db.session
    session.flush()  # what the caller changed goes first, as it did when the event was an ORM object
    chain = chain_of(action, tdp_id)
    seq, prev_hash = _bump(session, chain)
    at = utcnow()
    before_j = _json_ready(before)
    after_j = _json_ready(after)
    actor_name = getattr(actor, "username", None) or "system"
    digest = event_hash(prev_hash, seq, at, actor_name, action, obj_type, str(obj_id), tdp_id, before_j, after_j)
    row = {"chain": chain, "seq": seq, "at": at, "user_id": getattr(actor, "id", None), "actor": actor_name,
           "action": action, "object_type": obj_type, "object_id": str(obj_id), "tdp_id": tdp_id,
           "before": before_j, "after": after_j, "prev_hash": prev_hash, "hash": digest,
           "mac": event_mac(_audit_key(), digest)}
    if session.get_bind().dialect.name == "postgresql":
        session.execute(_INSERT_EVENT_SET_HEAD, row)
    else:  # SQLite runs in-process: a round trip costs nothing, and it has no data-modifying CTE
        session.execute(_INSERT_EVENT, row)
        session.execute(_SET_HEAD_HASH, {"head_chain": chain, "digest": digest})
    return Appended(chain, seq, digest)


def anchor_chains(actor=None, *, tdp_id: int | None = None) -> Appended | None:
    """Write the head (seq and hash) of every TDP chain that moved since it was last anchored (or only the
    chain of `tdp_id`) into the main chain as "audit.anchor", so the main chain's anchor pins them; None
    when nothing moved. Flushes."""
    stmt = select(AuditHead).where(AuditHead.chain != MAIN_CHAIN, AuditHead.seq != AuditHead.anchored_seq)
    heads = db.session.scalars(stmt if tdp_id is None else stmt.where(AuditHead.chain == tdp_id)).all()
    if not heads:
        return None
    event = record(actor, "audit.anchor", "audit", len(heads),
                   after={"chains": {str(h.chain): [h.seq, h.last_hash] for h in heads}})
    for head in heads:
        head.anchored_seq = head.seq
    db.session.flush()
    return event


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None  #: the seq of the first event that does not match
    problem: str | None  #: Vietnamese explanation
    #: Events written before the chain was keyed (no MAC); they are covered by the first keyed event.
    legacy: int = 0
    #: TDP chains checked besides the main chain.
    chains: int = 0
    #: The chain of `broken_at`: MAIN_CHAIN or a TDP's id.
    chain: int = MAIN_CHAIN


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


_MAIN_HEAD = select(AuditHead).where(AuditHead.chain == MAIN_CHAIN)


def chain_head(session: Session | None = None) -> ChainHead:
    """The main chain's last position and hash, to print on the zero report and the minutes or to export with a
    results package (as `str(chain_head().anchor)`, e.g. "396:3f2a9c1e0b7d4e55"). Call anchor_chains() first
    for it to pin the TDP chains too."""
    head = (session or db.session).scalar(_MAIN_HEAD)
    return ChainHead(head.seq, head.last_hash) if head is not None else ChainHead(0, GENESIS)


def parse_anchor(text: str) -> Anchor:
    """"SEQ:HEX" as printed by chain_head(); raises ValueError (message in Vietnamese) otherwise."""
    seq, sep, prefix = text.strip().partition(":")
    prefix = prefix.lower()
    if (not sep or not seq.isdigit() or not 8 <= len(prefix) <= 64
            or any(c not in "0123456789abcdef" for c in prefix)):
        raise ValueError(f"Mốc “{text}” không đúng dạng SỐ:MÃ (ví dụ 396:3f2a9c1e0b7d4e55).")
    return Anchor(int(seq), prefix)


@dataclass
class _Walk:
    """What walking one chain found."""

    checked: int = 0
    prev_hash: str = GENESIS
    legacy: int = 0
    keyed: bool = False
    broken_at: int | None = None
    problem: str | None = None


def _walk(sess: Session, chain: int, key: bytes, batch: int, anchors: dict[int, str],
          pins: dict[tuple[int, int], str] | None, *, legacy_ok: bool) -> _Walk:
    """Check one chain link by link: hashes, MACs, the hash prefixes `anchors` ({seq: prefix}) require.
    Collects into `pins` the TDP chain heads its "audit.anchor" events record (main chain only)."""
    w = _Walk()
    expected_seq = 1
    while True:
        rows = sess.scalars(select(AuditEvent).where(AuditEvent.chain == chain, AuditEvent.seq >= expected_seq)
                            .order_by(AuditEvent.seq).limit(batch)).all()
        if not rows:
            return w
        for ev in rows:
            w.broken_at = ev.seq
            if ev.seq != expected_seq:
                w.problem = f"Thiếu hoặc thừa bản ghi: mong đợi số {expected_seq}, gặp {ev.seq}."
                return w
            if ev.prev_hash != w.prev_hash:
                w.problem = f"Bản ghi số {ev.seq} không nối với bản ghi trước đó."
                return w
            digest = event_hash(ev.prev_hash, ev.seq, ev.at, ev.actor, ev.action, ev.object_type, ev.object_id,
                                ev.tdp_id, ev.before, ev.after)
            if digest != ev.hash or (chain != MAIN_CHAIN and ev.tdp_id != chain):
                w.problem = f"Nội dung bản ghi số {ev.seq} đã bị sửa sau khi ghi."
                return w
            if ev.mac is None:
                if w.keyed or not legacy_ok:
                    w.problem = f"Bản ghi số {ev.seq} bị xóa mã khóa (HMAC)."
                    return w
                w.legacy += 1
            elif not hmac.compare_digest(ev.mac, event_mac(key, ev.hash)):
                w.problem = (f"Mã khóa (HMAC) của bản ghi số {ev.seq} không khớp: nhật ký đã bị viết lại rồi tính "
                             "lại mã băm, hoặc không phải của máy này.")
                return w
            else:
                w.keyed = True
            prefix = anchors.get(ev.seq)
            if prefix is not None and not ev.hash.startswith(prefix):
                w.problem = f"Bản ghi số {ev.seq} không khớp mốc đã công bố {Anchor(ev.seq, prefix)}."
                return w
            if pins is not None and ev.action == "audit.anchor":
                for other, (seq, pinned) in ((ev.after or {}).get("chains") or {}).items():
                    pins[(int(other), int(seq))] = pinned
            w.prev_hash, expected_seq, w.checked, w.broken_at = ev.hash, expected_seq + 1, w.checked + 1, None


def verify_chain(batch: int = 5000, *, session: Session | None = None, key: bytes | None = None,
                 anchors: tuple[Anchor, ...] = (), allow_unkeyed_tail: bool = False) -> ChainReport:
    """Walk every chain in order and name the first broken link.

    Checks every hash link, every MAC under `key` (default: this app's AUDIT_KEY), and each anchor of the
    main chain. Events without a MAC are accepted only as a prefix of the main chain written before the
    upgrade that introduced the key, and its last event must carry one (else stripping the MACs would pass):
    `flask audit seal` appends it. Then every TDP chain: links, MACs, its head row, and the heads the main
    chain's "audit.anchor" events pinned (so a published main-chain anchor catches a cut TDP chain too).
    `session` lets restore check a backup file before it replaces anything.
    """
    sess = session or db.session
    key = key if key is not None else _audit_key()
    wanted = {a.seq: a for a in anchors}
    pins: dict[tuple[int, int], str] = {}
    w = _walk(sess, MAIN_CHAIN, key, batch, {a.seq: a.hash_prefix for a in anchors}, pins, legacy_ok=True)
    checked, legacy = w.checked, w.legacy
    if w.problem:
        return ChainReport(checked, w.broken_at, w.problem, legacy)
    head = sess.scalar(_MAIN_HEAD)
    if head is not None and (head.seq != checked or head.last_hash != w.prev_hash):
        return ChainReport(checked, checked + 1, "Các bản ghi cuối của nhật ký đã bị xóa.", legacy)
    beyond = [seq for seq in wanted if seq > checked]
    if beyond:
        return ChainReport(checked, checked + 1, f"Nhật ký ngắn hơn mốc đã công bố {wanted[min(beyond)]}: "
                                                 "các bản ghi cuối đã bị xóa.", legacy)
    if checked and not w.keyed and not allow_unkeyed_tail:
        return ChainReport(checked, checked, f"Bản ghi cuối (số {checked}) chưa có mã khóa (HMAC). Nếu vừa nâng cấp "
                                             "phần mềm, chạy một lần: flask --app wsgi audit seal.", legacy)
    heads = {h.chain: h for h in sess.scalars(select(AuditHead).where(AuditHead.chain != MAIN_CHAIN))}
    chains = sorted(set(heads) | {c for c, _ in pins} | set(sess.scalars(
        select(AuditEvent.chain).where(AuditEvent.chain != MAIN_CHAIN).distinct())))
    total = checked
    for chain in chains:
        where = f"Chuỗi nhật ký của tổ dân phố (mã {chain}): "
        chain_pins = {seq: pinned for (c, seq), pinned in pins.items() if c == chain}
        t = _walk(sess, chain, key, batch, chain_pins, None, legacy_ok=False)
        total += t.checked
        if t.problem:
            if t.problem.startswith(f"Bản ghi số {t.broken_at} không khớp mốc"):
                t.problem = f"Bản ghi số {t.broken_at} không khớp mốc đã ghi trong chuỗi chính."
            return ChainReport(total, t.broken_at, where + t.problem, legacy, len(chains), chain)
        tdp_head = heads.get(chain)
        if tdp_head is None or tdp_head.seq != t.checked or tdp_head.last_hash != t.prev_hash:
            return ChainReport(total, t.checked + 1, where + "các bản ghi cuối đã bị xóa.", legacy, len(chains), chain)
        cut = [seq for seq in chain_pins if seq > t.checked]
        if cut:
            return ChainReport(total, t.checked + 1, where + f"ngắn hơn mốc đã ghi trong chuỗi chính (số {min(cut)}): "
                                                            "các bản ghi cuối đã bị xóa.", legacy, len(chains), chain)
    return ChainReport(total, None, None, legacy, len(chains))
