"""Nominations, the election team, the consultation and the contests a round needs.

Every function takes the acting user, checks policy, writes an audit record and flushes; callers commit.
The list's publication and the ballots' freeze live in app.candidates.publishing and are re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.attendance.services import electorate, present_count
from app.audit.services import record
from app.candidates import matching
from app.candidates.models import (
    Candidate,
    ConsultationOutcome,
    ElectionTeamMember,
    NominationSource,
    TeamRole,
    VettingDecision,
)
from app.candidates.policy import (
    CandidateError,
    ConfirmMatch,
    ListFrozen,
    ListPublished,
    ensure_changeable,
    is_frozen,
    rule_set_of,
)
from app.candidates.publishing import final_list, freeze, publish, unfreeze, unpublish
from app.core.db import utcnow
from app.elections.models import Contest, DeputyMode, ElectionRound, Position
from app.extensions import db
from app.rolls.models import Gender, Household, HouseholdStatus, Person
from app.rules import InvalidInput, check_candidate_count, fold, get_rule_set, normalize_name
from app.tally.models import ContestTally, TallyStatus

__all__ = ["CandidateError", "ConfirmMatch", "ListFrozen", "ListPublished", "PersonChoice", "add_member", "final_list", "freeze",
           "is_frozen", "nominate", "publish", "record_consultation", "remove_member", "sync_contests", "unfreeze",
           "unpublish", "withdraw"]

POSITION_WORDS = {Position.LEADER: "tổ trưởng", Position.DEPUTY: "tổ phó"}
TEAM_ROLE_WORDS = {TeamRole.HEAD: "tổ trưởng tổ bầu cử", TeamRole.SECRETARY: "thư ký tổ bầu cử",
                   TeamRole.MEMBER: "thành viên tổ bầu cử"}


@dataclass(frozen=True)
class PersonChoice:
    """A resident: a household representative by household code, or someone else of the TDP, described.

    `match` answers a ConfirmMatch: the id of the known person the described resident is, or "new"."""

    household_code: str | None = None
    full_name: str = ""
    gender: Gender | None = None
    birth_date: date | None = None
    birth_year: int | None = None
    address: str = ""
    match: str = ""


@dataclass(frozen=True)
class Resolved:
    """The person chosen, the address to print, and, when a typed resident was found in the TDP, how."""

    person: Person
    address: str
    reused: str | None = None


def _who(person: Person) -> str:
    return f"{person.honorific} {person.full_name}"


def resolve_person(tdp_id: int, choice: PersonChoice, *, need_address: bool = True) -> Resolved:
    """The chosen resident and their address.

    A described resident is matched against the TDP's persons (matching.find): an exact match (name, birth
    year, address) is that person; a near match raises ConfirmMatch unless `choice.match` names one of the
    near matches or says "new"; otherwise a new Person of the TDP is created (flushed). Raises
    CandidateError for an unknown household code, a missing name or address, or a bad confirmation."""
    code = (choice.household_code or "").strip()
    if code:
        household = db.session.scalar(select(Household).where(
            Household.tdp_id == tdp_id, Household.code == code, Household.status == HouseholdStatus.ACTIVE))
        if household is None:
            raise CandidateError(f"Không có hộ đang cư trú mã “{code}” trong tổ dân phố này.", "household")
        return Resolved(household.representative, household.address)
    name = normalize_name(choice.full_name)
    if not name:
        raise CandidateError("Hãy chọn một hộ trong danh sách cử tri, hoặc nhập họ và tên người khác trong tổ.",
                             "household")
    if need_address and not choice.address.strip():
        raise CandidateError("Hãy ghi nơi cư trú của người này trong tổ dân phố.", "address")
    year = choice.birth_year or (choice.birth_date.year if choice.birth_date else None)
    known = matching.find(tdp_id, name, year, choice.address)
    exact = [k for k in known if k.match is matching.Match.EXACT]
    picked = next((k for k in known if choice.match and str(k.person.id) == choice.match), None)
    if len(exact) == 1 and picked is None:
        picked = exact[0]
    if choice.match and choice.match != "new" and picked is None:
        raise CandidateError("Người đã chọn không còn khớp với tên vừa nhập; hãy chọn lại.", "match")
    if picked is not None:
        address = choice.address.strip() or picked.address
        where = f"đại diện hộ {picked.household_code}" if picked.household_code else "người đã có trong tổ"
        return Resolved(picked.person, address, f"{_who(picked.person)} đã có trong danh sách của tổ ({where}): "
                        "dùng hồ sơ sẵn có, không tạo người mới.")
    if known and choice.match != "new":
        raise ConfirmMatch(name, [(k.person.id, k.label) for k in known])
    person = Person(tdp_id=tdp_id, full_name=name, search_name=fold(name), gender=choice.gender,
                    birth_date=choice.birth_date, birth_year=year)
    db.session.add(person)
    db.session.flush()
    return Resolved(person, choice.address.strip())


def _standing_in_round(round_id: int, person_id: int) -> Candidate | None:
    return db.session.scalar(select(Candidate).where(
        Candidate.round_id == round_id, Candidate.person_id == person_id, Candidate.withdrawn_at.is_(None)))


def _team_member(round_id: int, person_id: int) -> ElectionTeamMember | None:
    return db.session.scalar(select(ElectionTeamMember).where(
        ElectionTeamMember.round_id == round_id, ElectionTeamMember.person_id == person_id))


def _check_other_rounds(round_: ElectionRound, position: Position, person: Person) -> None:
    """Refuse a person elected in another round of the same election and TDP (for either post), or still
    standing there for the other post with no locked result: one person holds one post."""
    rows = db.session.execute(
        select(Candidate, ElectionRound.number, ContestTally)
        .join(ElectionRound, ElectionRound.id == Candidate.round_id)
        .outerjoin(ContestTally, ContestTally.contest_id == Candidate.contest_id)
        .where(Candidate.person_id == person.id, Candidate.withdrawn_at.is_(None),
               ElectionRound.election_id == round_.election_id, ElectionRound.tdp_id == round_.tdp_id,
               ElectionRound.id != round_.id)
        .order_by(ElectionRound.number)).all()
    for other, number, tally in rows:
        post = POSITION_WORDS[other.contest.position]
        final = tally is not None and tally.status is TallyStatus.FINAL and tally.result
        if final and person.id in {int(e["person"]) for e in tally.result.get("elected", [])}:
            raise CandidateError(
                f"{_who(person)} đã trúng cử {post} ở lần bầu thứ {number}. Một người không thể giữ cả hai chức "
                "danh tổ trưởng và tổ phó, nên không thể được đề cử trong lần bầu này.", "household",
                "candidates.already_elected")
        if not final and other.contest.position is not position and other.decision is not VettingDecision.REJECTED:
            raise CandidateError(
                f"{_who(person)} đang ứng cử {post} ở lần bầu thứ {number} và chưa có kết quả. Một người không thể "
                f"cùng lúc ứng cử tổ trưởng và tổ phó; hãy rút đề cử {post} trước.", "household",
                "candidates.both_positions")


def standing(contest: Contest) -> list[Candidate]:
    """The contest's candidates still in the race (not withdrawn, not refused by the party cell)."""
    rows = db.session.scalars(select(Candidate).where(Candidate.contest_id == contest.id,
                                                      Candidate.withdrawn_at.is_(None)))
    return [c for c in rows if c.decision is not VettingDecision.REJECTED]


def check_room(contest: Contest, adding: int = 1) -> None:
    rule_set, count = rule_set_of(contest), len(standing(contest))
    try:
        check_candidate_count(count + adding, contest.seats, rule_set)
    except InvalidInput as error:
        if error.code != "candidates.too_many":
            return
        raise CandidateError(
            f"Theo {rule_set.title}, bầu {contest.seats} {POSITION_WORDS[contest.position]} chỉ được có tối đa "
            f"{error.params['max']} người ứng cử; danh sách đã có {count} người. "
            "Hãy rút bớt một người trước khi đề cử thêm.", "household", "candidates.too_many") from None


def room_problem(contest: Contest) -> str | None:
    """Why nobody more can be nominated now (the list is full for the rule set), or None: the page disables
    the nomination form with this reason instead of letting the user learn it on submit (D27)."""
    try:
        check_room(contest)
    except CandidateError as error:
        return error.message
    return None


def _check_source(contest: Contest, source: NominationSource) -> None:
    rule_set = rule_set_of(contest)
    if source.at_meeting and not rule_set.nominations_at_meeting:
        raise CandidateError(
            f"Theo {rule_set.title}, không nhận tự ứng cử hoặc giới thiệu tại hội nghị: người ứng cử do Ban công tác "
            "Mặt trận phối hợp với chi bộ và tổ trưởng, tổ phó đương nhiệm giới thiệu, hoặc là người đương nhiệm "
            "tái cử.", "source", "candidates.no_meeting_nominations")
    election = contest.round.election
    if contest.position is Position.DEPUTY and election.deputy_mode is DeputyMode.APPOINTED:
        raise CandidateError("Cuộc bầu cử này không bầu tổ phó: tổ phó do tổ trưởng chọn sau khi được bầu.",
                             "source", "candidates.deputies_appointed")


def nominate(actor, contest: Contest, choice: PersonChoice, source: NominationSource, proposer: str = "") -> Candidate:
    """Put a resident of the contest's TDP on its list.

    Raises ListFrozen/ListPublished when the list may not change, and CandidateError when the rule set
    does not take this kind of nomination, the list is full for the rule set's per-seat limit, the person
    sits on the round's election team, or already stands in this round (for this or the other position)."""
    ensure_changeable(contest)
    _check_source(contest, source)
    check_room(contest)
    round_ = contest.round
    resolved = resolve_person(round_.tdp_id, choice)
    person, address = resolved.person, resolved.address
    if (member := _team_member(round_.id, person.id)) is not None:
        raise CandidateError(
            f"{_who(person)} là {TEAM_ROLE_WORDS[member.role]} của tổ; thành viên tổ bầu cử không được ứng cử. "
            "Muốn đề cử người này, hãy rút người đó khỏi tổ bầu cử trước.", "household", "candidates.team_member")
    if (other := _standing_in_round(round_.id, person.id)) is not None:
        if other.contest_id == contest.id:
            raise CandidateError(f"{_who(person)} đã có trong danh sách người ứng cử này.", "household",
                                 "candidates.duplicate")
        raise CandidateError(
            f"{_who(person)} đang ứng cử {POSITION_WORDS[other.contest.position]}. Một người không thể cùng lúc "
            "ứng cử tổ trưởng và tổ phó; hãy rút đề cử kia trước.", "household", "candidates.both_positions")
    _check_other_rounds(round_, contest.position, person)
    candidate = Candidate(contest_id=contest.id, round_id=round_.id, person_id=person.id, source=source,
                          proposer=proposer.strip(), address=address, nominated_by_id=getattr(actor, "id", None))
    try:
        with db.session.begin_nested():
            db.session.add(candidate)
    except IntegrityError:  # a concurrent nomination of the same person won the race
        raise CandidateError(f"{_who(person)} vừa được đề cử ở nơi khác trong cuộc bầu này.", "household") from None
    record(actor, "candidate.nominate", "candidate", candidate.id, tdp_id=round_.tdp_id,
           after={"contest": contest.id, "position": contest.position.value, "person": person.id,
                  "name": person.full_name, "source": source.value, "proposer": candidate.proposer,
                  "matched": resolved.reused is not None})
    candidate.reused_note = resolved.reused  # not a column: lets the page say the roll's person was reused
    return candidate


def withdraw(actor, candidate: Candidate, reason: str) -> Candidate:
    """Take a candidate off the list (they decline, or the committee withdraws them). Raises CandidateError
    without a reason, ListFrozen/ListPublished when the list may not change."""
    ensure_changeable(candidate.contest)
    if not reason.strip():
        raise CandidateError("Hãy ghi lý do rút khỏi danh sách.", "reason")
    if candidate.withdrawn_at is not None:
        raise CandidateError("Người này đã rút khỏi danh sách.", "reason")
    candidate.withdrawn_at, candidate.withdrawn_reason = utcnow(), reason.strip()[:500]
    candidate.withdrawn_by_id = getattr(actor, "id", None)
    db.session.flush()
    record(actor, "candidate.withdraw", "candidate", candidate.id, tdp_id=candidate.contest.round.tdp_id,
           after={"name": candidate.person.full_name, "reason": candidate.withdrawn_reason})
    return candidate


def check_opinion_total(candidate: Candidate, given: int) -> None:
    """No more opinions than people: the count is capped by those signed in at the meeting, or by the TDP's
    households while nobody has signed in yet (D10: 300 "agree" in a TDP of 235 households). Raises
    CandidateError on the "agree" field."""
    round_ = candidate.contest.round
    present = present_count(round_)
    limit, who = (present, "số cử tri có mặt tại hội nghị") if present else (electorate(round_), "tổng số cử tri "
                                                                                             "(hộ gia đình) của tổ")
    if given > limit:
        raise CandidateError(f"Số ý kiến đồng ý và không đồng ý cộng lại ({given}) nhiều hơn {who} ({limit}).",
                             "votes_for")


def record_consultation(actor, candidate: Candidate, votes_for: int, votes_against: int, comments: str,
                        outcome: ConsultationOutcome) -> Candidate:
    """Record the term-review meeting's opinions on an approved candidate and what it decided; a candidate
    the meeting withdraws leaves the list. Raises CandidateError for a candidate the party cell has not
    approved, for negative counts or for more opinions than people (check_opinion_total), ListFrozen/ListPublished when the list may not change."""
    ensure_changeable(candidate.contest)
    if candidate.withdrawn_at is not None or candidate.decision is not VettingDecision.APPROVED:
        raise CandidateError("Chỉ lấy ý kiến cử tri về người đã được chi bộ thẩm định và nhất trí.", "outcome")
    if votes_for < 0 or votes_against < 0:
        raise CandidateError("Số ý kiến không được âm.", "votes_for")
    check_opinion_total(candidate, votes_for + votes_against)
    before = {"for": candidate.votes_for, "against": candidate.votes_against,
              "outcome": candidate.outcome.value if candidate.outcome else None}
    now = utcnow()
    candidate.votes_for, candidate.votes_against = votes_for, votes_against
    candidate.consultation_comments, candidate.outcome = comments.strip(), outcome
    candidate.consulted_at, candidate.consulted_by_id = now, getattr(actor, "id", None)
    if outcome is ConsultationOutcome.WITHDRAWN:
        candidate.withdrawn_at, candidate.withdrawn_by_id = now, getattr(actor, "id", None)
        candidate.withdrawn_reason = "Hội nghị lấy ý kiến cử tri quyết định rút khỏi danh sách."
    db.session.flush()
    record(actor, "candidate.consultation", "candidate", candidate.id, tdp_id=candidate.contest.round.tdp_id,
           before=before, after={"for": votes_for, "against": votes_against, "outcome": outcome.value,
                                 "comments": candidate.consultation_comments})
    return candidate


def add_member(actor, round_: ElectionRound, choice: PersonChoice, role: TeamRole) -> ElectionTeamMember:
    """Add a resident to the round's election team. Raises CandidateError when the person stands as a
    candidate in this round, is already on the team, or a second head is named."""
    resolved = resolve_person(round_.tdp_id, choice, need_address=False)
    person = resolved.person
    if (candidate := _standing_in_round(round_.id, person.id)) is not None:
        raise CandidateError(
            f"{_who(person)} đang là người ứng cử {POSITION_WORDS[candidate.contest.position]}; người ứng cử "
            "không được tham gia tổ bầu cử.", "household", "candidates.team_member")
    if _team_member(round_.id, person.id) is not None:
        raise CandidateError(f"{_who(person)} đã ở trong tổ bầu cử.", "household")
    if role is TeamRole.HEAD:
        head = db.session.scalar(select(ElectionTeamMember).where(
            ElectionTeamMember.round_id == round_.id, ElectionTeamMember.role == TeamRole.HEAD))
        if head is not None:
            raise CandidateError(f"Tổ bầu cử đã có tổ trưởng ({_who(head.person)}).", "role")
    member = ElectionTeamMember(round_id=round_.id, person_id=person.id, role=role,
                                added_by_id=getattr(actor, "id", None))
    db.session.add(member)
    db.session.flush()
    record(actor, "election_team.add", "election_team_member", member.id, tdp_id=round_.tdp_id,
           after={"round": round_.id, "person": person.id, "name": person.full_name, "role": role.value,
                  "matched": resolved.reused is not None})
    member.reused_note = resolved.reused  # not a column: lets the page say the roll's person was reused
    return member


def remove_member(actor, member: ElectionTeamMember) -> None:
    """Take a person off the round's election team (audited)."""
    snapshot = {"round": member.round_id, "person": member.person_id, "name": member.person.full_name,
                "role": member.role.value}
    tdp_id = member.round.tdp_id
    db.session.delete(member)
    db.session.flush()
    record(actor, "election_team.remove", "election_team_member", snapshot["person"], tdp_id=tdp_id,
           before=snapshot)


def expected_contests(round_: ElectionRound) -> dict[Position, int]:
    """Position → seats the round should vote on, from the election's settings checked against its rule set.

    Raises CandidateError when the settings break the rule set (elected deputies where the law has the
    leader appoint them, or more deputies than it allows)."""
    election = round_.election
    rule_set = get_rule_set(election.rule_set_id)
    wanted = {Position.LEADER: rule_set.leader_seats}
    if election.deputy_mode is DeputyMode.ELECTED and election.deputy_seats > 0:
        if "elected" not in {m.value for m in rule_set.deputy_modes}:
            raise CandidateError(f"Theo {rule_set.title}, tổ phó do tổ trưởng chọn, không bầu tại hội nghị. "
                                 "Hãy sửa cách chọn tổ phó của cuộc bầu cử.", code="candidates.deputies_appointed")
        if election.deputy_seats > rule_set.max_deputies:
            raise CandidateError(f"Theo {rule_set.title}, mỗi tổ có tối đa {rule_set.max_deputies} tổ phó "
                                 f"(cuộc bầu cử đặt {election.deputy_seats}).", code="candidates.too_many_deputies")
        wanted[Position.DEPUTY] = election.deputy_seats
    return wanted


def sync_contests(actor, round_: ElectionRound) -> list[Contest]:
    """Make the round's contests match expected_contests: add what is missing, fix seat counts, and drop a
    deputy contest that is no longer elected. Refuses (CandidateError) to change a contest that already
    has candidates. Flushes; audits each change."""
    wanted = expected_contests(round_)
    for contest in list(round_.contests):
        seats = wanted.pop(contest.position, None)
        if seats == contest.seats:
            continue
        if db.session.scalar(select(Candidate.id).where(Candidate.contest_id == contest.id).limit(1)):
            raise CandidateError(f"Chức danh {POSITION_WORDS[contest.position]} đã có người được đề cử; "
                                 "không thể thay đổi số người cần bầu.", code="candidates.contest_in_use")
        before = {"position": contest.position.value, "seats": contest.seats}
        if seats is None:
            round_.contests.remove(contest)
            db.session.delete(contest)
        else:
            contest.seats = seats
        db.session.flush()
        record(actor, "contest.sync", "contest", contest.id, tdp_id=round_.tdp_id, before=before,
               after={"seats": seats})
    for position, seats in wanted.items():
        contest = Contest(round_id=round_.id, position=position, seats=seats)
        round_.contests.append(contest)
        db.session.flush()
        record(actor, "contest.sync", "contest", contest.id, tdp_id=round_.tdp_id,
               after={"position": position.value, "seats": seats})
    return list(round_.contests)
