"""The minutes' signed codes: which locked results a paper stands for, the signing key, and the check of
a paper copy against the database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.auth.permissions import can
from app.elections.models import Contest, Election, ElectionRound
from app.extensions import db
from app.minutes import digest
from app.minutes.wording import OFFICES
from app.printing.models import BallotKey
from app.printing.services import ballot_key
from app.tally.models import ContestTally, TallyStatus
from app.wards.models import Tdp

MESSAGES = {
    None: "Bản giấy khớp với kết quả đang lưu trên hệ thống.",
    "malformed": "Không phải mã QR của biên bản (mã phải bắt đầu bằng BB1:).",
    "bad_signature": "Mã QR bị làm giả hoặc bị sửa: chữ ký không khớp. Bản giấy này không do hệ thống in ra.",
    "unknown": "Không tìm thấy biên bản này trên hệ thống, hoặc biên bản không thuộc phạm vi của bạn.",
    "changed_since_print": "Mã QR do hệ thống in ra, nhưng kết quả đang lưu đã thay đổi sau khi in (kết quả đã "
                           "được mở khóa rồi sửa hoặc chưa chốt lại): bản giấy này không còn khớp.",
}


class MinutesError(Exception):
    """Minutes that cannot be printed yet; `message` is Vietnamese, `status` the HTTP status."""

    def __init__(self, code: str, message: str, *, status: int = 409):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


@dataclass(frozen=True)
class MinutesCheck:
    """What a scanned or typed minutes code says, checked against the database. `ok` only when the code
    is genuine AND the stored result still matches the paper; `matches_stored` is False for a genuine
    paper whose result changed since (reason "changed_since_print")."""

    ok: bool
    reason: str | None  #: None, "malformed", "bad_signature", "unknown", "changed_since_print"
    kind: str | None = None  #: "counting" or "meeting"
    object: int | None = None  #: the contest id (counting) or the round id (meeting)
    matches_stored: bool = False
    tdp_id: int | None = None
    label: str | None = None  #: what the paper is, in Vietnamese

    @property
    def message(self) -> str:
        return MESSAGES[self.reason]


KINDS = {digest.COUNTING: "counting", digest.MEETING: "meeting"}


def locked_result(contest: Contest) -> dict | None:
    """The contest's locked snapshot, or None while its count is not final. Creates nothing."""
    tally = db.session.scalar(select(ContestTally).where(ContestTally.contest_id == contest.id))
    return tally.result if tally is not None and tally.status is TallyStatus.FINAL else None


def require_locked(contest: Contest) -> dict:
    """The locked snapshot; raises MinutesError (409) while the result is not final."""
    result = locked_result(contest)
    if result is None:
        raise MinutesError("not_final", "Kết quả kiểm phiếu chưa được chốt: biên bản kiểm phiếu chỉ in được từ kết "
                           "quả đã chốt. Hãy hoàn tất đối chiếu và chốt kết quả trước.")
    return result


def round_digest(round_: ElectionRound) -> str:
    """One digest over the round's contests as they stand: each locked result's digest, or none."""
    return digest.meeting_digest(round_.id, {c.id: (locked_result(c) or {}).get("digest") for c in round_.contests})


def signing_key(election: Election) -> bytes:
    """The election's key, which exists from the election's creation (app.elections.preparation), so a
    minutes page signs without writing anything."""
    return ballot_key(election)


def counting_qr(contest: Contest, snapshot: dict) -> str:
    code = digest.MinutesCode(digest.COUNTING, contest.id, digest.short_digest(snapshot["digest"]))
    return digest.encode(code, signing_key(contest.round.election))


def meeting_qr(round_: ElectionRound) -> str:
    code = digest.MinutesCode(digest.MEETING, round_.id, digest.short_digest(round_digest(round_)))
    return digest.encode(code, signing_key(round_.election))


def grouped(short: str) -> str:
    """"3F2A91C07D4E5B6A8C9D" → "3F2A9-1C07D-4E5B6-A8C9D", for reading aloud and typing."""
    return "-".join(short[i:i + 5] for i in range(0, len(short), 5))


def _target(code: digest.MinutesCode) -> tuple[int, int, str, str] | None:
    """(election id, TDP id, what the database holds now as short digest, label) or None."""
    if code.kind == digest.COUNTING:
        contest = db.session.get(Contest, code.object_id)
        if contest is None:
            return None
        result = locked_result(contest)
        current = digest.short_digest(result["digest"]) if result else ""
        label = (f"Biên bản kiểm phiếu bầu {OFFICES[contest.position.value]} – {contest.round.tdp.name}, "
                 f"bầu lần {contest.round.number}")
        return contest.round.election_id, contest.round.tdp_id, current, label
    round_ = db.session.get(ElectionRound, code.object_id)
    if round_ is None:
        return None
    label = f"Biên bản hội nghị bầu cử – {round_.tdp.name}, bầu lần {round_.number}"
    return round_.election_id, round_.tdp_id, digest.short_digest(round_digest(round_)), label


def verify_minutes_qr(text: object) -> MinutesCheck:
    """Check the text of a minutes QR code (scanned or typed). Never raises: every failure is a reason.

    The object named in the (not yet trusted) text says which election's key to check with; only a
    genuine signature makes its fields believed, and only then is the stored result compared."""
    parsed = digest.parse(text)
    if parsed is None:
        return MinutesCheck(False, "malformed")
    code, mac = parsed
    kind = KINDS[code.kind]
    target = _target(code)
    if target is None:
        return MinutesCheck(False, "unknown", kind, code.object_id)
    election_id, tdp_id, current, label = target
    key = db.session.scalar(select(BallotKey.key).where(BallotKey.election_id == election_id))
    if key is None:
        return MinutesCheck(False, "unknown", kind, code.object_id)
    if not digest.signed(code, mac, key):
        return MinutesCheck(False, "bad_signature", kind, code.object_id, False, tdp_id)
    if current != code.digest:
        return MinutesCheck(False, "changed_since_print", kind, code.object_id, False, tdp_id, label)
    return MinutesCheck(True, None, kind, code.object_id, True, tdp_id, label)


def scoped(check: MinutesCheck, user) -> MinutesCheck:
    """The check as `user` may see it: a paper of another ward, or of a TDP outside the user's scope, is
    reported as unknown, so the check page tells nobody what exists beyond their reach."""
    if check.tdp_id is None:
        return check
    tdp = db.session.get(Tdp, check.tdp_id)
    if tdp is None or tdp.ward_id != user.ward_id or not can(user, "tdp.view", tdp.id):
        return MinutesCheck(False, "unknown", check.kind, check.object)
    return check
