"""Whether a TDP's map may change now: not while one of its elections is under way (live ballots printed or
the count started, and the count not yet locked)."""

from __future__ import annotations

from sqlalchemy import or_, select

from app.elections.models import Contest, ElectionRound
from app.extensions import db
from app.printing.models import PrintRun, RunStatus
from app.rules import format_date
from app.tally.models import ContestTally, TallyStatus


def busy_rounds(tdp_ids: list[int]) -> list[ElectionRound]:
    """The TDPs' rounds that are under way: live ballots printed (an active run) or a count opened past its
    zero report, while some contest of the round is not locked (final)."""
    if not tdp_ids:
        return []
    printed = select(Contest.round_id).join(PrintRun, PrintRun.contest_id == Contest.id).where(
        PrintRun.test.is_(False), PrintRun.status == RunStatus.ACTIVE)
    counting = select(Contest.round_id).join(ContestTally, ContestTally.contest_id == Contest.id).where(
        ContestTally.status != TallyStatus.SETUP)
    started = set(db.session.scalars(select(ElectionRound.id).where(
        ElectionRound.tdp_id.in_(tdp_ids), or_(ElectionRound.id.in_(printed), ElectionRound.id.in_(counting)))))
    if not started:
        return []
    final = select(ContestTally.contest_id).where(ContestTally.status == TallyStatus.FINAL)
    unfinished = set(db.session.scalars(select(Contest.round_id).where(Contest.round_id.in_(started),
                                                                       Contest.id.not_in(final))))
    return list(db.session.scalars(select(ElectionRound).where(ElectionRound.id.in_(unfinished))
                                   .order_by(ElectionRound.vote_date)))


def busy_message(tdp_names: dict[int, str], rounds: list[ElectionRound]) -> str:
    """"Tổ dân phố số 5 đang bầu cử (ngày bầu 15/10/2017: đã in phiếu hoặc đã bắt đầu kiểm phiếu) ..."."""
    round_ = rounds[0]
    return (f"{tdp_names.get(round_.tdp_id, 'Tổ dân phố')} đang trong cuộc bầu cử ngày "
            f"{format_date(round_.vote_date)} (đã in phiếu thật hoặc đã bắt đầu kiểm phiếu): không nhập, tách tổ "
            "được cho tới khi kiểm phiếu xong và khóa kết quả.")
