"""The candidate pages, the printed list, the API and the oversight table, through the test client."""

from datetime import date

import pytest

from app.auth.models import Duty
from app.candidates import services, vetting
from app.candidates.models import VettingDecision
from app.candidates.queries import team as team_of
from app.elections.models import Position
from tests.candidates.builders import contest, nominate, ready, setup_round
from tests.factories import create_app_user, create_tdp, login
from tests.pdftools import pdf_fonts, pdf_text


@pytest.fixture
def setup(session):
    tdp, round_ = setup_round()
    return tdp, round_, create_app_user(tdp.ward, Duty.ELECTION_TEAM, [tdp])


def test_a_posting_date_that_does_not_exist_is_refused_with_the_likely_intent(client, session, setup):
    tdp, round_, team = setup
    ready(contest(round_), "050001")
    session.commit()
    login(client, team)
    page = client.post(f"/candidates/contests/{contest(round_).id}/publish", data={"pub-posted_on": "31/11/2017"})
    assert page.status_code == 422
    assert "Ngày 31/11/2017 không tồn tại: tháng 11 chỉ có 30 ngày. Có phải ý bạn là 30/11/2017?" in \
        page.get_data(as_text=True)
    assert services.final_list(contest(round_)) == []


def test_publishing_late_shows_the_warning_and_publishes(client, session, setup):
    tdp, round_, team = setup
    ready(contest(round_), "050001")
    session.commit()
    login(client, team)
    done = client.post(f"/candidates/contests/{contest(round_).id}/publish", data={"pub-posted_on": "05/10/2017"},
                       follow_redirects=True)
    text = done.get_data(as_text=True)
    assert "Đã phê duyệt và niêm yết" in text and "muộn hơn hạn 30/09/2017" in text
    assert [c.full_name for c in services.final_list(contest(round_))] == ["Nguyễn Văn An"]


def test_a_refused_nomination_shows_the_reason_under_the_field(client, session, setup):
    tdp, round_, team = setup
    nominate(contest(round_), "050001")
    session.commit()
    login(client, team)
    page = client.post(f"/candidates/contests/{contest(round_, Position.DEPUTY).id}/nominate",
                       data={"nom-household": "050001", "nom-source": "front_committee"})
    assert page.status_code == 422
    assert "Một người không thể cùng lúc ứng cử tổ trưởng và tổ phó" in page.get_data(as_text=True)
    ok = client.post(f"/candidates/contests/{contest(round_, Position.DEPUTY).id}/nominate",
                     data={"nom-household": "050002", "nom-source": "front_committee"})
    assert ok.status_code == 302


def test_the_printed_list_reads_back_in_vietnamese_order_with_honorifics_years_and_addresses(session, setup):
    from app.candidates.list_pdf import list_pdf

    tdp, round_, _ = setup
    deputies = contest(round_, Position.DEPUTY)
    deputies.seats = 2
    for code in ("050002", "050005", "050004", "050003"):
        ready(deputies, code)
    services.publish(None, deputies, date(2017, 9, 28))
    pdf = list_pdf(deputies, date(2017, 9, 28))
    text = pdf_text(pdf)
    assert "DANH SÁCH NGƯỜI ỨNG CỬ TỔ PHÓ TỔ DÂN PHỐ" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert ", ngày 28 tháng 9 năm 2017" in text
    order = ["Ông Phạm Quang Đạo", "Bà Đặng Thị Hường", "Bà Trần Thị Bích Ngọc", "Ông Lê Văn Ưng"]
    positions = [text.index(name) for name in order]
    assert positions == sorted(positions)
    assert text.count("1970") == 4 and "Số 4, ngõ 12, phố Ngọc Thụy" in text
    flat = " ".join(text.split())
    assert "Số người được bầu: 2" in flat and "Niêm yết ngày 28/09/2017" in flat and "Trang 1/1" in flat
    fonts = pdf_fonts(pdf).splitlines()[2:]
    assert fonts and all(" yes yes yes " in line for line in fonts), fonts
    assert [c.full_name for c in services.final_list(deputies)] == [n.split(" ", 1)[1] for n in order]


def test_the_list_pdf_is_404_before_publication(client, session, setup):
    tdp, round_, team = setup
    session.commit()
    login(client, team)
    assert client.get(f"/candidates/contests/{contest(round_).id}/list.pdf").status_code == 404


def test_the_api_gives_the_list_in_ballot_order_with_each_status_and_is_scoped(client, session, setup):
    tdp, round_, team = setup
    leader = contest(round_)
    ready(leader, "050003")
    ready(leader, "050006")
    services.publish(None, leader, date(2017, 9, 30))
    outsider = create_app_user(tdp.ward, Duty.ELECTION_TEAM, [create_tdp(tdp.ward, 8)])
    session.commit()
    login(client, team)
    body = client.get(f"/api/v1/contests/{leader.id}/candidates").get_json()
    assert body["published_on"] == "2017-09-30" and body["frozen"] is False
    assert [(c["honorific"], c["full_name"], c["birth_year"]) for c in body["candidates"]] == [
        ("Bà", "Vũ Thị Ánh", 1970), ("Ông", "Lê Văn Ưng", 1970)]
    assert all(c["vetting_decision"] == "approved" and c["published"] and c["source"] == "front_committee"
               for c in body["candidates"])
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/contests/{contest_id}/candidates" in spec["paths"]
    client.post("/logout")
    login(client, outsider)
    assert client.get(f"/api/v1/contests/{leader.id}/candidates").status_code == 403


def test_the_oversight_page_shows_progress_refusals_and_count_problems(client, session, setup):
    tdp, round_, _ = setup
    admin = create_app_user(tdp.ward, Duty.WARD_ADMIN)
    leader = contest(round_)
    ready(leader, "050001")
    services.publish(None, leader, date(2017, 9, 30))
    refused = nominate(contest(round_, Position.DEPUTY), "050002")
    vetting.decide(None, refused, VettingDecision.REJECTED, "Chồng vi phạm pháp luật năm 2016")
    session.commit()
    login(client, admin)
    page = client.get("/candidates/oversight").get_data(as_text=True)
    assert 'id="published-count">1/2<' in page
    assert "Trần Thị Bích Ngọc" in page and "Chồng vi phạm pháp luật năm 2016" in page
    assert "bầu 1 người cần ít nhất 1 người ứng cử (đang có 0)" in page


@pytest.mark.parametrize("path, expected", [
    ("/candidates/", "Tổ trưởng (1)"), ("/candidates/rounds/{round}", "Chuẩn bị nhân sự"),
    ("/candidates/contests/{contest}", "Nguyễn Văn An"), ("/candidates/rounds/{round}/team", "Thêm thành viên"),
    ("/candidates/{candidate}", "Chi bộ chưa thẩm định.")])
def test_every_page_renders_for_the_tdps_team(client, session, setup, path, expected):
    tdp, round_, team = setup
    candidate = nominate(contest(round_), "050001")
    session.commit()
    login(client, team)
    url = path.format(round=round_.id, contest=contest(round_).id, candidate=candidate.id)
    response = client.get(url)
    assert response.status_code == 200, url
    assert expected in response.get_data(as_text=True)


def test_the_team_page_refuses_a_candidate_with_the_reason_and_removes_after_confirmation(client, session, setup):
    tdp, round_, team = setup
    nominate(contest(round_), "050001")
    session.commit()
    login(client, team)
    refused = client.post(f"/candidates/rounds/{round_.id}/team", data={"team-household": "050001",
                                                                        "team-role": "member"})
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "đang là người ứng cử tổ trưởng; người ứng cử không được tham gia tổ bầu cử" in text
    added = client.post(f"/candidates/rounds/{round_.id}/team", data={"team-household": "050002", "team-role": "head"},
                        follow_redirects=True)
    assert "Đã thêm Trần Thị Bích Ngọc vào tổ bầu cử" in added.get_data(as_text=True)
    member_id = team_of(round_)[0].id
    client.post(f"/candidates/team-members/{member_id}/remove", data={})
    assert len(team_of(round_)) == 1
    client.post(f"/candidates/team-members/{member_id}/remove", data={"rm-confirm": "y"})
    assert team_of(round_) == []


def test_withdrawing_and_unpublishing_need_a_reason_and_a_confirmation(client, session, setup):
    tdp, round_, team = setup
    leader = contest(round_)
    candidate = ready(leader, "050001")
    other = nominate(contest(round_, Position.DEPUTY), "050002")
    services.publish(None, leader, date(2017, 9, 30))
    session.commit()
    login(client, team)
    unconfirmed = client.post(f"/candidates/contests/{leader.id}/unpublish", data={"unpub-reason": "Sửa tên"})
    assert unconfirmed.status_code == 422 and "Hãy đánh dấu xác nhận." in unconfirmed.get_data(as_text=True)
    done = client.post(f"/candidates/contests/{leader.id}/unpublish",
                       data={"unpub-reason": "Sửa tên", "unpub-confirm": "y"})
    assert done.status_code == 302 and services.final_list(leader) == []
    assert client.post(f"/candidates/{other.id}/withdraw", data={"wd-reason": "Xin rút"}).status_code == 422
    assert client.post(f"/candidates/{other.id}/withdraw",
                       data={"wd-reason": "Xin rút", "wd-confirm": "y"}).status_code == 302
    assert other.withdrawn_reason == "Xin rút" and candidate.withdrawn_at is None


def test_the_round_page_offers_to_fix_contests_that_do_not_match_the_election(client, session, setup):
    from app.elections.models import DeputyMode

    tdp, round_, team = setup
    round_.election.deputy_mode = DeputyMode.APPOINTED
    session.commit()
    login(client, team)
    page = client.get(f"/candidates/rounds/{round_.id}").get_data(as_text=True)
    assert "Tạo chức danh bầu theo bộ quy tắc" in page and "tổ phó do tổ trưởng chọn" in page.lower()
    client.post(f"/candidates/rounds/{round_.id}/contests")
    session.refresh(round_)
    assert [c.position for c in round_.contests] == [Position.LEADER]
