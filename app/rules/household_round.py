"""The household ballot round (nd-59-2023 Art. 4: lấy ý kiến hộ gia đình bằng phiếu) when the meeting fails
quorum: the decision deadline, the teams, each team's reconciliation, and a yes/no question's result.
Whatever the sources do not fix is an argument with a documented default, never a constant."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from .counts import require_at_most, require_count
from .dates import format_date
from .deadlines import add_working_days
from .errors import InvalidInput, RuleWarning
from .holidays import VN_HOLIDAYS
from .majority import share_of, threshold
from .rulesets import ThresholdBase
from .winners import ContestResult, NextStep, Outcome

#: Art. 4(7): the decision reaches the ward People's Committee and Front within 5 working days after the period.
DECISION_WORKING_DAYS = 5
#: Fewest election-team members in a collection team.
TEAM_MIN_MEMBERS = 2
#: The two choices of a yes/no question's ballot, as the ids its entries keep (never a person's id: persons
#: are numbered from 1). The voter keeps the one chosen and strikes the other; both kept or both struck is
#: an invalid ballot, exactly as too many or no names kept on an election's ballot.
QUESTION_YES, QUESTION_NO = -1, -2
QUESTION_CHOICES = ((QUESTION_YES, "Đồng ý"), (QUESTION_NO, "Không đồng ý"))
#: Longest collection period accepted, in calendar days (a setting; "confirm with the ward").
DEFAULT_MAX_PERIOD_DAYS = 15


def decision_deadline(period_end: date, holidays: Collection[date] = VN_HOLIDAYS,
                      working_days: int = DECISION_WORKING_DAYS) -> date:
    """The last day for the decision to reach the ward: `working_days` working days after the period ends."""
    return add_working_days(period_end, working_days, holidays)


def check_period(start: date, end: date, max_days: int = DEFAULT_MAX_PERIOD_DAYS) -> None:
    """A collection period ends on or after its start and lasts at most `max_days` days; else InvalidInput."""
    if end < start:
        raise InvalidInput(f"Ngày kết thúc thu phiếu ({format_date(end)}) trước ngày bắt đầu ({format_date(start)}).",
                           code="household.period_reversed", params={"start": start, "end": end})
    days = (end - start).days + 1
    if days > max_days:
        raise InvalidInput(f"Thời gian thu phiếu {days} ngày, dài hơn mức cho phép {max_days} ngày.",
                           code="household.period_too_long", params={"days": days, "max_days": max_days})


def check_team(members: Collection[int], candidates: Collection[int], team_label: str) -> None:
    """A collection team has at least two election-team members and no candidate; else InvalidInput."""
    if len(set(members)) < TEAM_MIN_MEMBERS:
        raise InvalidInput(f"{team_label} phải có ít nhất {TEAM_MIN_MEMBERS} thành viên tổ bầu cử.",
                           code="household.team_too_small", params={"members": len(set(members))})
    clash = sorted(set(members) & set(candidates))
    if clash:
        raise InvalidInput(f"{team_label}: người ứng cử không được đi thu phiếu.", code="household.team_candidate",
                           params={"persons": clash})


def split_households(households: Sequence[int], teams: int) -> list[list[int]]:
    """Households in roll order split into `teams` blocks as even as possible (the first blocks one larger)."""
    require_count(teams, "teams", "số tổ thu phiếu", minimum=1)
    size, extra = divmod(len(households), teams)
    out, at = [], 0
    for i in range(teams):
        n = size + (1 if i < extra else 0)
        out.append(list(households[at:at + n]))
        at += n
    return out


@dataclass(frozen=True)
class TeamReturn:
    """Closing figures of one collection team (đối chiếu phiếu của tổ thu phiếu)."""

    received: int  #: ballots the team took, in counted stacks
    delivered: int  #: handed to households
    returned: int  #: back in the sealed box
    unused: int
    spoiled: int


def reconcile_team(figures: TeamReturn, households: int, label: str) -> tuple[RuleWarning, ...]:
    """received = delivered + unused + spoiled; returned ≤ delivered ≤ households covered. Raises
    InvalidInput for a negative figure; returns the rules that do not hold, each naming the team."""
    for name in ("received", "delivered", "returned", "unused", "spoiled"):
        require_count(getattr(figures, name), name, name)
    found = []
    if figures.received != figures.delivered + figures.unused + figures.spoiled:
        found.append(RuleWarning("household.team_unbalanced",
                                 f"{label}: nhận {figures.received} phiếu nhưng phát {figures.delivered} + còn "
                                 f"{figures.unused} + hỏng {figures.spoiled} = "
                                 f"{figures.delivered + figures.unused + figures.spoiled}.",
                                 {"received": figures.received}))
    if figures.returned > figures.delivered:
        found.append(RuleWarning("household.team_returned_exceeds",
                                 f"{label}: thu về {figures.returned} phiếu, nhiều hơn số đã phát {figures.delivered}.",
                                 {"returned": figures.returned, "delivered": figures.delivered}))
    if figures.delivered > households:
        found.append(RuleWarning("household.team_delivered_exceeds",
                                 f"{label}: phát {figures.delivered} phiếu cho {households} hộ được giao.",
                                 {"delivered": figures.delivered, "households": households}))
    return tuple(found)


@dataclass(frozen=True)
class QuestionResult:
    """A yes/no question put to the households: approved only with more than half of ALL households."""

    households: int
    returned: int
    yes: int
    no: int
    invalid: int
    needed: int
    approved: bool
    yes_share: Fraction  #: yes / all households, exact


def decide_question(households: int, yes: int, no: int, invalid: int) -> QuestionResult:
    """Approved when yes ≥ the smallest count above half of all households on the roll (not of ballots
    returned). Raises InvalidInput when the ballots add up to more than the households."""
    require_count(households, "households", "số hộ gia đình", minimum=1)
    for value, label in ((yes, "số phiếu đồng ý"), (no, "số phiếu không đồng ý"), (invalid, "số phiếu không hợp lệ")):
        require_count(value, "votes", label)
    returned = yes + no + invalid
    require_at_most(returned, "returned", "số phiếu thu về", households, "households", "số hộ gia đình")
    needed = threshold(households, Fraction(1, 2))
    return QuestionResult(households, returned, yes, no, invalid, needed, yes >= needed, share_of(yes, households))


def question_contest_result(households: int, yes: int, no: int, invalid: int) -> ContestResult:
    """The count of a yes/no question's ballots as a contest result the count locks and the minutes print:
    "elected" holds the yes choice when approved (more than half of ALL households agree), nothing
    otherwise; never a re-run, since a question not approved is simply not approved. Raises InvalidInput
    as decide_question does."""
    q = decide_question(households, yes, no, invalid)
    votes = {str(QUESTION_YES): yes, str(QUESTION_NO): no}
    return ContestResult(
        seats=1, base_kind=ThresholdBase.ELECTORATE, base=households, threshold=q.needed, votes=votes,
        shares={k: share_of(v, households) for k, v in votes.items()},
        elected=(str(QUESTION_YES),) if q.approved else (), tied=(), by_lot=(),
        outcome=Outcome.ELECTED if q.approved else Outcome.NO_WINNER, rerun_deadline=None, next_step=NextStep.NONE)
