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


def test_the_count_page_and_the_results_page_share_one_rerun_form(client, session):
    """D30: the same fields (reason, note, date, venue) on both pages, posted to one place; the reason's label
    appears once."""
    from sqlalchemy import select

    from app.elections.models import ElectionRound
    from app.results.models import RerunKind, RerunReason

    kit = ward_of(2, households=10)
    finish(kit.contest(1), 8, (5, 3))  # 5 of 10 households is not more than half: no winner
    admin = create_app_user(kit.ward)
    session.commit()
    login(client, admin)
    count_page = client.get(f"/count/contest/{kit.contest(1).id}").get_data(as_text=True)
    rerun_url = f"/results/tdp/{kit.tdps[1].id}/rerun"
    results_page = client.get(rerun_url).get_data(as_text=True)
    for page in (count_page, results_page):
        form = page.split('id="rerun-form"', 1)[1].split("</form>", 1)[0]
        assert f'action="{rerun_url}"' in page.split('id="rerun-form"', 1)[0].rsplit("<form", 1)[1]
        for name in ("kind", "note", "vote_date", "place"):
            assert f'name="{name}"' in form, name
        assert page.count("Lý do phải bầu lại") == 1
    done = client.post(rerun_url, data={"kind": "no_winner", "note": "Không ai quá nửa", "vote_date": "22/10/2017",
                                        "place": "Sân nhà văn hóa"})
    assert done.status_code == 302
    second = session.scalar(select(ElectionRound).where(ElectionRound.tdp_id == kit.tdps[1].id,
                                                        ElectionRound.number == 2))
    assert second.place == "Sân nhà văn hóa" and session.get(RerunReason, second.id).kind is RerunKind.NO_WINNER
