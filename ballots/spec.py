"""What a ballot says: the frozen inputs of the print engine."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

HONORIFICS = ("Ông", "Bà")


def default_instruction(seats: int) -> str:
    """The marking instruction printed on the ballot: keep the chosen names, strike the rest."""
    return (
        "Cách bầu: giữ lại họ tên người mình chọn, gạch ngang họ tên người không chọn. "
        f"Chỉ được giữ lại nhiều nhất {seats} người. Phiếu giữ lại quá {seats} người, "
        "gạch hết tất cả các tên hoặc ghi thêm tên, chữ khác là phiếu không hợp lệ. "
        f"{FOLD_INSTRUCTION}"
    )


def question_instruction() -> str:
    """The marking instruction of a yes/no question's ballot: the same strike-out convention as a ballot."""
    return (
        "Cách ghi phiếu: giữ lại ý kiến mình chọn, gạch ngang ý kiến không chọn. Phiếu giữ lại cả hai ý kiến, "
        "gạch cả hai ý kiến hoặc ghi thêm chữ khác là phiếu không hợp lệ. "
        f"{FOLD_INSTRUCTION}"
    )


#: Printed on the ballot and repeated by the app's printing page (keep the two the same).
FOLD_INSTRUCTION = "Bầu xong, gấp mép dưới lên theo vạch “gấp” ở lề để che tên và mã phiếu, rồi bỏ vào hòm phiếu."


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _store_nfc(obj: object, *names: str) -> None:
    """Store the named str fields of a frozen dataclass in Unicode NFC."""
    for name in names:
        object.__setattr__(obj, name, _nfc(getattr(obj, name)))


@dataclass(frozen=True)
class Candidate:
    """Người ứng cử: one line of the ballot, e.g. "Ông Nguyễn Văn An"; on a question's ballot, one choice
    ("Đồng ý"), with no honorific."""

    honorific: str  #: "Ông" or "Bà"; "" for a choice of a question
    full_name: str

    def __post_init__(self) -> None:
        _store_nfc(self, "honorific", "full_name")
        if self.honorific not in (*HONORIFICS, ""):
            raise ValueError(f"honorific must be one of {HONORIFICS}, got {self.honorific!r}")
        if not self.full_name.strip():
            raise ValueError("a candidate needs a name")

    @property
    def display_name(self) -> str:
        return f"{self.honorific} {self.full_name}" if self.honorific else self.full_name


@dataclass(frozen=True)
class BallotSpec:
    """Phiếu bầu: everything printed on a ballot of one contest in one TDP, except its code.

    Candidates are printed in the order given: the caller sorts them
    (Vietnamese collation by given name). An empty ``instruction`` means
    the standard one for ``seats``.
    """

    issuer_lines: tuple[str, ...]  #: e.g. ("UBND PHƯỜNG NGỌC THỤY", "TỔ BẦU CỬ TDP SỐ 5")
    ward_name: str  #: e.g. "Phường Ngọc Thụy"
    tdp_label: str  #: e.g. "Tổ dân phố số 5"
    title: str  #: e.g. "PHIẾU BẦU TỔ TRƯỞNG TỔ DÂN PHỐ SỐ 5"
    round_label: str  #: e.g. "Bầu lần thứ nhất – ngày 15/10/2017"
    candidates: tuple[Candidate, ...]
    seats: int
    instruction: str = ""
    test: bool = False  #: a rehearsal ballot: printed with a loud band, never counted
    #: Phiếu lấy ý kiến: the yes/no question printed above the choices (the candidates are then the choices).
    question: str = ""

    def __post_init__(self) -> None:
        _store_nfc(self, "ward_name", "tdp_label", "title", "round_label", "instruction", "question")
        object.__setattr__(self, "issuer_lines", tuple(map(_nfc, self.issuer_lines)))
        object.__setattr__(self, "candidates", tuple(self.candidates))
        if not self.issuer_lines:
            raise ValueError("a ballot needs its issuer")
        if not self.candidates:
            raise ValueError("a ballot needs at least one candidate")
        if self.seats < 1:
            raise ValueError("a contest has at least one seat")
        if not self.question and any(not c.honorific for c in self.candidates):
            raise ValueError("a candidate needs 'Ông' or 'Bà' (only a question's choices go without)")
        if not self.instruction:
            instruction = question_instruction() if self.question else default_instruction(self.seats)
            object.__setattr__(self, "instruction", instruction)


@dataclass(frozen=True)
class BallotPage:
    """What changes from one printed ballot to the next."""

    serial: str  #: from payload.new_serials(); printed beside the code in short form
    payload: str  #: from payload.encode(); becomes the QR code
