"""Working days, preparation deadlines before the vote and re-run deadlines after it."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from .dates import format_date
from .errors import RuleWarning
from .holidays import VN_HOLIDAYS, DaysOff
from .rulesets import RuleSet

_DAY = timedelta(days=1)

#: What is posted publicly before the vote, by its PrepDays / PrepDeadlines field.
_NOTICE_LABELS = {
    "candidate_list": "Danh sách người ứng cử",
    "public_notice": "Thông báo công khai về cuộc bầu cử",
}


@dataclass(frozen=True)
class PrepDeadlines:
    """The last day for each preparation step, counted back in calendar days from the vote."""

    plan: date
    candidate_list: date
    election_team: date
    public_notice: date


def is_working_day(day: date, holidays: Collection[date] = VN_HOLIDAYS) -> bool:
    """Monday to Friday and not a day off, or a weekend day worked in exchange for a day off (hoán đổi).

    `holidays` is the set of days off; a DaysOff (such as VN_HOLIDAYS) also carries the
    worked weekend days, a plain set of dates has none.
    """
    if day in holidays:
        return False
    if day.weekday() < 5:
        return True
    return isinstance(holidays, DaysOff) and day in holidays.working_weekend_days


def add_working_days(day: date, n: int, holidays: Collection[date] = VN_HOLIDAYS) -> date:
    """The n-th working day after `day`, or before it when n is negative.

    `day` itself is never counted, so it may be a holiday; n == 0 returns `day`.
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"n must be an int, not {type(n).__name__}")
    step = _DAY if n > 0 else -_DAY
    for _ in range(abs(n)):
        day += step
        while not is_working_day(day, holidays):
            day += step
    return day


def working_days_between(start: date, end: date, holidays: Collection[date] = VN_HOLIDAYS) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier.

    The inverse of add_working_days: for a working day `end`,
    add_working_days(start, working_days_between(start, end)) == end.
    """
    if end < start:
        return -sum(1 for day in _days(end, start) if is_working_day(day, holidays))
    return sum(1 for day in _days(start + _DAY, end + _DAY) if is_working_day(day, holidays))


def preparation_deadlines(vote_date: date, rule_set: RuleSet) -> PrepDeadlines:
    """Plan, candidate list, election team and public notice deadlines (20, 15, 10, 7 days before)."""
    days = rule_set.prep_days
    return PrepDeadlines(
        plan=vote_date - timedelta(days=days.plan),
        candidate_list=vote_date - timedelta(days=days.candidate_list),
        election_team=vote_date - timedelta(days=days.election_team),
        public_notice=vote_date - timedelta(days=days.public_notice),
    )


def rerun_deadline(vote_date: date, rule_set: RuleSet, holidays: Collection[date] = VN_HOLIDAYS) -> date:
    """The last day to re-run (or for the ward to decide) after a vote that filled no seat.

    15 calendar days under the 2008 and 2018 rule sets, 5 working days under nd-59-2023.
    """
    if rule_set.rerun_in_working_days:
        return add_working_days(vote_date, rule_set.rerun_within_days, holidays)
    return vote_date + timedelta(days=rule_set.rerun_within_days)


def check_notice_periods(
    vote_date: date,
    list_posted: date | None,
    notice_posted: date | None,
    rule_set: RuleSet,
    *,
    as_of: date | None = None,
) -> tuple[RuleWarning, ...]:
    """Warnings for a candidate list or public notice posted after its deadline.

    A date of None means "not posted yet": it is only late once `as_of` (the
    caller's today) is past the deadline; without `as_of` nothing is said.
    """
    deadlines = preparation_deadlines(vote_date, rule_set)
    warnings = []
    for step, posted in (("candidate_list", list_posted), ("public_notice", notice_posted)):
        deadline, days_before = getattr(deadlines, step), getattr(rule_set.prep_days, step)
        label = _NOTICE_LABELS[step]
        rule = f"hạn {format_date(deadline)}, tức {days_before} ngày trước ngày bầu cử {format_date(vote_date)}"
        params = {"step": step, "posted": posted, "deadline": deadline, "vote_date": vote_date}
        if posted is not None and posted > deadline:
            warnings.append(RuleWarning(
                code=f"notice.{step}_late",
                message=f"{label} được niêm yết ngày {format_date(posted)}, muộn hơn {rule}.",
                params=params,
            ))
        elif posted is None and as_of is not None and as_of > deadline:
            warnings.append(RuleWarning(
                code=f"notice.{step}_missing",
                message=f"{label} chưa được niêm yết mà đã quá {rule}.",
                params=params,
            ))
    return tuple(warnings)


def _days(first: date, stop: date) -> Iterator[date]:
    """Days from `first` up to, not including, `stop`."""
    for offset in range((stop - first).days):
        yield first + timedelta(days=offset)
