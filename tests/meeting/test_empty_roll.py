"""A TDP set up a moment ago has no roll yet: its meeting page answers (no quorum to compute, 0/0 households)
with sign-in as the current step; the first-run browser test met a 500 here."""

from sqlalchemy import select

from app.auth.models import Duty
from app.elections.models import ElectionRound
from tests.elections.builders import ward_with_tdps
from tests.factories import create_app_user, login


def test_a_tdp_without_households_yet_shows_its_meeting_waiting_at_sign_in(client, session):
    world = ward_with_tdps(1)
    session.commit()
    login(client, world.admin)
    assert client.post("/api/v1/elections", json={"vote_date": "14/03/2027"}).status_code == 201
    round_id = session.scalar(select(ElectionRound.id))
    team = create_app_user(world.ward, Duty.ELECTION_TEAM, [world.tdps[1]], username="to.bau.cu.moi")
    session.commit()
    client.post("/logout")
    login(client, team)
    page = client.get(f"/rounds/{round_id}/meeting")
    assert page.status_code == 200, page.status_code
    assert "0/0 hộ" in page.get_data(as_text=True)
