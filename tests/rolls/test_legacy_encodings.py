"""Names typed in the legacy TCVN3 (.VnTime) and VNI fonts are recognised and converted to Unicode NFC."""

import unicodedata

import pytest

from app.rolls.importing.legacy import Encoding, convert, decide, from_tcvn3, from_vni, read
from app.rolls.importing.legacy_tables import TCVN3

# (Unicode, TCVN3 as Excel shows it, VNI as Excel shows it)
WORDS = [
    ("Nguyễn", "NguyÔn", "Nguyeãn"),
    ("Đinh Xuân Bình", "§inh Xu©n B×nh", "Ñinh Xuaân Bình"),
    ("Phường", "Ph\u00adêng", "Phöôøng"),
    ("Trần Thị Hương", "TrÇn ThÞ H\u00ad¬ng", "Traàn Thò Höông"),
    ("Lê Văn Việt", "Lª V¨n ViÖt", "Leâ Vaên Vieät"),
    ("Đặng Thuỳ Dương", "§Æng Thuú D\u00ad¬ng", "Ñaëng Thuyø Döông"),
]


@pytest.mark.parametrize(("unicode", "tcvn3", "vni"), WORDS)
def test_real_names_convert_from_tcvn3_and_vni_to_the_same_unicode(unicode, tcvn3, vni):
    assert from_tcvn3(tcvn3) == unicode
    assert from_vni(vni) == unicode
    assert unicodedata.is_normalized("NFC", from_tcvn3(tcvn3))


@pytest.mark.parametrize(("unicode", "tcvn3", "vni"), WORDS)
def test_each_spelling_is_read_in_its_own_encoding(unicode, tcvn3, vni):
    assert read(tcvn3).definite is Encoding.TCVN3
    assert read(vni).definite is Encoding.VNI
    assert Encoding.UNICODE in read(unicode).encodings


def test_the_tcvn3_table_holds_each_of_its_74_letters_exactly_once():
    letters = list(TCVN3.values())
    assert len(letters) == len(set(letters)) == 12 * 5 + 6 + 1 + 7  # toned vowels; ă â ê ô ơ ư; đ; Ă Â Ê Ô Ơ Ư Đ
    assert all(ord(code) >= 0xA1 for code in TCVN3)


def test_decomposed_unicode_is_unicode_and_becomes_nfc():
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    assert read(nfd).definite is Encoding.UNICODE
    assert convert(nfd, Encoding.UNICODE) == "Nguyễn Thị Ánh"


def test_plain_ascii_and_names_that_read_the_same_either_way_follow_the_file():
    assert read("Nguyen Van An").encodings == frozenset()
    assert decide([(3, "§inh Xu©n B×nh"), (4, "Hà"), (5, "Nguyen Van An")]).encoding is Encoding.TCVN3
    assert decide([(3, "Ñinh Xuaân Bình"), (4, "Bình")]).encoding is Encoding.VNI
    assert decide([(3, "Nguyễn Văn An"), (4, "Hoà"), (5, "Bình")]).encoding is Encoding.UNICODE


def test_a_file_mixing_encodings_names_one_row_of_each():
    found = decide([(3, "Nguyễn Văn An"), (4, "§inh Xu©n B×nh"), (5, "Leâ Vaên Vieät")])
    assert [(line, e) for line, _, e in found.mixed] == [(3, Encoding.UNICODE), (4, Encoding.TCVN3), (5, Encoding.VNI)]


def test_foreign_or_misspelt_names_in_unicode_are_left_alone():
    assert read("Müller").definite is Encoding.UNICODE
    assert decide([(3, "Müller"), (4, "Nguyễn")]).mixed == ()
