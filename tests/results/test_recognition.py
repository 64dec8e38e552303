"""Recognition of a TDP's result: the deadline, a strict "recognised on" date, the draft decision PDF in
the Decree 30 format; and re-runs opened or explained with their reason."""

from __future__ import annotations

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.auth.models import Duty
from app.elections.models import ElectionRound
from app.results.models import RerunKind, RerunReason
from tests.dashboard.builders import finish, ward_of
from tests.factories import create_app_user, login
from tests.pdftools import pdf_fonts, pdf_text


def admin_on(client, session, *counts):
    """A two-TDP ward, TDP n counted with the given (yes, other) votes of 10 households; logged in as admin."""
    kit = ward_of(2)
    for number, votes in enumerate(counts, 1):
        finish(kit.contest(number), 9, votes)
    admin = create_app_user(kit.ward)
    session.commit()
    login(client, admin)
    return kit


def test_recognition_takes_a_strict_date_and_fills_the_dashboard_column(client, session):
    kit = admin_on(client, session, (7, 2))
    url = f"/results/tdp/{kit.tdps[1].id}/recognition"
    page = client.get(url).get_data(as_text=True)
    assert "Hạn ra quyết định công nhận:" in page and "20/10/2017" in page
    refused = client.post(url, data={"recognised_on": "31/11/2017", "number": "125"})
    assert refused.status_code == 422 and "Có phải ý bạn là 30/11/2017?" in refused.get_data(as_text=True)
    early = client.post(url, data={"recognised_on": "14/10/2017", "number": "125"})
    assert early.status_code == 422 and "trước ngày bầu 15/10/2017" in early.get_data(as_text=True)
    done = client.post(url, data={"recognised_on": "18/10/2017", "number": "125"}, follow_redirects=True)
    assert "Đã công nhận ngày 18/10/2017" in done.get_data(as_text=True)
    board = client.get("/dashboard/").get_data(as_text=True)
    row = board[board.index('id="tdp-1"'):board.index('id="tdp-2"')]
    assert '<span class="ok">18/10/2017</span>' in row and 'id="recognised-count">1/2<' in board
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "results.recognise"))
    assert event.after["recognised_on"] == "2017-10-18" and event.after["late"] is False


def test_a_tdp_without_an_elected_leader_cannot_be_recognised(client, session):
    kit = admin_on(client, session, (5, 4))
    response = client.post(f"/results/tdp/{kit.tdps[1].id}/recognition", data={"recognised_on": "18/10/2017"})
    assert response.status_code == 422 and "chưa có tổ trưởng trúng cử" in response.get_data(as_text=True)


def test_the_deadline_for_older_rule_sets_is_a_setting(client, session, app, monkeypatch):
    kit = admin_on(client, session, (7, 2))
    monkeypatch.setitem(app.config, "RECOGNITION_WORKING_DAYS", 10)
    assert "27/10/2017" in client.get(f"/results/tdp/{kit.tdps[1].id}/recognition").get_data(as_text=True)


def test_the_decision_is_drafted_in_the_official_format_then_numbered_and_dated(client, session):
    kit = admin_on(client, session, (7, 2))
    url = f"/results/tdp/{kit.tdps[1].id}/recognition"
    draft = client.get(url + ".pdf")
    assert draft.status_code == 200 and draft.mimetype == "application/pdf"
    text = " ".join(pdf_text(draft.data).split())
    for part in ("ỦY BAN NHÂN DÂN PHƯỜNG THỬ NGHIỆM", "Số: …/QĐ-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "Thử Nghiệm, ngày …… tháng …… năm ……", "QUYẾT ĐỊNH",
                 "Về việc công nhận kết quả bầu tổ trưởng Tổ dân phố số 1, nhiệm kỳ 2017–2020",
                 "Căn cứ Luật Tổ chức chính quyền địa phương", "Căn cứ Nghị quyết liên tịch số 09/2008",
                 "Điều 1.", "với 7/10 phiếu, đạt 70,00% tổng số cử tri", "Điều 2.", "Điều 3.", "Nơi nhận:",
                 "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Dự thảo"):
        assert part in text, part
    assert "Liberation" in pdf_fonts(draft.data) and "Helvetica" not in pdf_fonts(draft.data)
    client.post(url, data={"recognised_on": "18/10/2017", "number": "125"})
    final = " ".join(pdf_text(client.get(url + ".pdf").data).split())
    assert "Số: 125/QĐ-UBND" in final and "Thử Nghiệm, ngày 18 tháng 10 năm 2017" in final and "Dự thảo" not in final


def test_a_rerun_opened_for_breaking_the_rules_needs_a_note_and_is_counted(client, session):
    kit = admin_on(client, session, (5, 4))
    url = f"/results/tdp/{kit.tdps[1].id}/rerun"
    assert "Mở vòng bầu lại và ghi lý do" in client.get(url).get_data(as_text=True)
    bare = client.post(url, data={"kind": "rule_breach", "note": "", "vote_date": "20/10/2017"})
    assert bare.status_code == 422 and "Hãy ghi rõ quy định nào bị vi phạm" in bare.get_data(as_text=True)
    late = client.post(url, data={"kind": "no_winner", "vote_date": "15/11/2017"})
    assert late.status_code == 422 and "chậm nhất ngày 30/10/2017" in late.get_data(as_text=True)
    client.post(url, data={"kind": "no_winner", "vote_date": "20/10/2017"})
    second = session.scalar(select(ElectionRound).where(ElectionRound.tdp_id == kit.tdps[1].id, ElectionRound.number == 2))
    assert session.get(RerunReason, second.id).kind is RerunKind.NO_WINNER
    board = client.get("/dashboard/").get_data(as_text=True)
    assert 'id="rule-breach">0<' in board
    fixed = client.post(url, data={"kind": "rule_breach", "note": "Hội nghị không đủ quá nửa số hộ"}, follow_redirects=True)
    assert "Đã lưu lý do bầu lại" in fixed.get_data(as_text=True)
    assert 'id="rule-breach">1<' in client.get("/dashboard/").get_data(as_text=True)


def test_only_ward_admins_record_recognitions_and_rerun_reasons(client, session):
    kit = ward_of(2)
    finish(kit.contest(1), 9, (7, 2))
    team = create_app_user(kit.ward, Duty.ELECTION_TEAM, [kit.tdps[1]])
    session.commit()
    login(client, team)
    base = f"/results/tdp/{kit.tdps[1].id}"
    assert client.post(base + "/recognition", data={"recognised_on": "18/10/2017"}).status_code == 403
    assert client.get(base + "/recognition").status_code == 200
    assert client.get(f"/results/tdp/{kit.tdps[2].id}/recognition").status_code == 403
