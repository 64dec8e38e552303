"""Results keys as short codes a person can read out and type: base32 in groups of four, with a check group
bound to the ward and TDP so a code typed into the wrong TDP's copy is refused at once.

The check group catches typing mistakes; it is not a secret. A MAC under a ward secret would not help: the
laptop must check the code offline, so it could only hold that secret too. Forgery is stopped elsewhere —
the ward's copy never replaces the key it issued and imports only packages signed with it — so a code minted
for a key of someone's choosing pairs a laptop whose packages the ward refuses."""

from __future__ import annotations

import base64
import hashlib
import secrets
import unicodedata

KEY_BYTES = 15  #: 120 bits: 24 base32 characters, no padding
CHECK_CHARS = 4
#: Characters people confuse with base32 letters (base32 has no 0, 1 or 8).
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


class CodeError(ValueError):
    """A typed code that cannot be this TDP's key; `message` is Vietnamese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def fingerprint(key: bytes) -> str:
    """"A1B2-C3D4-E5F6-0718": the first 8 bytes of a domain-separated SHA-256 of the key. Safe to show and
    to log; two copies holding the same key show the same fingerprint, so people can compare by phone."""
    text = hashlib.sha256(b"bau-cu-tdp/results-key-fingerprint|" + key).hexdigest()[:16].upper()
    return "-".join(text[i:i + 4] for i in range(0, 16, 4))


def _check(key: bytes, ward: str, tdp_number: int) -> str:
    label = unicodedata.normalize("NFC", f"{ward}|{tdp_number}|").encode("utf-8")
    return base64.b32encode(hashlib.sha256(label + key).digest())[:CHECK_CHARS].decode()


def key_code(key: bytes, ward: str, tdp_number: int) -> str:
    """"K7QD-2M4X-…-AB3C": the key and a check group, 28 characters in seven groups of four."""
    text = base64.b32encode(key).decode() + _check(key, ward, tdp_number)
    return "-".join(text[i:i + 4] for i in range(0, len(text), 4))


def parse_code(code: str, ward: str, tdp_number: int) -> bytes:
    """The key in a typed code; spaces, dashes and case do not matter, 0/1/8 are read as O/I/B.
    Raises CodeError when the code is mistyped or belongs to another TDP or ward."""
    text = "".join(ch for ch in code.upper() if ch not in " -\t").translate(_LOOKALIKES)
    expected = KEY_BYTES * 8 // 5 + CHECK_CHARS
    if len(text) != expected:
        raise CodeError(f"Mã ghép nối phải có {expected} ký tự (không kể dấu gạch), mã vừa nhập có {len(text)}.")
    try:
        key = base64.b32decode(text[:-CHECK_CHARS])
    except ValueError:
        raise CodeError("Mã ghép nối chỉ gồm chữ A–Z và số 2–7; hãy kiểm tra lại từng ký tự.") from None
    if _check(key, ward, tdp_number) != text[-CHECK_CHARS:]:
        raise CodeError(f"Mã ghép nối không khớp với tổ dân phố số {tdp_number} của {ward}: có thể gõ nhầm một "
                        "ký tự, hoặc đây là mã của tổ khác.")
    return key
