"""The signed code printed as a QR on the minutes (standard library only).

    BB1:C:12:3F2A91C07D4E5B6A8C9D:Q4XZ7M2KD6FNB3WA
    tag kind id  result digest        mac

`BB1` names the format ("biên bản", version 1); `C` marks counting minutes (the id is the contest's),
`M` meeting minutes (the id is the round's); then the first 20 hex digits of the result digest, and
the HMAC-SHA256 of everything before it under the election's ballot key, behind a domain-separation
prefix so no ballot code can ever pass for a minutes code or the other way round, truncated to 80 bits
in base32. Only QR alphanumeric characters are used, so the code stays small.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass

TAG = "BB1"
COUNTING = "C"
MEETING = "M"
DIGEST_CHARS = 20
MAC_BITS = 80
#: Mixed into every MAC: a minutes code is never a valid ballot code under the same key.
DOMAIN = b"bau-cu-tdp/minutes-qr/v1\x00"
#: The largest database id (PostgreSQL INTEGER); larger ids cannot name anything.
MAX_ID = 2**31 - 1
MAX_CHARS = 80

_PAYLOAD = re.compile(
    rf"{TAG}:(?P<kind>[{COUNTING}{MEETING}]):(?P<object>[1-9][0-9]{{0,9}}):"
    rf"(?P<digest>[0-9A-F]{{{DIGEST_CHARS}}}):(?P<mac>[A-Z2-7]{{{MAC_BITS // 5}}})"
)


@dataclass(frozen=True)
class MinutesCode:
    kind: str  #: COUNTING or MEETING
    object_id: int  #: the contest id (counting) or the round id (meeting)
    digest: str  #: DIGEST_CHARS upper-case hex digits of the result digest

    @property
    def body(self) -> str:
        return f"{TAG}:{self.kind}:{self.object_id}:{self.digest}"


def short_digest(full_hex: str) -> str:
    """The part of a SHA-256 hex digest a paper carries: 20 hex digits, upper case."""
    return full_hex[:DIGEST_CHARS].upper()


def meeting_digest(round_id: int, contest_digests: Mapping[int, str | None]) -> str:
    """One digest over a round's contests: each contest id with its locked result's digest, or "-" while
    it has none. A contest locked, unlocked or changed later changes this digest."""
    parts = [f"round:{round_id}"] + [f"{cid}:{contest_digests[cid] or '-'}" for cid in sorted(contest_digests)]
    return hashlib.sha256("|".join(parts).encode("ascii")).hexdigest()


def encode(code: MinutesCode, key: bytes) -> str:
    """The signed text for the QR code; raises ValueError on a code it cannot carry."""
    if code.kind not in (COUNTING, MEETING) or not 1 <= code.object_id <= MAX_ID:
        raise ValueError(f"cannot encode {code!r}")
    if not re.fullmatch(f"[0-9A-F]{{{DIGEST_CHARS}}}", code.digest):
        raise ValueError(f"not a short digest: {code.digest!r}")
    return f"{code.body}:{_mac(code.body, key)}"


def parse(text: object) -> tuple[MinutesCode, str] | None:
    """(the code, its MAC) when `text` is shaped like a minutes code, else None; never raises and checks
    no signature. Surrounding whitespace (a scanner's Enter) and letter case (Caps Lock) are ignored."""
    if not isinstance(text, str) or len(text) > MAX_CHARS:
        return None
    match = _PAYLOAD.fullmatch(text.strip().upper())
    if match is None or int(match["object"]) > MAX_ID:
        return None
    return MinutesCode(match["kind"], int(match["object"]), match["digest"]), match["mac"]


def signed(code: MinutesCode, mac: str, key: bytes) -> bool:
    """Was `mac` made for `code` under `key`? Constant-time."""
    return hmac.compare_digest(_mac(code.body, key), mac)


def _mac(body: str, key: bytes) -> str:
    digest = hmac.new(key, DOMAIN + body.encode("ascii"), hashlib.sha256).digest()
    return base64.b32encode(digest[: MAC_BITS // 8]).decode("ascii").rstrip("=")
