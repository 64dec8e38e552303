"""Every parameter of every rule set, checked against DOMAIN.md's table."""

from dataclasses import FrozenInstanceError, fields
from datetime import date
from fractions import Fraction

import pytest

from app.rules import (
    RULE_SETS,
    DeputyMode,
    ElectorateKind,
    NoWinnerAction,
    PrepDays,
    QuorumFailure,
    RuleSet,
    ThresholdBase,
    UnknownRuleSet,
    VotingMethod,
    get_rule_set,
    rule_set_in_force,
)

IDS = ("nqlt-09-2008", "tt-14-2018", "nd-59-2023")
HALF = Fraction(1, 2)
BOTH_METHODS = frozenset(VotingMethod)
PREP = PrepDays(plan=20, candidate_list=15, election_team=10, public_notice=7)

#: field -> the expected value for (nqlt-09-2008, tt-14-2018, nd-59-2023).
EXPECTED = {
    "id": IDS,
    "title": ("Nghị quyết liên tịch 09/2008", "Thông tư 14/2018", "Nghị định 59/2023"),
    "reference": (
        "Nghị quyết liên tịch số 09/2008/NQLT-CP-UBTWMTTQVN ngày 17/4/2008",
        "Thông tư số 14/2018/TT-BNV ngày 03/12/2018 của Bộ Nội vụ",
        "Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ",
    ),
    "in_force_from": (date(2008, 4, 17), date(2019, 1, 20), date(2023, 8, 15)),
    "in_force_to": (date(2023, 8, 14), date(2023, 8, 14), None),
    "electorate_kinds": (
        frozenset(ElectorateKind),
        frozenset(ElectorateKind),
        frozenset({ElectorateKind.HOUSEHOLD_REPRESENTATIVES}),
    ),
    "quorum_share": (HALF, HALF, HALF),
    "quorum_failure": (QuorumFailure.POSTPONE, QuorumFailure.POSTPONE, QuorumFailure.BALLOTS_TO_HOUSEHOLDS),
    "leader_seats": (1, 1, 1),
    "min_candidates_per_seat": (1, 1, 1),
    "max_candidates_per_seat": (2, 2, None),
    "nominations_at_meeting": (False, False, True),
    "deputy_modes": (
        frozenset({DeputyMode.ELECTED, DeputyMode.APPOINTED}),
        frozenset({DeputyMode.APPOINTED}),
        frozenset({DeputyMode.APPOINTED}),
    ),
    "max_deputies": (2, 1, 1),
    "voting_methods": (BOTH_METHODS, BOTH_METHODS, BOTH_METHODS),
    "method_needs_approval": (False, False, True),
    "method_approval_share": (HALF, HALF, HALF),
    "winner_share": (HALF, HALF, HALF),
    "default_threshold_base": (ThresholdBase.ELECTORATE,) * 3,
    "threshold_bases": (
        frozenset({ThresholdBase.ELECTORATE}),
        frozenset({ThresholdBase.ELECTORATE}),
        frozenset(ThresholdBase),
    ),
    "no_winner": (NoWinnerAction.RERUN, NoWinnerAction.RERUN, NoWinnerAction.WARD_DECIDES),
    "rerun_within_days": (15, 15, 5),
    "rerun_in_working_days": (False, False, True),
    "temporary_leader_max_months": (None, 6, 6),
    "term_years": ((Fraction(5, 2),), (Fraction(5, 2), Fraction(5)), (Fraction(5, 2), Fraction(5))),
    "prep_days": (PREP, PREP, PREP),
}

CASES = [
    pytest.param(field, rule_set_id, value, id=f"{rule_set_id}-{field}")
    for field, values in EXPECTED.items()
    for rule_set_id, value in zip(IDS, values, strict=True)
]


@pytest.mark.parametrize(("field", "rule_set_id", "expected"), CASES)
def test_each_rule_set_parameter_matches_the_domain_table(field, rule_set_id, expected):
    assert getattr(get_rule_set(rule_set_id), field) == expected


def test_the_table_above_covers_every_rule_set_field():
    assert {f.name for f in fields(RuleSet)} == set(EXPECTED)


def test_the_registry_holds_exactly_the_three_rule_sets_under_their_own_ids():
    assert tuple(RULE_SETS) == IDS
    assert all(rule_set.id == rule_set_id for rule_set_id, rule_set in RULE_SETS.items())


@pytest.mark.parametrize("rule_set_id", IDS)
def test_shares_are_exact_fractions_never_floats(rule_set_id):
    rule_set = get_rule_set(rule_set_id)
    for share in (rule_set.quorum_share, rule_set.winner_share, rule_set.method_approval_share, *rule_set.term_years):
        assert type(share) is Fraction


@pytest.mark.parametrize("rule_set_id", IDS)
def test_the_default_threshold_base_is_one_the_rule_set_allows(rule_set_id):
    rule_set = get_rule_set(rule_set_id)
    assert rule_set.default_threshold_base in rule_set.threshold_bases


def test_rule_sets_cannot_be_changed_in_place():
    with pytest.raises(FrozenInstanceError):
        get_rule_set("tt-14-2018").rerun_within_days = 30  # type: ignore[misc]
    with pytest.raises(TypeError):
        RULE_SETS["x"] = RULE_SETS["tt-14-2018"]  # type: ignore[index]


def test_an_unknown_id_is_refused_with_the_known_ids_in_vietnamese():
    with pytest.raises(UnknownRuleSet) as caught:
        get_rule_set("nd-59-2024")
    assert caught.value.code == "ruleset.unknown"
    assert caught.value.params == {"id": "nd-59-2024", "known": list(IDS)}
    assert "Không có bộ quy tắc “nd-59-2024”" in caught.value.message
    assert all(rule_set_id in caught.value.message for rule_set_id in IDS)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2008, 4, 17), "nqlt-09-2008"),
        (date(2017, 10, 31), "nqlt-09-2008"),
        (date(2019, 1, 19), "nqlt-09-2008"),
        (date(2019, 1, 20), "tt-14-2018"),
        (date(2023, 8, 14), "tt-14-2018"),
        (date(2023, 8, 15), "nd-59-2023"),
        (date(2030, 1, 1), "nd-59-2023"),
    ],
)
def test_the_rule_set_in_force_is_the_newest_one_that_covers_the_day(on, expected):
    assert rule_set_in_force(on).id == expected


def test_no_rule_set_is_in_force_before_2008():
    with pytest.raises(UnknownRuleSet) as caught:
        rule_set_in_force(date(2008, 4, 16))
    assert caught.value.code == "ruleset.none_in_force"
    assert "16/04/2008" in caught.value.message


def test_a_rule_set_is_in_force_on_both_ends_of_its_period():
    rule_set = get_rule_set("tt-14-2018")
    assert rule_set.in_force_on(date(2019, 1, 20)) and rule_set.in_force_on(date(2023, 8, 14))
    assert not rule_set.in_force_on(date(2019, 1, 19)) and not rule_set.in_force_on(date(2023, 8, 15))
