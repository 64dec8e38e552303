"""The pure diff: keyed by TDP and household code; blank cells never erase; fingerprints before and after."""

from datetime import date

from app.rolls.fingerprint import RollEntry, roll_fingerprint
from app.rolls.importing.diff import Current, diff_roll
from app.rolls.importing.headers import Field
from app.rolls.importing.validate import RollRow

ALL = frozenset({Field.CODE, Field.NAME, Field.ADDRESS, Field.BIRTH_YEAR, Field.GENDER})


def _current(id_, code, name, *, status="active", address="Số 1", birth_date=None, birth_year=1960, gender="male"):
    return Current(id_, 5, code, status, address, None, 100 + id_, name, birth_date, birth_year, gender)


def _row(line, code, name, **kw):
    kw.setdefault("address", "Số 1")
    kw.setdefault("birth_year", 1960)
    kw.setdefault("gender", "male")
    return RollRow(line, 5, code, name, **kw)


def test_importing_the_roll_as_it_is_changes_nothing():
    current = [_current(1, "A", "Nguyễn Văn An"), _current(2, "B", "Lê Thị Hoa", gender="female")]
    rows = [_row(2, "A", "Nguyễn Văn An"), _row(3, "B", "Lê Thị Hoa", gender="female")]
    diff = diff_roll(rows, current, covered={5}, fields=ALL)
    assert diff.is_empty and diff.unchanged == 2
    before, after = diff.fingerprints[5]
    assert before == after


def test_one_added_one_new_representative_one_removed():
    current = [_current(1, "A", "Nguyễn Văn An"), _current(2, "B", "Lê Thị Hoa"), _current(3, "C", "Trần Văn Ba")]
    rows = [_row(2, "A", "Nguyễn Văn An"), _row(3, "B", "Phạm Văn Dũng", birth_year=1985), _row(4, "D", "Đỗ Thị Mai")]
    diff = diff_roll(rows, current, covered={5}, fields=ALL)
    assert [a.row.code for a in diff.additions] == ["D"]
    assert [(c.current.code, c.new_person, c.fields) for c in diff.changes] == [
        ("B", True, ("representative", "birth_year"))]
    assert [c.code for c in diff.removals] == ["C"]
    assert diff.fingerprints[5][1] == roll_fingerprint([
        RollEntry("A", "Số 1", None, "Nguyễn Văn An", None, 1960, "male"),
        RollEntry("B", "Số 1", None, "Phạm Văn Dũng", None, 1985, "male"),
        RollEntry("D", "Số 1", None, "Đỗ Thị Mai", None, 1960, "male")])


def test_a_name_corrected_in_letter_case_is_the_same_representative():
    diff = diff_roll([_row(2, "A", "Nguyễn Văn An")], [_current(1, "A", "nguyễn văn an")], covered={5}, fields=ALL)
    assert [(c.fields, c.new_person) for c in diff.changes] == [(("representative",), False)]


def test_blank_cells_keep_what_the_roll_knows_about_the_same_representative():
    current = [_current(1, "A", "Nguyễn Văn An", birth_date=date(1960, 3, 12), address="Số 9")]
    rows = [_row(2, "A", "Nguyễn Văn An", address=None, birth_year=None, gender=None)]
    diff = diff_roll(rows, current, covered={5}, fields=ALL)
    assert diff.is_empty


def test_a_year_that_agrees_with_the_known_birth_date_keeps_the_date():
    current = [_current(1, "A", "Nguyễn Văn An", birth_date=date(1960, 3, 12))]
    assert diff_roll([_row(2, "A", "Nguyễn Văn An")], current, covered={5}, fields=ALL).is_empty


def test_a_new_representative_does_not_inherit_the_previous_ones_birth_or_gender():
    current = [_current(1, "A", "Nguyễn Văn An", birth_date=date(1960, 3, 12))]
    rows = [_row(2, "A", "Lê Thị Hoa", birth_year=None, gender=None)]
    change = diff_roll(rows, current, covered={5}, fields=ALL).changes[0]
    assert change.new_person and (change.values.birth_date, change.values.birth_year, change.values.gender) == (
        None, None, None)


def test_a_removed_household_in_the_file_is_revived_not_added_twice():
    current = [_current(1, "A", "Nguyễn Văn An", status="removed")]
    diff = diff_roll([_row(2, "A", "Nguyễn Văn An")], current, covered={5}, fields=ALL)
    assert [(a.row.code, a.revived.id, a.new_person) for a in diff.additions] == [("A", 1, False)]
    assert diff.removals == ()


def test_the_digest_changes_with_the_plan_and_only_with_it():
    current = [_current(1, "A", "Nguyễn Văn An")]
    one = diff_roll([_row(2, "A", "Nguyễn Văn An", address="Số 2")], current, covered={5}, fields=ALL)
    same = diff_roll([_row(7, "A", "Nguyễn Văn An", address="Số 2")], current, covered={5}, fields=ALL)
    other = diff_roll([_row(2, "A", "Nguyễn Văn An", address="Số 3")], current, covered={5}, fields=ALL)
    assert one.digest == same.digest != other.digest
