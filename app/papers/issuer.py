"""The issuer line a TDP's papers (roll, candidate list, ballot, invitations) print above the TDP: the ward's
issuing authority from its paper settings, never "UBND" + the ward's name written in code."""

from __future__ import annotations

from app.papers.settings import in_text
from app.wards.models import Ward

_FULL = ("ủy ban nhân dân ", "uỷ ban nhân dân ")


def authority_line(ward: Ward) -> str:
    """"Ủy ban nhân dân phường Bồ Đề" → "UBND PHƯỜNG BỒ ĐỀ" (the short form fits an A5 ballot's header); an
    authority of another kind ("Ban chỉ đạo bầu cử đặc khu Côn Đảo") prints as written, in capitals. Without
    a setting: "UBND" and the ward's name. Reads no row."""
    authority = " ".join((ward.issuing_authority or "").split()) or f"UBND {in_text(ward.name)}"
    for prefix in _FULL:
        if authority.lower().startswith(prefix):
            authority = "UBND " + authority[len(prefix):]
    return authority.upper()
