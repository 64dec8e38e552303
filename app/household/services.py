"""The household ballot round's steps: record the failed meeting and its next step; open the round with
its plan; form the collection teams and split the households; issue counted stacks and seals; close each
team with its reconciliation; close the round. Every step is audited. Functions flush; callers commit."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from flask import current_app
from sqlalchemy import select

from app.attendance.models import Attendance
from app.attendance.services import quorum
from app.audit.services import record
from app.candidates.models import Candidate, ElectionTeamMember
from app.core.db import utcnow
from app.elections.models import Contest, ElectionRound, Position
from app.extensions import db
from app.household.models import CollectionTeam, HouseholdRound, MeetingFailure, NextStep, Recipients, RoundKind
from app.plan import services as plan_services
from app.plan.models import Plan
from app.plan.schedule import Body, Due, DueRule
from app.printing import ledger
from app.rolls.models import Household, HouseholdStatus
from app.rules import (
    QUESTION_NO,
    QUESTION_YES,
    InvalidInput,
    QuestionResult,
    TeamReturn,
    check_period,
    check_team,
    decision_deadline,
    format_date,
    reconcile_team,
    share_of,
    split_households,
)
from app.rules.household_round import DEFAULT_MAX_PERIOD_DAYS
from app.tally.models import ContestTally, TallyStatus


class HouseholdError(Exception):
    """A step refused: `code` stable, `message` Vietnamese naming the row or field, `field` for the form."""

    def __init__(self, code: str, message: str, *, field: str | None = None, status: int = 422):
        super().__init__(message)
        self.code, self.message, self.field, self.status = code, message, field, status


def _raise(error: InvalidInput, field: str | None = None):
    raise HouseholdError(error.code, error.message, field=field) from None


def failure_of(round_: ElectionRound) -> MeetingFailure | None:
    return db.session.scalar(select(MeetingFailure).where(MeetingFailure.round_id == round_.id))


def household_round_of(round_: ElectionRound) -> HouseholdRound | None:
    return db.session.scalar(select(HouseholdRound).where(HouseholdRound.round_id == round_.id))


def record_failure(actor, round_: ElectionRound, note: str = "") -> MeetingFailure:
    """Ghi nhận hội nghị không đủ số hộ: refused while quorum is reached or when already recorded."""
    if failure_of(round_) is not None:
        raise HouseholdError("exists", "Đã ghi nhận hội nghị không đủ số hộ cho lần bầu này.", status=409)
    q = quorum(round_)
    if q.reached:
        raise HouseholdError("quorum_reached", f"Hội nghị đã đủ quá nửa số hộ ({q.present}/{q.electorate}); "
                                               "không ghi nhận là không thành được.")
    failure = MeetingFailure(round_id=round_.id, found_at=utcnow(), electorate=q.electorate, present=q.present,
                             required=q.needed, note=note.strip()[:1000], recorded_by_id=getattr(actor, "id", None))
    db.session.add(failure)
    db.session.flush()
    record(actor, "household.meeting_failed", "round", round_.id, tdp_id=round_.tdp_id,
           after={"electorate": q.electorate, "present": q.present, "required": q.needed})
    return failure


def reschedule(actor, failure: MeetingFailure, day: date) -> MeetingFailure:
    """Next step: hold the meeting again on `day` (after the failed one)."""
    if failure.next_step is NextStep.HOUSEHOLD_ROUND:
        raise HouseholdError("round_open", "Đã mở đợt lấy ý kiến hộ gia đình bằng phiếu.", status=409)
    if day <= failure.round.vote_date:
        raise HouseholdError("date", f"Ngày họp lại phải sau ngày {format_date(failure.round.vote_date)}.",
                             field="day")
    failure.next_step, failure.rescheduled_to = NextStep.RESCHEDULE, day
    db.session.flush()
    record(actor, "household.reschedule", "round", failure.round_id, tdp_id=failure.round.tdp_id,
           after={"day": day.isoformat()})
    return failure


def open_round(actor, round_: ElectionRound, *, kind: RoundKind, start: date, end: date,
               recipients: Recipients = Recipients.ALL, question: str = "", box_carrier: str = "") -> HouseholdRound:
    """Mở đợt lấy ý kiến hộ gia đình: a candidates round needs a recorded failed meeting; a yes/no round
    needs its question, and gets its contest (Position.QUESTION) whose ballots are printed and counted as
    an election's. The decision is due DECISION_WORKING_DAYS working days after the period ends."""
    if household_round_of(round_) is not None:
        raise HouseholdError("exists", "Lần bầu này đã có đợt lấy ý kiến hộ gia đình.", status=409)
    failure = failure_of(round_)
    if kind is RoundKind.CANDIDATES and failure is None:
        raise HouseholdError("no_failure", "Chỉ lấy ý kiến hộ gia đình bằng phiếu khi hội nghị không đủ quá nửa số "
                                           "hộ: hãy ghi nhận hội nghị không thành trước.")
    if kind is RoundKind.QUESTION and not question.strip():
        raise HouseholdError("question", "Hãy ghi nội dung hỏi ý kiến (ví dụ đổi tên tổ dân phố).", field="question")
    try:
        check_period(start, end, current_app.config.get("HOUSEHOLD_MAX_PERIOD_DAYS", DEFAULT_MAX_PERIOD_DAYS))
    except InvalidInput as error:
        _raise(error, "end")
    hround = HouseholdRound(round_id=round_.id, kind=kind, question=question.strip(), period_start=start,
                            period_end=end, recipients=recipients, box_carrier=box_carrier.strip()[:200],
                            decision_due=decision_deadline(end), opened_by_id=getattr(actor, "id", None))
    db.session.add(hround)
    if failure is not None:
        failure.next_step = NextStep.HOUSEHOLD_ROUND
    if kind is RoundKind.QUESTION:
        # The question is a contest of the round (printed, counted, locked as any), by round_id only: it stays
        # out of round_.contests, which holds the round's seats.
        db.session.add(Contest(round_id=round_.id, position=Position.QUESTION, seats=1))
    db.session.flush()
    _into_plan(actor, round_, hround)
    record(actor, "household.open", "round", round_.id, tdp_id=round_.tdp_id,
           after={"kind": kind.value, "start": start.isoformat(), "end": end.isoformat(),
                  "recipients": recipients.value, "decision_due": hround.decision_due.isoformat()})
    return hround


def _into_plan(actor, round_: ElectionRound, hround: HouseholdRound) -> None:
    """Put the round's two dates into the election's plan, when it has one (and so into the plan's .ics):
    the end of the collection period and the decision's deadline at the ward."""
    plan = db.session.scalar(select(Plan).where(Plan.election_id == round_.election_id))
    if plan is None:
        return
    tdp = round_.tdp
    for title, day in ((f"Tổ {tdp.number}: kết thúc thu phiếu lấy ý kiến hộ gia đình", hround.period_end),
                       (f"Tổ {tdp.number}: gửi kết quả lấy ý kiến hộ gia đình đến UBND và UBMTTQ phường "
                        "(5 ngày làm việc sau khi kết thúc thu phiếu)", hround.decision_due)):
        plan_services.add_task(actor, plan, plan_services.TaskInput(
            title=title, body=Body.STEERING_COMMITTEE, per_tdp=False, due=Due(DueRule.ABSOLUTE, on=day),
            details="Nghị định 59/2023, Điều 4: lấy ý kiến hộ gia đình bằng phiếu khi hội nghị không đủ quá nửa."))


def _require_open(hround: HouseholdRound) -> None:
    if hround.closed_at is not None:
        raise HouseholdError("closed", "Đợt lấy ý kiến đã kết thúc; không sửa được.", status=409)


def add_team(actor, hround: HouseholdRound, members: Collection[int]) -> CollectionTeam:
    """A collection team of election-team members of this round (at least two, never a candidate)."""
    _require_open(hround)
    team_people = set(db.session.scalars(select(ElectionTeamMember.person_id)
                                         .where(ElectionTeamMember.round_id == hround.round_id)))
    strangers = set(members) - team_people
    if strangers:
        raise HouseholdError("not_team", "Chỉ thành viên tổ bầu cử của lần bầu này được đi thu phiếu.",
                             field="members")
    standing = set(db.session.scalars(select(Candidate.person_id).where(Candidate.round_id == hround.round_id,
                                                                         Candidate.withdrawn_at.is_(None))))
    number = max((t.number for t in hround.teams), default=0) + 1
    try:
        check_team(members, standing, f"Tổ thu phiếu số {number}")
    except InvalidInput as error:
        _raise(error, "members")
    busy = {p for t in hround.teams for p in t.members} & set(members)
    if busy:
        raise HouseholdError("busy", "Một người chỉ ở một tổ thu phiếu.", field="members")
    team = CollectionTeam(number=number, members=sorted(members), households=[], stacks=[])
    hround.teams.append(team)
    db.session.flush()
    record(actor, "household.team", "household_round", hround.id, tdp_id=hround.round.tdp_id,
           after={"team": number, "members": team.members})
    return team


def recipients_of(hround: HouseholdRound) -> list[int]:
    """Household ids that receive a ballot, by code: every active household, or only the absent ones."""
    rows = db.session.execute(select(Household.id, Household.code).where(
        Household.tdp_id == hround.round.tdp_id, Household.status == HouseholdStatus.ACTIVE)).all()
    ids = [hid for hid, _ in sorted(rows, key=lambda r: r[1])]
    if hround.recipients is Recipients.ABSENT:
        came = set(db.session.scalars(select(Attendance.household_id).where(
            Attendance.round_id == hround.round_id, Attendance.undone_at.is_(None))))
        ids = [i for i in ids if i not in came]
    return ids


def split(actor, hround: HouseholdRound) -> None:
    """Share the receiving households among the teams in code order, as evenly as possible."""
    _require_open(hround)
    if not hround.teams:
        raise HouseholdError("no_teams", "Hãy lập ít nhất một tổ thu phiếu trước khi chia hộ.")
    if any(t.closed_at for t in hround.teams):
        raise HouseholdError("closed_team", "Đã có tổ kết thúc thu phiếu; không chia lại hộ được.", status=409)
    for team, block in zip(hround.teams, split_households(recipients_of(hround), len(hround.teams)), strict=True):
        team.households = block
    db.session.flush()
    record(actor, "household.split", "household_round", hround.id, tdp_id=hround.round.tdp_id,
           after={"teams": {t.number: len(t.households) for t in hround.teams}})


def issue(actor, team: CollectionTeam, stacks: Sequence[int], seal_start: str) -> CollectionTeam:
    """Giao phiếu: counted stacks (sizes only, never serials) and the sealed box's seal number."""
    _require_open(team.household_round)
    if team.closed_at is not None:
        raise HouseholdError("closed", f"Tổ thu phiếu số {team.number} đã kết thúc.", status=409)
    if not stacks or any(not isinstance(n, int) or n <= 0 for n in stacks):
        raise HouseholdError("stacks", f"Tổ thu phiếu số {team.number}: mỗi xấp phiếu phải có số phiếu nguyên dương.",
                             field="stacks")
    if not seal_start.strip():
        raise HouseholdError("seal", f"Tổ thu phiếu số {team.number}: hãy ghi số niêm phong hòm phiếu.",
                             field="seal_start")
    team.stacks, team.seal_start = list(stacks), seal_start.strip()[:40]
    db.session.flush()
    record(actor, "household.issue", "household_round", team.household_round_id,
           tdp_id=team.household_round.round.tdp_id,
           after={"team": team.number, "stacks": team.stacks, "seal_start": team.seal_start})
    return team


def close_team(actor, team: CollectionTeam, *, delivered: int, returned: int, unused: int, spoiled: int,
               seal_end: str) -> CollectionTeam:
    """Mở hòm trước người chứng kiến and reconcile: received = delivered + unused + spoiled, returned ≤
    delivered ≤ households covered. Nothing is saved unless every rule holds. What the returned ballots
    say (names or yes/no) is not added up per team: the ballots go to the count, as at a meeting."""
    hround = team.household_round
    _require_open(hround)
    if team.closed_at is not None:
        raise HouseholdError("closed", f"Tổ thu phiếu số {team.number} đã kết thúc.", status=409)
    if not team.stacks:
        raise HouseholdError("no_stacks", f"Tổ thu phiếu số {team.number} chưa nhận phiếu.")
    label = f"Tổ thu phiếu số {team.number}"
    try:
        problems = reconcile_team(TeamReturn(team.received, delivered, returned, unused, spoiled),
                                  len(team.households), label)
    except InvalidInput as error:
        _raise(error, "delivered")
    if problems:
        raise HouseholdError(problems[0].code, " ".join(p.message for p in problems), field="delivered")
    if not seal_end.strip():
        raise HouseholdError("seal", f"{label}: hãy ghi số niêm phong khi mở hòm.", field="seal_end")
    closing = {"delivered": delivered, "returned": returned, "unused": unused, "spoiled": spoiled}
    team.closing, team.seal_end, team.closed_at = closing, seal_end.strip()[:40], utcnow()
    db.session.flush()
    record(actor, "household.close_team", "household_round", hround.id, tdp_id=hround.round.tdp_id,
           after={"team": team.number, "seal_end": team.seal_end} | closing)
    return team


def totals(hround: HouseholdRound) -> dict[str, int]:
    """Sums over the closed teams: received, delivered, returned, unused, spoiled."""
    keys = ("delivered", "returned", "unused", "spoiled")
    out = {k: sum((t.closing or {}).get(k, 0) for t in hround.teams) for k in keys}
    out["received"] = sum(t.received for t in hround.teams)
    return out


def close_round(actor, hround: HouseholdRound) -> HouseholdRound:
    """Kết thúc đợt: every team closed. The ballot ledgers of what was voted on (the round's contests, or
    the question's) take the teams' totals (issued = delivered), so the count reconciles against them."""
    _require_open(hround)
    if not hround.teams or any(t.closed_at is None for t in hround.teams):
        raise HouseholdError("teams_open", "Còn tổ thu phiếu chưa kết thúc (chưa mở hòm, đối chiếu phiếu).")
    sums = totals(hround)
    for contest in voted_contests(hround):
        ledger.update_ledger(actor, contest, {"issued": sums["delivered"], "returned": sums["returned"],
                                              "unused": sums["unused"], "spoiled": sums["spoiled"]})
    hround.closed_at = utcnow()
    db.session.flush()
    record(actor, "household.close", "household_round", hround.id, tdp_id=hround.round.tdp_id, after=sums)
    return hround


def question_contest_of(round_: ElectionRound) -> Contest | None:
    """The contest of the round's household yes/no question, if it has one."""
    return db.session.scalar(select(Contest).where(Contest.round_id == round_.id,
                                                   Contest.position == Position.QUESTION))


def voted_contests(hround: HouseholdRound) -> list[Contest]:
    """What the households' ballots decide: the round's contests (an election) or the question's contest."""
    if hround.kind is RoundKind.CANDIDATES:
        return list(hround.round.contests)
    contest = question_contest_of(hround.round)
    return [contest] if contest is not None else []


def question_result(hround: HouseholdRound) -> QuestionResult | None:
    """The yes/no result as the count locked it (more than half of ALL households on the roll must keep
    "Đồng ý"), or None until the question's count is locked."""
    contest = question_contest_of(hround.round)
    tally = contest and db.session.scalar(select(ContestTally).where(ContestTally.contest_id == contest.id))
    if not tally or tally.status is not TallyStatus.FINAL or not tally.result:
        return None
    return question_of_snapshot(tally.result)


def question_of_snapshot(result: dict) -> QuestionResult:
    """A locked question count's figures as the rule core's QuestionResult (no decision is made again)."""
    votes = {v["person"]: v["votes"] for v in result["votes"]}
    yes, no, households = votes.get(QUESTION_YES, 0), votes.get(QUESTION_NO, 0), result["electorate"]
    return QuestionResult(households, result["returned"], yes, no, result["returned"] - result["valid"],
                          result["threshold"], bool(result["elected"]), share_of(yes, households))


def count_basis(contest: Contest) -> int | None:
    """For the count of a contest decided by household ballots (the round's seats in a candidates round,
    or the question): the households that received a ballot (stands where a meeting counts those present);
    None for a contest decided at a meeting."""
    hround = household_round_of(contest.round)
    if hround is None or (hround.kind is RoundKind.QUESTION) != (contest.position is Position.QUESTION):
        return None
    return totals(hround)["delivered"]
