"""Secrecy by construction: no table and no audit record links a ballot serial to a household or a person
who voted."""

import json

from sqlalchemy import select

import app.models  # noqa: F401  every table
from app.attendance import services as attendance
from app.audit.models import AuditEvent
from app.extensions import db
from app.printing import services as printing
from app.rolls.models import Household
from app.tally import entry
from tests.electionkit import candidate_ids, open_count, payloads, published

VOTER_TABLES = {"households", "persons", "attendances", "representative_changes"}
VOTER_COLUMNS = {"household_id", "person_id", "voter_id", "representative_id"}


def test_no_table_that_holds_a_serial_can_reach_a_voter():
    for table in db.metadata.sorted_tables:
        if not any("serial" in column.name for column in table.columns):
            continue
        assert not VOTER_COLUMNS & {c.name for c in table.columns}, table.name
        targets = {fk.column.table.name for fk in table.foreign_keys}
        assert not targets & VOTER_TABLES, (table.name, targets)


def test_no_audit_record_pairs_a_serial_with_a_household(session):
    kit = published(households=12)
    run = printing.create_run(None, kit.leader, 12)
    round_ = kit.round
    for household_id in kit.households:
        attendance.sign_in(None, round_, session.get(Household, household_id), attendance.SignInMethod.CODE)
    open_count(kit, kit.leader)
    for text in payloads(run):
        entry.enter_ballot(None, kit.leader, text, kept=candidate_ids(run)[:1])
    session.commit()
    serials = {text.split(":")[5] for text in payloads(run)}
    codes = set(session.scalars(select(Household.code)))
    for event in session.scalars(select(AuditEvent)):
        body = json.dumps([event.before, event.after], ensure_ascii=False)
        has_serial = any(s in body for s in serials)
        has_voter = event.object_type == "household" or any(c in body for c in codes)
        assert not (has_serial and has_voter), (event.action, body)

