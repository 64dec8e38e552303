"""Which copy of the app this is: the ward's server (issues keys, imports packages) or a TDP's laptop (pairs
with the ward's code, exports signed packages). Set by config COPY_ROLE; see config.py."""

from __future__ import annotations

import enum

from flask import current_app


class CopyRole(enum.StrEnum):
    WARD = "ward"  #: máy của phường: cấp mã kết quả, nhập gói kết quả
    LAPTOP = "laptop"  #: máy của tổ: ghép nối bằng mã phường cấp, xuất gói kết quả


#: Vietnamese names of the copies, for refusals.
COPY_NAMES = {CopyRole.WARD: "máy của phường", CopyRole.LAPTOP: "máy của tổ"}

#: What each action needs and why, said to the person who tried it on the other copy.
ONLY_ON = {
    "issue": (CopyRole.WARD, "Chỉ máy của phường mới cấp mã kết quả."),
    "import": (CopyRole.WARD, "Chỉ máy của phường mới nhập gói kết quả."),
    "pair": (CopyRole.LAPTOP, "Chỉ máy của tổ (máy xách tay cài đặt với COPY_ROLE=laptop) mới ghép nối bằng mã "
                              "phường cấp; máy của phường giữ nguyên mã đã cấp, không ai ghi đè được."),
    "export": (CopyRole.LAPTOP, "Chỉ máy của tổ (COPY_ROLE=laptop) mới xuất gói kết quả; máy của phường đã có "
                                "kết quả kiểm phiếu trên chính nó."),
}


def parse_role(value) -> CopyRole:
    """The configured role; ValueError (naming the setting) for anything but "ward" or "laptop"."""
    try:
        return CopyRole(str(value).strip().lower())
    except ValueError:
        raise ValueError(f"COPY_ROLE={value!r}: expected 'ward' or 'laptop'") from None


def copy_role() -> CopyRole:
    return parse_role(current_app.config.get("COPY_ROLE", CopyRole.WARD.value))


def refusal(action: str) -> str | None:
    """None when `action` exists on this copy, else the Vietnamese reason it does not."""
    needed, reason = ONLY_ON[action]
    here = copy_role()
    if here is needed:
        return None
    return f"{reason} Máy này là {COPY_NAMES[here]} (COPY_ROLE={here.value})."
