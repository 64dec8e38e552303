"""Merging two TDPs: households move with their representatives, a household in both is kept once (same code or
same representative), clashing codes stop the merge, and the absorbed TDP keeps its history and past elections."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db
from app.rolls.models import Household, HouseholdStatus, Person
from app.wards import history
from app.wards.merge import merge_tdps, plan_merge
from app.wards.services import WardError
from tests.electionkit import VOTE_DAY, published
from tests.factories import create_household, create_tdp, create_ward

DECISION = "Nghị quyết số 7/NQ-HĐND ngày 10/03/2026"
ON = date(2026, 4, 1)


def _two(session):
    ward = create_ward()
    into, absorbed = create_tdp(ward, 3), create_tdp(ward, 4)
    create_household(into, "030001", representative="Nguyễn Văn An")
    create_household(into, "030002", representative="Trần Thị Bình")
    create_household(absorbed, "040001", representative="Lê Văn Cường")
    create_household(absorbed, "030002", representative="Trần Thị Bình")  # the same household, listed in both
    create_household(absorbed, "040003", representative="Nguyễn Văn An")  # same representative, another code
    session.flush()
    return into, absorbed


def _active_codes(tdp):
    return sorted(db.session.scalars(select(Household.code).where(Household.tdp_id == tdp.id,
                                                                  Household.status == HouseholdStatus.ACTIVE)))


def test_merging_moves_households_and_keeps_a_household_listed_in_both_once(session):
    into, absorbed = _two(session)
    plan = merge_tdps(None, into, absorbed, effective_on=ON, decision=DECISION)
    assert [h.code for h in plan.moved] == ["040001"]
    assert sorted((d.absorbed.code, d.kept.code, d.by) for d in plan.duplicates) == [
        ("030002", "030002", "code"), ("040003", "030001", "representative")]
    assert _active_codes(into) == ["030001", "030002", "040001"]
    assert _active_codes(absorbed) == []
    moved = session.scalar(select(Household).where(Household.code == "040001"))
    assert session.get(Person, moved.representative_id).tdp_id == into.id
    left = session.scalars(select(Household).where(Household.tdp_id == absorbed.id)).all()
    assert {h.status for h in left} == {HouseholdStatus.MERGED} and all(h.merged_into_id for h in left)
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "tdp.merge")).one()
    assert event.after["moved"] == 1 and event.after["decision"] == DECISION


def test_the_absorbed_tdp_keeps_its_name_for_its_past_papers_and_its_history_records_the_merge(session):
    kit = published()
    into = create_tdp(kit.ward, 6)
    merge_tdps(None, into, kit.tdp, effective_on=ON, decision=DECISION)
    assert history.tdp_name_on(kit.tdp, VOTE_DAY) == kit.tdp.name
    assert kit.round.tdp_id == kit.tdp.id  # its election stays with it
    assert history.names_of(kit.tdp.id)[-1].decision == f"Nhập vào {into.name} theo {DECISION}"


def test_codes_that_clash_with_different_representatives_stop_the_merge_and_change_nothing(session):
    ward = create_ward()
    into, absorbed = create_tdp(ward, 3), create_tdp(ward, 4)
    create_household(into, "000001", representative="Nguyễn Văn An")
    create_household(absorbed, "000001", representative="Phạm Văn Dũng")
    create_household(absorbed, "040002", representative="Lê Văn Cường")
    session.flush()
    assert not plan_merge(into, absorbed).can_apply
    with pytest.raises(WardError, match="000001"):
        merge_tdps(None, into, absorbed, effective_on=ON, decision=DECISION)
    assert _active_codes(absorbed) == ["000001", "040002"] and history.names_of(absorbed.id) == []


def test_a_tdp_with_an_election_on_or_after_the_merge_day_cannot_be_merged(session):
    kit = published()
    into = create_tdp(kit.ward, 6)
    with pytest.raises(WardError, match="15/10/2017"):
        merge_tdps(None, into, kit.tdp, effective_on=date(2017, 10, 1), decision=DECISION)


def test_a_merge_needs_its_decision_and_two_tdps_of_one_ward(session):
    into, absorbed = _two(session)
    stranger = create_tdp(create_ward("Phường Khác"), 9)
    with pytest.raises(WardError) as no_decision:
        merge_tdps(None, into, absorbed, effective_on=ON, decision=" ")
    assert no_decision.value.field == "decision"
    with pytest.raises(WardError):
        merge_tdps(None, into, stranger, effective_on=ON, decision=DECISION)
    with pytest.raises(WardError):
        merge_tdps(None, into, into, effective_on=ON, decision=DECISION)


def test_the_merge_command_reports_duplicates_then_merges_and_refuses_a_bad_date(app, session):
    into, absorbed = _two(session)
    session.commit()
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["ward", "tdps", "merge", "3", "4", "--decision", DECISION, "--on", "01/04/2026",
                              "--dry-run"])
    assert dry.exit_code == 0 and "1 hộ sẽ chuyển" in dry.output and "cùng người đại diện" in dry.output
    assert _active_codes(absorbed) != []
    bad = runner.invoke(args=["ward", "tdps", "merge", "3", "4", "--decision", DECISION, "--on", "31/04/2026"])
    assert bad.exit_code == 1 and "30/04/2026" in bad.output
    done = runner.invoke(args=["ward", "tdps", "merge", "3", "4", "--decision", DECISION, "--on", "01/04/2026"])
    assert done.exit_code == 0, done.output
    session.expire_all()
    assert _active_codes(into) == ["030001", "030002", "040001"]
