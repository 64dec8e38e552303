"""Whether the meeting (hội nghị) may vote, and whether it approved the voting method."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .counts import require_at_most, require_count
from .majority import share_of, threshold
from .rulesets import QuorumFailure, RuleSet


@dataclass(frozen=True)
class Quorum:
    """The quorum check of one meeting; `needed` is the fewest present that make quorum."""

    electorate: int
    present: int
    reached: bool
    needed: int
    missing: int
    #: present / electorate, exact; rounded only for display.
    share: Fraction
    #: What the rule set says to do next; None when quorum is reached.
    on_failure: QuorumFailure | None


@dataclass(frozen=True)
class MethodApproval:
    """The meeting's vote on the voting method; `approved` is True when no vote is required."""

    required: bool
    approved: bool
    needed: int


def check_quorum(electorate: int, present: int, rule_set: RuleSet) -> Quorum:
    """Quorum is more than `rule_set.quorum_share` of the electorate present.

    Exactly half is not enough: electorate 360 needs 181. Raises InvalidInput
    for an empty electorate, a negative count, or more present than the electorate.
    """
    require_count(electorate, "electorate", "số cử tri", minimum=1)
    require_count(present, "present", "số cử tri có mặt")
    require_at_most(present, "present", "số cử tri có mặt", electorate, "electorate", "số cử tri")
    needed = threshold(electorate, rule_set.quorum_share)
    reached = present >= needed
    return Quorum(
        electorate=electorate,
        present=present,
        reached=reached,
        needed=needed,
        missing=max(0, needed - present),
        share=share_of(present, electorate),
        on_failure=None if reached else rule_set.quorum_failure,
    )


def check_method_approval(present: int, approvals: int, rule_set: RuleSet) -> MethodApproval:
    """Under rule sets that require it, the method needs more than half of those present.

    Elsewhere the meeting simply chooses, and the result is approved with
    `needed` 0. Raises InvalidInput for negative counts or more approvals than people present.
    """
    require_count(present, "present", "số cử tri có mặt")
    require_count(approvals, "approvals", "số người tán thành")
    require_at_most(approvals, "approvals", "số người tán thành", present, "present", "số cử tri có mặt")
    if not rule_set.method_needs_approval:
        return MethodApproval(required=False, approved=True, needed=0)
    needed = threshold(present, rule_set.method_approval_share)
    return MethodApproval(required=True, approved=approvals >= needed, needed=needed)
