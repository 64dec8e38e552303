"""The vetting checklist as plain data: age on election day, what blocks an approval."""

from datetime import date

from app.candidates.checklist import DEFAULT_ITEMS, Finding, age_finding, age_on, blocking, describe

VOTE = date(2017, 10, 15)


def test_a_full_birth_date_gives_the_exact_age_on_election_day():
    assert age_on(date(1996, 10, 15), None, VOTE) == (21, 21)
    assert age_on(date(1996, 10, 16), None, VOTE) == (20, 20)


def test_someone_turning_21_on_election_day_meets_the_age_standard_and_a_day_later_does_not():
    assert age_finding(date(1996, 10, 15), None, VOTE)[0] == "met"
    result, note = age_finding(date(1996, 10, 16), None, VOTE)
    assert result == "not_met" and "20 tuổi vào ngày bầu cử 15/10/2017" in note and "Chưa đủ 21 tuổi" in note


def test_with_only_a_birth_year_the_borderline_year_stays_unknown():
    assert age_finding(None, 1995, VOTE)[0] == "met"  # 21 or 22
    result, note = age_finding(None, 1996, VOTE)  # 20 or 21
    assert result == "unknown" and "Sinh năm 1996: 20 hoặc 21 tuổi" in note
    assert age_finding(None, 1997, VOTE)[0] == "not_met"  # 19 or 20


def test_an_unknown_birth_is_unknown():
    assert age_finding(None, None, VOTE) == ("unknown", "Chưa rõ ngày, năm sinh.")


def test_the_default_checklist_has_the_five_standards_and_the_two_2017_ward_bars():
    keys = [d.key for d in DEFAULT_ITEMS]
    assert keys == ["residence", "age", "health", "conduct", "capacity", "incumbent", "family"]
    assert [d.kind for d in DEFAULT_ITEMS if d.key == "age"] == ["age"]
    assert all(d.mandatory for d in DEFAULT_ITEMS)


def _finding(label, result, mandatory=True, answered=True):
    return Finding(1, label, mandatory, result, "", False, answered)


def test_only_mandatory_items_not_shown_to_be_met_block_an_approval():
    findings = [_finding("Có sức khỏe", "not_met"), _finding("Năng lực", "met"),
                _finding("Tùy chọn", "not_met", mandatory=False), _finding("Thường trú", "unknown", answered=False)]
    blockers = blocking(findings)
    assert [f.label for f in blockers] == ["Có sức khỏe", "Thường trú"]
    assert describe(blockers) == "Có sức khỏe (không đạt), Thường trú (chưa đánh giá)"
