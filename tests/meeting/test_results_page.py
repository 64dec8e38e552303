"""The ward's results page (D29): winners with their votes per round, earlier rounds kept after a re-run,
and a key the ward only issued is never shown as paired."""

from datetime import timedelta

from app.auth.models import Duty
from app.elections.models import Position
from app.results import pairing
from app.tally import services as tally
from tests.dashboard.builders import finish, ward_of
from tests.electionkit import VOTE_DAY
from tests.factories import create_app_user, login


def test_the_results_page_shows_winners_and_votes_and_keeps_round_one_after_a_rerun(client, session):
    kit = ward_of(2, households=10)
    leader = finish(kit.contest(1), 9, (7, 2))
    finish(kit.contest(1, Position.DEPUTY), 9, (5, 4), signed_in=True)
    tally.open_rerun(None, kit.rounds[1], VOTE_DAY + timedelta(days=7))
    pairing.issue_key(None, kit.tdps[1])
    observer = create_app_user(kit.ward, Duty.OBSERVER)
    session.commit()
    login(client, observer)
    page = client.get("/results/").get_data(as_text=True)
    row = page.split('id="tdp-1"', 1)[1].split("</tr>", 1)[0]
    winner = next(v for v in leader["votes"] if v["person"] == leader["elected"][0]["person"])
    first = row.split('data-round="1"', 1)[1].split('data-round="2"', 1)[0]
    assert winner["name"] in first and "7 phiếu (70,00%)" in first
    assert "không ai trúng cử" in first.split('data-position="deputy"', 1)[1]
    second = row.split('data-round="2"', 1)[1]
    assert 'data-position="deputy"' in second and "chưa có" in second and 'data-position="leader"' not in second
    assert 'data-origin="issued"' in row and "phường cấp" in row and "chưa nhận gói nào" in row
    assert "đã ghép nối" not in page and 'id="pair-form"' not in page
