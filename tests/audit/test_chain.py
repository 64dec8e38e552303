"""The audit log is a hash chain: tampering with, or deleting, any row is caught and named."""

import sqlalchemy as sa

from app.audit.models import AuditEvent
from app.audit.services import record, verify_chain


def _three_events(session):
    for i in range(3):
        record(None, "test.event", "thing", i, before={"n": i}, after={"n": i + 1, "tên": "Nguyễn"})
    session.commit()


def test_an_untouched_chain_verifies(session):
    _three_events(session)
    report = verify_chain()
    assert (report.checked, report.broken_at) == (3, None)


def test_editing_a_row_behind_the_apps_back_is_caught_at_that_row(session, runner):
    _three_events(session)
    session.execute(sa.update(AuditEvent).where(AuditEvent.seq == 2).values(after={"n": 999}))
    session.commit()
    report = verify_chain()
    assert report.broken_at == 2
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code != 0 and "số 2" in result.output


def test_deleting_the_last_row_is_caught(session):
    _three_events(session)
    session.execute(sa.delete(AuditEvent).where(AuditEvent.seq == 3))
    session.commit()
    assert verify_chain().broken_at == 3


def test_deleting_a_middle_row_is_caught(session):
    _three_events(session)
    session.execute(sa.delete(AuditEvent).where(AuditEvent.seq == 2))
    session.commit()
    assert verify_chain().broken_at == 3


# ---- keyed chain and anchors (F13) ----------------------------------------------------------------

from app.audit.models import AuditHead  # noqa: E402
from app.audit.services import chain_head, event_hash, parse_anchor  # noqa: E402


def _rewrite_and_rehash(session, seq: int, **changes) -> None:
    """The review's attack: edit an event, then recompute every hash after it (no key needed for SHA-256)."""
    session.execute(sa.update(AuditEvent).where(AuditEvent.seq == seq).values(**changes))
    prev = "0" * 64
    for ev in session.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq)):
        ev.prev_hash = prev
        ev.hash = event_hash(prev, ev.seq, ev.at, ev.actor, ev.action, ev.object_type, ev.object_id, ev.tdp_id,
                             ev.before, ev.after)
        prev = ev.hash
    session.get(AuditHead, 1).last_hash = prev
    session.commit()


def test_rewriting_history_and_rehashing_the_chain_is_caught(session, runner):
    _three_events(session)
    _rewrite_and_rehash(session, 2, actor="admin")
    report = verify_chain()
    assert report.broken_at == 2 and "HMAC" in report.problem
    assert runner.invoke(args=["audit", "verify"]).exit_code != 0


def test_stripping_the_macs_before_rehashing_is_caught(session):
    _three_events(session)
    session.execute(sa.update(AuditEvent).values(mac=None))
    _rewrite_and_rehash(session, 2, actor="admin")
    report = verify_chain()
    assert report.broken_at == 3 and "seal" in report.problem


def test_a_chain_kept_under_another_key_does_not_verify(session):
    _three_events(session)
    assert verify_chain(key=b"another installation's key").broken_at == 1


def test_events_from_before_the_key_are_covered_by_the_first_keyed_event(session, runner):
    _three_events(session)
    session.execute(sa.update(AuditEvent).values(mac=None))  # as the upgrade leaves them
    session.commit()
    assert verify_chain().broken_at == 3  # until sealed
    sealed = runner.invoke(args=["audit", "seal"])
    assert sealed.exit_code == 0, sealed.output
    report = verify_chain()
    assert (report.checked, report.broken_at, report.legacy) == (4, None, 3)
    _rewrite_and_rehash(session, 1, actor="admin")
    assert verify_chain().broken_at == 4


def test_a_published_anchor_catches_a_truncated_chain(session, runner):
    _three_events(session)
    anchor = str(chain_head().anchor)
    assert runner.invoke(args=["audit", "verify", "--anchor", anchor]).exit_code == 0
    session.execute(sa.delete(AuditEvent).where(AuditEvent.seq == 3))
    last = session.scalar(sa.select(AuditEvent).where(AuditEvent.seq == 2))
    session.execute(sa.update(AuditHead).values(seq=2, last_hash=last.hash))
    session.commit()
    assert verify_chain().broken_at is None  # the key alone cannot see a cut tail...
    result = runner.invoke(args=["audit", "verify", "--anchor", anchor])
    assert result.exit_code != 0 and anchor in result.output  # ...the anchor printed on paper does


def test_an_anchor_that_does_not_match_is_named(session, runner):
    _three_events(session)
    result = runner.invoke(args=["audit", "verify", "--anchor", "2:00000000deadbeef"])
    assert result.exit_code != 0 and "số 2" in result.output
    bad = runner.invoke(args=["audit", "verify", "--anchor", "hai"])
    assert bad.exit_code == 2 and "SỐ:MÃ" in bad.output


def test_parse_anchor_accepts_what_chain_head_prints():
    assert str(parse_anchor("396:3F2A9C1E0B7D4E55")) == "396:3f2a9c1e0b7d4e55"


# ---- one chain per TDP for the election-day actions (issue 15) -----------------------------------------

from app.audit.models import MAIN_CHAIN  # noqa: E402
from app.audit.services import anchor_chains  # noqa: E402


def _two_tdps_counting(session):
    """Ballots of TDPs 7 and 9 interleaved, and a ward action between them."""
    for i in range(3):
        record(None, "tally.ballot", "contest", 70, tdp_id=7, after={"entry": i})
        record(None, "tally.ballot", "contest", 90, tdp_id=9, after={"entry": i})
    record(None, "tally.configure", "contest", 70, tdp_id=7, after={"method": "secret_ballot"})
    session.commit()


def test_each_tdps_ballots_form_their_own_chain_numbered_from_one_and_all_verify(session):
    _two_tdps_counting(session)
    chains = {c: session.scalars(sa.select(AuditEvent).where(AuditEvent.chain == c).order_by(AuditEvent.seq)).all()
              for c in (MAIN_CHAIN, 7, 9)}
    assert [e.seq for e in chains[7]] == [e.seq for e in chains[9]] == [1, 2, 3]
    assert [e.action for e in chains[MAIN_CHAIN]] == ["tally.configure"]
    for ev in chains[7] + chains[9]:  # the same hashes as a single chain would compute
        assert ev.hash == event_hash(ev.prev_hash, ev.seq, ev.at, ev.actor, ev.action, ev.object_type, ev.object_id,
                                     ev.tdp_id, ev.before, ev.after)
    report = verify_chain()
    assert (report.checked, report.chains, report.broken_at) == (7, 2, None)


def test_tampering_in_one_tdps_chain_is_caught_and_named(session, runner):
    _two_tdps_counting(session)
    session.execute(sa.update(AuditEvent).where(AuditEvent.chain == 9, AuditEvent.seq == 2)
                    .values(after={"entry": 99}))
    session.commit()
    report = verify_chain()
    assert (report.chain, report.broken_at) == (9, 2) and "mã 9" in report.problem
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code != 0 and "mã 9" in result.output


def test_an_event_moved_to_another_tdps_chain_is_caught(session):
    _two_tdps_counting(session)
    session.execute(sa.update(AuditEvent).where(AuditEvent.chain == 9, AuditEvent.seq == 3).values(chain=7, seq=4))
    session.execute(sa.update(AuditHead).where(AuditHead.chain == 7).values(seq=4))
    session.commit()
    assert verify_chain().chain in (7, 9) and verify_chain().broken_at is not None


def test_the_main_chains_anchor_pins_every_tdp_chain_so_a_cut_tail_is_caught(session, runner):
    _two_tdps_counting(session)
    printed = runner.invoke(args=["audit", "head"])
    assert printed.exit_code == 0, printed.output
    anchor = printed.output.strip()
    assert anchor == str(chain_head().anchor) and anchor.startswith("2:")  # the anchor event is the main chain's 2nd
    [pinned] = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "audit.anchor")).all()
    assert pinned.after["chains"]["7"][0] == 3 and pinned.after["chains"]["9"][0] == 3
    assert runner.invoke(args=["audit", "head"]).output.strip() == anchor  # nothing moved: no new anchor event
    # Cut TDP 9's last ballot and make its head row agree: only the pin in the main chain can see it.
    session.execute(sa.delete(AuditEvent).where(AuditEvent.chain == 9, AuditEvent.seq == 3))
    last = session.scalar(sa.select(AuditEvent).where(AuditEvent.chain == 9, AuditEvent.seq == 2))
    session.execute(sa.update(AuditHead).where(AuditHead.chain == 9).values(seq=2, last_hash=last.hash))
    session.commit()
    report = verify_chain()
    assert (report.chain, report.broken_at) == (9, 3) and "chuỗi chính" in report.problem
    result = runner.invoke(args=["audit", "verify", "--anchor", anchor])
    assert result.exit_code != 0 and "mã 9" in result.output


def test_a_whole_tdp_chain_removed_after_anchoring_is_caught(session):
    _two_tdps_counting(session)
    anchor_chains()
    session.commit()
    session.execute(sa.delete(AuditEvent).where(AuditEvent.chain == 7))
    session.execute(sa.delete(AuditHead).where(AuditHead.chain == 7))
    session.commit()
    report = verify_chain()
    assert report.chain == 7 and report.broken_at is not None


def test_a_tdp_chain_without_macs_is_refused(session):
    _two_tdps_counting(session)
    session.execute(sa.update(AuditEvent).where(AuditEvent.chain == 7).values(mac=None))
    session.commit()
    report = verify_chain()
    assert (report.chain, report.broken_at) == (7, 1) and "HMAC" in report.problem
