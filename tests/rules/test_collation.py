"""Vietnamese alphabetical order, name order, normalisation and folding.

The pinned orders below were checked against ICU's "vi" collation when written.
"""

import random
import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.rules import InvalidInput, collation_key, fold, name_sort_key, normalize_name

WORDS_IN_ORDER = [
    "an", "An", "Anh", "Ánh", "Ăn", "ân", "Ân", "Bình", "Cúc", "Dung", "Dũng", "Dương", "Dzung", "Đào", "Đức",
    "Em", "Êm", "Frank", "Giang", "Hà", "Hải", "Hạnh", "Hoà", "Hòa", "John", "Kiên", "Lan",
    "Ma", "Mà", "Mả", "Mã", "Má", "Mạ", "Oanh", "Ôn", "Ơn", "Phúc", "Quang", "Sơn", "Thu", "Thư",
    "Uyên", "Ưng", "Vy", "Walter", "Xuân", "Yến", "Zoe",
]

NAMES_IN_ORDER = [
    ("Nguyễn Văn An", None),
    ("Trần Thị An", None),  # same given name: the family name decides
    ("Trần Văn An", None),  # same given and family name: the middle name decides
    ("Hoàng Văn Anh", None),
    ("Lê Ngọc Ánh", None),
    ("Lê Thị Ân", None),
    ("Lê Văn Bình", None),
    ("Vũ Thị Cúc", None),
    ("Nguyễn Thị Dung", None),
    ("Trần Văn Dũng", None),
    ("Nguyễn Thị Đào", None),  # Đ after every D
    ("Lê Văn Đức", None),
    ("Đỗ Thị Giang", None),
    ("Nguyễn Thị Hà", None),
    ("Trần Văn Hải", None),
    ("Phạm Thị Hạnh", None),
    ("Lê Thị Hoà", None),  # the later tone mark sorts first
    ("Lê Thị Hòa", None),
    ("Bùi Văn Khoa", None),
    ("Đặng Văn Khoa", None),
    ("Nguyễn Văn Khoa", 1960),  # namesakes: earlier birth first, unknown birth last
    ("Nguyễn Văn Khoa", date(1975, 3, 2)),
    ("Nguyễn Văn Khoa", None),
    ("Ngô Thị Lan", None),
    ("Trần Thị Ma", None),
    ("Trần Thị Mà", None),
    ("Trần Thị Mả", None),
    ("Trần Thị Mã", None),
    ("Trần Thị Má", None),
    ("Trần Thị Mạ", None),
    ("Lê Thị Oanh", None),
    ("Trịnh Văn Sơn", None),
    ("Phan Thị Thu", None),
    ("Phan Thị Thư", None),
    ("Võ Thị Uyên", None),
    ("Nguyễn Hoàng Yến", None),
]


def shuffled(items):
    items = list(items)
    random.Random(2017).shuffle(items)
    return items


def test_words_sort_in_vietnamese_alphabetical_order():
    assert sorted(shuffled(WORDS_IN_ORDER), key=collation_key) == WORDS_IN_ORDER


def test_names_sort_by_given_name_then_family_then_middle_then_birth():
    ordered = sorted(shuffled(NAMES_IN_ORDER), key=lambda person: name_sort_key(*person))
    assert ordered == NAMES_IN_ORDER


def test_tone_marks_break_ties_in_the_order_none_grave_hook_tilde_acute_dot_below():
    assert sorted(["Mạ", "Má", "Mã", "Mả", "Mà", "Ma"], key=collation_key) == ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"]


def test_a_breve_and_a_circumflex_are_letters_after_a():
    assert sorted(["Ân", "Ăn", "An"], key=collation_key) == ["An", "Ăn", "Ân"]


def test_d_with_stroke_sorts_after_every_word_in_d():
    assert sorted(["Đào", "Dzung", "Dương", "Dũng"], key=collation_key) == ["Dũng", "Dương", "Dzung", "Đào"]


def test_letters_are_compared_over_the_whole_string_before_any_tone():
    assert collation_key("Mạ") < collation_key("Mai")
    assert collation_key("Ma Bá") < collation_key("Má Ba")


def test_a_space_sorts_before_any_letter():
    assert collation_key("An Bình") < collation_key("Anh")


def test_lower_case_sorts_before_upper_case_only_when_all_else_is_equal():
    assert collation_key("an") < collation_key("An") < collation_key("ăn")
    assert collation_key("Đào") > collation_key("đào") > collation_key("Dzung")


def test_a_year_only_birth_sorts_before_the_dates_of_that_year():
    assert name_sort_key("Lê Văn Tâm", 1975) < name_sort_key("Lê Văn Tâm", date(1975, 1, 1))
    assert name_sort_key("Lê Văn Tâm", date(1974, 12, 31)) < name_sort_key("Lê Văn Tâm", 1975)


def test_a_one_word_name_is_a_given_name_without_family():
    assert name_sort_key("Tâm") < name_sort_key("Lê Tâm") < name_sort_key("Lê Văn Tâm")


def test_name_keys_ignore_how_the_name_was_typed():
    assert name_sort_key("  Nguyễn   Văn\u00a0An ") == name_sort_key(unicodedata.normalize("NFD", "Nguyễn Văn An"))


def test_a_blank_name_has_no_place_in_the_order():
    with pytest.raises(InvalidInput) as caught:
        name_sort_key(" \t")
    assert caught.value.message == "Họ tên không được để trống."


@pytest.mark.parametrize("birth", [True, "1960", 1960.0])
def test_a_birth_must_be_a_date_a_year_or_none(birth):
    with pytest.raises(TypeError):
        name_sort_key("Lê Văn Tâm", birth)


def test_names_are_stored_composed_trimmed_and_single_spaced():
    assert normalize_name("  Nguyễn \t Văn\u00a0\u00a0An\n") == "Nguyễn Văn An"
    assert normalize_name(unicodedata.normalize("NFD", "Đặng Thị Ngọc")) == "Đặng Thị Ngọc"
    assert unicodedata.is_normalized("NFC", normalize_name(unicodedata.normalize("NFD", "Hòa")))


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Nguyễn Văn An", "nguyen van an"), ("ĐẶNG THỊ ĐÀO", "dang thi dao"), ("Phạm Ư Ơ", "pham u o")],
)
def test_folding_drops_case_and_diacritics_for_search(text, folded):
    assert fold(text) == folded
    assert fold(unicodedata.normalize("NFD", text)) == folded


# Random Vietnamese text: letters of the alphabet, each vowel with any tone, either case, and spaces.
LETTERS = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
VOWELS = "aăâeêioôơuưy"
TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]


@st.composite
def syllables(draw):
    letter = draw(st.sampled_from(LETTERS))
    if letter in VOWELS:
        letter += draw(st.sampled_from(TONES))
    if draw(st.booleans()):
        letter = letter.upper()
    return unicodedata.normalize("NFC", letter)


vietnamese = st.lists(st.one_of(syllables(), st.just(" ")), max_size=8).map("".join)


@given(vietnamese, st.sampled_from(["NFC", "NFD", "NFKC", "NFKD"]))
def test_composed_and_decomposed_text_get_the_same_key(text, form):
    assert collation_key(unicodedata.normalize(form, text)) == collation_key(text)


@given(vietnamese, vietnamese)
def test_only_the_same_text_gets_the_same_key(a, b):
    assert (collation_key(a) == collation_key(b)) == (a == b)


@given(vietnamese, vietnamese, vietnamese)
def test_the_order_is_transitive(a, b, c):
    x, y, z = sorted([a, b, c], key=collation_key)
    assert collation_key(x) <= collation_key(y) <= collation_key(z)
    assert collation_key(x) <= collation_key(z)


@given(vietnamese, vietnamese)
def test_the_order_is_antisymmetric(a, b):
    if collation_key(a) <= collation_key(b) and collation_key(b) <= collation_key(a):
        assert a == b


def caseless_and_toneless(text):
    # Keep ă â ê ô ơ ư (letters in their own right) but drop tones and case.
    decomposed = unicodedata.normalize("NFD", text.lower())
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in TONES[1:]))


@given(vietnamese, vietnamese, st.data())
def test_case_and_tone_differences_never_beat_letter_differences(a, b, data):
    if caseless_and_toneless(a) == caseless_and_toneless(b):
        return
    recase = st.sampled_from([str.lower, str.upper, str.title, lambda s: s])
    a2, b2 = data.draw(recase)(a), data.draw(recase)(b)
    letters_first = collation_key(caseless_and_toneless(a)) < collation_key(caseless_and_toneless(b))
    assert (collation_key(a2) < collation_key(b2)) == letters_first
