"""Splitting a TDP: the chosen households (codes, ranges, ticked boxes) move with their representatives to a new
TDP, both histories record the decision, a household listed twice is flagged, and nothing changes while the TDP
is in an election under way. A merged-away TDP is dissolved and leaves the ward's current pages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.auth.models import Duty
from app.core.time import local_today
from app.dashboard.queries import tdps_with_households
from app.elections.models import ElectionRound
from app.elections.services import NewElection, create_election
from app.extensions import db
from app.printing import services as printing
from app.rolls.models import Household, HouseholdStatus, Person
from app.wards import history
from app.wards.merge import merge_tdps
from app.wards.models import Tdp
from app.wards.queries import tdp_rows
from app.wards.services import WardError
from app.wards.split import SplitInput, plan_split, select_households, split_tdp
from tests.electionkit import open_count, published
from tests.factories import create_app_user, create_household, create_tdp, create_ward

DECISION = "Nghị quyết số 9/NQ-HĐND ngày 20/03/2026"
ON = date(2026, 4, 1)


def _tdp_with(session, codes=("050001", "050002", "050003", "050004", "050010")):
    ward = create_ward()
    tdp = create_tdp(ward, 5)
    for i, code in enumerate(codes):
        create_household(tdp, code, representative=f"Nguyễn Văn Hộ {chr(65 + i)}")
    session.flush()
    return ward, tdp


def _codes(tdp) -> list[str]:
    return sorted(db.session.scalars(select(Household.code).where(Household.tdp_id == tdp.id,
                                                                  Household.status == HouseholdStatus.ACTIVE)))


def _input(number="15", name="Tổ dân phố số 15") -> SplitInput:
    return SplitInput(number, name, ON, DECISION)


def test_codes_ranges_and_ticked_boxes_choose_households_and_unknown_codes_are_named(session):
    _, tdp = _tdp_with(session)
    households = list(session.scalars(select(Household).where(Household.tdp_id == tdp.id)))
    ticked = next(h.id for h in households if h.code == "050010")
    chosen = select_households(households, "050001; 050002-050003\n050003 099999 1-2", [ticked])
    assert [h.code for h in chosen.households] == ["050001", "050002", "050003", "050010"]
    assert chosen.repeated == ["050003"]
    assert chosen.unknown == ["099999", "1-2"]


def test_splitting_moves_the_chosen_households_with_their_representatives_and_keeps_both_histories(session):
    ward, tdp = _tdp_with(session)
    plan = plan_split(tdp, "050003-050010")
    new = split_tdp(None, tdp, _input(), plan)
    assert (new.number, new.name, new.ward_id) == (15, "Tổ dân phố số 15", ward.id)
    assert _codes(new) == ["050003", "050004", "050010"] and _codes(tdp) == ["050001", "050002"]
    moved = session.scalars(select(Household).where(Household.tdp_id == new.id)).all()
    assert {session.get(Person, h.representative_id).tdp_id for h in moved} == {new.id}
    assert history.names_of(new.id)[0].decision == f"Tách từ Tổ dân phố số 5 theo {DECISION}"
    assert history.names_of(new.id)[0].valid_from == ON
    assert history.names_of(tdp.id)[-1].decision == f"Tách 3 hộ sang Tổ dân phố số 15 theo {DECISION}"
    assert history.tdp_name_on(tdp, date(2020, 1, 1)) == tdp.name
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "tdp.split")).one()
    assert event.after["moved"] == 3 and event.after["codes"] == ["050003", "050004", "050010"]


def test_a_household_listed_twice_with_one_copy_chosen_is_reported_as_a_duplicate(session):
    ward = create_ward()
    tdp = create_tdp(ward, 5)
    create_household(tdp, "050001", representative="Trần Thị Bình")
    create_household(tdp, "050002", representative="Lê Văn Cường")
    create_household(tdp, "050099", representative="Trần Thị Bình")  # the same household under a second code
    session.flush()
    plan = plan_split(tdp, "050099")
    assert [(a.code, b.code) for a, b in plan.duplicates] == [("050099", "050001")]


@pytest.mark.parametrize(("text", "data", "field"), [
    ("050001", SplitInput("15", "Tổ dân phố số 15", ON, " "), "decision"),
    ("050001", SplitInput("15", "Tổ dân phố số 15", None, DECISION), "effective_on"),
    ("050001", SplitInput("5", "Tổ dân phố số 5B", ON, DECISION), "number"),
    ("050001 777777", _input(), "households"),
    ("", _input(), "households"),
    ("050001-050010", _input(), "households"),
])
def test_a_split_that_cannot_be_made_as_given_names_the_field_and_changes_nothing(session, text, data, field):
    _, tdp = _tdp_with(session)
    with pytest.raises(WardError) as refused:
        split_tdp(None, tdp, data, plan_split(tdp, text))
    assert refused.value.field == field and refused.value.message
    assert _codes(tdp) == ["050001", "050002", "050003", "050004", "050010"]
    assert session.scalar(select(Tdp.id).where(Tdp.number == 15)) is None


def test_a_tdp_whose_ballots_are_printed_or_count_started_can_be_neither_split_nor_merged(session):
    kit = published()
    printing.create_run(None, kit.leader, 8)
    other = create_tdp(kit.ward, 9)
    create_household(other, "090001", representative="Phạm Văn Chín")
    session.flush()
    with pytest.raises(WardError, match="đã in phiếu"):
        split_tdp(None, kit.tdp, _input(), plan_split(kit.tdp, "050001"))
    with pytest.raises(WardError, match="đã in phiếu"):
        merge_tdps(None, kit.tdp, other, effective_on=ON, decision=DECISION)


def test_a_count_started_blocks_a_split_until_it_is_locked(session):
    kit = published()
    open_count(kit, kit.leader)
    session.flush()
    with pytest.raises(WardError, match="kiểm phiếu"):
        split_tdp(None, kit.tdp, _input(), plan_split(kit.tdp, "050001"))


def test_a_merged_away_tdp_is_dissolved_leaves_the_current_lists_and_keeps_its_past_election(session):
    kit = published()
    into = create_tdp(kit.ward, 6)
    admin = create_app_user(kit.ward)
    merge_tdps(None, into, kit.tdp, effective_on=ON, decision=DECISION)
    assert kit.tdp.dissolved_on == ON and DECISION in kit.tdp.dissolved_decision
    assert [r.number for r in tdp_rows(admin, kit.ward.id)] == [6]
    assert [row[2] for row in tdps_with_households([kit.ward.id], None)] == [6]  # the dashboard's rows
    assert session.scalar(select(ElectionRound.id).where(ElectionRound.tdp_id == kit.tdp.id)) == kit.round.id
    with pytest.raises(WardError, match="giải thể"):
        merge_tdps(None, into, kit.tdp, effective_on=date(2026, 5, 1), decision=DECISION)
    with pytest.raises(Exception, match="giải thể"):  # no new account for a dissolved TDP
        create_app_user(kit.ward, Duty.ELECTION_TEAM, [kit.tdp])


def test_the_split_command_previews_then_splits(app, session, tmp_path):
    _, tdp = _tdp_with(session)
    session.commit()
    listing = tmp_path / "ho.txt"
    listing.write_text("050003\n050004\n", encoding="utf-8")
    runner = app.test_cli_runner()
    args = ["ward", "tdps", "split", "5", "15", "Tổ dân phố số 15", "--households", "050010",
            "--households-file", str(listing), "--decision", DECISION, "--on", "01/04/2026"]
    dry = runner.invoke(args=[*args, "--dry-run"])
    assert dry.exit_code == 0 and "3 hộ sẽ chuyển" in dry.output, dry.output
    assert session.scalar(select(Tdp.id).where(Tdp.number == 15)) is None
    bad = runner.invoke(args=[*args[:-1], "31/04/2026"])
    assert bad.exit_code == 1 and "30/04/2026" in bad.output
    done = runner.invoke(args=args)
    assert done.exit_code == 0, done.output
    session.expire_all()
    new = session.scalar(select(Tdp).where(Tdp.number == 15))
    assert _codes(new) == ["050003", "050004", "050010"]


def test_the_new_tdp_of_a_split_joins_the_open_election_and_a_dissolved_one_gets_no_round_in_a_new_one(session):
    ward, tdp = _tdp_with(session)
    absorbed = create_tdp(ward, 8)
    into = create_tdp(ward, 9)
    merge_tdps(None, into, absorbed, effective_on=ON, decision=DECISION)
    election = create_election(None, ward, NewElection("nd-59-2023", local_today() + timedelta(days=20)))
    assert sorted(r.tdp.number for r in election.rounds) == [5, 9]
    new = split_tdp(None, tdp, _input(), plan_split(tdp, "050010"))
    round_ = session.scalar(select(ElectionRound).where(ElectionRound.tdp_id == new.id))
    assert round_.election_id == election.id and round_.vote_date == election.default_vote_date
