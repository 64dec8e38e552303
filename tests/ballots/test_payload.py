"""The QR payload codec: round trip, tamper evidence, and never raising on scanned input."""

import base64
import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ballots import payload
from ballots.payload import DecodeReason

from .builders import DEFINITION, KEY, OTHER_KEY, make_fields

QR_ALPHANUMERIC = re.compile(r"[0-9A-Z $%*+\-./:]+")


def valid_payload(**kwargs) -> str:
    return payload.encode(make_fields(payload.new_serials(1)[0], **kwargs), KEY)


def reason(text: object, key: bytes = KEY, **kwargs) -> DecodeReason | None:
    return payload.decode(text, key, **kwargs).reason


def test_a_payload_round_trips_through_decode():
    fields = make_fields(payload.new_serials(1)[0], test=True, tdp_id=38, contest_id=123456)

    decoded = payload.decode(payload.encode(fields, KEY), KEY)

    assert decoded.ok and decoded.reason is None
    assert decoded.fields == fields


def test_a_payload_uses_only_qr_alphanumeric_characters_and_stays_short():
    text = payload.encode(make_fields(payload.new_serials(1)[0], tdp_id=999_999_999), KEY)

    assert QR_ALPHANUMERIC.fullmatch(text)
    assert len(text) <= 61  # version 3 at level M holds 61 alphanumeric characters


def test_a_forged_mac_is_a_bad_signature():
    text = valid_payload()
    body, _, mac = text.rpartition(":")
    forged = "A" * len(mac) if mac != "A" * len(mac) else "B" * len(mac)

    assert reason(f"{body}:{forged}") is DecodeReason.BAD_SIGNATURE


def test_changing_a_signed_field_is_a_bad_signature():
    text = valid_payload(test=True)

    assert reason(text.replace(":T:", ":L:")) is DecodeReason.BAD_SIGNATURE


def test_a_payload_under_another_elections_key_is_a_bad_signature():
    assert reason(valid_payload(), OTHER_KEY) is DecodeReason.BAD_SIGNATURE


@pytest.mark.parametrize("keep", [0, 1, 3, 4, 12, 20, 30, 48])
def test_a_truncated_payload_is_malformed(keep):
    assert reason(valid_payload()[:keep]) is DecodeReason.MALFORMED


def test_swapping_the_tdp_and_contest_ids_is_a_bad_signature():
    tag, definition, tdp, contest, *rest = valid_payload(tdp_id=5, contest_id=12).split(":")

    assert reason(":".join([tag, definition, contest, tdp, *rest])) is DecodeReason.BAD_SIGNATURE


@pytest.mark.parametrize(
    "order", [(0, 1, 2, 3, 4, 6, 5), (1, 0, 2, 3, 4, 5, 6), (6, 5, 4, 3, 2, 1, 0)]
)
def test_reordered_fields_are_rejected(order):
    fields = valid_payload().split(":")
    reordered = ":".join(fields[i] for i in order)

    assert reason(reordered) in (DecodeReason.MALFORMED, DecodeReason.UNKNOWN_VERSION)


def test_flipping_any_bit_of_any_character_is_rejected():
    text = valid_payload()
    for position in range(len(text)):
        for bit in range(8):
            flipped = text[:position] + chr(ord(text[position]) ^ 1 << bit) + text[position + 1 :]
            decoded = payload.decode(flipped, KEY)
            assert not decoded.ok, (position, bit, flipped)
            assert decoded.fields is None


def test_a_payload_of_a_later_format_version_is_an_unknown_version():
    assert reason(valid_payload().replace("BC1:", "BC2:", 1)) is DecodeReason.UNKNOWN_VERSION


def test_a_foreign_qr_code_is_malformed():
    assert reason("https://example.org/?q=1") is DecodeReason.MALFORMED


@pytest.mark.parametrize(
    "mangle",
    [
        str.lower,
        lambda t: t.replace(":5:", ":05:"),
        lambda t: t.replace(":", "::", 1),
        lambda t: t + ":",
    ],
)
def test_only_the_canonical_spelling_decodes(mangle):
    assert reason(mangle(valid_payload(tdp_id=5))) is DecodeReason.MALFORMED


def test_surrounding_whitespace_from_a_scanner_is_ignored():
    assert payload.decode(f"  {valid_payload()}\r\n", KEY).ok


def test_a_genuine_ballot_of_another_definition_is_rejected_when_the_definition_is_given():
    text = valid_payload()
    other = payload.definition_hash({"tdp": 5, "contest": "leader", "seats": 2})

    assert payload.decode(text, KEY, definition=DEFINITION).ok
    assert reason(text, definition=other) is DecodeReason.WRONG_DEFINITION


@pytest.mark.parametrize(
    "junk", [None, b"BC1:", 42, "", " ", "BC1", "BC1:" + "A" * 10_000, "ư" * 10]
)
def test_junk_is_malformed(junk):
    assert reason(junk) is DecodeReason.MALFORMED
    assert payload.peek(junk) is None


def test_peek_reads_the_fields_without_the_key_and_without_verifying():
    text = valid_payload(contest_id=77)
    body, _, _ = text.rpartition(":")

    assert payload.peek(text).contest_id == 77
    assert payload.peek(f"{body}:{'A' * 16}").contest_id == 77


def test_the_reason_codes_are_stable_strings():
    assert {r.value for r in DecodeReason} >= {"MALFORMED", "UNKNOWN_VERSION", "BAD_SIGNATURE"}


@given(st.text(max_size=300))
def test_decode_never_raises_on_arbitrary_text(text):
    decoded = payload.decode(text, KEY)

    assert not decoded.ok
    assert isinstance(decoded.reason, DecodeReason)


_edit = st.tuples(
    st.sampled_from(["insert", "delete", "replace"]),
    st.integers(min_value=0, max_value=80),
    st.characters(),
)


@given(st.lists(_edit, min_size=1, max_size=6), st.integers(min_value=0, max_value=2**30))
def test_decode_never_raises_on_mutations_of_a_valid_payload(edits, serial_seed):
    serial = base64.b32encode(serial_seed.to_bytes(8, "big")).decode()[:12]
    original = payload.encode(make_fields(serial), KEY)
    text = original
    for kind, position, char in edits:
        position %= len(text) + 1
        if kind == "insert":
            text = text[:position] + char + text[position:]
        elif kind == "delete":
            text = text[:position] + text[position + 1 :]
        else:
            text = text[:position] + char + text[position + 1 :]

    decoded = payload.decode(text, KEY)

    assert decoded.ok == (text.strip() == original)


def test_serials_are_unique_and_in_no_order():
    serials = payload.new_serials(5000)
    numbers = [int.from_bytes(base64.b32decode(s + "====")[:7], "big") for s in serials]

    assert len(set(serials)) == 5000
    assert all(re.fullmatch("[A-Z2-7]{12}", s) for s in serials)
    assert serials != sorted(serials)
    assert sum(a < b for a, b in zip(numbers, numbers[1:])) in range(2300, 2700)
    assert not any(abs(a - b) <= 1 for a, b in zip(numbers, numbers[1:]))


def test_the_short_serial_groups_by_four_and_reads_back_as_typed():
    serial = "K7QF2M9XA3TB".replace("9", "Z")

    assert payload.short_serial(serial) == "K7QF-2MZX-A3TB"
    assert payload.parse_short_serial("k7qf-2mzx a3tb") == serial
    assert payload.parse_short_serial("AB0I-1B8B-AAAA") == "ABOIIBBBAAAA"
    assert payload.parse_short_serial("K7QF-2MZX") is None


def test_the_definition_hash_ignores_key_order_and_unicode_normalisation():
    composed = {"tdp": 5, "candidates": ["Nguyễn Văn An", "Trần Thị Bình"], "seats": 1}
    decomposed = {
        "seats": 1,
        "candidates": [unicodedata.normalize("NFD", name) for name in composed["candidates"]],
        "tdp": 5,
    }

    assert payload.definition_hash(composed) == payload.definition_hash(decomposed)
    assert re.fullmatch("[A-Z2-7]{8}", payload.definition_hash(composed))


def test_the_definition_hash_changes_when_the_ballot_order_changes():
    first = {"candidates": ["Nguyễn Văn An", "Trần Thị Bình"]}
    swapped = {"candidates": ["Trần Thị Bình", "Nguyễn Văn An"]}

    assert payload.definition_hash(first) != payload.definition_hash(swapped)


def test_the_definition_hash_refuses_floats():
    with pytest.raises(TypeError):
        payload.definition_hash({"share": 0.5})


@pytest.mark.parametrize(
    "change",
    [{"tdp_id": -1}, {"contest_id": 10**9}, {"serial": "k7qf2m9xa3tb"}, {"definition": "short"}],
)
def test_encode_refuses_fields_it_cannot_carry(change):
    fields = make_fields(payload.new_serials(1)[0])

    with pytest.raises(ValueError):
        payload.encode(fields.__class__(**{**fields.__dict__, **change}), KEY)


def test_a_short_key_is_refused():
    with pytest.raises(ValueError):
        payload.decode(valid_payload(), b"short")
