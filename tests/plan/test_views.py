"""The checklist pages: who sees and marks which rows, impossible days refused with a suggestion,
attachments, the printable page."""

import io

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.auth.models import Duty
from app.plan.models import ItemStatus
from tests.factories import create_app_user, login
from tests.plan.builders import item_for, planned_ward


def test_the_overview_counts_rows_and_lists_every_task_for_the_ward_admin(client, session):
    w = planned_ward()
    session.commit()
    login(client, w.admin)
    page = client.get("/plan/").get_data(as_text=True)
    assert "Kế hoạch bầu cử" in page and 'id="overdue-count"' in page
    assert "Hội nghị tổng kết công tác bầu cử của phường" in page and "30/11/2017" in page


def test_a_tdp_user_sees_only_their_tdps_rows_and_marks_them_but_not_another_tdps_or_the_wards(client, session):
    w = planned_ward()
    team5 = create_app_user(w.ward, Duty.ELECTION_TEAM, [w.tdp5])
    own, other, ward_row = (item_for(w.plan, "roll_posted", w.tdp5), item_for(w.plan, "roll_posted", w.tdp6),
                            item_for(w.plan, "joint_plan"))
    session.commit()
    login(client, team5)
    page = client.get("/plan/all").get_data(as_text=True)
    assert f'id="item-{own.id}"' in page
    assert f'id="item-{other.id}"' not in page and f'id="item-{ward_row.id}"' not in page
    assert client.get(f"/plan/items/{other.id}").status_code == 403
    assert client.get(f"/plan/items/{ward_row.id}").status_code == 403
    assert client.post(f"/plan/items/{other.id}/done").status_code == 403
    response = client.post(f"/plan/items/{own.id}/done", data={"next": "/plan/overdue"})
    assert response.status_code == 302 and response.headers["Location"] == "/plan/overdue"
    session.refresh(own)
    assert own.status is ItemStatus.DONE and own.done_by_id == team5.id


def test_an_observer_reads_every_row_but_marks_none(client, session):
    w = planned_ward()
    observer = create_app_user(w.ward, Duty.OBSERVER)
    row = item_for(w.plan, "roll_posted", w.tdp6)
    session.commit()
    login(client, observer)
    page = client.get(f"/plan/items/{row.id}").get_data(as_text=True)
    assert "Cập nhật trạng thái" not in page
    assert client.post(f"/plan/items/{row.id}/done").status_code == 403
    assert client.post(f"/plan/items/{row.id}", data={"status-status": "done"}).status_code == 403


def test_the_status_form_marks_a_row_not_applicable_only_with_a_reason(client, session):
    w = planned_ward()
    row = item_for(w.plan, "security_after", w.tdp6)
    session.commit()
    login(client, w.admin)
    refused = client.post(f"/plan/items/{row.id}", data={"status-status": "not_applicable", "status-note": ""})
    assert refused.status_code == 422 and "Hãy ghi lý do" in refused.get_data(as_text=True)
    done = client.post(f"/plan/items/{row.id}", data={"status-status": "not_applicable",
                                                      "status-note": "Tổ họp ban ngày"})
    assert done.status_code == 302
    session.refresh(row)
    assert row.status is ItemStatus.NOT_APPLICABLE and row.note == "Tổ họp ban ngày"


def test_typing_31_11_2017_is_refused_with_the_reason_and_30_11_2017_suggested(client, session):
    w = planned_ward()
    task = item_for(w.plan, "ward_review").task
    session.commit()
    login(client, w.admin)
    form = {"title": task.title, "body": "peoples_committee", "due_rule": "absolute", "due_on": "31/11/2017",
            "offset_days": "0"}
    refused = client.post(f"/plan/tasks/{task.id}/edit", data=form)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Ngày 31/11/2017 không tồn tại: tháng 11 chỉ có 30 ngày" in page
    assert "Có phải ý bạn là 30/11/2017?" in page and 'data-fill-value="30/11/2017"' in page
    saved = client.post(f"/plan/tasks/{task.id}/edit", data={**form, "due_on": "30/11/2017"})
    assert saved.status_code == 302


def test_a_new_task_for_every_tdp_gets_one_row_per_tdp(client, session):
    w = planned_ward()
    session.commit()
    login(client, w.admin)
    # The day field is hidden for a relative rule: whatever was left in it is ignored.
    response = client.post("/plan/tasks/new", data={"title": "Trang trí hội trường", "body": "tdp", "per_tdp": "tdp",
                                                    "due_rule": "vote_day", "offset_days": "-1", "due_on": "31/11"})
    assert response.status_code == 302
    task = next(t for t in w.plan.tasks if t.title == "Trang trí hội trường")
    assert len(task.items) == 2
    missing_day = client.post("/plan/tasks/new", data={"title": "Họp", "body": "tdp", "per_tdp": "ward",
                                                       "due_rule": "absolute", "due_on": ""})
    assert missing_day.status_code == 422 and "Hãy nhập ngày hạn" in missing_day.get_data(as_text=True)


def test_only_the_ward_admin_edits_tasks(client, session):
    w = planned_ward()
    team5 = create_app_user(w.ward, Duty.ELECTION_TEAM, [w.tdp5])
    task = w.plan.tasks[0]
    session.commit()
    login(client, team5)
    assert client.get(f"/plan/tasks/{task.id}/edit").status_code == 403
    assert client.post(f"/plan/tasks/{task.id}/delete", data={"delete-confirm": "y"}).status_code == 403


def test_deleting_a_task_needs_the_confirmation_box(client, session):
    w = planned_ward()
    task = w.plan.tasks[-1]
    task_id = task.id
    session.commit()
    login(client, w.admin)
    client.post(f"/plan/tasks/{task_id}/delete", data={})
    assert any(t.id == task_id for t in w.plan.tasks)
    client.post(f"/plan/tasks/{task_id}/delete", data={"delete-confirm": "y"})
    session.expire_all()
    assert all(t.id != task_id for t in w.plan.tasks)


def test_an_attachment_is_uploaded_audited_and_downloaded_by_those_who_see_the_row(client, session, tmp_path,
                                                                                   monkeypatch):
    monkeypatch.setitem(client.application.config, "PLAN_ATTACHMENT_FOLDER", str(tmp_path))
    monkeypatch.setitem(client.application.config, "PLAN_ATTACHMENT_MAX_BYTES", 2000)
    w = planned_ward()
    team5, team6 = create_app_user(w.ward, Duty.ELECTION_TEAM, [w.tdp5]), create_app_user(w.ward, Duty.ELECTION_TEAM, [w.tdp6])
    row = item_for(w.plan, "roll_posted", w.tdp5)
    session.commit()
    login(client, team5)
    too_big = client.post(f"/plan/items/{row.id}/attachment", content_type="multipart/form-data",
                          data={"file-file": (io.BytesIO(b"x" * 2500), "lon.pdf")})
    assert too_big.status_code in (413, 422)
    uploaded = client.post(f"/plan/items/{row.id}/attachment", content_type="multipart/form-data",
                           data={"file-file": (io.BytesIO(b"%PDF-1.4 bien ban"), "Biên bản niêm yết.pdf")})
    assert uploaded.status_code == 302
    download = client.get(f"/plan/items/{row.id}/attachment")
    assert download.status_code == 200 and download.data == b"%PDF-1.4 bien ban"
    assert "attachment" in download.headers["Content-Disposition"]
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "plan.item.attach"))
    assert event.actor == team5.username and event.after["attachment"] == "Biên bản niêm yết.pdf"
    client.post("/logout")
    login(client, team6)
    assert client.get(f"/plan/items/{row.id}/attachment").status_code == 403
    client.post("/logout")
    login(client, team5)
    client.post(f"/plan/items/{row.id}/attachment/delete", data={})
    session.refresh(row)
    assert row.attachment_key is not None, "not removed without the confirmation box"
    client.post(f"/plan/items/{row.id}/attachment/delete", data={"detach-confirm": "y"})
    session.refresh(row)
    assert row.attachment_key is None and list(tmp_path.iterdir()) == []


def test_the_printable_checklist_has_the_official_header_and_one_tdps_rows(client, session):
    w = planned_ward()
    session.commit()
    login(client, w.admin)
    page = client.get(f"/plan/print?tdp={w.tdp6.id}").get_data(as_text=True)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page and "DANH MỤC CÔNG VIỆC VÀ THỜI HẠN" in page
    assert "Tổ dân phố số 6" in page and "Niêm yết danh sách cử tri" in page


def test_without_a_plan_the_ward_admin_creates_one_from_the_template(client, session):
    from tests.factories import create_election, create_round, create_tdp, create_ward

    ward = create_ward()
    election = create_election(ward)
    create_round(election, create_tdp(ward, 1))
    admin = create_app_user(ward)
    session.commit()
    login(client, admin)
    page = client.get("/plan/").get_data(as_text=True)
    assert "Tạo kế hoạch từ mẫu" in page
    created = client.post("/plan/create", data={"election": election.id, "template": "ngoc-thuy-2017"})
    assert created.status_code == 302
    assert "Tạo kế hoạch từ mẫu" not in client.get("/plan/").get_data(as_text=True)
