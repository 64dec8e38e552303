"""Is a scanned ballot genuine? Decode, check the signature, the run, the definition and the serial."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import bindparam, exists, select

from app.elections.models import Contest, ElectionRound
from app.extensions import db
from app.printing.models import BallotKey, BallotSerial, PrintRun, RunStatus
from ballots import payload


class VerifyReason(enum.StrEnum):
    MALFORMED = "MALFORMED"  #: not a ballot code at all
    UNKNOWN_VERSION = "UNKNOWN_VERSION"
    BAD_SIGNATURE = "BAD_SIGNATURE"  #: forged or altered
    UNKNOWN_CONTEST = "UNKNOWN_CONTEST"  #: no such contest here (another ward's or another copy's ballot)
    UNKNOWN_SERIAL = "UNKNOWN_SERIAL"  #: signed, but never printed here
    WRONG_DEFINITION = "WRONG_DEFINITION"  #: printed for another version of the candidate list
    VOID_RUN = "VOID_RUN"  #: from a print run that was voided
    SUPERSEDED = "SUPERSEDED"  #: printed for a round that a re-run (bầu lại) has replaced


REASON_MESSAGES = {
    VerifyReason.MALFORMED: "Không phải mã QR của phiếu bầu.",
    VerifyReason.UNKNOWN_VERSION: "Mã QR phiếu bầu theo mẫu không còn dùng.",
    VerifyReason.BAD_SIGNATURE: "Mã QR bị làm giả hoặc bị sửa: chữ ký không khớp.",
    VerifyReason.UNKNOWN_CONTEST: "Phiếu không thuộc cuộc bầu cử nào trên máy này.",
    VerifyReason.UNKNOWN_SERIAL: "Số sê-ri không có trong các đợt in phiếu.",
    VerifyReason.WRONG_DEFINITION: "Phiếu in cho một danh sách người ứng cử khác (đã thay đổi sau khi in).",
    VerifyReason.VOID_RUN: "Phiếu thuộc đợt in đã bị hủy.",
    VerifyReason.SUPERSEDED: "Phiếu thật của lần bầu trước; đã có bầu lại nên phiếu này không còn giá trị.",
}


@dataclass(frozen=True)
class RunFacts:
    """The columns of a print run that checking a ballot reads: read as plain columns, not as an object of the
    session (every scanned ballot reads them; the object's loading cost more than its statement, issue 15)."""

    id: int
    contest_id: int
    test: bool
    status: RunStatus
    definition_hash: str
    definition: dict


_RUN = PrintRun.__table__.c


@dataclass(frozen=True)
class Verification:
    genuine: bool
    reason: VerifyReason | None = None
    tdp_id: int | None = None
    contest_id: int | None = None
    test: bool | None = None
    serial: str | None = None
    run_id: int | None = None
    counted: bool = False
    #: What a caller needs of the print run (its definition above all), so it need not load it again.
    run: RunFacts | None = field(default=None, compare=False, repr=False)
    #: The election's signing key, for the count's keyed entry digest; never shown or serialised.
    key: bytes | None = field(default=None, compare=False, repr=False)

    @property
    def message(self) -> str | None:
        return REASON_MESSAGES[self.reason] if self.reason else None


#: Built once: the hot path of every scanned ballot should not rebuild its statements. One round trip gives
#: the key, the run the serial names, and whether a re-run has replaced the contest's round; in Core (plain
#: columns of the tables), so no object is loaded.
_KEY, _SERIAL, _ROUND = BallotKey.__table__.c, BallotSerial.__table__.c, ElectionRound.__table__.c
_KEY_AND_RUN = (
    select(_KEY.key, _RUN.id, _RUN.contest_id, _RUN.test, _RUN.status, _RUN.definition_hash, _RUN.definition,
           exists().where(_ROUND.election_id == bindparam("election_id"), _ROUND.tdp_id == bindparam("tdp_id"),
                          _ROUND.number > bindparam("number")))
    .select_from(BallotKey.__table__)
    .outerjoin(BallotSerial.__table__, _SERIAL.serial == bindparam("serial"))
    .outerjoin(PrintRun.__table__, _RUN.id == _SERIAL.run_id)
    .where(_KEY.election_id == bindparam("election_id"))
)


def _key_and_run(contest: Contest, serial: str) -> tuple[bytes | None, RunFacts | None, bool]:
    # Not cached across requests on purpose: SQLite may give a deleted election's id to a new one.
    round_ = contest.round
    row = db.session.execute(_KEY_AND_RUN, {"election_id": round_.election_id, "tdp_id": round_.tdp_id,
                                            "number": round_.number, "serial": serial}).first()
    if row is None:
        return None, None, False
    return row[0], RunFacts(*row[1:7]) if row[1] is not None else None, bool(row[7])


def verify(text: object, counted: Callable[[str], bool] = lambda serial: False) -> Verification:
    """Check a scanned payload. Never raises: every failure is a reason code.

    The contest named inside the (not yet trusted) payload says which election's key to check the
    signature with; only then are its fields believed."""
    fields = payload.peek(text)
    if fields is None:
        reason = payload.format_problem(text) or payload.DecodeReason.MALFORMED
        return Verification(False, VerifyReason(reason.value))
    contest = db.session.get(Contest, fields.contest_id)
    if contest is None or contest.round.tdp_id != fields.tdp_id:
        return Verification(False, VerifyReason.UNKNOWN_CONTEST)
    # One round trip for the key and the run the (not yet trusted) serial names; the run is used only
    # after the signature checks out.
    key, run, superseded = _key_and_run(contest, fields.serial)
    if key is None:
        return Verification(False, VerifyReason.UNKNOWN_CONTEST)
    decoded = payload.decode(text, key)
    if not decoded.ok:
        return Verification(False, VerifyReason(decoded.reason.value))
    f = decoded.fields
    base = {"tdp_id": f.tdp_id, "contest_id": f.contest_id, "test": f.test, "serial": f.serial}
    if run is None or run.contest_id != f.contest_id or run.test != f.test:
        return Verification(False, VerifyReason.UNKNOWN_SERIAL, **base)
    if run.definition_hash != f.definition:
        return Verification(False, VerifyReason.WRONG_DEFINITION, run_id=run.id, **base)
    if run.status is RunStatus.VOID:
        return Verification(False, VerifyReason.VOID_RUN, run_id=run.id, **base)
    if superseded:
        return Verification(False, VerifyReason.SUPERSEDED, run_id=run.id, **base)
    return Verification(True, None, run_id=run.id, counted=counted(f.serial), run=run, key=key, **base)
