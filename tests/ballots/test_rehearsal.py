"""The rehearsal deck: unambiguous marks, the tally they must give, and the printed sheet."""

import pytest

from ballots.rehearsal import (
    ExpectedTally,
    MarkKind,
    Outcome,
    expected_tally,
    plan_rehearsal,
    render_rehearsal_sheet,
)
from ballots.spec import Candidate

from .builders import make_pages, make_spec, one_line, page_texts


def test_two_candidates_for_one_seat_give_the_standard_deck():
    plan = plan_rehearsal([7, 9], seats=1)

    assert [(m.kind, m.kept, m.outcome) for m in plan] == [
        (MarkKind.KEEP_ONE, (7,), Outcome.VALID),
        (MarkKind.KEEP_ONE, (9,), Outcome.VALID),
        (MarkKind.OVER_MARKED, (7, 9), Outcome.TOO_MANY_KEPT),
        (MarkKind.UNTOUCHED, (7, 9), Outcome.TOO_MANY_KEPT),
        (MarkKind.ALL_STRUCK, (), Outcome.ALL_STRUCK),
    ]
    assert expected_tally([7, 9], plan) == ExpectedTally(
        ballots=5, valid=2, invalid=3, too_many_kept=2, all_struck=1, against=0,
        votes=((7, 1), (9, 1)),
    )


def test_an_untouched_ballot_is_valid_when_there_are_no_more_candidates_than_seats():
    plan = plan_rehearsal([1, 2], seats=2)

    assert MarkKind.OVER_MARKED not in {m.kind for m in plan}
    untouched = next(m for m in plan if m.kind is MarkKind.UNTOUCHED)
    assert untouched.outcome is Outcome.VALID
    assert expected_tally([1, 2], plan).votes == ((1, 2), (2, 2))


def test_over_marking_keeps_exactly_one_name_more_than_the_seats():
    plan = plan_rehearsal([1, 2, 3, 4], seats=2)

    over = next(m for m in plan if m.kind is MarkKind.OVER_MARKED)
    assert over.kept_lines == (1, 2, 3) and over.outcome is Outcome.TOO_MANY_KEPT


@pytest.mark.parametrize(
    ("against", "outcome"), [(False, Outcome.ALL_STRUCK), (True, Outcome.AGAINST)]
)
def test_striking_a_single_candidate_follows_the_ward_setting(against, outcome):
    plan = plan_rehearsal([5], seats=1, single_struck_is_against=against)

    assert plan[-1].outcome is outcome
    tally = expected_tally([5], plan)
    assert tally.valid + tally.invalid == tally.ballots == 3
    assert tally.votes == ((5, 2),)


def test_every_candidate_is_kept_alone_exactly_once():
    ids = [11, 12, 13]
    plan = plan_rehearsal(ids, seats=1)

    assert [m.kept for m in plan if m.kind is MarkKind.KEEP_ONE] == [(11,), (12,), (13,)]


@pytest.mark.parametrize(("ids", "seats"), [([], 1), ([1, 1], 1), ([1, 2], 0)])
def test_a_plan_needs_distinct_candidates_and_a_seat(ids, seats):
    with pytest.raises(ValueError):
        plan_rehearsal(ids, seats)


def test_the_sheet_names_each_test_ballot_by_serial_and_states_the_expected_count():
    candidates = (Candidate("Ông", "Nguyễn Văn An"), Candidate("Bà", "Trần Thị Ngọc Bích"))
    spec = make_spec(test=True, candidates=candidates)
    plan = plan_rehearsal([7, 9], seats=1)
    pages = make_pages(len(plan), test=True)

    text = one_line(" ".join(page_texts(render_rehearsal_sheet(spec, pages, plan))))

    assert "HƯỚNG DẪN BẦU THỬ" in text and spec.title in text
    for page in pages:
        assert f"{page.serial[:4]}-{page.serial[4:8]}-{page.serial[8:]}" in text
    assert "Chỉ giữ lại 1. Ông Nguyễn Văn An" in text
    assert "Không gạch tên nào" in text and "Gạch ngang tất cả" in text
    assert "Không hợp lệ: giữ lại quá 1 người" in text
    assert "Số phiếu bầu cho 2. Bà Trần Thị Ngọc Bích 1" in text


def test_the_sheet_refuses_live_ballots_and_a_wrong_number_of_them():
    plan = plan_rehearsal([7, 9], seats=1)

    with pytest.raises(ValueError):
        render_rehearsal_sheet(make_spec(), make_pages(len(plan)), plan)
    with pytest.raises(ValueError):
        render_rehearsal_sheet(make_spec(test=True), make_pages(2, test=True), plan)
