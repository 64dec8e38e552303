"""Ballot validity: each reason, the order they are checked in, and the single-candidate setting."""

import unicodedata

import pytest

from app.rules import (
    INVALID_REASON_LABELS,
    BallotMarks,
    BallotVerdict,
    InvalidInput,
    InvalidReason,
    RuleError,
    SingleStrike,
    check_ballot,
    reason_from_code,
    tally_ballots,
)

CANDIDATES = ("an", "binh", "cuong")


def marks(*kept, **paper):
    return BallotMarks(kept=frozenset(kept), **paper)


def test_a_clean_ballot_counts_for_the_names_kept():
    assert check_ballot(marks("binh"), CANDIDATES, seats=1) == BallotVerdict(True, None, frozenset({"binh"}))


def test_keeping_as_many_names_as_seats_is_valid():
    assert check_ballot(marks("an", "cuong"), CANDIDATES, seats=2).kept == {"an", "cuong"}


@pytest.mark.parametrize(
    ("ballot", "reason"),
    [
        (marks("an", official_form=False), InvalidReason.NOT_OFFICIAL),
        (marks("an", stamped=False), InvalidReason.NO_STAMP),
        (marks("an", added_writing=True), InvalidReason.ADDED_WRITING),
        (marks("an", "binh"), InvalidReason.TOO_MANY_KEPT),
        (marks(), InvalidReason.ALL_STRUCK),
    ],
)
def test_each_invalid_reason_makes_a_ballot_count_for_nobody(ballot, reason):
    assert check_ballot(ballot, CANDIDATES, seats=1) == BallotVerdict(False, reason, frozenset())


@pytest.mark.parametrize(
    ("paper", "kept", "reason"),
    [
        ({"official_form": False, "stamped": False, "added_writing": True}, CANDIDATES, InvalidReason.NOT_OFFICIAL),
        ({"stamped": False, "added_writing": True}, CANDIDATES, InvalidReason.NO_STAMP),
        ({"added_writing": True}, CANDIDATES, InvalidReason.ADDED_WRITING),
        ({"added_writing": True}, (), InvalidReason.ADDED_WRITING),
        ({}, CANDIDATES, InvalidReason.TOO_MANY_KEPT),
    ],
)
def test_the_first_reason_in_the_official_order_is_the_one_recorded(paper, kept, reason):
    assert check_ballot(marks(*kept, **paper), CANDIDATES, seats=1).reason is reason


def test_the_reasons_are_declared_in_the_order_they_are_checked():
    assert list(InvalidReason) == [
        InvalidReason.NOT_OFFICIAL, InvalidReason.NO_STAMP, InvalidReason.ADDED_WRITING,
        InvalidReason.TOO_MANY_KEPT, InvalidReason.ALL_STRUCK,
    ]


def test_a_struck_single_candidate_is_an_invalid_ballot_by_default():
    verdict = check_ballot(marks(), ("an",), seats=1)
    assert (verdict.valid, verdict.reason) == (False, InvalidReason.ALL_STRUCK)


def test_a_struck_single_candidate_can_be_set_to_count_as_a_valid_vote_against():
    verdict = check_ballot(marks(), ("an",), seats=1, single_candidate_strike=SingleStrike.AGAINST)
    assert verdict == BallotVerdict(True, None, frozenset())


def test_the_against_setting_does_not_rescue_a_ballot_with_every_name_struck_among_several():
    verdict = check_ballot(marks(), CANDIDATES, seats=1, single_candidate_strike=SingleStrike.AGAINST)
    assert verdict.reason is InvalidReason.ALL_STRUCK


def test_the_against_setting_does_not_rescue_an_unstamped_ballot():
    verdict = check_ballot(marks(stamped=False), ("an",), seats=1, single_candidate_strike=SingleStrike.AGAINST)
    assert verdict.reason is InvalidReason.NO_STAMP


def test_a_kept_name_that_is_not_on_the_ballot_is_bad_input_not_an_invalid_ballot():
    with pytest.raises(InvalidInput) as caught:
        check_ballot(marks("dung"), CANDIDATES, seats=1)
    assert caught.value.code == "ballot.unknown_candidate"
    assert "dung" in caught.value.message


@pytest.mark.parametrize("candidates", [(), ("an", "an")])
def test_a_ballot_needs_a_list_of_distinct_candidates(candidates):
    with pytest.raises(InvalidInput) as caught:
        check_ballot(marks(), candidates, seats=1)
    assert caught.value.code == "ballot.bad_candidate_list"


def test_a_ballot_needs_at_least_one_seat():
    with pytest.raises(InvalidInput):
        check_ballot(marks("an"), CANDIDATES, seats=0)


def test_every_reason_has_its_label_for_the_minutes():
    assert set(INVALID_REASON_LABELS) == set(InvalidReason)
    assert INVALID_REASON_LABELS[InvalidReason.ALL_STRUCK] == "Phiếu gạch hết tên"
    assert INVALID_REASON_LABELS[InvalidReason.TOO_MANY_KEPT] == "Phiếu để số người nhiều hơn số lượng được bầu"
    assert INVALID_REASON_LABELS[InvalidReason.NO_STAMP] == "Phiếu không có dấu của Tổ bầu cử"
    assert INVALID_REASON_LABELS[InvalidReason.NOT_OFFICIAL] == "Phiếu không theo mẫu quy định"
    assert INVALID_REASON_LABELS[InvalidReason.ADDED_WRITING] == (
        "Phiếu ghi thêm tên người ngoài danh sách hoặc ghi thêm nội dung khác"
    )
    assert all(unicodedata.is_normalized("NFC", label) for label in INVALID_REASON_LABELS.values())


@pytest.mark.parametrize("reason", list(InvalidReason))
def test_a_stored_reason_code_reads_back_as_its_reason(reason):
    assert reason_from_code(reason.value) is reason


def test_an_unknown_reason_code_is_refused():
    with pytest.raises(RuleError) as caught:
        reason_from_code("torn")
    assert caught.value.code == "ballot.unknown_reason"
    assert "“torn”" in caught.value.message


def test_verdicts_add_up_to_valid_ballots_invalid_reasons_and_votes():
    verdicts = [
        check_ballot(marks("an"), CANDIDATES, seats=1),
        check_ballot(marks("an"), CANDIDATES, seats=1),
        check_ballot(marks("cuong"), CANDIDATES, seats=1),
        check_ballot(marks(), CANDIDATES, seats=1),
        check_ballot(marks("an", stamped=False), CANDIDATES, seats=1),
    ]
    tally = tally_ballots(verdicts, CANDIDATES)
    assert tally.valid == 3
    assert dict(tally.invalid) == {InvalidReason.ALL_STRUCK: 1, InvalidReason.NO_STAMP: 1}
    assert list(tally.votes.items()) == [("an", 2), ("binh", 0), ("cuong", 1)]
