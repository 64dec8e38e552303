"""Recognise text typed in a legacy Vietnamese font (TCVN3 or VNI) and convert it to Unicode NFC. Pure.

A cell is judged by its words: text is taken as legacy only when it is not Vietnamese as it stands and
becomes Vietnamese syllables once converted. Some cells read as Vietnamese either way ("Bình" is the same in
VNI; "Hoà" in VNI is "Hồ"): they follow the file's other cells.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from .legacy_tables import TCVN3, TONES, VNI_LETTERS, VNI_MARKS


class Encoding(enum.StrEnum):
    UNICODE = "unicode"
    TCVN3 = "tcvn3"
    VNI = "vni"


LABELS = {Encoding.UNICODE: "Unicode", Encoding.TCVN3: "TCVN3 (.VnTime)", Encoding.VNI: "VNI"}

_VNI = {**VNI_MARKS, **{k.upper(): v for k, v in VNI_MARKS.items()}}
_VNI_LETTERS = {**VNI_LETTERS, **{k.upper(): v.upper() for k, v in VNI_LETTERS.items()}}
_VOWELS = frozenset("aăâeêioôơuưy")
_TONE_SET = frozenset(TONES)
_INITIALS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
             "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")
#: Vowel groups of Vietnamese syllables, without tone marks.
_NUCLEI = frozenset(
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo ôi ơi ua uâ uê ui uô uơ uy ưa ưi "
    "ươ ưu yê iêu yêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu".split())
_FINALS = ("ng", "nh", "ch", "c", "m", "n", "p", "t", "")
_SYLLABLE = re.compile(
    "(" + "|".join(sorted(_INITIALS, key=len, reverse=True)) + ")([aăâeêioôơuưy]+)("
    + "|".join(f for f in _FINALS if f) + ")?")
_SPLIT = re.compile(r"[\s,.;:/()\-\"'“”]+")
#: A character beyond Latin-1 (ư, đ, ễ, a combining mark): no legacy font produces one.
_BEYOND_LATIN1 = re.compile(r"[^\x00-\xff]")


def _is_syllable(word: str) -> bool:
    """A Vietnamese syllable: initial, a known vowel group carrying at most one tone, a final consonant."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    tones = sum(1 for ch in decomposed if ch in _TONE_SET)
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_SET))
    match = _SYLLABLE.fullmatch(bare)
    if match is None:
        # "gì", "gìn": gi followed by a final only
        return bare.startswith("gi") and bare[2:] in _FINALS
    initial, nucleus, _final = match.groups()
    return nucleus in _NUCLEI or (initial in ("gi", "qu") and nucleus == "")


def is_vietnamese(text: str) -> bool:
    """Every word holding a non-ASCII character is a Vietnamese syllable (ASCII words are not judged)."""
    return all(_is_syllable(w) for w in _SPLIT.split(text) if w and not w.isascii())


def from_tcvn3(text: str) -> str:
    return unicodedata.normalize("NFC", "".join(TCVN3.get(ch, ch) for ch in text))


def from_vni(text: str) -> str | None:
    """VNI text as Unicode NFC, or None when a mark byte follows no vowel."""
    out: list[str] = []
    for ch in text:
        marks = _VNI.get(ch)
        if marks is not None:
            base = unicodedata.normalize("NFD", out[-1])[0].casefold() if out else ""
            if base not in _VOWELS:
                return None
            out[-1] += marks
        else:
            out.append(_VNI_LETTERS.get(ch, ch))
    converted = unicodedata.normalize("NFC", "".join(out))
    if any(unicodedata.combining(ch) for ch in converted):
        return None  # a mark that no letter takes (a circumflex on u, two tones)
    return converted


_CONVERT = {Encoding.TCVN3: from_tcvn3, Encoding.VNI: from_vni}


def convert(text: str, encoding: Encoding) -> str:
    """`text` read in `encoding`, as Unicode NFC (unchanged for Unicode, or when it cannot be converted)."""
    if encoding is Encoding.UNICODE:
        return unicodedata.normalize("NFC", text)
    return _CONVERT[encoding](text) or text


@dataclass(frozen=True)
class Reading:
    """The encodings a cell can be read in and still be Vietnamese; empty for plain ASCII (any will do)."""

    encodings: frozenset[Encoding]

    @property
    def definite(self) -> Encoding | None:
        return next(iter(self.encodings)) if len(self.encodings) == 1 else None


ANY = Reading(frozenset())
_UNICODE_ONLY = Reading(frozenset({Encoding.UNICODE}))


def read(text: str) -> Reading:
    """Which encodings make `text` Vietnamese. Text already in Unicode beyond Latin-1 (ư, đ, a combining
    mark) can only be Unicode; text that is Vietnamese in no encoding is taken as Unicode as typed."""
    if text.isascii():
        return ANY
    if _BEYOND_LATIN1.search(text):
        return _UNICODE_ONLY
    fits = set()
    if is_vietnamese(text):
        fits.add(Encoding.UNICODE)
    for encoding, function in _CONVERT.items():
        converted = function(text)
        if converted is not None and is_vietnamese(converted):
            fits.add(encoding)
    return Reading(frozenset(fits or {Encoding.UNICODE}))


@dataclass(frozen=True)
class FileEncoding:
    """The encoding chosen for a file's text cells. When no one encoding reads them all, `mixed` holds an
    example cell (row, text, encoding) for each encoding found."""

    encoding: Encoding
    mixed: tuple[tuple[int, str, Encoding], ...] = ()


_PREFERENCE = (Encoding.UNICODE, Encoding.TCVN3, Encoding.VNI)


def _first(encodings: frozenset[Encoding] | set[Encoding]) -> Encoding:
    return next(e for e in _PREFERENCE if e in encodings)


def decide(cells: Iterable[tuple[int, str]]) -> FileEncoding:
    """One encoding for the whole file: the one every cell can be read in (Unicode first).

    Each distinct text is read once: a roll repeats its sub-groups, streets and common names, and a text
    in Latin-1 alone ("Liên gia 3") is tried in all three encodings (bench/roll_import.py).
    """
    common = set(Encoding)
    examples: dict[Encoding, tuple[int, str, Encoding]] = {}
    breaker = None
    seen: set[str] = set()
    for line, text in cells:
        # A text seen before changes nothing: `common` is already within its readings, and the examples
        # and the breaker are first occurrences.
        if text in seen:
            continue
        seen.add(text)
        encodings = read(text).encodings
        if not encodings:
            continue
        if len(encodings) == 1:
            (only,) = encodings
            examples.setdefault(only, (line, text, only))
        if common and not common & encodings:
            breaker = (line, text, _first(encodings))
        common &= encodings
    if common:
        return FileEncoding(_first(common))
    found = list(examples.values())
    if breaker is not None and breaker[2] not in examples:
        found.append(breaker)
    return FileEncoding(Encoding.UNICODE, tuple(sorted(found)))
