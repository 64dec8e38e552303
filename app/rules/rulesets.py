"""The three rule sets (bộ quy tắc) an election can run under, as data."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction
from types import MappingProxyType

from .dates import format_date
from .errors import UnknownRuleSet

#: "More than half": every share in the law is a strict "more than".
MAJORITY = Fraction(1, 2)


class ElectorateKind(enum.StrEnum):
    """Who votes: every voter of the TDP, or one representative per household (hộ)."""

    ALL_VOTERS = "all_voters"
    HOUSEHOLD_REPRESENTATIVES = "household_representatives"


class VotingMethod(enum.StrEnum):
    """Biểu quyết giơ tay or bỏ phiếu kín; the meeting chooses."""

    SHOW_OF_HANDS = "show_of_hands"
    SECRET_BALLOT = "secret_ballot"


class DeputyMode(enum.StrEnum):
    """How tổ phó (deputies) come to office: elected at the meeting, or appointed by the leader."""

    ELECTED = "elected"
    APPOINTED = "appointed"


#: How messages name each deputy mode.
DEPUTY_MODE_LABELS: Mapping[DeputyMode, str] = MappingProxyType({
    DeputyMode.ELECTED: "bầu tại hội nghị",
    DeputyMode.APPOINTED: "do tổ trưởng chọn",
})


class ThresholdBase(enum.StrEnum):
    """What a winner needs more than half of: the whole electorate, those present, or valid ballots."""

    ELECTORATE = "electorate"
    PRESENT = "present"
    VALID = "valid"


#: How minutes and messages name each threshold base.
THRESHOLD_BASE_LABELS: Mapping[ThresholdBase, str] = MappingProxyType({
    ThresholdBase.ELECTORATE: "tổng số cử tri của tổ dân phố",
    ThresholdBase.PRESENT: "số cử tri có mặt",
    ThresholdBase.VALID: "số phiếu hợp lệ",
})


class NoWinnerAction(enum.StrEnum):
    """What follows an election that filled no seat: a re-run, or the ward decides."""

    RERUN = "rerun"
    WARD_DECIDES = "ward_decides"


class QuorumFailure(enum.StrEnum):
    """What follows a meeting without quorum: postpone it, or take ballots to each household."""

    POSTPONE = "postpone"
    BALLOTS_TO_HOUSEHOLDS = "ballots_to_households"


@dataclass(frozen=True, kw_only=True)
class PrepDays:
    """Calendar days before the vote by which each preparation step must be done."""

    plan: int = 20
    candidate_list: int = 15
    election_team: int = 10
    public_notice: int = 7


@dataclass(frozen=True, kw_only=True)
class RuleSet:
    """One legal basis for a TDP election; every number the rules depend on lives here.

    Shares are exact fractions and always mean "strictly more than".
    """

    id: str
    title: str
    #: The full citation of the legal text, for minutes and documents.
    reference: str
    in_force_from: date
    in_force_to: date | None
    electorate_kinds: frozenset[ElectorateKind]
    quorum_share: Fraction
    quorum_failure: QuorumFailure
    leader_seats: int
    min_candidates_per_seat: int
    max_candidates_per_seat: int | None
    #: Candidates may also be nominated at the meeting itself.
    nominations_at_meeting: bool
    deputy_modes: frozenset[DeputyMode]
    max_deputies: int
    voting_methods: frozenset[VotingMethod]
    #: The meeting must approve the voting method by more than `method_approval_share` of those present.
    method_needs_approval: bool
    method_approval_share: Fraction
    winner_share: Fraction
    default_threshold_base: ThresholdBase
    #: The bases an election under this rule set may choose; more than one means the law is unsettled.
    threshold_bases: frozenset[ThresholdBase]
    no_winner: NoWinnerAction
    rerun_within_days: int
    rerun_in_working_days: bool
    temporary_leader_max_months: int | None
    term_years: tuple[Fraction, ...]
    prep_days: PrepDays

    def in_force_on(self, day: date) -> bool:
        """True when `day` lies within the rule set's period of force (both ends included)."""
        return self.in_force_from <= day and (self.in_force_to is None or day <= self.in_force_to)


_BOTH_METHODS = frozenset(VotingMethod)
_EITHER_ELECTORATE = frozenset(ElectorateKind)

NQLT_09_2008 = RuleSet(
    id="nqlt-09-2008",
    title="Nghị quyết liên tịch 09/2008",
    reference="Nghị quyết liên tịch số 09/2008/NQLT-CP-UBTWMTTQVN ngày 17/4/2008",
    # Dated 17/4/2008; the exact day it took effect is not confirmed.
    in_force_from=date(2008, 4, 17),
    in_force_to=date(2023, 8, 14),
    electorate_kinds=_EITHER_ELECTORATE,
    quorum_share=MAJORITY,
    quorum_failure=QuorumFailure.POSTPONE,
    leader_seats=1,
    min_candidates_per_seat=1,
    max_candidates_per_seat=2,
    nominations_at_meeting=False,
    # The Hanoi 2017 practice is unknown, so both modes are allowed (elected: 0-2 deputies).
    deputy_modes=frozenset(DeputyMode),
    max_deputies=2,
    voting_methods=_BOTH_METHODS,
    method_needs_approval=False,
    method_approval_share=MAJORITY,
    winner_share=MAJORITY,
    default_threshold_base=ThresholdBase.ELECTORATE,
    threshold_bases=frozenset({ThresholdBase.ELECTORATE}),
    no_winner=NoWinnerAction.RERUN,
    rerun_within_days=15,
    rerun_in_working_days=False,
    temporary_leader_max_months=None,
    term_years=(Fraction(5, 2),),
    prep_days=PrepDays(),
)

# As in DOMAIN.md's table, each later rule set is written as what it changes from the one before: the
# fields left out are "same" in the table.
TT_14_2018 = replace(
    NQLT_09_2008,
    id="tt-14-2018",
    title="Thông tư 14/2018",
    reference="Thông tư số 14/2018/TT-BNV ngày 03/12/2018 của Bộ Nội vụ",
    in_force_from=date(2019, 1, 20),
    deputy_modes=frozenset({DeputyMode.APPOINTED}),
    max_deputies=1,
    temporary_leader_max_months=6,
    term_years=(Fraction(5, 2), Fraction(5)),
)

ND_59_2023 = replace(
    TT_14_2018,
    id="nd-59-2023",
    title="Nghị định 59/2023",
    reference="Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ",
    in_force_from=date(2023, 8, 15),
    in_force_to=None,
    electorate_kinds=frozenset({ElectorateKind.HOUSEHOLD_REPRESENTATIVES}),
    quorum_failure=QuorumFailure.BALLOTS_TO_HOUSEHOLDS,
    max_candidates_per_seat=None,
    nominations_at_meeting=True,
    method_needs_approval=True,
    # The base is not confirmed: the whole electorate by default, overridable per election.
    threshold_bases=frozenset(ThresholdBase),
    no_winner=NoWinnerAction.WARD_DECIDES,
    rerun_within_days=5,
    rerun_in_working_days=True,
)

#: Every rule set by id; the only place a new rule set needs adding.
RULE_SETS: Mapping[str, RuleSet] = MappingProxyType({rs.id: rs for rs in (NQLT_09_2008, TT_14_2018, ND_59_2023)})


def get_rule_set(rule_set_id: str) -> RuleSet:
    """The rule set with this id; raises UnknownRuleSet naming the known ids."""
    try:
        return RULE_SETS[rule_set_id]
    except KeyError:
        known = ", ".join(RULE_SETS)
        raise UnknownRuleSet(
            f"Không có bộ quy tắc “{rule_set_id}”. Các bộ quy tắc hiện có: {known}.",
            code="ruleset.unknown",
            params={"id": rule_set_id, "known": list(RULE_SETS)},
        ) from None


def rule_set_in_force(on: date) -> RuleSet:
    """The newest rule set in force on a day; raises UnknownRuleSet before the first one.

    Periods overlap (the 2008 resolution stayed formally in force after the 2018
    circular), so the one that took effect last wins.
    """
    in_force = [rs for rs in RULE_SETS.values() if rs.in_force_on(on)]
    if not in_force:
        first = min(RULE_SETS.values(), key=lambda rs: rs.in_force_from)
        raise UnknownRuleSet(
            f"Không có bộ quy tắc nào có hiệu lực vào ngày {format_date(on)}: "
            f"bộ quy tắc sớm nhất ({first.title}) có hiệu lực từ {format_date(first.in_force_from)}.",
            code="ruleset.none_in_force",
            params={"on": on, "earliest": first.in_force_from},
        )
    return max(in_force, key=lambda rs: rs.in_force_from)
