"""Counters the dashboard reads instead of counting a city's households and sign-ins on every view.

Database triggers (migration 0021_jobs) keep them in the same transaction as the change they count, whatever
writes it: the ORM, Core bulk inserts, the roll import's COPY, undoing a sign-in. Nothing in Python writes
them; tests/dashboard/test_counters.py checks them against a real count through sign-in, undo and moves.
TdpSummary is the exception: triggers mark it stale, Python computes its figures (app/dashboard/summaries.py)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, ForeignKey, String
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


class TdpSummary(db.Model):
    """A TDP's headline figures in one election, for the city and province dashboards (app/dashboard/city.py):
    what the ward dashboard's row logic (stages.tdp_row) gives for it, so a city the day after adds up one row
    per TDP instead of rebuilding 20,000 rows.

    Only TDPs that need that logic have one (a result locked or imported, a re-run round or reason, a
    recognition); the others are added up from the household and presence counters. Database triggers
    (migration 0027_dashcounters) create the row and raise `stamp` in the same transaction as any change to the
    facts it rests on (rounds, contests, counts, packages, re-run reasons, recognitions, presence counters),
    whatever writes it; the figures are those of `stamp` = `built` only. Whatever commits such a change
    refreshes the figures in the same transaction (app/dashboard/summaries.py); a row left stale (a bulk load,
    a concurrent writer) is rebuilt in memory by the dashboard, so the figures are never older than the facts."""

    __tablename__ = "tdp_summaries"

    election_id: Mapped[int] = mapped_column(ForeignKey("elections.id", ondelete="CASCADE"), primary_key=True,
                                             autoincrement=False)
    tdp_id: Mapped[int] = mapped_column(ForeignKey("tdps.id", ondelete="CASCADE"), primary_key=True,
                                        autoincrement=False, index=True)
    stamp: Mapped[int] = mapped_column(default=1)  #: raised by the triggers on every change to the TDP's facts
    built: Mapped[int | None]  #: the stamp the figures below were computed at; NULL: never (the figures too)
    result: Mapped[str | None] = mapped_column(String(20))  #: stages.ResultState
    leader_elected: Mapped[bool | None]
    present: Mapped[int | None]
    reruns: Mapped[int | None]
    rule_breach: Mapped[bool | None]
    recognised_on: Mapped[date | None]
    rerun_deadline: Mapped[date | None]
    round_number: Mapped[int | None]
    #: [[position, state, round number, deadline ISO or null], ...]: the seats of a TDP awaiting a re-run
    seats: Mapped[list | None] = mapped_column(JSON(none_as_null=True))
