"""The counting board's set-up page picks people already entered (D37): the election team for the board,
the TDP's household representatives (not standing, not on the team) for the two witnesses."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from app.candidates.queries import candidate_names, team
from app.elections.models import Contest
from app.rolls.queries import sorted_households
from app.rules import get_rule_set


@dataclass(frozen=True)
class BoardChoices:
    head: str | None  #: the election team's head (tổ trưởng tổ bầu cử), if entered
    secretary: str | None
    members: list[str]
    team_names: list[str]  #: everyone on the team, head first
    witness_names: list[str]  #: representatives who may witness: not standing, not on the team


def board_choices(contest: Contest) -> BoardChoices:
    members = team(contest.round)
    names = [m.person.full_name for m in members]

    def first(role: str) -> str | None:
        return next((m.person.full_name for m in members if m.role.value == role), None)

    excluded = {n.casefold() for n in candidate_names(contest.round_id)} | {n.casefold() for n in names}
    witnesses = list(dict.fromkeys(r.representative for r in sorted_households(contest.round.tdp_id)
                                   if r.representative.casefold() not in excluded))
    return BoardChoices(first("head"), first("secretary"),
                        [m.person.full_name for m in members if m.role.value == "member"], names, witnesses)


def approvals_label(contest: Contest) -> str:
    """The approvals field names the election's own rule set: required under nd-59-2023, optional before."""
    rule_set = get_rule_set(contest.round.election.rule_set_id)
    if rule_set.method_needs_approval:
        return _("Số người có mặt tán thành hình thức này (bắt buộc theo %(law)s)", law=rule_set.title)
    return _("Số người có mặt tán thành hình thức này (không bắt buộc theo %(law)s; ghi nếu hội nghị đã biểu quyết)",
             law=rule_set.title)
