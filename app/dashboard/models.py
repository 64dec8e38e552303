"""Counters the dashboard reads instead of counting a city's households and sign-ins on every view.

Database triggers (migration 0021_jobs) keep them in the same transaction as the change they count, whatever
writes it: the ORM, Core bulk inserts, the roll import's COPY, undoing a sign-in. Nothing in Python writes
them; tests/dashboard/test_counters.py checks them against a real count through sign-in, undo and moves."""

from __future__ import annotations

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class HouseholdCount(db.Model):
    """Active households per TDP (households.status = 'active')."""

    __tablename__ = "household_counts"

    tdp_id: Mapped[int] = mapped_column(ForeignKey("tdps.id", ondelete="CASCADE"), primary_key=True,
                                        autoincrement=False)
    active: Mapped[int] = mapped_column(default=0)


class PresentCount(db.Model):
    """Households signed in and not undone per round (attendances.undone_at IS NULL)."""

    __tablename__ = "present_counts"

    round_id: Mapped[int] = mapped_column(ForeignKey("election_rounds.id", ondelete="CASCADE"), primary_key=True,
                                          autoincrement=False)
    present: Mapped[int] = mapped_column(default=0)
