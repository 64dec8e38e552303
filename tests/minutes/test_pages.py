"""The minutes pages: who may print what, 409 before the result is final, copies, the meeting minutes,
the check page a USB scanner types into, and the JSON check."""

from sqlalchemy import select

from app.auth.models import Duty
from app.candidates.models import Candidate
from app.minutes import documents
from app.tally import state
from app.tally.models import VotingMethod
from tests.electionkit import published, sign_in
from tests.factories import create_app_user, create_tdp, create_ward, login
from tests.minutes.builders import scanned_count
from tests.pdftools import pdf_text, qr_codes

PDF = "application/pdf"


def _urls(kit) -> list[str]:
    return [f"/minutes/contest/{kit.leader.id}/zero-report.pdf", f"/minutes/contest/{kit.leader.id}/counting.pdf",
            f"/minutes/round/{kit.round.id}/meeting.pdf"]


def test_an_observer_reads_every_minutes_and_another_tdps_user_gets_403(client, session):
    kit = scanned_count().kit
    observer = create_app_user(kit.ward, Duty.OBSERVER)
    outsider = create_app_user(kit.ward, Duty.ELECTION_TEAM, [create_tdp(kit.ward, 6)])
    stranger = create_app_user(create_ward())
    session.commit()
    login(client, observer)
    for url in _urls(kit):
        response = client.get(url)
        assert response.status_code == 200 and response.mimetype == PDF, url
    client.post("/logout")
    login(client, outsider)
    assert [client.get(url).status_code for url in _urls(kit)] == [403, 403, 403]
    client.post("/logout")
    login(client, stranger)
    assert [client.get(url).status_code for url in _urls(kit)] == [404, 404, 404]


def test_the_counting_minutes_are_refused_with_409_until_the_result_is_final(client, session):
    kit = scanned_count(finalize=False).kit
    team = create_app_user(kit.ward, Duty.ELECTION_TEAM, [kit.tdp])
    session.commit()
    login(client, team)
    response = client.get(f"/minutes/contest/{kit.leader.id}/counting.pdf")
    assert response.status_code == 409 and response.mimetype == "text/html"
    assert "Kết quả kiểm phiếu chưa được chốt" in response.get_data(as_text=True)
    assert client.get(f"/minutes/contest/{kit.leader.id}/zero-report.pdf").status_code == 200


def test_copies_are_three_by_default_and_one_to_five_on_request(client, session):
    kit = scanned_count().kit
    admin = create_app_user(kit.ward)
    session.commit()
    login(client, admin)
    url = f"/minutes/contest/{kit.leader.id}/counting.pdf"
    assert "Bản số 3/3" in pdf_text(client.get(url).data)
    assert "Bản số 5/5" in pdf_text(client.get(url + "?copies=5").data)
    assert "Bản số" not in pdf_text(client.get(url + "?copies=1").data)
    for bad in ("0", "6", "x", "-1"):
        refused = client.get(f"{url}?copies={bad}")
        assert refused.status_code == 400 and "Số bản phải từ 1 đến 5" in refused.get_data(as_text=True)


def test_the_meeting_minutes_state_quorum_method_opinions_and_each_result(session):
    count = scanned_count()
    kit = count.kit
    pdf = documents.meeting_pdf(kit.round, 1)
    flat = " ".join(pdf_text(pdf).split())
    assert "BIÊN BẢN HỘI NGHỊ" in flat and "TỔ DÂN PHỐ SỐ 5" in flat
    assert "Bầu tổ trưởng, tổ phó Tổ dân phố số 5, nhiệm kỳ 2017–2020" in flat
    assert "Số cử tri có mặt: 10, bằng 83,33% tổng số cử tri" in flat
    assert "(ít nhất 7): hội nghị đủ điều kiện tiến hành." in flat
    assert "Bầu tổ trưởng: hội nghị thống nhất hình thức bỏ phiếu kín." in flat
    for c in session.scalars(select(Candidate).where(Candidate.round_id == kit.round.id)):
        assert f"{c.person.honorific} {c.person.full_name} {c.votes_for} {c.votes_against}" in flat
    assert flat.count("Giữ trong danh sách") == 4
    leader = count.run.definition["candidates"][0]["name"]
    assert f"Ông {leader} trúng cử tổ trưởng" in flat
    assert "chưa có kết quả" in flat  # the deputy count is not final
    assert "CHỦ TRÌ HỘI NGHỊ" in flat and "THƯ KÝ HỘI NGHỊ" in flat
    assert [c for page in qr_codes(pdf) for c in page][0].startswith(f"BB1:M:{kit.round.id}:")


def test_under_decree_59_the_meeting_minutes_state_how_many_approved_the_method(session):
    kit = published(households=12, rule_set="nd-59-2023")
    sign_in(kit, 10)
    state.configure(None, kit.leader, method=VotingMethod.SHOW_OF_HANDS, approvals=8, double_entry=False,
                    place="Nhà văn hóa", board={"head": "Trần Văn Trưởng", "witnesses": ["A", "B"]})
    flat = " ".join(pdf_text(documents.meeting_pdf(kit.round, 1)).split())
    assert "Căn cứ Nghị định số 59/2023/NĐ-CP" in flat
    assert "hình thức biểu quyết giơ tay. Số người tán thành hình thức này: 8/10 người có mặt (cần ít nhất 6" in flat
    assert flat.count("chưa có kết quả") == 2


def test_the_tdp_page_links_each_round_to_its_meeting_minutes(client, session):
    kit = scanned_count().kit
    admin = create_app_user(kit.ward)
    session.commit()
    login(client, admin)
    page = client.get(f"/tdp/{kit.tdp.id}").get_data(as_text=True)
    assert f"/minutes/round/{kit.round.id}/meeting.pdf" in page


def test_the_check_page_takes_a_scanned_code_and_says_whether_the_paper_matches(client, session):
    kit = scanned_count().kit
    clerk = create_app_user(kit.ward, Duty.COUNTING_MEMBER, [kit.tdp])
    session.commit()
    text = [c for page in qr_codes(documents.counting_pdf(kit.leader, 1)) for c in page][0]
    login(client, clerk)
    page = client.get("/minutes/check").get_data(as_text=True)
    assert "autofocus" in page and "<script>" not in page
    answer = client.post("/minutes/check", data={"payload": text + "\n"}).get_data(as_text=True)
    assert "Khớp" in answer and "Bản giấy khớp với kết quả đang lưu" in answer and "Tổ dân phố số 5" in answer
    forged = client.post("/minutes/check", data={"payload": text[:-1] + ("A" if text[-1] != "A" else "B")})
    assert "Không khớp" in forged.get_data(as_text=True) and "làm giả" in forged.get_data(as_text=True)
    assert client.post("/minutes/check", data={"payload": ""}).status_code == 422


def test_the_json_check_answers_and_hides_what_lies_outside_the_callers_scope(client, session):
    kit = scanned_count().kit
    text = [c for page in qr_codes(documents.counting_pdf(kit.leader, 1)) for c in page][0]
    insider = create_app_user(kit.ward, Duty.OBSERVER)
    outsider = create_app_user(kit.ward, Duty.ELECTION_TEAM, [create_tdp(kit.ward, 6)])
    session.commit()
    login(client, insider)
    body = client.post("/api/v1/minutes/verify", json={"payload": text}).get_json()
    assert body == {"ok": True, "reason": None, "message": body["message"], "kind": "counting",
                    "object_id": kit.leader.id, "matches_stored": True}
    assert client.post("/api/v1/minutes/verify", json={"payload": "x"}).get_json()["reason"] == "malformed"
    assert client.post("/api/v1/minutes/verify", json={}).status_code == 422
    client.post("/logout")
    login(client, outsider)
    hidden = client.post("/api/v1/minutes/verify", json={"payload": text}).get_json()
    assert (hidden["ok"], hidden["reason"]) == (False, "unknown")
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/minutes/verify" in spec["paths"]
