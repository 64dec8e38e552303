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
