"""A TDP added after its ward's election was created gets its round: automatically while the election is open
(a vote day today or later), or from the election page's "add to election" button."""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import select

from app.core.time import local_today
from app.elections.models import ElectionRound, ElectionState, Position
from app.elections.services import missing_tdps
from app.extensions import db
from app.plan.models import ChecklistItem
from app.wards import services as wards
from app.wards.tdp_list import TdpEntry
from tests.elections.builders import new_election, ward_with_tdps
from tests.factories import login


def _round_of(election, tdp) -> ElectionRound | None:
    return db.session.scalar(select(ElectionRound).where(ElectionRound.election_id == election.id,
                                                         ElectionRound.tdp_id == tdp.id))


def test_a_tdp_added_while_the_election_is_open_gets_its_round_contests_and_plan_tasks(session):
    world = ward_with_tdps(1, 2)
    day = local_today() + timedelta(days=40)
    election = new_election(world, vote_date=day, deputy_seats=1)
    (added,) = wards.add_tdps(world.admin, world.ward, [TdpEntry(1, 7, "Tổ dân phố số 7")])
    round_ = _round_of(election, added)
    assert round_ is not None and (round_.vote_date, round_.starts_at, round_.number) == (day, time(8, 0), 1)
    first = _round_of(election, world.tdps[1])
    assert sorted((c.position, c.seats) for c in round_.contests) == sorted(
        (c.position, c.seats) for c in first.contests)
    assert Position.LEADER in {c.position for c in round_.contests}
    assert session.scalar(select(ChecklistItem.id).where(ChecklistItem.tdp_id == added.id)) is not None
    assert missing_tdps(election) == []


def test_a_tdp_added_after_the_vote_days_or_to_a_closed_election_gets_no_round(session):
    world = ward_with_tdps(1, 2)
    past = new_election(world, vote_date=date(2026, 3, 1), term_label="2026–2031")
    closed = new_election(world, vote_date=local_today() + timedelta(days=10), term_label="2027–2032")
    closed.state = ElectionState.CLOSED
    (added,) = wards.add_tdps(world.admin, world.ward, [TdpEntry(1, 8, "Tổ dân phố số 8")])
    assert _round_of(past, added) is None and _round_of(closed, added) is None
    assert [t.number for t in missing_tdps(past)] == [8]


def test_the_add_command_reports_the_election_the_new_tdp_joined(app, session):
    world = ward_with_tdps(1)
    election = new_election(world, vote_date=local_today() + timedelta(days=30))
    session.commit()
    result = app.test_cli_runner().invoke(args=["ward", "tdps", "add", "12", "Tổ dân phố số 12",
                                                "--ward", world.ward.name])
    assert result.exit_code == 0, result.output
    assert f"nhiệm kỳ {election.term_label}" in result.output
    session.expire_all()
    assert len(session.scalars(select(ElectionRound).where(ElectionRound.election_id == election.id)).all()) == 2


def test_the_election_page_offers_the_missing_tdps_and_adds_them(client, session):
    world = ward_with_tdps(1, 2)
    election = new_election(world, vote_date=date(2026, 3, 1), term_label="2026–2031")
    (late,) = wards.add_tdps(world.admin, world.ward, [TdpEntry(1, 9, "Tổ dân phố số 9")])
    session.commit()
    login(client, world.admin)
    page = client.get(f"/elections/{election.id}").get_data(as_text=True)
    assert 'id="missing-tdps"' in page and "Tổ dân phố số 9" in page
    response = client.post(f"/elections/{election.id}/add-tdps", data={"submit": "1"})
    assert response.status_code == 302
    session.expire_all()
    round_ = _round_of(election, late)
    assert round_ is not None and round_.vote_date == date(2026, 3, 1)
    assert 'id="missing-tdps"' not in client.get(f"/elections/{election.id}").get_data(as_text=True)
