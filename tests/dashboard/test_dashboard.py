"""The ward dashboard on a real database: rows move as counts lock, scope, the API, and a number of SQL
statements that does not grow with the number of TDPs."""

from datetime import timedelta

import pytest
from sqlalchemy import event

from app.auth.models import Duty
from app.elections.models import Position
from app.extensions import db
from app.results.models import Recognition, RerunKind, RerunReason, ResultsPackage
from app.tally import services as tally
from tests.dashboard.builders import finish, ward_of
from tests.electionkit import VOTE_DAY
from tests.factories import create_app_user, login


def statements(client, url: str):
    """The response and every SQL statement the request sent."""
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return response, seen


def busy_ward(tdps: int, name: str):
    """A ward where every stage and result kind occurs: counts locked, a no-winner, an imported package,
    a recognition, a re-run with its reason."""
    kit = ward_of(tdps, households=10, name=name)
    for number in range(1, tdps + 1):
        if number % 3 == 1:
            finish(kit.contest(number), 8, (6, 2))
        elif number % 3 == 2:
            finish(kit.contest(number), 8, (4, 4))  # nobody has more than 5 of 10 households
    first = kit.rounds[1]
    db.session.add(Recognition(election_id=kit.election.id, tdp_id=first.tdp_id, round_id=first.id,
                               recognised_on=VOTE_DAY + timedelta(days=2)))
    second = tally.open_rerun(None, kit.rounds[2], VOTE_DAY + timedelta(days=5))
    db.session.add(RerunReason(round_id=second.id, kind=RerunKind.NO_WINNER, note=""))
    third = kit.contest(3)
    db.session.add(ResultsPackage(contest_id=third.id, round_id=third.round_id, tdp_id=third.round.tdp_id,
                                  package_digest=name[-1] * 64, result_key="0" * 64, minutes_digest="0" * 64,
                                  electorate=10, present=9, returned=9, valid=9, invalid=0, outcome="elected",
                                  next_step="none", winners=[{"name": "Ông Lê Văn Ba", "votes": 7}], body={}))
    db.session.flush()
    return kit, create_app_user(kit.ward)


@pytest.mark.parametrize("url", ["/dashboard/", "/api/v1/wards/{ward}/dashboard"])
def test_the_number_of_sql_statements_does_not_grow_with_the_number_of_tdps(client, session, url):
    small, small_admin = busy_ward(3, "Phường Nhỏ A")
    large, large_admin = busy_ward(12, "Phường Lớn B")
    session.commit()
    counts = []
    for kit, admin in ((small, small_admin), (large, large_admin)):
        login(client, admin)
        client.get(url.format(ward=kit.ward.id))  # warm: the first request loads what every request loads
        response, sent = statements(client, url.format(ward=kit.ward.id))
        assert response.status_code == 200
        counts.append(len(sent))
        client.post("/logout")
    assert counts[0] == counts[1], counts
    assert counts[0] <= 14, counts


def test_a_locked_count_moves_its_row_and_the_headline_counters(client, session):
    kit = ward_of(3, households=10)
    admin = create_app_user(kit.ward)
    session.commit()
    login(client, admin)
    page = client.get("/dashboard/").get_data(as_text=True)
    assert 'id="elected-count">0/3<' in page and 'data-result="pending"' in page
    finish(kit.contest(2), 9, (7, 2))
    finish(kit.contest(2, Position.DEPUTY), 9, (6, 3), signed_in=True)
    session.commit()
    page = client.get("/dashboard/").get_data(as_text=True)
    assert 'id="elected-count">1/3<' in page
    assert 'id="turnout">30,0%<' in page  # 9 of all 30 households
    row = page[page.index('id="tdp-2"'):page.index('id="tdp-3"')]
    assert 'data-result="elected"' in row and "7 phiếu" in row
    for stage in ("candidates", "list", "ballots", "meeting", "quorum", "minutes"):
        assert f'stage-cell done" data-stage="{stage}"' in row, stage


def test_a_tdp_with_no_winner_waits_for_its_rerun_with_the_deadline(client, session):
    kit = ward_of(2, households=10)
    finish(kit.contest(1), 8, (5, 3))  # 5 of 10 households is not more than half
    admin = create_app_user(kit.ward)
    session.commit()
    login(client, admin)
    page = client.get("/dashboard/").get_data(as_text=True)
    assert 'id="awaiting-count">1<' in page and "30/10/2017" in page
    assert 'data-result="rerun_pending"' in page


def test_a_tdp_scoped_user_sees_only_their_own_row(client, session):
    kit = ward_of(3, households=8)
    team = create_app_user(kit.ward, Duty.ELECTION_TEAM, [kit.tdps[2]])
    session.commit()
    login(client, team)
    page = client.get("/dashboard/").get_data(as_text=True)
    assert 'id="tdp-2"' in page and 'id="tdp-1"' not in page and 'id="tdp-3"' not in page
    data = client.get(f"/api/v1/wards/{kit.ward.id}/dashboard").get_json()
    assert [t["number"] for t in data["tdps"]] == [2]


def test_the_api_reports_stages_results_and_counters_and_is_documented(client, session):
    kit = ward_of(2, households=10)
    finish(kit.contest(1), 9, (8, 1))
    admin = create_app_user(kit.ward)
    session.commit()
    login(client, admin)
    data = client.get(f"/api/v1/wards/{kit.ward.id}/dashboard").get_json()
    assert data["counters"]["elected"] == 1 and data["counters"]["turnout"] == "45,0%"
    first = data["tdps"][0]
    assert first["result"] == "partial" and first["leaders"][0]["votes"] == 8  # the deputy is not counted yet
    assert [(s["position"], s["state"]) for s in first["seats"]] == [("leader", "elected"), ("deputy", "pending")]
    assert data["counters"]["complete"] == 0
    assert first["stages"]["quorum"] is True and first["stages"]["recognised"] is False
    assert first["recognition_due"] == "2017-10-20"
    assert client.get(f"/api/v1/wards/{kit.ward.id + 99}/dashboard").status_code == 404
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/wards/{ward_id}/dashboard" in spec["paths"]


def test_the_dashboard_has_an_inline_svg_chart_and_no_inline_style_or_script(client, session):
    kit = ward_of(2, households=10)
    finish(kit.contest(1), 9, (8, 1))
    admin = create_app_user(kit.ward)
    session.commit()
    login(client, admin)
    response = client.get("/dashboard/")
    page = response.get_data(as_text=True)
    assert '<svg class="turnout-chart"' in page and 'class="bar quorum"' in page and 'class="bar none"' in page
    assert "style=" not in page and "<style" not in page
    assert "<script>" not in page and "onclick" not in page
    assert "style-src 'self'" in response.headers["Content-Security-Policy"]
    assert '<a href="/dashboard/" aria-current="page">Tổng quan</a>' in page


def test_after_the_deputies_rerun_opens_the_tdp_awaits_it_with_round_ones_stages_kept(client, session):
    """D3: leader elected, deputy not (5 of 10 households), the re-run opened for the deputy only."""
    kit = ward_of(2, households=10)
    finish(kit.contest(1), 9, (7, 2))
    finish(kit.contest(1, Position.DEPUTY), 9, (5, 4), signed_in=True)
    tally.open_rerun(None, kit.rounds[1], VOTE_DAY + timedelta(days=7))
    admin = create_app_user(kit.ward)
    session.commit()
    login(client, admin)
    page = client.get("/dashboard/").get_data(as_text=True)
    assert 'id="awaiting-count">1<' in page and 'id="complete-count">0/2<' in page
    assert 'id="elected-count">1/2<' in page
    row = page[page.index('id="tdp-1"'):page.index('id="tdp-2"')]
    assert 'data-result="rerun_pending"' in row and "7 phiếu" in row
    assert 'data-position="deputy" data-seat="rerun_pending"' in row and "chờ bầu lại" in row and "30/10/2017" in row
    for stage in ("meeting", "quorum", "minutes"):
        assert f'stage-cell done" data-stage="{stage}"' in row, stage
    assert "Lần 1" in row and "Lần 2" in row
    awaiting = page[page.index('id="awaiting"'):page.index("</section>", page.index('id="awaiting"'))]
    assert "Tổ phó chờ bầu lại" in awaiting and "30/10/2017" in awaiting


def test_the_chart_says_there_is_no_data_yet_and_each_cell_opens_its_task(client, session):
    """D34: an empty chart is a message, not empty axes; the stage cells link to the page that does the task."""
    kit = ward_of(2, households=10)
    admin = create_app_user(kit.ward)
    session.commit()
    login(client, admin)
    page = client.get("/dashboard/").get_data(as_text=True)
    assert 'id="chart-empty"' in page and "Chưa có số liệu" in page and "turnout-chart" not in page
    row = page[page.index('id="tdp-1"'):page.index('id="tdp-2"')]
    round_id, tdp_id = kit.rounds[1].id, kit.tdps[1].id
    assert f'data-stage="roll"><a href="/plan/all?tdp={tdp_id}"' in row
    assert f'data-stage="candidates"><a href="/candidates/rounds/{round_id}"' in row
    assert f'data-stage="meeting"><a href="/rounds/{round_id}/signin"' in row
    assert f'data-stage="minutes"><a href="/rounds/{round_id}/meeting"' in row
    finish(kit.contest(1), 9, (7, 2))
    session.commit()
    page = client.get("/dashboard/").get_data(as_text=True)
    assert 'id="chart-empty"' not in page and 'width="100%"' in page
