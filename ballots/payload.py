"""Versioned, signed codec for the ballot QR payload (standard library only)."""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import json
import re
import secrets
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

VERSION = 1
FORMAT_TAG = "BC"  # "bầu cử"; the version number follows it

DEFINITION_HASH_BITS = 40
SERIAL_BITS = 60
MAC_BITS = 80
MAX_ID = 10**9 - 1
MIN_KEY_BYTES = 16
KEY_BYTES = 32

_DEFINITION_CHARS = DEFINITION_HASH_BITS // 5
_SERIAL_CHARS = SERIAL_BITS // 5
_MAC_CHARS = MAC_BITS // 5
_B32 = "[A-Z2-7]"
_ID = "(?:0|[1-9][0-9]{0,8})"
_BODY = re.compile(
    rf"(?P<definition>{_B32}{{{_DEFINITION_CHARS}}}):(?P<tdp>{_ID}):(?P<contest>{_ID}):"
    rf"(?P<flag>[TL]):(?P<serial>{_B32}{{{_SERIAL_CHARS}}}):(?P<mac>{_B32}{{{_MAC_CHARS}}})"
)
_SERIAL = re.compile(f"{_B32}{{{_SERIAL_CHARS}}}")
_OTHER_VERSION = re.compile(rf"{FORMAT_TAG}[1-9][0-9]{{0,3}}")
_TYPED_SERIAL = str.maketrans({"-": None, " ": None, "0": "O", "1": "I", "8": "B"})
#: Longer than any payload this module can produce; longer text is rejected unread.
MAX_PAYLOAD_CHARS = 128


class DecodeReason(enum.Enum):
    """Why a payload was rejected; the values are stable codes for logs and the API."""

    MALFORMED = "MALFORMED"  # not a ballot payload: wrong shape, characters or spelling
    UNKNOWN_VERSION = "UNKNOWN_VERSION"  # a ballot payload of a format version we cannot read
    BAD_SIGNATURE = "BAD_SIGNATURE"  # well formed, but not signed with this key: forged or altered
    WRONG_DEFINITION = "WRONG_DEFINITION"  # genuine, but printed for another election definition


@dataclass(frozen=True)
class PayloadFields:
    """What a ballot's QR code says about it; nothing in it identifies a voter."""

    definition: str  #: definition_hash() of the frozen election definition
    tdp_id: int
    contest_id: int
    test: bool  #: a rehearsal ballot, never counted in the real tally
    serial: str  #: from new_serials(); catches counterfeits and double counting


@dataclass(frozen=True)
class Decoded:
    """The outcome of decode(): fields only when ok."""

    ok: bool
    reason: DecodeReason | None = None
    fields: PayloadFields | None = None


def new_key() -> bytes:
    """A fresh random per-election signing key."""
    return secrets.token_bytes(KEY_BYTES)


def definition_hash(definition: Mapping) -> str:
    """Short fingerprint of the frozen election definition, printed into every payload.

    The definition (TDP, round, contest, candidates in ballot order, seats ...)
    is written as canonical JSON: every string (keys too) in Unicode NFC, keys
    sorted, no whitespace, UTF-8, non-ASCII characters as themselves.
    Values may be str, int, bool, None, mappings with str keys and sequences
    (lists and tuples are the same); floats are refused because their
    spelling is not canonical across languages. The SHA-256 of those bytes is
    truncated to 40 bits and written in base32: enough to notice a changed
    definition, not a security boundary (the MAC is).
    """
    canonical = json.dumps(
        _canonical(definition), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")
    return _b32(hashlib.sha256(canonical).digest()[: DEFINITION_HASH_BITS // 8])


def new_serials(n: int) -> list[str]:
    """``n`` distinct serials drawn from the system CSPRNG, in random order.

    Serials are independent random draws, so neither their values nor the
    order they are printed in says anything about who received which ballot.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    serials: dict[str, None] = {}  # an ordered set: keeps the random draw order
    while len(serials) < n:
        serials[_b32(secrets.token_bytes(SERIAL_BITS // 8 + 1))[:_SERIAL_CHARS]] = None
    return list(serials)


def short_serial(serial: str) -> str:
    """The serial as printed for people: groups of four, e.g. ``K7QF-2M9X-A3TB``."""
    return "-".join(serial[i : i + 4] for i in range(0, len(serial), 4))


def parse_short_serial(text: str) -> str | None:
    """The serial a person typed from the printed short form, or None if it cannot be one.

    Case, spaces and dashes are ignored, and the digits people type for the
    look-alike letters are read as those letters (base32 has no 0, 1 or 8).
    """
    serial = text.upper().translate(_TYPED_SERIAL)
    return serial if _SERIAL.fullmatch(serial) else None


def encode(fields: PayloadFields, key: bytes) -> str:
    """The signed payload text for ``fields``; raises ValueError on fields it cannot carry.

    The text uses only QR alphanumeric characters (upper-case base32, digits
    and ':'), so the code stays small (version 3 or 4 at level M)::

        BC1:7KQ2XJ4M:5:12:L:K7QF2M9XA3TB:Q4XZ7M2KD6FNB3WA
        tag def      tdp ct flag serial  mac

    ``BC1`` names the format and its version; then come the definition hash,
    the TDP id, the contest id, ``T`` for a test (rehearsal) ballot or ``L``
    for a live one, the serial, and the HMAC-SHA256 under the election's key
    of everything before it, truncated to 80 bits. Only this canonical
    spelling decodes, so one set of fields has exactly one valid payload.
    """
    _check_key(key)
    if not re.fullmatch(f"{_B32}{{{_DEFINITION_CHARS}}}", fields.definition):
        raise ValueError(f"not a definition hash: {fields.definition!r}")
    if not _SERIAL.fullmatch(fields.serial):
        raise ValueError(f"not a serial from new_serials(): {fields.serial!r}")
    for name in ("tdp_id", "contest_id"):
        value = getattr(fields, name)
        if type(value) is not int or not 0 <= value <= MAX_ID:
            raise ValueError(f"{name} must be an int in 0..{MAX_ID}, got {value!r}")
    body = (
        f"{FORMAT_TAG}{VERSION}:{fields.definition}:{fields.tdp_id}:{fields.contest_id}:"
        f"{'T' if fields.test else 'L'}:{fields.serial}"
    )
    return f"{body}:{_mac(body, key)}"


def peek(text: object) -> PayloadFields | None:
    """Parse a payload WITHOUT checking its signature; never raises.

    Only for finding which election's key to verify with (by contest id):
    the result is attacker-controlled and must never be trusted, stored or
    shown as a ballot's identity. Pass the text to decode() for that.
    """
    parsed = _parse(text)
    return parsed[0] if isinstance(parsed, tuple) else None


def format_problem(text: object) -> DecodeReason | None:
    """Why ``text`` is not shaped like a ballot payload (MALFORMED, UNKNOWN_VERSION), or None when it is;
    never raises. Says nothing about whether it is genuine."""
    parsed = _parse(text)
    return None if isinstance(parsed, tuple) else parsed


def decode(text: object, key: bytes, *, definition: str | None = None) -> Decoded:
    """Verify and parse a scanned payload; never raises, whatever ``text`` is.

    Leading and trailing whitespace (a scanner's newline) is ignored; anything
    else that is not exactly a payload encode() could have produced under
    ``key`` is rejected with a reason. Given ``definition`` (the expected
    definition_hash), a genuine ballot printed for another definition is
    rejected too. ``key`` itself must be a valid key (ValueError otherwise):
    that is the caller's configuration, not scanned input.
    """
    _check_key(key)
    parsed = _parse(text)
    if not isinstance(parsed, tuple):
        return Decoded(ok=False, reason=parsed)
    fields, body, mac = parsed
    if not hmac.compare_digest(_mac(body, key), mac):
        return Decoded(ok=False, reason=DecodeReason.BAD_SIGNATURE)
    if definition is not None and fields.definition != definition:
        return Decoded(ok=False, reason=DecodeReason.WRONG_DEFINITION)
    return Decoded(ok=True, fields=fields)


def _parse(text: object) -> tuple[PayloadFields, str, str] | DecodeReason:
    if not isinstance(text, str) or len(text) > MAX_PAYLOAD_CHARS:
        return DecodeReason.MALFORMED
    tag, sep, rest = text.strip().partition(":")
    if tag != f"{FORMAT_TAG}{VERSION}":
        if _OTHER_VERSION.fullmatch(tag):
            return DecodeReason.UNKNOWN_VERSION
        return DecodeReason.MALFORMED
    match = _BODY.fullmatch(rest) if sep else None
    if match is None:
        return DecodeReason.MALFORMED
    fields = PayloadFields(
        definition=match["definition"],
        tdp_id=int(match["tdp"]),
        contest_id=int(match["contest"]),
        test=match["flag"] == "T",
        serial=match["serial"],
    )
    return fields, f"{tag}:{rest[: match.start('mac') - 1]}", match["mac"]


def _mac(body: str, key: bytes) -> str:
    digest = hmac.new(key, body.encode("ascii"), hashlib.sha256).digest()
    return _b32(digest[: MAC_BITS // 8])


def _b32(raw: bytes) -> str:
    return base64.b32encode(raw).decode("ascii").rstrip("=")


def _check_key(key: bytes) -> None:
    if not isinstance(key, bytes) or len(key) < MIN_KEY_BYTES:
        raise ValueError(f"an election key is at least {MIN_KEY_BYTES} random bytes")


def _canonical(value: object) -> object:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return value
    if isinstance(value, Mapping):
        out = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise TypeError(f"definition keys must be str, got {k!r}")
            nk = unicodedata.normalize("NFC", k)
            if nk in out:
                raise ValueError(f"two keys are the same after NFC: {k!r}")
            out[nk] = _canonical(v)
        return out
    if isinstance(value, Sequence) and not isinstance(value, (bytes, bytearray)):
        return [_canonical(v) for v in value]
    raise TypeError(f"cannot put {type(value).__name__} into a definition: {value!r}")
