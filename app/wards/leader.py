"""The leader post of each TDP between elections: elected, term extended, interim (at most 6 months) or vacant,
and the day by which the next election is due. Audited, flushed; the caller commits."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from app.audit.services import record
from app.extensions import db
from app.results.models import Recognition
from app.rules import format_date, normalize_name
from app.wards.models import LeaderPost, LeaderStatus, Tdp
from app.wards.services import DECISION_MAX, WardError

#: Tổ trưởng lâm thời: appointed for at most this many months (TT 14/2018, ND 59/2023).
INTERIM_MONTHS = 6
HOLDER_MAX = 120

STATUS_LABELS = {
    LeaderStatus.ELECTED: "Đã bầu",
    LeaderStatus.EXTENDED: "Kéo dài nhiệm kỳ",
    LeaderStatus.INTERIM: "Tổ trưởng lâm thời",
    LeaderStatus.VACANT: "Khuyết tổ trưởng",
}


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31/8 + 6 months → 28/2 or 29/2)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class PostInput:
    status: LeaderStatus
    since: date
    holder: str = ""
    until: date | None = None
    decision: str = ""


def check_post(data: PostInput) -> PostInput:
    """The post's new status, normalised; pure. Raises WardError naming the field: an extended term or an
    interim appointment needs its decision and its end date; an interim one lasts at most 6 months; a vacant
    post has no holder."""
    holder, decision = normalize_name(data.holder or ""), normalize_name(data.decision or "")
    status, until = data.status, data.until
    if len(holder) > HOLDER_MAX:
        raise WardError(f"Họ tên dài quá {HOLDER_MAX} ký tự.", "holder")
    if len(decision) > DECISION_MAX:
        raise WardError(f"Quyết định dài quá {DECISION_MAX} ký tự.", "decision")
    if status is LeaderStatus.VACANT:
        return PostInput(status, data.since, "", None, decision)
    if not holder:
        raise WardError("Nhập họ tên người giữ chức tổ trưởng.", "holder")
    if status in (LeaderStatus.EXTENDED, LeaderStatus.INTERIM):
        if not decision:
            raise WardError("Ghi quyết định (số, ngày, cơ quan ban hành) kéo dài nhiệm kỳ hoặc chỉ định tổ trưởng "
                            "lâm thời.", "decision")
        if until is None:
            raise WardError("Nhập ngày hết hạn: cuộc bầu tiếp theo phải xong trước ngày này.", "until")
    if until is not None and until <= data.since:
        raise WardError("Ngày hết hạn phải sau ngày bắt đầu.", "until")
    if status is LeaderStatus.INTERIM and until > add_months(data.since, INTERIM_MONTHS):
        limit = add_months(data.since, INTERIM_MONTHS)
        raise WardError(f"Tổ trưởng lâm thời chỉ được chỉ định tối đa {INTERIM_MONTHS} tháng: đến hết "
                        f"{format_date(limit)} là muộn nhất.", "until")
    return PostInput(status, data.since, holder, until, decision)


def set_post(actor, tdp: Tdp, data: PostInput) -> LeaderPost:
    """Record the post's new status (a new row: the earlier ones stay as history). Raises WardError; audited;
    flushes."""
    data = check_post(data)
    post = LeaderPost(tdp_id=tdp.id, status=data.status, holder=data.holder, since=data.since, until=data.until,
                      decision=data.decision, recorded_by_id=getattr(actor, "id", None))
    db.session.add(post)
    db.session.flush()
    record(actor, "leader_post.set", "tdp", tdp.id, tdp_id=tdp.id,
           after={"status": data.status.value, "holder": data.holder, "since": data.since.isoformat(),
                  "until": data.until.isoformat() if data.until else None, "decision": data.decision})
    return post


@dataclass(frozen=True)
class PostStatus:
    """What the dashboard shows for a TDP's leader post."""

    status: LeaderStatus | None  #: None: nothing recorded and no recognised result
    holder: str
    since: date | None
    #: The day by which the next election must be held (None: at the end of the term, or unknown).
    due: date | None
    decision: str

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status] if self.status else "Chưa ghi nhận"

    def overdue(self, today: date) -> bool:
        return self.status is LeaderStatus.VACANT or (self.due is not None and self.due < today)


def post_statuses(tdp_ids: list[int]) -> dict[int, PostStatus]:
    """Each TDP's post in force: its latest recorded status, or "elected" when a recognised election result is
    later. Two queries, whatever the number of TDPs."""
    if not tdp_ids:
        return {}
    latest = {}
    for post in db.session.scalars(select(LeaderPost).where(LeaderPost.tdp_id.in_(tdp_ids))
                                   .order_by(LeaderPost.since, LeaderPost.id)):
        latest[post.tdp_id] = post
    recognised = dict(db.session.execute(select(Recognition.tdp_id, func.max(Recognition.recognised_on))
                                         .where(Recognition.tdp_id.in_(tdp_ids)).group_by(Recognition.tdp_id)).all())
    out = {}
    for tdp_id in tdp_ids:
        post, day = latest.get(tdp_id), recognised.get(tdp_id)
        if day is not None and (post is None or day > post.since):
            out[tdp_id] = PostStatus(LeaderStatus.ELECTED, "", day, None, "")
        elif post is not None:
            out[tdp_id] = PostStatus(post.status, post.holder, post.since, post.until, post.decision)
        else:
            out[tdp_id] = PostStatus(None, "", None, None, "")
    return out


def history_of(tdp_id: int) -> list[LeaderPost]:
    return list(db.session.scalars(select(LeaderPost).where(LeaderPost.tdp_id == tdp_id)
                                   .order_by(LeaderPost.since.desc(), LeaderPost.id.desc())))
