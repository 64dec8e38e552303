"""The ballot paper trail adds up: printed, issued, returned, valid and invalid."""

from dataclasses import replace

import pytest

from app.rules import BallotAccount, InvalidInput, reconcile

BALANCED = BallotAccount(
    printed=400, issued=314, unused=80, spoiled=6, signed_in=314, returned=314, valid=308, invalid=6
)


def test_a_balanced_account_raises_no_problem():
    assert reconcile(BALANCED) == ()


@pytest.mark.parametrize(
    ("changes", "codes"),
    [
        ({"printed": 401}, ["reconcile.printed"]),
        ({"returned": 315, "valid": 309}, ["reconcile.returned_exceeds_issued"]),
        ({"issued": 315, "unused": 79}, ["reconcile.issued_exceeds_signed_in"]),
        ({"invalid": 5}, ["reconcile.returned"]),
        ({"printed": 1, "invalid": 0}, ["reconcile.printed", "reconcile.returned"]),
    ],
)
def test_every_broken_rule_is_reported(changes, codes):
    assert [problem.code for problem in reconcile(replace(BALANCED, **changes))] == codes


def test_problems_are_explained_with_the_numbers():
    (problem,) = reconcile(replace(BALANCED, invalid=5))
    assert problem.message == (
        "Số phiếu hợp lệ và không hợp lệ cộng lại (308 + 5 = 313) phải bằng số phiếu thu về (314)."
    )


def test_a_negative_count_is_bad_input():
    with pytest.raises(InvalidInput) as caught:
        replace(BALANCED, spoiled=-1)
    assert caught.value.message == "Số phiếu hỏng phải từ 0 trở lên (đang là -1)."
