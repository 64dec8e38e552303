"""The household round's pages end to end over HTTP: the failed meeting, the plan with its deadline, the
teams, closing with a refusal that names the team, the lists, the minutes (PDF, .docx) and the .ics."""

import io

from docx import Document
from sqlalchemy import select

from app.auth.models import Duty
from app.extensions import db
from app.household import services
from app.printing.models import PrintRun
from app.rules import QUESTION_NO, QUESTION_YES
from tests.electionkit import open_count, payloads
from tests.factories import create_app_user, login
from tests.household.builders import failed_meeting
from tests.pdftools import pdf_text, qr_codes


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


def _run_of(contest_id: int) -> int:
    return db.session.scalar(select(PrintRun.id).where(PrintRun.contest_id == contest_id))


def _question_ballots(client, kit, base):
    """Close both teams (20 delivered, 18 back each), print the question's ballots on its printing page, open
    the count; returns (contest id, the printed ballots' PDF)."""
    for team in (1, 2):
        assert client.post(base + "/close-team", data={"closing_team": team, "delivered": 20, "returned": 18,
                                                       "unused": 0, "spoiled": 0, "seal_end": "NP"}).status_code == 302
    assert client.post(base + "/close").status_code == 302
    contest = services.question_contest_of(kit.round)
    page = client.get(f"/ballots/contest/{contest.id}").get_data(as_text=True)
    assert services.household_round_of(kit.round).question in page and "Không đồng ý" in page
    assert client.post(f"/ballots/contest/{contest.id}", data={"quantity": 40, "confirm": "y"}).status_code == 302
    run_id = _run_of(contest.id)
    open_count(kit, db.session.get(type(contest), contest.id))
    db.session.commit()
    return contest.id, client.get(f"/ballots/runs/{run_id}.pdf").data


def test_a_yes_no_round_over_http_is_printed_counted_and_needs_more_than_half_of_all_households(client, session):
    kit = failed_meeting(households=40, present=12)
    admin = create_app_user(kit.ward, [Duty.WARD_ADMIN, Duty.COUNTING_HEAD], [kit.tdp])
    session.commit()
    login(client, admin)
    base = _flow(client, kit, "question", "Đồng ý đổi tên Tổ dân phố số 5 thành Tổ dân phố Hoa Sữa?")
    contest_id, pdf = _question_ballots(client, kit, base)
    texts = [t for page in qr_codes(pdf) for t in page]  # the printed ballots, read back as a scanner would
    assert len(texts) == 40 and len(set(texts)) == 40
    printed = " ".join(pdf_text(pdf, layout=True).split("\f")[0].split())
    assert "PHIẾU LẤY Ý KIẾN HỘ GIA ĐÌNH TỔ DÂN PHỐ SỐ 5" in printed and "Thu phiếu từ ngày 09/12/2024" in printed
    assert "thành Tổ dân phố Hoa Sữa?" in printed and "1. Đồng ý" in printed and "2. Không đồng ý" in printed
    assert "gạch ngang ý kiến không chọn" in printed and "giữ lại cả hai ý kiến" in printed
    # 21 of 40 households keep "Đồng ý": more than half of all households. One ballot keeps both: invalid.
    for i, text in enumerate(texts[:36]):
        kept = [QUESTION_YES] if i < 21 else [QUESTION_YES, QUESTION_NO] if i == 21 else [QUESTION_NO]
        saved = client.post(f"/count/contest/{contest_id}/ballots", json={"payload": text, "kept": kept, "pass": 1})
        assert saved.status_code == 200, saved.get_json()
    again = client.post(f"/count/contest/{contest_id}/ballots", json={"payload": texts[0], "kept": [QUESTION_NO]})
    assert again.status_code == 409  # a ballot is counted once
    page = client.get(f"/count/contest/{contest_id}").get_data(as_text=True)
    assert "Được thông qua" in page
    assert "Kiểm phiếu lấy ý kiến hộ gia đình" in page and "Kiểm phiếu bầu" not in page
    assert "question-pending" in client.get(base).get_data(as_text=True)  # not before the lock
    assert client.post(f"/count/contest/{contest_id}/finalize").status_code == 302
    page = client.get(base).get_data(as_text=True)
    assert "Được thông qua" in page and "21/40" in page
    assert client.get(f"/minutes/contest/{contest_id}/zero-report.pdf").status_code == 200
    for paper in ("pdf", "docx"):  # the question's counting minutes are the household-ballot minutes
        answer = client.get(f"/minutes/contest/{contest_id}/counting.{paper}")
        assert answer.status_code == 302 and answer.location.endswith(f"{base}/minutes.{paper}")
    for url in ("/count/", f"/count/contest/{contest_id}/board", f"/count/contest/{contest_id}/board.json",
                "/ballots/", "/dashboard/"):  # the lists of counts and of ballots show the question as one more contest
        assert client.get(url).status_code == 200, url
    assert "Lấy ý kiến hộ gia đình" in client.get("/count/").get_data(as_text=True)
    minutes = " ".join(pdf_text(client.get(base + "/minutes.pdf").data).split())
    assert "ĐƯỢC THÔNG QUA" in minutes and "52,50%" in minutes and "Số phiếu kiểm: 36; hợp lệ: 35" in minutes
    words = "\n".join(p.text for p in Document(io.BytesIO(client.get(base + "/minutes.docx").data)).paragraphs)
    assert "ĐƯỢC THÔNG QUA" in words and "Hoa Sữa" in words


def test_exactly_half_of_all_households_agreeing_does_not_pass_the_question(client, session):
    kit = failed_meeting(households=40, present=12)
    admin = create_app_user(kit.ward, [Duty.WARD_ADMIN, Duty.COUNTING_HEAD], [kit.tdp])
    session.commit()
    login(client, admin)
    base = _flow(client, kit, "question", "Đồng ý sáp nhập Tổ dân phố số 5 vào Tổ dân phố số 6?")
    contest_id, _ = _question_ballots(client, kit, base)
    for i, text in enumerate(payloads(db.session.get(PrintRun, _run_of(contest_id)))[:36]):
        kept = [QUESTION_YES] if i < 20 else [QUESTION_NO]  # 20 of 36 ballots, 20 of 40 households
        assert client.post(f"/count/contest/{contest_id}/ballots", json={"payload": text, "kept": kept}).status_code == 200
    assert client.post(f"/count/contest/{contest_id}/finalize").status_code == 302
    page = client.get(base).get_data(as_text=True)
    assert "Không được thông qua" in page and "cần 21" in page
    minutes = " ".join(pdf_text(client.get(base + "/minutes.pdf").data).split())
    assert "KHÔNG ĐƯỢC THÔNG QUA" in minutes and "50,00%" in minutes


def test_a_clerk_sees_the_round_but_cannot_change_it(client, session):
    kit = failed_meeting()
    clerk = create_app_user(kit.ward, Duty.COUNTING_MEMBER, [kit.tdp])
    session.commit()
    login(client, clerk)
    assert client.get(f"/household/round/{kit.round.id}").status_code == 200
    assert client.post(f"/household/round/{kit.round.id}/failure", data={}).status_code == 403
    assert services.failure_of(kit.round) is None
