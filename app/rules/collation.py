"""Vietnamese alphabetical order (thứ tự chữ cái tiếng Việt), name normalisation and folding.

The key follows the Unicode Collation Algorithm with CLDR's Vietnamese
tailoring, which is what ICU does for "vi": letters first (a ă â b c d đ e ê
... with f j w z in their Latin places), then tone marks in the order none,
huyền, hỏi, ngã, sắc, nặng, then case (lower before upper). Each level is
compared over the whole string before the next. Vietnamese text, digits,
spaces and Latin letters with marks (é, ü, ñ, ç) match ICU; punctuation and
letters such as ß or ø sort by code point within their group, which ICU does not.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from datetime import date

from .errors import InvalidInput

_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}

#: Base letter + combining mark that make one letter of the alphabet (ă â ê ô ơ ư).
_LETTER_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}

#: Tone marks in Vietnamese order: huyền, hỏi, ngã, sắc, nặng (no mark weighs 0).
_TONE_WEIGHT = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
#: Marks other than the five tones (¨ ¸ ...) weigh more than every tone, by code point.
_OTHER_MARKS = len(_TONE_WEIGHT) + 1

# Primary groups, as in the UCA: spaces < punctuation and symbols < digits < letters.
_SPACE, _SYMBOL, _DIGIT, _LATIN, _OTHER_LETTER = range(5)
_GROUP_SIZE = 0x110000  # one past the last code point: groups never overlap

CollationKey = tuple[tuple[int, ...], tuple[tuple[int, ...], ...], tuple[int, ...], str]


def collation_key(text: str) -> CollationKey:
    """A sort key giving ICU's Vietnamese order; composed and decomposed input get the same key.

    Levels: primary (letters), secondary (tones), tertiary (case), and the
    decomposed text itself last, so that only canonically equal strings tie.
    """
    decomposed = unicodedata.normalize("NFD", text)
    primary, secondary, tertiary = [], [], []
    for base, marks in _clusters(decomposed):
        letter, tones = _split_letter(base.lower(), marks)
        primary.append(_primary_weight(letter))
        secondary.append(tuple(_TONE_WEIGHT.get(mark, _OTHER_MARKS + ord(mark)) for mark in tones))
        tertiary.append(int(base != base.lower()))
    return tuple(primary), tuple(secondary), tuple(tertiary), decomposed


def normalize_name(text: str) -> str:
    """NFC, trimmed, every run of whitespace made one space: how names are stored."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def fold(text: str) -> str:
    """Lower-case without diacritics, đ as d, for search: "Nguyễn Văn An" → "nguyen van an"."""
    stripped = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return stripped.replace("đ", "d").replace("Đ", "D").casefold()


def name_sort_key(full_name: str, birth: date | int | None = None) -> tuple:
    """Sort key for a person: given name (last word), family name (first word), middle names, birth.

    Each part is compared in full (tones included) before the next. An earlier
    birth sorts first; a year-only birth sorts before the full dates of that
    year, and an unknown birth after every known one. Raises InvalidInput for
    a blank name.
    """
    words = normalize_name(full_name).split(" ")
    if words == [""]:
        raise InvalidInput("Họ tên không được để trống.", code="name.empty")
    given, family, middle = words[-1], words[0] if len(words) > 1 else "", " ".join(words[1:-1])
    return collation_key(given), collation_key(family), collation_key(middle), _birth_key(birth)


def _clusters(decomposed: str) -> Iterator[tuple[str, str]]:
    """(base character, the combining marks that follow it) pairs."""
    base, marks = None, []
    for ch in decomposed:
        if unicodedata.combining(ch) and base is not None:
            marks.append(ch)
            continue
        if base is not None:
            yield base, "".join(marks)
        base, marks = ch, []
    if base is not None:
        yield base, "".join(marks)


def _split_letter(base: str, marks: str) -> tuple[str, str]:
    """The letter of the alphabet a cluster spells (a + breve is ă), and the marks left: its tone."""
    for mark in marks:
        if (base, mark) in _LETTER_MARKS:
            return _LETTER_MARKS[base, mark], marks.replace(mark, "", 1)
    return base, marks


def _primary_weight(letter: str) -> int:
    if letter in _LETTER_RANK:
        group, value = _LATIN, _LETTER_RANK[letter]
    elif letter.isspace():
        group, value = _SPACE, ord(letter)
    elif letter.isdecimal():
        group, value = _DIGIT, unicodedata.decimal(letter)
    elif letter.isalpha():
        group, value = _OTHER_LETTER, ord(letter)
    else:
        group, value = _SYMBOL, ord(letter)
    return group * _GROUP_SIZE + value


def _birth_key(birth: date | int | None) -> tuple[int, ...]:
    if birth is None:
        return (1,)
    if isinstance(birth, date):
        return (0, birth.year, birth.month, birth.day)
    if isinstance(birth, bool) or not isinstance(birth, int):
        raise TypeError(f"birth must be a date, a year or None, not {type(birth).__name__}")
    return (0, birth, 0, 0)
