"""A ballot whose QR code will not scan, counted through the short code printed beside it (D9).

The typed code carries no signature, so it is believed only as far as the database vouches for it: the
serial must belong to one of this contest's print runs, the run must not be void, and the round must not
have been replaced by a re-run. A 60-bit random serial is not guessable, and a serial counts once."""

from __future__ import annotations

import re

from sqlalchemy import exists, select

from app.elections.models import Contest, ElectionRound
from app.extensions import db
from app.printing.models import BallotKey, BallotSerial, PrintRun, RunStatus
from app.printing.verify import Verification, VerifyReason
from app.tally.errors import TallyError
from ballots import payload

#: What a person types from the paper: letters, digits, dashes and spaces, no colon (a QR text has them).
_TYPED = re.compile(r"[A-Za-z0-9 \-]{1,40}")

FORMAT_MESSAGE = ("Mã gõ tay không đúng: mã phiếu in cạnh mã QR có 12 ký tự (chữ A–Z và số 2–7, "
                  "ví dụ K7QF-2M9X-A3TB). Hãy đọc lại từng ký tự trên phiếu.")


def looks_typed(text: str) -> bool:
    """Is this what a person typed from the printed code rather than a (garbled) QR text?"""
    return bool(_TYPED.fullmatch(text.strip()))


def lookup(contest: Contest, text: str) -> Verification:
    """The ballot a typed short code names, checked against the contest's print runs; raises TallyError
    with a message that says what to do."""
    serial = payload.parse_short_serial(text.strip())
    if serial is None:
        raise TallyError("typed_format", FORMAT_MESSAGE)
    run = db.session.scalar(select(PrintRun).join(BallotSerial, BallotSerial.run_id == PrintRun.id)
                            .where(BallotSerial.serial == serial))
    if run is None:
        raise TallyError("typed_unknown", "Không có phiếu nào mang mã này trong các đợt in: có thể gõ nhầm một ký tự. "
                         "Hãy đọc lại mã trên phiếu.")
    if run.contest_id != contest.id:
        raise TallyError("wrong_contest", "Phiếu của tổ khác hoặc của cuộc bầu khác (tổ trưởng/tổ phó, hoặc lần bầu khác).")
    if run.status is RunStatus.VOID:
        raise TallyError("void_run", "Phiếu thuộc đợt in đã bị hủy.")
    round_ = contest.round
    if db.session.scalar(select(exists().where(ElectionRound.election_id == round_.election_id,
                                               ElectionRound.tdp_id == round_.tdp_id,
                                               ElectionRound.number > round_.number))):
        raise TallyError("superseded", "Phiếu thật của lần bầu trước; đã có bầu lại nên phiếu này không còn giá trị.")
    key = db.session.scalar(select(BallotKey.key).where(BallotKey.election_id == round_.election_id))
    return Verification(True, None, tdp_id=round_.tdp_id, contest_id=contest.id, test=run.test, serial=serial,
                        run_id=run.id, run=run, key=key)


__all__ = ["FORMAT_MESSAGE", "VerifyReason", "looks_typed", "lookup"]
