"""Each TDP's vote day, start time, venue and deputy seats: read rows (a pasted Excel block, a CSV file, the
bulk table, one API call), check every row, then apply all of them in one go or none.

A row is checked against the election: the TDP exists in it, appears once, its day exists (the strict
dd/mm/yyyy parser) and lies within the rule set's period, and the day does not move once the TDP's candidate
list is posted. Applying moves the plan's deadlines.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.audit.services import record
from app.candidates.models import CandidateList
from app.elections.models import Contest, DeputyMode, Election, ElectionRound, Position
from app.elections.services import ElectionError, check_vote_date, replan
from app.extensions import db
from app.rules import InvalidDate, fold, format_date, get_rule_set, parse_date

#: Longest venue a round stores.
MAX_PLACE = 255
#: Rows one paste or file may hold (a merged ward has about 200 TDPs).
MAX_ROWS = 2000

_TDP = re.compile(r"(?:to(?: dan pho)?(?: so)?|tdp(?: so)?)?\s*0*(\d{1,5})", re.ASCII)
_TIME = re.compile(r"(\d{1,2})\s*(?:[:hg.]\s*(\d{2})?|gio\s*(\d{2})?(?:\s*phut)?)?", re.ASCII)
UNCHANGED = object()


@dataclass(frozen=True)
class RowInput:
    """One TDP's wished schedule as typed; a field left as UNCHANGED keeps the round's current value."""

    line: int  #: the row's number in the paste or file (1 = first line), or the table row
    tdp: str
    vote_date: object = UNCHANGED  #: str
    starts_at: object = UNCHANGED  #: str
    place: object = UNCHANGED  #: str
    deputy_seats: object = UNCHANGED  #: str or int


@dataclass(frozen=True)
class Problem:
    line: int
    column: str  #: "tdp", "vote_date", "starts_at", "place", "deputy_seats"
    message: str


@dataclass
class Change:
    """A round and what it becomes; `before` and `after` are for the preview and the audit."""

    line: int
    round: ElectionRound
    vote_date: date
    starts_at: time | None
    place: str
    deputy_seats: int | None  #: None: the election's deputies are not elected, nothing to set

    @property
    def before(self) -> dict:
        return _state(self.round.vote_date, self.round.starts_at, self.round.place, current_deputy_seats(self.round))

    @property
    def after(self) -> dict:
        return _state(self.vote_date, self.starts_at, self.place, self.deputy_seats)

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass
class SchedulePreview:
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped_header: bool = False

    @property
    def can_apply(self) -> bool:
        return not self.problems

    @property
    def effective(self) -> list[Change]:
        return [c for c in self.changes if c.changed]

    def lines(self) -> list[tuple[int, list[Problem], Change | None]]:
        """(line, its problems, its change) in the order of the paste, for the preview table."""
        changes = {c.line: c for c in self.changes}
        numbers = sorted({p.line for p in self.problems} | set(changes))
        return [(n, [p for p in self.problems if p.line == n], changes.get(n)) for n in numbers]


# ---- reading rows -------------------------------------------------------------------------------

def rows_from_text(text: str) -> tuple[list[RowInput], bool]:
    """Rows of a block pasted from Excel (tab-separated: TDP, day, time, venue, [deputy seats]) or of a CSV
    file (comma or semicolon). An empty cell keeps the TDP's current value. Blank lines are skipped, and so is
    a first line of column titles. Returns the rows and whether a title line was skipped."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    sample = next((line for line in lines if line.strip()), "")
    delimiter = "\t" if "\t" in sample else (";" if sample.count(";") > sample.count(",") else ",")
    rows, header = [], False
    for number, cells in enumerate(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter), 1):
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        if not rows and not header and _TDP.fullmatch(fold(cells[0])) is None and _looks_like_titles(cells):
            header = True
            continue
        given = [c if c else UNCHANGED for c in cells[1:5]] + [UNCHANGED] * (5 - len(cells))
        rows.append(RowInput(number, cells[0], *given[:4]))
    return rows, header


def _looks_like_titles(cells: Sequence[str]) -> bool:
    words = fold(" ".join(cells))
    return any(w in words for w in ("to", "tdp", "ngay", "gio", "dia diem"))


def parse_time(text: str) -> time | None:
    """"8:00", "08:00", "8h", "19h30", "7.30" → a time; "" → None. Raises ValueError with a Vietnamese message."""
    raw = text.strip()
    if not raw:
        return None
    match = _TIME.fullmatch(fold(raw))
    if match is not None:
        hour, minute = int(match[1]), int(match[2] or match[3] or 0)
        if hour <= 23 and minute <= 59:
            return time(hour, minute)
    raise ValueError(f"Giờ “{raw}” không hợp lệ: hãy ghi giờ:phút từ 00:00 đến 23:59, ví dụ 08:00 hoặc 19h30.")


def table_rows(election: Election, form: dict) -> list[RowInput]:
    """Rows of the bulk table, whose inputs are named `date-<round id>`, `time-…`, `place-…`, `seats-…`."""
    rows = []
    for line, round_ in enumerate(first_rounds(election), 1):
        key = str(round_.id)
        if f"date-{key}" not in form:
            continue
        rows.append(RowInput(line, str(round_.tdp.number), form.get(f"date-{key}", ""), form.get(f"time-{key}", ""),
                             form.get(f"place-{key}", ""),
                             form.get(f"seats-{key}", UNCHANGED) if f"seats-{key}" in form else UNCHANGED))
    return rows


# ---- checking -----------------------------------------------------------------------------------

def first_rounds(election: Election) -> list[ElectionRound]:
    """Each TDP's first round in the election, by TDP number, with contests loaded."""
    stmt = (select(ElectionRound).where(ElectionRound.election_id == election.id, ElectionRound.number == 1)
            .options(selectinload(ElectionRound.tdp), selectinload(ElectionRound.contests)))
    return sorted(db.session.scalars(stmt), key=lambda r: r.tdp.number)


def posted_on(round_ids: Iterable[int]) -> dict[int, date]:
    """Round id → the day its (first) candidate list was posted, for rounds with a posted list."""
    ids = list(round_ids)
    if not ids:
        return {}
    rows = db.session.execute(select(Contest.round_id, CandidateList.published_on).join(CandidateList)
                              .where(Contest.round_id.in_(ids), CandidateList.published_on.is_not(None)))
    posted: dict[int, date] = {}
    for round_id, day in rows:
        posted[round_id] = min(day, posted.get(round_id, day))
    return posted


def current_deputy_seats(round_: ElectionRound) -> int | None:
    if round_.election.deputy_mode is not DeputyMode.ELECTED:
        return None
    return next((c.seats for c in round_.contests if c.position is Position.DEPUTY), 0)


def check_rows(election: Election, rows: Sequence[RowInput]) -> SchedulePreview:
    """Check every row against the election; nothing is written. Each problem names its line and column."""
    preview = SchedulePreview()
    if len(rows) > MAX_ROWS:
        preview.problems.append(Problem(rows[MAX_ROWS].line, "tdp", f"Quá nhiều dòng: tối đa {MAX_ROWS} dòng."))
        return preview
    rule_set = get_rule_set(election.rule_set_id)
    rounds = {r.tdp.number: r for r in first_rounds(election)}
    posted = posted_on(r.id for r in rounds.values())
    seen: dict[int, int] = {}
    for row in rows:
        problems = preview.problems
        match = _TDP.fullmatch(fold(row.tdp.strip()))
        round_ = rounds.get(int(match[1])) if match else None
        if match is None:
            problems.append(Problem(row.line, "tdp", f"“{row.tdp}” không phải số tổ dân phố (ví dụ 5 hoặc Tổ 5)."))
            continue
        number = int(match[1])
        if round_ is None:
            problems.append(Problem(row.line, "tdp", f"Cuộc bầu cử không có tổ dân phố số {number}."))
            continue
        if number in seen:
            problems.append(Problem(row.line, "tdp", f"Tổ {number} đã có ở dòng {seen[number]}: mỗi tổ chỉ một dòng."))
            continue
        seen[number] = row.line
        before = len(problems)
        day = _day(row, round_, rule_set, problems)
        starts = round_.starts_at
        if row.starts_at is not UNCHANGED:
            try:
                starts = parse_time(str(row.starts_at))
            except ValueError as error:
                problems.append(Problem(row.line, "starts_at", str(error)))
        place = round_.place if row.place is UNCHANGED else " ".join(str(row.place).split())
        if len(place) > MAX_PLACE:
            problems.append(Problem(row.line, "place", f"Địa điểm dài quá {MAX_PLACE} ký tự."))
        seats = _seats(row, round_, rule_set, problems)
        if day is not None and day != round_.vote_date and round_.id in posted:
            problems.append(Problem(row.line, "vote_date",
                                    f"Tổ {number} đã niêm yết danh sách người ứng cử ngày "
                                    f"{format_date(posted[round_.id])}: ngày bầu {format_date(round_.vote_date)} "
                                    "không đổi được nữa (phải hủy niêm yết trước)."))
        if len(problems) == before:
            preview.changes.append(Change(row.line, round_, day, starts, place, seats))
    return preview


def _day(row: RowInput, round_: ElectionRound, rule_set, problems: list[Problem]) -> date | None:
    if row.vote_date is UNCHANGED:
        return round_.vote_date
    try:
        day = parse_date(str(row.vote_date))
        check_vote_date(rule_set, day)
    except InvalidDate as error:
        problems.append(Problem(row.line, "vote_date", f"Tổ {round_.tdp.number}: {error.message}"))
        return None
    except ElectionError as error:
        problems.append(Problem(row.line, "vote_date", error.message))
        return None
    return day


def _seats(row: RowInput, round_: ElectionRound, rule_set, problems: list[Problem]) -> int | None:
    current = current_deputy_seats(round_)
    if row.deputy_seats is UNCHANGED or str(row.deputy_seats).strip() == "":
        return current
    if current is None:
        problems.append(Problem(row.line, "deputy_seats", f"Theo {rule_set.title}, tổ phó do tổ trưởng chọn, không "
                                                          "bầu tại hội nghị: hãy để trống cột số tổ phó."))
        return None
    text = str(row.deputy_seats).strip()
    if not text.isdigit() or int(text) > rule_set.max_deputies:
        problems.append(Problem(row.line, "deputy_seats",
                                f"Số tổ phó cần bầu “{text}” không hợp lệ: từ 0 đến {rule_set.max_deputies}."))
        return None
    return int(text)


# ---- applying -----------------------------------------------------------------------------------

def apply_schedule(actor, election: Election, preview: SchedulePreview) -> int:
    """Write every change of a preview with no problems, then move the plan's deadlines. Returns how many
    rounds changed. Raises ElectionError when the preview has problems (nothing is written) or a deputy
    contest that already has candidates would change. Flushes; audits each round."""
    if not preview.can_apply:
        raise ElectionError(f"Còn {len(preview.problems)} lỗi: chưa ghi gì. Hãy sửa rồi kiểm tra lại.", "rows")
    changed = 0
    for change in preview.effective:
        round_, before = change.round, change.before
        round_.vote_date, round_.starts_at, round_.place = change.vote_date, change.starts_at, change.place
        if change.deputy_seats is not None and change.deputy_seats != current_deputy_seats(round_):
            _set_deputy_seats(round_, change.deputy_seats)
        db.session.flush()
        record(actor, "round.schedule", "election_round", round_.id, tdp_id=round_.tdp_id, before=before,
               after=change.after)
        changed += 1
    if changed:
        replan(actor, election)
    return changed


def _set_deputy_seats(round_: ElectionRound, seats: int) -> None:
    from app.candidates.models import Candidate

    contest = next((c for c in round_.contests if c.position is Position.DEPUTY), None)
    if contest is not None and db.session.scalar(select(Candidate.id).where(Candidate.contest_id == contest.id)
                                                 .limit(1)):
        raise ElectionError(f"Tổ {round_.tdp.number}: chức danh tổ phó đã có người được đề cử; không đổi được số "
                            "tổ phó cần bầu.", "deputy_seats")
    if seats == 0 and contest is not None:
        round_.contests.remove(contest)
        db.session.delete(contest)
    elif seats and contest is None:
        round_.contests.append(Contest(position=Position.DEPUTY, seats=seats))
    elif seats and contest is not None:
        contest.seats = seats


def _state(day: date | None, starts: time | None, place: str, seats: int | None) -> dict:
    return {"vote_date": format_date(day) if day else None, "starts_at": f"{starts:%H:%M}" if starts else None,
            "place": place, "deputy_seats": seats}
