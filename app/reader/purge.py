"""Retention: a ballot image is evidence until the recognition and complaint period is over; then its bytes
are deleted. Its SHA-256 (in the audit chain too), its reader result and the people's decisions stay."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from app.audit.services import record
from app.core.db import utcnow
from app.elections.models import Contest
from app.extensions import db
from app.reader.errors import ReaderError
from app.reader.models import CountBatch, CountImage
from app.tally.models import ContestTally, TallyStatus

#: Days after the lock the images are kept (the recognition and complaint period; a setting, since the
#: period is not settled in law for TDP elections): COUNT_IMAGES_KEEP_DAYS.
DEFAULT_KEEP_DAYS = 30


@dataclass(frozen=True)
class Purged:
    contest_id: int
    images: int


def purge_images(actor, *, before: datetime | None = None, keep_days: float = DEFAULT_KEEP_DAYS,
                 force: bool = False, now: datetime | None = None) -> list[Purged]:
    """Delete the bytes of every kept image of batches uploaded before `before`; without `before`, of every
    count locked more than `keep_days` ago. Refuses (ReaderError naming the TDPs) when an image to purge
    belongs to a count that is not locked, unless `force`. One audit record per contest. Flushes."""
    now = now or utcnow()
    query = (select(CountImage.contest_id, CountImage.id).join(CountBatch, CountBatch.id == CountImage.batch_id)
             .where(CountImage.data.is_not(None)))
    if before is not None:
        query = query.where(CountBatch.created_at < before)
    else:
        query = (query.join(ContestTally, ContestTally.contest_id == CountImage.contest_id)
                 .where(ContestTally.status == TallyStatus.FINAL,
                        ContestTally.finalized_at < now - timedelta(days=keep_days)))
    by_contest: dict[int, list[str]] = {}
    for contest_id, image_id in db.session.execute(query):
        by_contest.setdefault(contest_id, []).append(image_id)
    contests = {c.id: c for c in db.session.scalars(select(Contest).where(Contest.id.in_(list(by_contest))))}
    locked = set(db.session.scalars(select(ContestTally.contest_id).where(
        ContestTally.contest_id.in_(list(by_contest)), ContestTally.status == TallyStatus.FINAL)))
    open_counts = [contests[c] for c in by_contest if c not in locked]
    if open_counts and not force:
        names = ", ".join(sorted({f"{c.round.tdp.name} ({c.position.value})" for c in open_counts}))
        raise ReaderError("not_locked", f"Chưa chốt kết quả kiểm phiếu của: {names}. Ảnh phiếu là chứng cứ của "
                          "cuộc kiểm phiếu đang mở; chỉ xóa khi đã chốt (hoặc dùng --force).")
    done = []
    for contest_id, ids in sorted(by_contest.items()):
        db.session.execute(update(CountImage).where(CountImage.id.in_(ids)).values(data=None, purged=True))
        contest = contests[contest_id]
        record(actor, "count.images.purge", "contest", contest_id, tdp_id=contest.round.tdp_id,
               after={"images": len(ids), "before": before.isoformat() if before else None,
                      "keep_days": None if before else keep_days, "forced": contest_id not in locked})
        done.append(Purged(contest_id, len(ids)))
    db.session.flush()
    return done
