"""What every candidate service checks first: typed errors, and whether a contest's list may still change."""

from __future__ import annotations

from sqlalchemy import select

from app.candidates.models import CandidateList
from app.elections.models import Contest
from app.extensions import db
from app.rules import RuleSet, get_rule_set

FROZEN_MESSAGE = ("Phiếu bầu của chức danh này đã được in nên danh sách người ứng cử đã bị khóa. "
                  "Phải hủy các phiếu bầu đã in trước khi thay đổi danh sách.")
PUBLISHED_MESSAGE = ("Danh sách người ứng cử đã được niêm yết. Hãy hủy niêm yết (ghi rõ lý do) trước khi thay đổi, "
                     "rồi niêm yết lại.")


class CandidateError(Exception):
    """A change refused for a reason the user can fix; `field` names the form field it belongs to."""

    def __init__(self, message: str, field: str | None = None, code: str = "candidates.refused"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class ListFrozen(CandidateError):
    """The contest's ballots are printed: nothing on its list may change until they are voided."""

    def __init__(self):
        super().__init__(FROZEN_MESSAGE, code="candidates.frozen")


class ListPublished(CandidateError):
    """The list is posted: unpublish it first."""

    def __init__(self):
        super().__init__(PUBLISHED_MESSAGE, code="candidates.published")


class ConfirmMatch(CandidateError):
    """A typed resident may be someone the TDP already knows: the user picks that person or says "another".

    `options` are (person id, label) pairs; the form sends back the id, or "new" for a different person."""

    def __init__(self, name: str, options: list[tuple[int, str]]):
        super().__init__(f"Trong tổ đã có người tên “{name}” gần trùng với người vừa nhập. Hãy xác nhận: đúng là "
                         "một người dưới đây, hay là người khác trùng tên.", "match", "candidates.confirm_match")
        self.options = options


def list_of(contest: Contest, *, create: bool = False) -> CandidateList | None:
    """The contest's list row; created (and flushed) when `create` and missing."""
    row = db.session.scalar(select(CandidateList).where(CandidateList.contest_id == contest.id))
    if row is None and create:
        row = CandidateList(contest_id=contest.id)
        db.session.add(row)
        db.session.flush()
    return row


def is_frozen(contest: Contest) -> bool:
    """True while printed ballots hold the contest's list."""
    row = list_of(contest)
    return row is not None and row.frozen_at is not None


def is_published(contest: Contest) -> bool:
    row = list_of(contest)
    return row is not None and row.published_on is not None


def ensure_changeable(contest: Contest, *, published_ok: bool = False) -> None:
    """Raise ListFrozen while ballots are printed, and ListPublished once posted (unless `published_ok`)."""
    row = list_of(contest)
    if row is None:
        return
    if row.frozen_at is not None:
        raise ListFrozen()
    if row.published_on is not None and not published_ok:
        raise ListPublished()


def rule_set_of(contest: Contest) -> RuleSet:
    return get_rule_set(contest.round.election.rule_set_id)
