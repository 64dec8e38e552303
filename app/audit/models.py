"""Audit events and the chain heads that serialise appends: the ward's main chain and one chain per TDP."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import utcnow
from app.extensions import db

#: The chain of the ward's own actions (and of every event written before issue 15): head row id 1.
MAIN_CHAIN = 0


class AuditEvent(db.Model):
    """Who did what to which record, with the state before and after; each row hashes its predecessor."""

    __tablename__ = "audit_events"
    __table_args__ = (UniqueConstraint("chain", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Which chain the event belongs to: MAIN_CHAIN, or the TDP's id for the election-day actions that
    #: every TDP takes at once (ballots, sign-ins), so no TDP waits on another's append (issue 15).
    chain: Mapped[int] = mapped_column(default=MAIN_CHAIN, server_default="0")
    #: Position in its chain, 1, 2, 3 ... without gaps; unique per chain so a chain can never fork.
    seq: Mapped[int]
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: The username at the time, kept even if the user is later removed.
    actor: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(60), index=True)
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(40))
    tdp_id: Mapped[int | None] = mapped_column(index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    #: HMAC-SHA256 of `hash` under AUDIT_KEY (kept outside the database): without the key nobody can
    #: rewrite and re-hash the chain. NULL only for events written before the key existed (see verify_chain).
    mac: Mapped[str | None] = mapped_column(String(64))


class AuditHead(db.Model):
    """One row per chain holding its last position and hash; updating it locks that chain's appends in turn.
    The main chain's row has id 1 (the migrations insert it); a TDP's row is made at its first event, with
    id = chain + 1."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    chain: Mapped[int] = mapped_column(default=MAIN_CHAIN, server_default="0", unique=True)
    seq: Mapped[int] = mapped_column(default=0)
    last_hash: Mapped[str] = mapped_column(String(64))
    #: A TDP chain's seq as last written into the main chain by anchor_chains(); only saves re-anchoring
    #: chains that did not move (verification never trusts it).
    anchored_seq: Mapped[int] = mapped_column(default=0, server_default="0")
