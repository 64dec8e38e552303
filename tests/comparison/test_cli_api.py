"""The comparison audit from the command line and the API: the same seed draws the same places."""

from app.auth.models import Duty
from app.rules import draw, place_of
from tests.comparison.builders import counted
from tests.factories import create_app_user, login

SEED = "52341625341625341625"


def test_the_command_line_publishes_then_draws_the_places_the_seed_gives(session, runner):
    kit = counted(households=60, votes_a=40, votes_b=15)
    session.commit()
    published = runner.invoke(args=["comparison", "publish", str(kit.leader.id)])
    assert published.exit_code == 0, published.output
    k = int(published.output.split("k=")[1].split()[0])
    drawn = runner.invoke(args=["comparison", "draw", str(kit.leader.id), "--seed", SEED, "--witness", "Phạm Văn Chứng",
                                "--witness", "Đỗ Thị Kiến"])
    assert drawn.exit_code == 0, drawn.output
    expected = draw(SEED, [place_of(i, 50) for i in range(1, 56)], k)
    for place in expected:
        assert f"xấp {place.stack} vị trí {place.position} " in drawn.output
    again = runner.invoke(args=["comparison", "draw", str(kit.leader.id), "--seed", SEED, "--witness", "A B",
                                "--witness", "C D"])
    assert again.exit_code != 0 and "không đổi được" in again.output


def test_the_api_draws_once_and_refuses_a_short_seed_by_code(client, session, runner):
    kit = counted(households=60, votes_a=40, votes_b=15)
    session.commit()
    runner.invoke(args=["comparison", "publish", str(kit.leader.id)])
    head = create_app_user(kit.ward, Duty.COUNTING_HEAD, [kit.tdp])
    session.commit()
    login(client, head)
    url = f"/api/v1/contests/{kit.leader.id}/audit"
    before = client.get(url).get_json()
    assert before["status"] == "published" and before["drawn"] == [] and before["papers"] == 55
    short = client.post(url + "/draw", json={"seed": "12345", "witnesses": ["A B", "C D"]})
    assert short.status_code == 422 and short.get_json()["errors"]["reason"] == "audit.bad_seed"
    answer = client.post(url + "/draw", json={"seed": SEED, "witnesses": ["Phạm Văn Chứng", "Đỗ Thị Kiến"]})
    assert answer.status_code == 200
    places = [(d["stack"], d["position"]) for d in answer.get_json()["drawn"]]
    expected = draw(SEED, [place_of(i, 50) for i in range(1, 56)], before["draws"])
    assert places == [(p.stack, p.position) for p in expected]
    assert client.post(url + "/draw", json={"seed": SEED, "witnesses": ["A B", "C D"]}).status_code == 409
