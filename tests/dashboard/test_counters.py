"""The dashboard's counters (active households per TDP, present households per round) equal a real count after
every kind of change: sign-in, undo, signing in again, moving away and back, moving to another TDP, deleting,
bulk inserts outside the ORM, deleting a round or a TDP; and the dashboard shows them."""

import random

import pytest
from sqlalchemy import delete, func, insert, select, update

from app.attendance import services as attendance
from app.attendance.models import Attendance, SignInMethod
from app.attendance.services import SignInError
from app.dashboard import queries
from app.dashboard.models import HouseholdCount, PresentCount
from app.dashboard.services import build
from app.elections.models import ElectionRound
from app.rolls import services as rolls
from app.rolls.models import Household, HouseholdStatus
from tests.factories import create_election, create_household, create_person, create_round, create_tdp, create_ward


@pytest.fixture
def ward(session):
    ward = create_ward()
    tdps = [create_tdp(ward, n) for n in (1, 2, 3)]
    households = [create_household(tdp, f"{tdp.number:02d}{i:04d}", representative=f"Nguyễn Văn {i}")
                  for tdp in tdps for i in range(1, 9)]
    election = create_election(ward)
    rounds = [create_round(election, tdp) for tdp in tdps]
    session.commit()
    return ward, tdps, households, rounds


def real_counts(session) -> tuple[dict, dict]:
    households = dict(session.execute(select(Household.tdp_id, func.count())
                                      .where(Household.status == HouseholdStatus.ACTIVE).group_by(Household.tdp_id)).all())
    present = dict(session.execute(select(Attendance.round_id, func.count())
                                   .where(Attendance.undone_at.is_(None)).group_by(Attendance.round_id)).all())
    return households, present


def kept_counts(session) -> tuple[dict, dict]:
    session.flush()
    households = {t: n for t, n in session.execute(select(HouseholdCount.tdp_id, HouseholdCount.active)).all() if n}
    present = {r: n for r, n in session.execute(select(PresentCount.round_id, PresentCount.present)).all() if n}
    return households, present


def test_the_counters_follow_sign_ins_undos_and_roll_changes_step_by_step(ward, session):
    _, tdps, households, rounds = ward
    round_of = {r.tdp_id: r for r in rounds}
    rng = random.Random(15)
    steps = 0
    for _ in range(120):
        household = rng.choice(households)
        round_ = round_of[household.tdp_id]
        action = rng.choice(["sign_in", "sign_in", "undo", "status", "move"])
        try:
            if action == "sign_in":
                attendance.sign_in(None, round_, household, SignInMethod.CODE)
            elif action == "undo":
                attendance.undo_sign_in(None, round_, household, "Nhầm hộ")
            elif action == "status":
                new = HouseholdStatus.ACTIVE if household.status is not HouseholdStatus.ACTIVE else HouseholdStatus.MOVED
                rolls.set_status(None, household, new, "Chuyển đi")
            else:
                household.tdp_id = rng.choice([t.id for t in tdps if t.id != household.tdp_id])
                session.flush()
        except SignInError:
            continue
        steps += 1
        if rng.random() < 0.5:
            session.commit()
        assert kept_counts(session) == real_counts(session), f"after {action} (step {steps})"
    assert steps > 60
    # A transaction rolled back takes its counting with it.
    session.commit()
    before = kept_counts(session)
    session.execute(update(Attendance).values(undone_at=func.now()))
    assert kept_counts(session) == real_counts(session) == ({k: v for k, v in before[0].items()}, {})
    session.rollback()
    assert kept_counts(session) == real_counts(session) == before


def test_the_counters_follow_bulk_inserts_updates_and_deletes_outside_the_orm(ward, session):
    _, tdps, households, rounds = ward
    people = [create_person(tdps[1], f"Trần Thị {i}") for i in range(50)]
    session.execute(insert(Household), [{"tdp_id": tdps[1].id, "code": f"99{i:04d}", "address": "Ngõ 9",
                                         "representative_id": p.id, "status": "active"} for i, p in enumerate(people)])
    session.execute(insert(Attendance), [{"round_id": rounds[0].id, "household_id": h.id, "method": "code"}
                                         for h in households[:8]])
    assert kept_counts(session) == real_counts(session)
    session.execute(update(Household).where(Household.tdp_id == tdps[1].id, Household.code.like("99%"))
                    .values(status="removed"))
    session.execute(update(Attendance).where(Attendance.household_id.in_([h.id for h in households[:3]]))
                    .values(undone_at=func.now()))
    assert kept_counts(session) == real_counts(session)
    session.execute(delete(Attendance).where(Attendance.household_id == households[4].id))
    session.execute(delete(ElectionRound).where(ElectionRound.id == rounds[2].id))
    session.commit()
    assert kept_counts(session) == real_counts(session)
    assert session.get(PresentCount, rounds[2].id) is None


def test_the_dashboard_reads_the_counters(ward, session):
    ward_, tdps, households, rounds = ward
    for household in households[:5]:
        attendance.sign_in(None, rounds[0], household, SignInMethod.CODE)
    attendance.undo_sign_in(None, rounds[0], households[0], "Nhầm hộ")
    rolls.set_status(None, households[9], HouseholdStatus.MOVED, "Chuyển đi")
    session.commit()
    assert queries.present_by_round([rounds[0].election_id])[rounds[0].id] == 4
    board = build([ward_.id])
    assert [(row.number, row.households) for row in board.rows] == [(1, 8), (2, 7), (3, 8)]
