"""Create a ward's election (one round per TDP with the contests its rule set asks for) and edit it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from fractions import Fraction
from types import SimpleNamespace

from sqlalchemy import func, select

from app.audit.services import record
from app.candidates.models import CandidateList
from app.core.domain import DomainError
from app.elections.models import Contest, DeputyMode, Election, ElectionRound, ElectionState
from app.extensions import db
from app.plan.services import PlanError, create_plan, reschedule
from app.rules import RULE_SETS, RuleSet, SingleStrike, UnknownRuleSet, format_date, get_rule_set
from app.wards.models import Tdp, Ward

#: The rule set in force, offered first; the older ones stay for history and re-counts.
CURRENT_RULE_SET = "nd-59-2023"

_TERM = re.compile(r"(\d{4})\s*[–—-]\s*(\d{4})", re.ASCII)


class ElectionError(DomainError):
    """An election change refused for a reason the user can fix; `field` names the form field."""


@dataclass(frozen=True)
class NewElection:
    """What the ward admin chooses when creating an election."""

    rule_set_id: str
    vote_date: date
    starts_at: time | None = None
    #: Typed term ("2027–2032"); empty: counted from the vote day and `term_years`.
    term_label: str = ""
    #: Years of the term when the label is left empty; must be one the rule set allows.
    term_years: Fraction | None = None
    name: str = ""
    place: str = ""
    #: Elected deputies per TDP, where the rule set lets the meeting elect them (0 = none elected).
    deputy_seats: int = 1
    #: The plan template applied; None: no plan now.
    plan_template: str | None = None
    #: An older rule set is for history and re-counts only: the user says so on purpose.
    history_ack: bool = False
    #: With a single candidate, a struck name: an invalid ballot (default) or a valid ballot against.
    single_strike: SingleStrike = SingleStrike.INVALID


@dataclass(frozen=True)
class ElectionEdit:
    name: str
    term_label: str
    vote_date: date
    starts_at: time | None


def term_label_for(vote_date: date, years: Fraction) -> str:
    """"2027–2030" for a 2.5-year term voted in October 2027 (it ends in April 2030)."""
    months = int(years * 12)
    end_year = vote_date.year + (vote_date.month - 1 + months) // 12
    return f"{vote_date.year}–{end_year}"


def clean_term(text: str) -> str:
    """"2027-2030", "2027 – 2030" → "2027–2030"; raises ElectionError for anything else."""
    match = _TERM.fullmatch(text.strip())
    if match is None or int(match[2]) <= int(match[1]):
        raise ElectionError(f"Nhiệm kỳ “{text.strip()}” không hợp lệ: hãy ghi năm đầu–năm cuối, ví dụ 2027–2032.",
                            "term_label")
    return f"{match[1]}–{match[2]}"


def rule_set_choice(rule_set_id: str, vote_date: date, history_ack: bool) -> RuleSet:
    """The rule set, checked: it exists, covers the vote day, and an older one is acknowledged as history."""
    try:
        rule_set = get_rule_set(rule_set_id)
    except UnknownRuleSet as error:
        raise ElectionError(error.message, "rule_set") from None
    if rule_set.id != CURRENT_RULE_SET and not history_ack:
        raise ElectionError(f"{rule_set.title} đã hết hiệu lực: chỉ dùng để nhập lại cuộc bầu cử cũ hoặc kiểm lại "
                            "phiếu. Hãy đánh dấu ô xác nhận nếu đúng là như vậy.", "history_ack")
    check_vote_date(rule_set, vote_date)
    return rule_set


def check_vote_date(rule_set: RuleSet, vote_date: date, field: str = "vote_date") -> None:
    if not rule_set.in_force_on(vote_date):
        until = f" đến {format_date(rule_set.in_force_to)}" if rule_set.in_force_to else ""
        raise ElectionError(f"Ngày bầu {format_date(vote_date)} nằm ngoài thời gian hiệu lực của {rule_set.title} "
                            f"(từ {format_date(rule_set.in_force_from)}{until}).", field)


def create_election(actor, ward: Ward, data: NewElection) -> Election:
    """Create the election with one round per TDP of the ward on the default day, each with the contests the
    rule set asks for (the leader; elected deputies only where the rule set lets the meeting elect them), and
    the plan from `data.plan_template`. Raises ElectionError. Flushes and audits."""
    rule_set = rule_set_choice(data.rule_set_id, data.vote_date, data.history_ack)
    term = _term(data, rule_set)
    if db.session.scalar(select(Election.id).where(Election.ward_id == ward.id, Election.term_label == term)):
        raise ElectionError(f"{ward.name} đã có cuộc bầu cử nhiệm kỳ {term}.", "term_label")
    tdps = list(db.session.scalars(select(Tdp).where(Tdp.ward_id == ward.id, Tdp.dissolved_on.is_(None))
                                   .order_by(Tdp.number)))
    if not tdps:
        raise ElectionError(f"{ward.name} chưa có tổ dân phố nào: hãy nhập danh sách tổ dân phố trước.", "rule_set")
    elected = DeputyMode.ELECTED.value in {m.value for m in rule_set.deputy_modes}
    if elected and not 0 <= data.deputy_seats <= rule_set.max_deputies:
        raise ElectionError(f"Theo {rule_set.title}, mỗi tổ bầu từ 0 đến {rule_set.max_deputies} tổ phó.",
                            "deputy_seats")
    election = Election(ward_id=ward.id, term_label=term, rule_set_id=rule_set.id, name=data.name.strip(),
                        default_vote_date=data.vote_date, default_starts_at=data.starts_at,
                        deputy_mode=DeputyMode.ELECTED if elected and data.deputy_seats else DeputyMode.APPOINTED,
                        deputy_seats=data.deputy_seats if elected else 1, single_strike=SingleStrike(data.single_strike))
    db.session.add(election)
    db.session.flush()
    wanted = contests_for(election)
    for tdp in tdps:
        round_ = ElectionRound(election_id=election.id, tdp_id=tdp.id, number=1, vote_date=data.vote_date,
                               starts_at=data.starts_at, place=data.place.strip())
        round_.contests = [Contest(position=position, seats=seats) for position, seats in wanted.items()]
        db.session.add(round_)
    db.session.flush()
    record(actor, "election.create", "election", election.id,
           after={"term": term, "rule_set": rule_set.id, "vote_date": format_date(data.vote_date),
                  "starts_at": _hhmm(data.starts_at), "rounds": len(tdps),
                  "contests": {p.value: s for p, s in wanted.items()}, "plan_template": data.plan_template})
    if data.plan_template:
        try:
            create_plan(actor, election, data.plan_template)
        except PlanError as error:
            raise ElectionError(error.message, "plan_template") from None
    return election


SINGLE_STRIKE_LABELS = {
    SingleStrike.INVALID: "là phiếu không hợp lệ",
    SingleStrike.AGAINST: "là phiếu hợp lệ, không bầu người đó (phiếu không đồng ý)",
}


def set_single_strike(actor, election: Election, value: SingleStrike | str) -> None:
    """How a ballot whose only candidate is struck counts: invalid, or valid against the candidate. Settable
    until the first real ballot of the election is entered (the count must not change under the board's feet).
    Raises ElectionError. Flushes and audits."""
    from app.tally.models import BallotEntry

    try:
        value = SingleStrike(value)
    except ValueError:
        raise ElectionError(f"Không có lựa chọn “{value}”: hãy chọn invalid hoặc against.", "single_strike") from None
    if value is election.single_strike:
        return
    entered = db.session.scalar(select(func.count()).select_from(BallotEntry).join(Contest).join(ElectionRound)
                                .where(ElectionRound.election_id == election.id, BallotEntry.test.is_(False)))
    if entered:
        raise ElectionError(f"Đã nhập {entered} phiếu của cuộc bầu cử này: không đổi được cách tính phiếu gạch tên "
                            "người ứng cử duy nhất nữa.", "single_strike")
    before = election.single_strike
    election.single_strike = value
    db.session.flush()
    record(actor, "election.single_strike", "election", election.id, before={"single_strike": before.value},
           after={"single_strike": value.value})


def open_elections(ward_id: int, today: date) -> list[Election]:
    """The ward's elections still under way: not closed, and some round votes today or later."""
    latest = (select(ElectionRound.election_id).group_by(ElectionRound.election_id)
              .having(func.max(ElectionRound.vote_date) >= today))
    return list(db.session.scalars(select(Election).where(Election.ward_id == ward_id,
                                                          Election.state != ElectionState.CLOSED,
                                                          Election.id.in_(latest)).order_by(Election.id)))


def missing_tdps(election: Election) -> list[Tdp]:
    """The ward's current (not dissolved) TDPs that have no round in the election, by number."""
    has_round = select(ElectionRound.tdp_id).where(ElectionRound.election_id == election.id)
    return list(db.session.scalars(select(Tdp).where(Tdp.ward_id == election.ward_id, Tdp.dissolved_on.is_(None),
                                                     Tdp.id.not_in(has_round)).order_by(Tdp.number)))


def add_rounds(actor, election: Election, tdps: list[Tdp]) -> list[ElectionRound]:
    """Give each TDP without a round in the election its round 1 on the election's default day and time, with
    the contests the election asks for, and its tasks in the plan (TDPs added after the election was created).
    TDPs of another ward, dissolved ones and those that already have a round are skipped. Flushes; audited."""
    has_round = set(db.session.scalars(select(ElectionRound.tdp_id).where(ElectionRound.election_id == election.id)))
    wanted_tdps = [t for t in tdps if t.ward_id == election.ward_id and not t.dissolved and t.id not in has_round]
    if not wanted_tdps:
        return []
    day = election.default_vote_date or min((r.vote_date for r in election.rounds), default=None)
    if day is None:
        raise ElectionError("Cuộc bầu cử chưa có ngày bầu chung: hãy đặt ngày bầu ở trang sửa cuộc bầu cử trước.",
                            "vote_date")
    wanted = contests_for(election)
    added = []
    for tdp in wanted_tdps:
        round_ = ElectionRound(election_id=election.id, tdp_id=tdp.id, number=1, vote_date=day,
                               starts_at=election.default_starts_at, place="")
        round_.contests = [Contest(position=position, seats=seats) for position, seats in wanted.items()]
        db.session.add(round_)
        added.append(round_)
    db.session.flush()
    record(actor, "election.add_rounds", "election", election.id,
           after={"tdps": [t.number for t in wanted_tdps], "vote_date": format_date(day)})
    replan(actor, election)
    return added


def join_open_elections(actor, tdps: list[Tdp], today: date) -> list[Election]:
    """New TDPs join every open election of their ward (`open_elections`) with a round on its default day.
    Returns the elections joined."""
    joined = []
    for ward_id in {t.ward_id for t in tdps}:
        for election in open_elections(ward_id, today):
            if add_rounds(actor, election, [t for t in tdps if t.ward_id == ward_id]):
                joined.append(election)
    return joined


def contests_for(election: Election) -> dict:
    """Position → seats of a new round, by the rule the candidate pages keep contests in step with (it reads
    only the round's election)."""
    from app.candidates.services import CandidateError, expected_contests

    try:
        return expected_contests(SimpleNamespace(election=election))
    except CandidateError as error:
        raise ElectionError(error.message, "deputy_seats") from None


def lists_posted(election: Election) -> int:
    """How many contests of the election have a posted candidate list."""
    rows = db.session.scalars(select(CandidateList.id).join(Contest).join(ElectionRound)
                              .where(ElectionRound.election_id == election.id, CandidateList.published_on.is_not(None)))
    return len(rows.all())


def update_election(actor, election: Election, data: ElectionEdit) -> int:
    """Rename the election, change its term or its default day and time while no TDP has posted its candidate
    list. TDPs still on the old default day (and time) follow the new one, and the plan's deadlines move.
    Returns how many rounds moved. Raises ElectionError. Flushes and audits."""
    posted = lists_posted(election)
    if posted:
        raise ElectionError(f"Đã có {posted} danh sách người ứng cử được niêm yết: không sửa được cuộc bầu cử nữa. "
                            "Ngày bầu của từng tổ chưa niêm yết vẫn sửa được ở bảng lịch bầu cử.", "name")
    rule_set = get_rule_set(election.rule_set_id)
    term = clean_term(data.term_label)
    if term != election.term_label and db.session.scalar(select(Election.id).where(
            Election.ward_id == election.ward_id, Election.term_label == term, Election.id != election.id)):
        raise ElectionError(f"Phường đã có cuộc bầu cử nhiệm kỳ {term}.", "term_label")
    check_vote_date(rule_set, data.vote_date)
    before = _snapshot(election)
    old_day, old_time = election.default_vote_date, election.default_starts_at
    moved = 0
    for round_ in election.rounds:
        if round_.number == 1 and round_.vote_date == old_day:
            round_.vote_date = data.vote_date
            if round_.starts_at == old_time:
                round_.starts_at = data.starts_at
            moved += 1
    election.name, election.term_label = data.name.strip(), term
    election.default_vote_date, election.default_starts_at = data.vote_date, data.starts_at
    db.session.flush()
    record(actor, "election.update", "election", election.id, before=before,
           after={**_snapshot(election), "rounds_moved": moved})
    replan(actor, election)
    return moved


def replan(actor, election: Election) -> int:
    """Move the plan's deadlines to the current vote days (no plan: nothing to do)."""
    from app.plan.models import Plan

    plan = db.session.scalar(select(Plan).where(Plan.election_id == election.id))
    return reschedule(actor, plan) if plan is not None else 0


def rule_set_options() -> list[tuple[str, str]]:
    """(id, label) with the rule set in force first, the older ones marked as history."""
    current = RULE_SETS[CURRENT_RULE_SET]
    older = [rs for rs in RULE_SETS.values() if rs.id != CURRENT_RULE_SET]
    return [(current.id, f"{current.title} (đang có hiệu lực)")] + [
        (rs.id, f"{rs.title} (chỉ để tra cứu, kiểm lại)") for rs in sorted(older, key=lambda r: r.in_force_from,
                                                                          reverse=True)]


def _term(data: NewElection, rule_set: RuleSet) -> str:
    if data.term_label.strip():
        return clean_term(data.term_label)
    years = data.term_years or rule_set.term_years[0]
    if years not in rule_set.term_years:
        allowed = " hoặc ".join(_years(y) for y in rule_set.term_years)
        raise ElectionError(f"Theo {rule_set.title}, nhiệm kỳ là {allowed} năm.", "term_years")
    return term_label_for(data.vote_date, years)


def _years(y: Fraction) -> str:
    return str(y.numerator) if y.denominator == 1 else f"{float(y):g}".replace(".", ",")


def _hhmm(t: time | None) -> str | None:
    return f"{t:%H:%M}" if t else None


def _snapshot(election: Election) -> dict:
    return {"name": election.name, "term": election.term_label,
            "vote_date": format_date(election.default_vote_date) if election.default_vote_date else None,
            "starts_at": _hhmm(election.default_starts_at)}
