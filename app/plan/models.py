"""Plan, plan task and checklist tables."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import str_enum, utcnow
from app.elections.models import Election
from app.extensions import db
from app.plan.schedule import Body, Due, DueRule
from app.wards.models import Tdp


class ItemStatus(enum.StrEnum):
    OPEN = "open"  #: chưa xong
    DONE = "done"  #: đã xong
    NOT_APPLICABLE = "not_applicable"  #: không áp dụng


class Plan(db.Model):
    """Kế hoạch bầu cử: the ward's plan for one election, built from a template."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("wards.id", ondelete="CASCADE"), index=True)
    #: One plan per election: relative deadlines count from that election's vote days.
    election_id: Mapped[int] = mapped_column(ForeignKey("elections.id", ondelete="CASCADE"), unique=True)
    title: Mapped[str] = mapped_column(String(255))
    #: The id in app.plan.template.TEMPLATES it was built from.
    template_id: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    election: Mapped[Election] = relationship()
    tasks: Mapped[list[PlanTask]] = relationship(back_populates="plan", order_by="PlanTask.position",
                                                 cascade="all, delete-orphan")


class PlanTask(db.Model):
    """A task of the plan, for the ward as a whole or for every TDP (then one checklist row per TDP)."""

    __tablename__ = "plan_tasks"
    __table_args__ = (
        CheckConstraint("(due_rule = 'absolute') = (due_on IS NOT NULL)", name="due_on_iff_absolute"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    #: The template task it came from ("candidate_list"), or "" for a task added by hand.
    code: Mapped[str] = mapped_column(String(40), default="")
    title: Mapped[str] = mapped_column(String(255))
    details: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[Body] = mapped_column(str_enum(Body, "plan_body"))
    per_tdp: Mapped[bool] = mapped_column(default=False)
    due_rule: Mapped[DueRule] = mapped_column(str_enum(DueRule, "due_rule"))
    #: Calendar days added to the rule's day; negative is earlier.
    offset_days: Mapped[int] = mapped_column(default=0)
    #: The fixed day of an ABSOLUTE rule, else None.
    due_on: Mapped[date | None]

    plan: Mapped[Plan] = relationship(back_populates="tasks")
    items: Mapped[list[ChecklistItem]] = relationship(back_populates="task", cascade="all, delete-orphan",
                                                      passive_deletes=True)

    @property
    def due(self) -> Due:
        return Due(self.due_rule, self.offset_days, self.due_on)


class ChecklistItem(db.Model):
    """One row of the checklist: a task for one TDP (or for the ward when `tdp_id` is None)."""

    __tablename__ = "checklist_items"
    __table_args__ = (UniqueConstraint("task_id", "tdp_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("plan_tasks.id", ondelete="CASCADE"), index=True)
    tdp_id: Mapped[int | None] = mapped_column(ForeignKey("tdps.id", ondelete="CASCADE"), index=True)
    #: Computed from the task's rule and the TDP's vote day; None while the TDP has no vote day.
    due_date: Mapped[date | None] = mapped_column(index=True)
    status: Mapped[ItemStatus] = mapped_column(str_enum(ItemStatus, "item_status"), default=ItemStatus.OPEN)
    done_at: Mapped[datetime | None]
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    #: The stored file's random name under the instance folder; the user's file name is `attachment_name`.
    attachment_key: Mapped[str | None] = mapped_column(String(64))
    attachment_name: Mapped[str | None] = mapped_column(String(255))
    attachment_size: Mapped[int | None]
    attachment_type: Mapped[str | None] = mapped_column(String(120))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    task: Mapped[PlanTask] = relationship(back_populates="items")
    tdp: Mapped[Tdp | None] = relationship()
    done_by = relationship("User")
