"""When each plan task falls due: a fixed day, or a day counted from the vote under the rule set.

Pure: no Flask, no database, no clock. Relative deadlines come from app.rules (20/15/10/7 days before
the vote; recognition within the rule set's limit after it).
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from app.rules import VN_HOLIDAYS, RuleSet, format_date, preparation_deadlines, rerun_deadline


class Body(enum.StrEnum):
    """The body responsible for a task (cơ quan, bộ phận phụ trách)."""

    PARTY_COMMITTEE = "party_committee"  #: Đảng ủy phường
    PEOPLES_COMMITTEE = "peoples_committee"  #: UBND phường
    FATHERLAND_FRONT = "fatherland_front"  #: UBMTTQ phường
    STEERING_COMMITTEE = "steering_committee"  #: Ban chỉ đạo bầu cử phường
    PARTY_CELL = "party_cell"  #: Chi bộ
    POLICE_MILITIA = "police_militia"  #: Công an, quân sự
    ACCOUNTING = "accounting"  #: Kế toán
    RADIO_CULTURE = "radio_culture"  #: Đài truyền thanh, ban văn hóa
    TDP = "tdp"  #: Tổ dân phố


class DueRule(enum.StrEnum):
    """What a task's deadline is counted from."""

    ABSOLUTE = "absolute"  #: a fixed day, e.g. 31/10/2017
    PLAN = "plan"  #: the rule set's plan deadline (20 days before the vote)
    CANDIDATE_LIST = "candidate_list"  #: 15 days before
    ELECTION_TEAM = "election_team"  #: 10 days before
    PUBLIC_NOTICE = "public_notice"  #: 7 days before
    VOTE_DAY = "vote_day"  #: the day of the vote
    RECOGNITION = "recognition"  #: the rule set's limit after the vote for recognition or re-run


#: Rules counted back from the vote by app.rules.preparation_deadlines.
PREPARATION_RULES = frozenset({DueRule.PLAN, DueRule.CANDIDATE_LIST, DueRule.ELECTION_TEAM, DueRule.PUBLIC_NOTICE})


@dataclass(frozen=True)
class Due:
    """A deadline rule: `on` for a fixed day, else `rule` plus `offset_days` (negative = earlier)."""

    rule: DueRule
    offset_days: int = 0
    on: date | None = None

    def __post_init__(self):
        if (self.rule is DueRule.ABSOLUTE) != (self.on is not None):
            raise ValueError("a fixed deadline needs a day, and only a fixed deadline has one")

    @property
    def after_vote(self) -> bool:
        return self.rule is DueRule.RECOGNITION or (self.rule is DueRule.VOTE_DAY and self.offset_days > 0)


def due_date(due: Due, vote_date: date | None, rule_set: RuleSet,
             holidays: Collection[date] = VN_HOLIDAYS) -> date | None:
    """The deadline for one vote; None for a relative rule when the vote has no date yet."""
    if due.rule is DueRule.ABSOLUTE:
        return due.on
    if vote_date is None:
        return None
    if due.rule in PREPARATION_RULES:
        base = getattr(preparation_deadlines(vote_date, rule_set), due.rule.value)
    elif due.rule is DueRule.VOTE_DAY:
        base = vote_date
    else:
        base = rerun_deadline(vote_date, rule_set, holidays)
    return base + timedelta(days=due.offset_days)


def ward_vote_date(due: Due, vote_dates: Iterable[date]) -> date | None:
    """The vote a ward-wide task is counted from: the first TDP's vote for work before it, the last
    TDP's for work after it (results, recognition)."""
    days = list(vote_dates)
    if not days:
        return None
    return max(days) if due.after_vote else min(days)


def describe(due: Due, rule_set: RuleSet) -> str:
    """The rule in words, as the checklist prints it: "15 ngày trước ngày bầu cử", "31/10/2017"."""
    if due.rule is DueRule.ABSOLUTE:
        return format_date(due.on)
    if due.rule is DueRule.RECOGNITION:
        unit = "ngày làm việc" if rule_set.rerun_in_working_days else "ngày"
        text = f"trong {rule_set.rerun_within_days} {unit} sau ngày bầu cử"
        return text + (f" ({'+' if due.offset_days > 0 else '−'}{abs(due.offset_days)} ngày)" if due.offset_days else "")
    before = getattr(rule_set.prep_days, due.rule.value) if due.rule in PREPARATION_RULES else 0
    days = before - due.offset_days
    if days > 0:
        return f"{days} ngày trước ngày bầu cử"
    return f"{-days} ngày sau ngày bầu cử" if days < 0 else "ngày bầu cử"
