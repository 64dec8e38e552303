"""The comparison audit: papers laid in stacks in counting order, N/m/k published before the draw, a
seeded draw reproducible from the seed alone, comparisons, escalation to a recorded hand recount."""

from fractions import Fraction

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.comparison import services as audit
from app.comparison.models import AuditStatus
from app.comparison.services import ComparisonError, PaperInput
from app.extensions import db
from app.printing import services as printing
from app.rules import Lean, draw, place_of, reversal_margin, sample_size, threshold
from app.tally import corrections, entry
from app.tally.errors import TallyError
from app.tally.models import BallotEntry
from ballots.payload import short_serial
from tests.comparison.builders import counted, entry_at
from tests.electionkit import candidate_ids, open_count, payloads, published, sign_in

SEED = "16253461524365142362"


def _truth(contest, draw_row):
    """What the paper at a drawn place really says: here, what was entered for it."""
    row = entry_at(contest, draw_row.stack_no, draw_row.stack_pos)
    return PaperInput(found=True, serial=short_serial(row.serial), kept=row.kept, invalid_reason=row.invalid_reason)


def test_each_first_pass_paper_gets_the_next_place_in_stacks_of_fifty(session):
    kit = counted(households=120, votes_a=70, votes_b=40, lock=False)
    rows = db.session.scalars(select(BallotEntry).where(BallotEntry.contest_id == kit.leader.id)
                              .order_by(BallotEntry.id)).all()
    assert [(r.stack_no, r.stack_pos) for r in rows] == [(p.stack, p.position) for p in
                                                        (place_of(i, 50) for i in range(1, 111))]
    assert (rows[49].stack_no, rows[49].stack_pos, rows[50].stack_no, rows[50].stack_pos) == (1, 50, 2, 1)


def test_undoing_the_last_paper_gives_its_place_to_the_next_one(session):
    kit = published(households=12)
    sign_in(kit, 10)
    run = printing.create_run(None, kit.leader, 10)
    open_count(kit, kit.leader)
    texts, ids = payloads(run), candidate_ids(run)
    entry.enter_ballot(None, kit.leader, texts[0], kept=ids[:1])
    second = entry.enter_ballot(None, kit.leader, texts[1], kept=ids[:1])
    assert (second.stack_no, second.stack_pos) == (1, 2)
    corrections.undo_last(None, kit.leader)
    again = entry.enter_ballot(None, kit.leader, texts[1], kept=ids[1:])
    assert (again.stack_no, again.stack_pos) == (1, 2)


def test_a_refused_ballot_takes_no_place(session):
    kit = published(households=12)
    sign_in(kit, 10)
    run = printing.create_run(None, kit.leader, 10)
    open_count(kit, kit.leader)
    texts, ids = payloads(run), candidate_ids(run)
    entry.enter_ballot(None, kit.leader, texts[0], kept=ids[:1])
    with pytest.raises(TallyError):
        entry.enter_ballot(None, kit.leader, texts[0], kept=ids[:1])
    third = entry.enter_ballot(None, kit.leader, texts[2], kept=ids[:1])
    assert (third.stack_no, third.stack_pos) == (1, 2)


def test_the_audit_publishes_n_m_k_from_the_locked_result(session):
    kit = counted(households=120, votes_a=80, votes_b=30)
    published_audit = audit.publish(None, kit.leader)
    m = reversal_margin({"a": 80, "b": 30}, {"a"}, threshold(120, Fraction(1, 2)))
    assert (published_audit.papers, published_audit.margin) == (110, m) == (110, 20)
    assert published_audit.draws == sample_size(110, 20).draws
    assert published_audit.status is AuditStatus.PUBLISHED and published_audit.seed is None
    with pytest.raises(ComparisonError):
        audit.publish(None, kit.leader)


def test_an_unlocked_count_cannot_be_audited(session):
    kit = counted(households=40, votes_a=20, votes_b=10, lock=False)
    with pytest.raises(ComparisonError) as error:
        audit.publish(None, kit.leader)
    assert error.value.code == "not_final"


def test_the_draw_is_reproducible_from_the_seed_alone_and_happens_once(session):
    kit = counted()
    found = audit.publish(None, kit.leader)
    drawn = audit.draw_papers(None, found, SEED, ["Phạm Văn Chứng", "Đỗ Thị Kiến", "Trần Văn Trưởng"])
    places = [place_of(i, 50) for i in range(1, 111)]
    assert [(d.stack_no, d.stack_pos) for d in drawn] == [(p.stack, p.position) for p in draw(SEED, places, found.draws)]
    assert len(drawn) == found.draws
    with pytest.raises(ComparisonError):
        audit.draw_papers(None, found, "9" * 20, ["A B", "C D"])
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "comparison.draw"))
    assert event.after["seed"] == SEED and len(event.after["places"]) == found.draws


def test_a_short_seed_or_a_lone_witness_is_refused_with_the_field(session):
    kit = counted(households=40, votes_a=20, votes_b=10)
    found = audit.publish(None, kit.leader)
    with pytest.raises(ComparisonError) as error:
        audit.draw_papers(None, found, "123456", ["A B", "C D"])
    assert error.value.field == "seed"
    with pytest.raises(ComparisonError) as error:
        audit.draw_papers(None, found, SEED, ["A B"])
    assert error.value.field == "witnesses"
    assert found.status is AuditStatus.PUBLISHED and not found.drawn


def test_matching_papers_pass_the_audit(session):
    kit = counted()
    found = audit.publish(None, kit.leader)
    for row in audit.draw_papers(None, found, SEED, ["Phạm Văn Chứng", "Đỗ Thị Kiến"]):
        assert audit.compare(None, row, _truth(kit.leader, row)) is Lean.NONE
    assert found.status is AuditStatus.PASSED and found.concluded_at is not None


def test_a_planted_record_favouring_the_winner_escalates_to_a_recorded_recount(session):
    kit = counted()
    found = audit.publish(None, kit.leader)
    drawn = audit.draw_papers(None, found, SEED, ["Phạm Văn Chứng", "Đỗ Thị Kiến"])
    # Plant: the paper at the third drawn place really keeps B; the record says A (the winner).
    planted = drawn[2]
    entry_at(kit.leader, planted.stack_no, planted.stack_pos).kept = [kit.a]
    truth = _truth(kit.leader, planted)
    truth = PaperInput(found=True, serial=truth.serial, kept=[kit.b])
    for row in drawn[:2]:
        assert audit.compare(None, row, _truth(kit.leader, row)) is Lean.NONE
    assert found.status is AuditStatus.DRAWN
    assert audit.compare(None, planted, truth) is Lean.HELPS
    assert found.status is AuditStatus.RECOUNT
    result = audit.record_recount(None, found, {kit.a: 79, kit.b: 31}, valid=110, invalid=0, note="Kiểm lại cả 3 xấp")
    assert result["confirmed"] is True and found.status is AuditStatus.RECOUNTED
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("comparison.%"))).all()
    assert actions.count("comparison.compare") == 3 and "comparison.recount" in actions


def test_a_missing_paper_is_a_discrepancy_against_the_outcome(session):
    kit = counted()
    found = audit.publish(None, kit.leader)
    row = audit.draw_papers(None, found, SEED, ["Phạm Văn Chứng", "Đỗ Thị Kiến"])[0]
    assert audit.compare(None, row, PaperInput(found=False, note="Không thấy phiếu")) is Lean.HELPS
    assert found.status is AuditStatus.RECOUNT


def test_a_difference_against_the_winner_is_logged_but_does_not_escalate(session):
    kit = counted()
    found = audit.publish(None, kit.leader)
    drawn = audit.draw_papers(None, found, SEED, ["Phạm Văn Chứng", "Đỗ Thị Kiến"])
    a_row = next(d for d in drawn if entry_at(kit.leader, d.stack_no, d.stack_pos).kept == [kit.b])
    for row in drawn:
        paper = _truth(kit.leader, row)
        if row is a_row:  # the paper keeps A, the record said B: the record understated the winner
            paper = PaperInput(found=True, serial=paper.serial, kept=[kit.a])
        audit.compare(None, row, paper)
    assert a_row.lean == Lean.HURTS.value and found.status is AuditStatus.PASSED


def test_a_recount_that_elects_nobody_is_recorded_as_not_confirming(session):
    kit = counted()
    found = audit.publish(None, kit.leader)
    row = audit.draw_papers(None, found, SEED, ["Phạm Văn Chứng", "Đỗ Thị Kiến"])[0]
    audit.compare(None, row, PaperInput(found=False))
    result = audit.record_recount(None, found, {kit.a: 55, kit.b: 30}, valid=85, invalid=25, note="")
    assert result["confirmed"] is False and result["elected"] == []


def test_the_audit_log_never_pairs_a_serial_with_marks(session):
    kit = counted(households=40, votes_a=20, votes_b=10)
    found = audit.publish(None, kit.leader)
    row = audit.draw_papers(None, found, SEED, ["Phạm Văn Chứng", "Đỗ Thị Kiến"])[0]
    audit.compare(None, row, _truth(kit.leader, row))
    serial = entry_at(kit.leader, row.stack_no, row.stack_pos).serial
    logged = db.session.scalars(select(AuditEvent).where(AuditEvent.action.like("comparison.%"))).all()
    assert logged and all(serial not in str(e.after) for e in logged)
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == "comparison.compare")) == 1
