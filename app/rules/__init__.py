"""The pure rule core: standard library only, frozen dataclasses in and out, no clock, no I/O."""

from .candidates import check_candidate_count
from .collation import collation_key, fold, name_sort_key, normalize_name
from .dates import format_date, parse_date
from .deadlines import (
    PrepDeadlines,
    add_working_days,
    check_notice_periods,
    is_working_day,
    preparation_deadlines,
    rerun_deadline,
    working_days_between,
)
from .errors import InvalidDate, InvalidInput, RuleError, RuleWarning, UnknownRuleSet
from .holidays import HOLIDAY_YEARS, VN_HOLIDAYS
from .household_round import (
    DECISION_WORKING_DAYS,
    QUESTION_CHOICES,
    QUESTION_NO,
    QUESTION_YES,
    QuestionResult,
    TeamReturn,
    check_period,
    check_team,
    decide_question,
    decision_deadline,
    question_contest_result,
    reconcile_team,
    split_households,
)
from .majority import share_of, threshold
from .quorum import MethodApproval, Quorum, check_method_approval, check_quorum
from .reconciliation import BallotAccount, reconcile
from .rulesets import (
    DEPUTY_MODE_LABELS,
    MAJORITY,
    RULE_SETS,
    THRESHOLD_BASE_LABELS,
    DeputyMode,
    ElectorateKind,
    NoWinnerAction,
    PrepDays,
    QuorumFailure,
    RuleSet,
    ThresholdBase,
    VotingMethod,
    get_rule_set,
    rule_set_in_force,
)
from .sampling import (
    DEFAULT_RISK_LIMIT,
    DEFAULT_STACK_SIZE,
    STACK_SIZE_RANGE,
    Lean,
    PaperPlace,
    PaperReading,
    SampleSize,
    check_seed,
    check_stack_size,
    draw,
    lean,
    miss_chance,
    place_of,
    reversal_margin,
    sample_size,
    ticket,
)
from .validity import (
    INVALID_REASON_LABELS,
    BallotMarks,
    BallotTally,
    BallotVerdict,
    InvalidReason,
    SingleStrike,
    check_ballot,
    reason_from_code,
    tally_ballots,
)
from .winners import ContestCount, ContestResult, NextStep, Outcome, decide, decide_deputies, deputy_mode

__all__ = [
    "DECISION_WORKING_DAYS", "QuestionResult", "TeamReturn", "check_period", "check_team", "decide_question",
    "decision_deadline", "question_contest_result", "QUESTION_CHOICES", "QUESTION_NO", "QUESTION_YES", "reconcile_team", "split_households",
    "DEFAULT_RISK_LIMIT", "DEFAULT_STACK_SIZE", "Lean", "PaperPlace", "PaperReading", "SampleSize",
    "check_seed", "check_stack_size", "STACK_SIZE_RANGE", "draw", "lean", "miss_chance", "place_of", "reversal_margin", "sample_size", "ticket",
    "DEPUTY_MODE_LABELS", "HOLIDAY_YEARS", "INVALID_REASON_LABELS", "MAJORITY", "RULE_SETS",
    "THRESHOLD_BASE_LABELS", "VN_HOLIDAYS",
    "BallotAccount", "BallotMarks", "BallotTally", "BallotVerdict", "ContestCount", "ContestResult",
    "DeputyMode", "ElectorateKind", "InvalidDate", "InvalidInput", "InvalidReason", "MethodApproval",
    "NextStep", "NoWinnerAction", "Outcome", "PrepDays", "PrepDeadlines", "Quorum", "QuorumFailure",
    "RuleError", "RuleSet", "RuleWarning", "SingleStrike", "ThresholdBase", "UnknownRuleSet", "VotingMethod",
    "add_working_days", "check_ballot", "check_candidate_count", "check_method_approval",
    "check_notice_periods", "check_quorum", "collation_key", "decide", "decide_deputies", "deputy_mode",
    "fold", "format_date", "get_rule_set", "is_working_day", "name_sort_key", "normalize_name", "parse_date",
    "preparation_deadlines", "reason_from_code", "reconcile", "rerun_deadline", "rule_set_in_force",
    "share_of", "tally_ballots", "threshold", "working_days_between",
]
