"""Candidates (người ứng cử), their vetting checklist, the election team, and each contest's final list."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.core.db import str_enum, utcnow
from app.elections.models import Contest, ElectionRound
from app.extensions import db
from app.rolls.models import Person


class NominationSource(enum.StrEnum):
    FRONT_COMMITTEE = "front_committee"  #: Ban CTMT cùng chi bộ và tổ trưởng, tổ phó đương nhiệm giới thiệu
    INCUMBENT = "incumbent"  #: người đương nhiệm tái cử
    SELF_AT_MEETING = "self_at_meeting"  #: tự ứng cử tại hội nghị
    HOUSEHOLDS_AT_MEETING = "households_at_meeting"  #: cử tri đại diện hộ giới thiệu tại hội nghị

    @property
    def at_meeting(self) -> bool:
        return self in (NominationSource.SELF_AT_MEETING, NominationSource.HOUSEHOLDS_AT_MEETING)


class VettingDecision(enum.StrEnum):
    APPROVED = "approved"  #: chi bộ nhất trí
    REJECTED = "rejected"  #: chi bộ không nhất trí


class ItemResult(enum.StrEnum):
    MET = "met"  #: đạt
    NOT_MET = "not_met"  #: không đạt
    UNKNOWN = "unknown"  #: chưa rõ


class ItemKind(enum.StrEnum):
    MANUAL = "manual"  #: chi bộ đánh giá
    AGE = "age"  #: tính từ ngày sinh và ngày bầu cử, không nhập tay


class ConsultationOutcome(enum.StrEnum):
    KEPT = "kept"  #: giữ trong danh sách
    WITHDRAWN = "withdrawn"  #: rút khỏi danh sách


class TeamRole(enum.StrEnum):
    HEAD = "head"  #: tổ trưởng tổ bầu cử
    SECRETARY = "secretary"  #: thư ký
    MEMBER = "member"  #: thành viên


class Candidate(db.Model):
    """A person nominated for one contest, with the party cell's vetting and the residents' opinions."""

    __tablename__ = "candidates"
    __table_args__ = (
        # One standing nomination per person and round: nobody stands for leader and deputy at once.
        Index("uq_candidates_round_person_standing", "round_id", "person_id", unique=True,
              sqlite_where=text("withdrawn_at IS NULL"), postgresql_where=text("withdrawn_at IS NULL")),
        CheckConstraint("votes_for IS NULL OR votes_for >= 0", name="votes_for_non_negative"),
        CheckConstraint("votes_against IS NULL OR votes_against >= 0", name="votes_against_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    #: The contest's round, repeated so the database can refuse one person in two contests of a round.
    round_id: Mapped[int] = mapped_column(ForeignKey("election_rounds.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"), index=True)
    source: Mapped[NominationSource] = mapped_column(str_enum(NominationSource, "nomination_source"))
    #: Who proposed the person, in words ("Ông Lê Văn Bảo, hộ 050012, cùng 5 hộ").
    proposer: Mapped[str] = mapped_column(String(255), default="")
    #: Nơi cư trú as printed on the list.
    address: Mapped[str] = mapped_column(String(255), default="")
    nominated_at: Mapped[datetime] = mapped_column(default=utcnow)
    nominated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    decision: Mapped[VettingDecision | None] = mapped_column(str_enum(VettingDecision, "vetting_decision"))
    decision_reasons: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Set only when approved although a mandatory item was not met: who, when and why.
    override_reason: Mapped[str | None] = mapped_column(Text)
    override_at: Mapped[datetime | None]
    override_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    votes_for: Mapped[int | None]
    votes_against: Mapped[int | None]
    consultation_comments: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[ConsultationOutcome | None] = mapped_column(str_enum(ConsultationOutcome, "consultation_outcome"))
    consulted_at: Mapped[datetime | None]
    consulted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    withdrawn_at: Mapped[datetime | None]
    withdrawn_reason: Mapped[str | None] = mapped_column(String(500))
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    contest: Mapped[Contest] = relationship()
    person: Mapped[Person] = relationship(lazy="joined")
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    override_by: Mapped[User | None] = relationship(foreign_keys=[override_by_id])
    answers: Mapped[list[VettingAnswer]] = relationship(back_populates="candidate", cascade="all, delete-orphan")

    @property
    def standing(self) -> bool:
        """Still in the race: not withdrawn and not refused by the party cell."""
        return self.withdrawn_at is None and self.decision is not VettingDecision.REJECTED

    def __repr__(self) -> str:
        return f"<Candidate {self.id} contest={self.contest_id} person={self.person_id}>"


class VettingItem(db.Model):
    """One standard on an election's vetting checklist (tiêu chuẩn), set up by the ward admin."""

    __tablename__ = "vetting_items"
    __table_args__ = (UniqueConstraint("election_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("elections.id", ondelete="CASCADE"), index=True)
    #: Stable id of a default item ("age", "residence" ...) or "custom-N".
    key: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(255))
    kind: Mapped[ItemKind] = mapped_column(str_enum(ItemKind, "vetting_item_kind"), default=ItemKind.MANUAL)
    #: A candidate who does not meet a mandatory item needs a recorded override to be approved.
    mandatory: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)
    #: Removed items keep their past answers but are no longer asked.
    active: Mapped[bool] = mapped_column(default=True)


class VettingAnswer(db.Model):
    """The party cell's finding on one item for one candidate: met, not met or unknown, with a note."""

    __tablename__ = "vetting_answers"
    __table_args__ = (UniqueConstraint("candidate_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("vetting_items.id", ondelete="CASCADE"), index=True)
    result: Mapped[ItemResult] = mapped_column(str_enum(ItemResult, "item_result"), default=ItemResult.UNKNOWN)
    note: Mapped[str] = mapped_column(String(500), default="")
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    candidate: Mapped[Candidate] = relationship(back_populates="answers")
    item: Mapped[VettingItem] = relationship()


class ElectionTeamMember(db.Model):
    """A member of a round's tổ bầu cử; members may not stand as candidates in that round."""

    __tablename__ = "election_team_members"
    __table_args__ = (
        UniqueConstraint("round_id", "person_id"),
        Index("uq_election_team_members_one_head", "round_id", unique=True,
              sqlite_where=text("role = 'head'"), postgresql_where=text("role = 'head'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("election_rounds.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"), index=True)
    role: Mapped[TeamRole] = mapped_column(str_enum(TeamRole, "team_role"), default=TeamRole.MEMBER)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    round: Mapped[ElectionRound] = relationship()
    person: Mapped[Person] = relationship(lazy="joined")


class CandidateList(db.Model):
    """A contest's final list: when it was approved and posted, and whether printed ballots freeze it."""

    __tablename__ = "candidate_lists"

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), unique=True)
    #: Ngày niêm yết danh sách, as typed (the day it went up on the notice board).
    published_on: Mapped[date | None]
    #: Ngày niêm yết thông báo bầu cử, when known: checked against the 7-day notice period.
    notice_posted_on: Mapped[date | None]
    published_at: Mapped[datetime | None]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Set by the ballots module when it prints this contest's ballots; cleared when the run is voided.
    frozen_at: Mapped[datetime | None]
    frozen_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    contest: Mapped[Contest] = relationship()
