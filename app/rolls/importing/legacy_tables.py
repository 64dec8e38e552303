"""The two legacy Vietnamese encodings still found in ward spreadsheets, as data.

Both are 8-bit font encodings: the text was typed in a legacy font (".VnTime" for TCVN3, "VNI-Times" for VNI)
and Excel keeps the bytes, which Windows shows as Latin-1 characters ("§inh Xu©n B×nh", "Ñinh Xuaân Bình").

TCVN3 (TCVN 5712:1993, table VN3, the ".VnTime" fonts): one byte per letter. Each toned vowel group lists its
Unicode letters in the order grave, hook, tilde, acute, dot below (the order of the standard's code points)
beside the Latin-1 characters at those code points. VN3 has no upper-case toned vowels (those live in the
capitals-only ".VnTimeH" fonts, whose lower-case code points draw capitals).

VNI (VNI-Windows, the "VNI-Times" fonts): a base letter followed by a mark byte; ơ, ư, đ, ỵ and the toned i
are single bytes.
"""

from __future__ import annotations

TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  #: grave, hook, tilde, acute, dot below

#: TCVN3 code point (as its Latin-1 character) → Unicode letter.
#: (base letter, its own code point or "" when ASCII, the five toned code points in TONES order)
_TCVN3_GROUPS = (
    ("a", "", "µ¶·¸¹"),      # B5 B6 B7 B8 B9
    ("ă", "¨", "»¼½¾Æ"),     # A8; BB BC BD BE C6
    ("â", "©", "ÇÈÉÊË"),     # A9; C7 C8 C9 CA CB
    ("e", "", "ÌÎÏÐÑ"),      # CC CE CF D0 D1
    ("ê", "ª", "ÒÓÔÕÖ"),     # AA; D2 D3 D4 D5 D6
    ("i", "", "×ØÜÝÞ"),      # D7 D8 DC DD DE
    ("o", "", "ßáâãä"),      # DF E1 E2 E3 E4
    ("ô", "«", "åæçèé"),     # AB; E5 E6 E7 E8 E9
    ("ơ", "¬", "êëìíî"),     # AC; EA EB EC ED EE
    ("u", "", "ïñòóô"),      # EF F1 F2 F3 F4
    ("ư", "\u00ad", "õö÷øù"),  # AD (soft hyphen); F5 F6 F7 F8 F9
    ("y", "", "úûüýþ"),      # FA FB FC FD FE
)
#: The capitals VN3 does have, and đ.
_TCVN3_SINGLE = {"¡": "Ă", "¢": "Â", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư", "§": "Đ", "®": "đ"}


def _tcvn3() -> dict[str, str]:
    import unicodedata

    table = dict(_TCVN3_SINGLE)
    for base, own, toned in _TCVN3_GROUPS:
        if own:
            table[own] = base
        for legacy, tone in zip(toned, TONES, strict=True):
            table[legacy] = unicodedata.normalize("NFC", base + tone)
    return table


TCVN3: dict[str, str] = _tcvn3()

#: VNI mark byte (lower-case form) → the combining marks it adds to the letter before it.
_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
VNI_MARKS: dict[str, str] = {
    "ø": TONES[0], "û": TONES[1], "õ": TONES[2], "ù": TONES[3], "ï": TONES[4],
    "â": _CIRCUMFLEX, "à": _CIRCUMFLEX + TONES[0], "å": _CIRCUMFLEX + TONES[1], "ã": _CIRCUMFLEX + TONES[2],
    "á": _CIRCUMFLEX + TONES[3], "ä": _CIRCUMFLEX + TONES[4],
    "ê": _BREVE, "è": _BREVE + TONES[0], "ú": _BREVE + TONES[1], "ü": _BREVE + TONES[2],
    "é": _BREVE + TONES[3], "ë": _BREVE + TONES[4],
}
#: VNI single-byte letters (lower-case form) → Unicode.
VNI_LETTERS: dict[str, str] = {
    "ì": "ì", "æ": "ỉ", "ó": "ĩ", "í": "í", "ò": "ị",
    "ô": "ơ", "ö": "ư", "ñ": "đ", "î": "ỵ",
}
