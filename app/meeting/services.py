"""The meeting's facts from the database, and where each role's work is: reads only (GET never writes)."""

from __future__ import annotations

from sqlalchemy import exists, select

from app.attendance import services as attendance
from app.auth.permissions import can
from app.elections.models import Election, ElectionRound
from app.extensions import db
from app.meeting.stepper import ContestProgress, MeetingFacts
from app.printing.models import BallotLedger
from app.results.models import Recognition, ResultsPackage
from app.tally.counts import totals
from app.tally.models import ContestTally, TallyStatus, VotingMethod


def _blocking(contest, tally: ContestTally) -> tuple[str, ...]:
    """What still stops the lock, read through the count page's own checks (without creating a ledger)."""
    from app.tally.result import count_view

    if tally.status is TallyStatus.SETUP:
        return ()
    if db.session.scalar(select(BallotLedger.id).where(BallotLedger.contest_id == contest.id)) is None \
            and tally.method is VotingMethod.SECRET_BALLOT:
        return ("Chưa ghi sổ phiếu (số phiếu đã phát, thu về, chưa dùng, hỏng).",)
    return tuple(p.message for p in count_view(contest).problems if p.blocking)


def meeting_facts(round_: ElectionRound) -> MeetingFacts:
    electorate = attendance.electorate(round_)
    # A TDP whose roll is not entered yet has no quorum to compute: its stepper waits at sign-in.
    present, reached = (0, False) if electorate == 0 else (lambda q: (q.present, q.reached))(attendance.quorum(round_))
    progress = []
    for contest in sorted(round_.contests, key=lambda c: c.position.value != "leader"):
        tally = db.session.scalar(select(ContestTally).where(ContestTally.contest_id == contest.id))
        ledger = db.session.scalar(select(BallotLedger).where(BallotLedger.contest_id == contest.id))
        if tally is None:
            progress.append(ContestProgress(contest.id, contest.position.value, False, True,
                                            ledger.issued if ledger else 0, 0, (), False))
            continue
        entered = totals(contest, tally)[0].returned
        progress.append(ContestProgress(
            contest.id, contest.position.value, tally.status is not TallyStatus.SETUP,
            tally.method is VotingMethod.SECRET_BALLOT, ledger.issued if ledger else 0, entered,
            _blocking(contest, tally), tally.status is TallyStatus.FINAL))
    sent = db.session.scalar(select(exists().where(ResultsPackage.round_id == round_.id))) or \
        db.session.scalar(select(exists().where(Recognition.round_id == round_.id)))
    return MeetingFacts(electorate, present, reached, tuple(progress), bool(sent))


def current_round(tdp_id: int) -> ElectionRound | None:
    """The round the TDP works on now: the latest round of its newest election."""
    return db.session.scalar(select(ElectionRound).join(Election).where(ElectionRound.tdp_id == tdp_id)
                             .order_by(Election.id.desc(), ElectionRound.number.desc()).limit(1))


def first_round(user) -> ElectionRound | None:
    """The current round of the first of the user's TDPs that has one."""
    for tdp in sorted(user.tdps, key=lambda t: t.number):
        found = current_round(tdp.id)
        if found is not None:
            return found
    return None


def open_contest(round_: ElectionRound):
    """The round's first contest whose count is not locked (the leader's first), else its first contest."""
    contests = sorted(round_.contests, key=lambda c: c.position.value != "leader")
    locked = set(db.session.scalars(select(ContestTally.contest_id).where(
        ContestTally.contest_id.in_([c.id for c in contests]), ContestTally.status == TallyStatus.FINAL)))
    return next((c for c in contests if c.id not in locked), contests[0] if contests else None)


def landing(user) -> tuple[str, dict]:
    """Where the user's own work is: (endpoint, arguments). Decided by what the permission table lets the
    user do, in this order: the ward's overview (ward-wide roles), the meeting (the election team), the
    count (the counting board), vetting (the party cell); else the ward's TDP list."""
    if user.is_ward_wide:
        return "dashboard.index", {}
    round_ = first_round(user)
    if round_ is None:
        return "wards.home", {}
    tdp_id = round_.tdp_id
    if can(user, "attendance.signin", tdp_id) or can(user, "tally.setup", tdp_id):
        return "meeting.round_page", {"round_id": round_.id}
    if can(user, "tally.enter", tdp_id) or can(user, "tally.lock", tdp_id):
        contest = open_contest(round_)
        if contest is not None:
            return "tally.contest", {"contest_id": contest.id}
        return "meeting.round_page", {"round_id": round_.id}
    if can(user, "candidates.vet", tdp_id):
        return "candidates.round_page", {"round_id": round_.id}
    return "wards.home", {}


def accounts_for(action: str, tdp_id: int, ward_id: int) -> list[str]:
    """The active accounts that may do `action` on the TDP, by the permission table: the TDP's own first
    (so a page can say "Chờ Tổ bầu cử mở nhập phiếu (tài khoản tobaucu5)")."""
    from app.auth.models import User, UserDuty, user_tdps
    from app.auth.permissions import rule

    duties = rule(action).duties
    users = db.session.scalars(
        select(User).join(UserDuty, UserDuty.user_id == User.id)
        .where(User.ward_id == ward_id, User.active.is_(True), UserDuty.duty.in_(list(duties)))
        .distinct().order_by(User.username)).all()
    scoped = set(db.session.scalars(select(user_tdps.c.user_id).where(user_tdps.c.tdp_id == tdp_id)))
    own = [u.username for u in users if u.id in scoped and can(u, action, tdp_id)]
    ward_wide = [u.username for u in users if u.id not in scoped and can(u, action, tdp_id)]
    return own or ward_wide
