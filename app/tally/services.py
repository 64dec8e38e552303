"""Count actions that need the whole picture: rulings on differences, locking the result, re-runs."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.audit.services import anchor_chains, record
from app.elections.models import Contest, ElectionRound, Position
from app.extensions import db
from app.rules import NextStep, Outcome, format_date
from app.tally.errors import TallyError
from app.tally.models import Resolution, TallyStatus
from app.tally.result import count_view, is_final, snapshot
from app.tally.state import lock, tally_for


def resolve(actor, contest: Contest, item: str, chosen_pass: int, note: str) -> Resolution:
    """The board head rules which pass is right for one differing ballot or bundle, with a note."""
    if tally_for(contest).status is TallyStatus.FINAL:
        raise TallyError("locked", "Kết quả đã chốt; không sửa được.")
    if chosen_pass not in (1, 2):
        raise TallyError("bad_pass", "Chọn lượt 1 hoặc lượt 2.")
    if not note.strip():
        raise TallyError("note_required", "Hãy ghi nhận xét cho quyết định này.")
    view = count_view(contest)
    if item not in {d.item for d in view.differences}:
        raise TallyError("no_difference", "Mục này không có chênh lệch.")
    resolution = db.session.scalar(select(Resolution).where(Resolution.contest_id == contest.id, Resolution.item == item))
    if resolution is None:
        resolution = Resolution(contest_id=contest.id, item=item, chosen_pass=chosen_pass, note=note.strip())
        db.session.add(resolution)
    resolution.chosen_pass, resolution.note = chosen_pass, note.strip()
    resolution.resolved_by_id = getattr(actor, "id", None)
    db.session.flush()
    record(actor, "tally.resolve", "contest", contest.id, tdp_id=contest.round.tdp_id,
           after={"item": item, "chosen_pass": chosen_pass, "note": resolution.note})
    return resolution


def finalize(actor, contest: Contest) -> dict:
    """Chốt kết quả: only with no blocking problem, no open difference, and, for deputies, the leader's
    result already final. Returns the locked snapshot."""
    view = count_view(contest)
    if view.blocking:
        raise TallyError("blocking", "Chưa chốt được: " + "; ".join(p.message for p in view.blocking))
    if view.decision is None:
        raise TallyError("no_decision", view.decision_note or "Chưa xác định được kết quả.")
    if contest.position is Position.DEPUTY:
        leader = next((c for c in contest.round.contests if c.position is Position.LEADER), None)
        if leader is not None and not is_final(leader):
            raise TallyError("leader_first", "Hãy chốt kết quả bầu tổ trưởng trước khi công bố tổ phó.")
    result = snapshot(view)
    lock(actor, contest, result)
    # The TDP's chain of ballots is pinned in the main chain with the lock, so the anchor printed with the
    # result covers every ballot entry the result counts.
    anchor_chains(actor, tdp_id=contest.round.tdp_id)
    return result


def needs_rerun(round_: ElectionRound) -> list[Contest]:
    """The round's contests whose locked result left seats unfilled with a re-run as the next step."""
    contests = []
    for contest in round_.contests:
        tally = tally_for(contest)
        result = tally.result if tally.status is TallyStatus.FINAL else None
        if result and result["outcome"] != Outcome.ELECTED.value and result["next_step"] == NextStep.RERUN.value:
            contests.append(contest)
    return contests


def open_rerun(actor, round_: ElectionRound, vote_date: date, place: str = "") -> ElectionRound:
    """Open the next round for the TDP: the same roll, new contests for the unfilled positions, which need
    a new candidate list and new ballots (new contest ids, so the old round's ballots are refused)."""
    unfilled = needs_rerun(round_)
    if not unfilled:
        raise TallyError("no_rerun", "Vòng bầu này không cần bầu lại.")
    if vote_date < round_.vote_date:
        raise TallyError("bad_date", "Ngày bầu lại phải sau ngày bầu lần trước.")
    deadline = min(date.fromisoformat(tally_for(c).result["rerun_deadline"]) for c in unfilled)
    if vote_date > deadline:
        raise TallyError("late", f"Phải bầu lại chậm nhất ngày {format_date(deadline)} theo quy định.")
    later = db.session.scalar(select(ElectionRound).where(ElectionRound.election_id == round_.election_id,
                                                         ElectionRound.tdp_id == round_.tdp_id,
                                                         ElectionRound.number > round_.number))
    if later is not None:
        raise TallyError("exists", f"Đã có vòng bầu lần {later.number} cho tổ này.")
    new = ElectionRound(election_id=round_.election_id, tdp_id=round_.tdp_id, number=round_.number + 1,
                        vote_date=vote_date, starts_at=round_.starts_at, place=place or round_.place)
    new.contests = [Contest(position=c.position, seats=c.seats) for c in unfilled]
    db.session.add(new)
    db.session.flush()
    record(actor, "election.rerun", "round", new.id, tdp_id=round_.tdp_id,
           after={"previous_round": round_.id, "number": new.number, "vote_date": vote_date.isoformat(),
                  "positions": [c.position.value for c in unfilled]})
    return new
