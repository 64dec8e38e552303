"""The household round's pages end to end over HTTP: the failed meeting, the plan with its deadline, the
teams, closing with a refusal that names the team, the lists, the minutes (PDF, .docx) and the .ics."""

import io

from docx import Document

from app.auth.models import Duty
from app.household import services
from tests.factories import create_app_user, login
from tests.household.builders import failed_meeting
from tests.pdftools import pdf_text


def _flow(client, kit, kind="candidates", question=""):
    base = f"/household/round/{kit.round.id}"
    assert client.post(base + "/failure", data={"note": "Mưa lớn"}).status_code == 302
    assert client.post(base + "/open", data={"kind": kind, "question": question, "start": "09/12/2024",
                                             "end": "13/12/2024", "recipients": "all"}).status_code == 302
    assert client.post(base + "/teams", data={"members": kit.team[:2]}).status_code == 302
    assert client.post(base + "/teams", data={"members": kit.team[2:4]}).status_code == 302
    assert client.post(base + "/split").status_code == 302
    for team in (1, 2):
        assert client.post(base + "/issue", data={"team": team, "stacks": "10, 10", "seal_start": f"NP-0{team}"}
                           ).status_code == 302
    return base


def test_the_election_team_runs_a_household_round_and_prints_its_papers(client, session):
    kit = failed_meeting(households=40, present=12)
    team_user = create_app_user(kit.ward, Duty.ELECTION_TEAM, [kit.tdp])
    session.commit()
    login(client, team_user)
    base = _flow(client, kit)
    page = client.get(base).get_data(as_text=True)
    assert "20/12/2024" in page and "12/40" in page
    wrong = client.post(base + "/close-team", data={"closing_team": 1, "delivered": 18, "returned": 15, "unused": 1,
                                                    "spoiled": 0, "seal_end": "NP-01"})
    assert wrong.status_code == 422 and "Tổ thu phiếu số 1: nhận 20 phiếu" in wrong.get_data(as_text=True)
    for team in (1, 2):
        assert client.post(base + "/close-team", data={"closing_team": team, "delivered": 19, "returned": 17, "unused": 1,
                                                       "spoiled": 0, "seal_end": f"NP-0{team}"}).status_code == 302
    assert client.post(base + "/close").status_code == 302
    team_list = pdf_text(client.get(base + "/team.pdf?team=1").data)
    assert "DANH SÁCH PHÁT VÀ THU PHIẾU" in team_list and "NP-01" in team_list and "Ký nhận phiếu" in team_list
    minutes = pdf_text(client.get(base + "/minutes.pdf").data)
    assert "BIÊN BẢN KẾT QUẢ LẤY Ý KIẾN HỘ GIA ĐÌNH BẰNG PHIẾU" in minutes and "20/12/2024" in minutes
    assert "38" in minutes and "34" in minutes  # delivered, returned
    words = "\n".join(p.text for p in Document(io.BytesIO(client.get(base + "/minutes.docx").data)).paragraphs)
    assert "20/12/2024" in words
    ics = client.get(base + "/plan.ics").get_data(as_text=True)
    assert "DTSTART;VALUE=DATE:20241220" in ics and "DTSTART;VALUE=DATE:20241209" in ics


def test_a_yes_no_round_over_http_needs_more_than_half_of_all_households(client, session):
    kit = failed_meeting(households=40, present=12)
    admin = create_app_user(kit.ward, Duty.WARD_ADMIN)
    session.commit()
    login(client, admin)
    base = _flow(client, kit, "question", "Đồng ý đổi tên Tổ dân phố số 5 thành Tổ dân phố Hoa Sữa?")
    for team, yes in ((1, 11), (2, 10)):
        assert client.post(base + "/close-team", data={"closing_team": team, "delivered": 20, "returned": 18, "unused": 0,
                                                       "spoiled": 0, "seal_end": "NP", "yes": yes, "no": 18 - yes - 1,
                                                       "invalid": 1}).status_code == 302
    client.post(base + "/close")
    page = client.get(base).get_data(as_text=True)
    assert "Được thông qua" in page and "21/40" in page
    minutes = pdf_text(client.get(base + "/minutes.pdf").data)
    assert "ĐƯỢC THÔNG QUA" in minutes and "52,50%" in minutes


def test_a_clerk_sees_the_round_but_cannot_change_it(client, session):
    kit = failed_meeting()
    clerk = create_app_user(kit.ward, Duty.COUNTING_MEMBER, [kit.tdp])
    session.commit()
    login(client, clerk)
    assert client.get(f"/household/round/{kit.round.id}").status_code == 200
    assert client.post(f"/household/round/{kit.round.id}/failure", data={}).status_code == 403
    assert services.failure_of(kit.round) is None
