"""Keeping the steering committee: members, subcommittees, the TDPs each member follows, linked logins."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select

from app.audit.services import record
from app.auth.models import User
from app.committee.models import CommitteeMember, Subcommittee
from app.core.domain import DomainError
from app.extensions import db
from app.rules import normalize_name
from app.wards.models import Tdp

_PHONE = re.compile(r"\+?[0-9]{8,15}")


class CommitteeError(DomainError):
    """A committee change refused for a reason the user can fix; `field` names the form field."""


@dataclass(frozen=True)
class MemberInput:
    full_name: str
    title: str = ""
    phone: str = ""
    subcommittee_ids: list[int] = field(default_factory=list)
    tdp_ids: list[int] = field(default_factory=list)
    user_id: int | None = None


def save_member(actor, ward_id: int, data: MemberInput, member: CommitteeMember | None = None) -> CommitteeMember:
    """Create a member (or change `member`) of the ward's committee with its subcommittees, TDPs and login.

    Raises CommitteeError for an empty name, a phone number that is not 8–15 digits, a subcommittee, TDP
    or login of another ward, or a login already linked to another member. Flushes and audits."""
    name = normalize_name(data.full_name)
    if not name:
        raise CommitteeError("Hãy nhập họ và tên.", "full_name")
    phone = re.sub(r"[\s.()-]", "", data.phone or "")
    if phone and not _PHONE.fullmatch(phone):
        raise CommitteeError("Số điện thoại phải có từ 8 đến 15 chữ số.", "phone")
    subs = _of_ward(Subcommittee, data.subcommittee_ids, ward_id, "subcommittees", "Tiểu ban")
    tdps = _of_ward(Tdp, data.tdp_ids, ward_id, "tdps", "Tổ dân phố")
    user = None
    if data.user_id:
        user = db.session.get(User, data.user_id)
        if user is None or user.ward_id != ward_id:
            raise CommitteeError("Không có tài khoản này trong phường.", "user")
        holder = db.session.scalar(select(CommitteeMember).where(CommitteeMember.user_id == user.id))
        if holder is not None and holder is not member:
            raise CommitteeError(f"Tài khoản {user.username} đã gắn với thành viên {holder.full_name}.", "user")
    before = _snapshot(member) if member is not None else None
    if member is None:
        member = CommitteeMember(ward_id=ward_id)
        db.session.add(member)
    member.full_name, member.title, member.phone = name, data.title.strip(), phone
    member.subcommittees, member.tdps, member.user = subs, sorted(tdps, key=lambda t: t.number), user
    db.session.flush()
    record(actor, "committee.member.update" if before else "committee.member.add", "committee_member", member.id,
           before=before, after=_snapshot(member))
    return member


def delete_member(actor, member: CommitteeMember) -> None:
    """Remove a member; the TDPs and the login stay. Flushes and audits."""
    snapshot, member_id = _snapshot(member), member.id
    db.session.delete(member)
    db.session.flush()
    record(actor, "committee.member.delete", "committee_member", member_id, before=snapshot)


def add_subcommittee(actor, ward_id: int, name: str, duty: str = "") -> Subcommittee:
    """Create a subcommittee (tiểu ban). Raises CommitteeError for an empty or taken name. Flushes and audits."""
    name = " ".join(name.split())
    if not name:
        raise CommitteeError("Hãy nhập tên tiểu ban.", "name")
    taken = db.session.scalar(select(Subcommittee.id).where(Subcommittee.ward_id == ward_id, Subcommittee.name == name))
    if taken is not None:
        raise CommitteeError(f"Đã có tiểu ban “{name}”.", "name")
    sub = Subcommittee(ward_id=ward_id, name=name, duty=duty.strip())
    db.session.add(sub)
    db.session.flush()
    record(actor, "committee.subcommittee.add", "subcommittee", sub.id, after={"name": name, "duty": sub.duty})
    return sub


def delete_subcommittee(actor, sub: Subcommittee) -> None:
    """Remove a subcommittee; its members stay in the committee. Flushes and audits."""
    snapshot = {"name": sub.name, "members": [m.full_name for m in sub.members]}
    sub_id = sub.id
    db.session.delete(sub)
    db.session.flush()
    record(actor, "committee.subcommittee.delete", "subcommittee", sub_id, before=snapshot)


def _of_ward(model, ids: list[int], ward_id: int, field_name: str, label: str) -> list:
    wanted = set(ids or [])
    if not wanted:
        return []
    rows = list(db.session.scalars(select(model).where(model.id.in_(wanted), model.ward_id == ward_id)))
    if len(rows) != len(wanted):
        raise CommitteeError(f"{label} không thuộc phường này.", field_name)
    return rows


def _snapshot(member: CommitteeMember) -> dict:
    return {"name": member.full_name, "title": member.title, "phone": member.phone,
            "subcommittees": sorted(s.name for s in member.subcommittees),
            "tdps": sorted(t.number for t in member.tdps), "user": member.user.username if member.user else None}
