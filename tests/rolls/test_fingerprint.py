"""The roll fingerprint depends on the roll's content only, never on row order or Unicode form."""

import unicodedata
from datetime import date

from app.rolls.fingerprint import RollEntry, roll_fingerprint


def entry(code="050001", name="Nguyễn Văn An", address="Số 1", year=1970):
    return RollEntry(code, address, None, name, None, year, "male")


def test_the_same_roll_in_any_order_has_the_same_fingerprint():
    a, b = entry("1"), entry("2", "Trần Thị Bình")
    assert roll_fingerprint([a, b]) == roll_fingerprint([b, a])


def test_a_name_typed_decomposed_gives_the_same_fingerprint():
    nfd = unicodedata.normalize("NFD", "Nguyễn Văn An")
    assert roll_fingerprint([entry(name=nfd)]).hex == roll_fingerprint([entry()]).hex


def test_any_change_changes_the_fingerprint():
    base = roll_fingerprint([entry()]).hex
    assert roll_fingerprint([entry(name="Nguyễn Văn Ân")]).hex != base
    assert roll_fingerprint([entry(address="Số 2")]).hex != base
    assert roll_fingerprint([entry(year=1971)]).hex != base
    assert roll_fingerprint([entry(), entry("2")]).hex != base


def test_fields_cannot_run_into_each_other():
    one = RollEntry("1", "a\tb", None, "c", None, None, None)
    two = RollEntry("1", "a", None, "b\tc", None, None, None)
    assert roll_fingerprint([one]).hex != roll_fingerprint([two]).hex


def test_the_short_form_is_three_groups_of_four():
    short = roll_fingerprint([entry()]).short
    assert len(short) == 14 and short.count("-") == 2 and short == short.upper()


def test_a_full_birth_date_counts():
    with_date = RollEntry("1", "", None, "An", date(1970, 1, 2), 1970, None)
    assert roll_fingerprint([with_date]).hex != roll_fingerprint([RollEntry("1", "", None, "An", None, 1970, None)]).hex
