"""The comparison audit's pages: who may run it, the flow through the forms, refusals that name the field,
the report and the stack slip as files that carry the figures."""

import io

from docx import Document
from sqlalchemy import select

from app.auth.models import Duty
from app.comparison.models import AuditStatus, ComparisonAudit
from app.extensions import db
from ballots.payload import short_serial
from tests.comparison.builders import counted, entry_at
from tests.factories import create_app_user, login
from tests.pdftools import pdf_text

SEED = "6" * 10 + "1234512345"


def _audit(contest):
    db.session.expire_all()
    return db.session.scalar(select(ComparisonAudit).where(ComparisonAudit.contest_id == contest.id))


def test_the_counting_head_runs_an_audit_through_the_pages(client, session):
    kit = counted(households=60, votes_a=40, votes_b=15)
    head = create_app_user(kit.ward, Duty.COUNTING_HEAD, [kit.tdp])
    session.commit()
    login(client, head)
    page = client.get(f"/comparison/contest/{kit.leader.id}")
    assert page.status_code == 200 and "N = 55" in page.get_data(as_text=True)
    assert client.post(f"/comparison/contest/{kit.leader.id}/publish", data={"risk_percent": 5}).status_code == 302
    audit = _audit(kit.leader)
    short = client.post(f"/comparison/contest/{kit.leader.id}/draw", data={"seed": "123", "witnesses": "A B, C D"})
    assert short.status_code == 422 and "20 chữ số" in short.get_data(as_text=True)
    assert _audit(kit.leader).seed is None
    client.post(f"/comparison/contest/{kit.leader.id}/draw", data={"seed": SEED, "witnesses": "Phạm Văn Chứng, Đỗ Thị Kiến"})
    audit = _audit(kit.leader)
    assert audit.status is AuditStatus.DRAWN and len(audit.drawn) == audit.draws
    first = audit.drawn[0]
    row = entry_at(kit.leader, first.stack_no, first.stack_pos)
    wrong = [kit.b] if row.kept == [kit.a] else [kit.a]
    answer = client.post(f"/comparison/contest/{kit.leader.id}/compare",
                         data={"draw_id": first.id, "found": "yes", "serial": short_serial(row.serial),
                               "kept": wrong})
    assert answer.status_code == 302
    # A record for the winner that the paper does not bear helps the announced outcome: recount.
    expected = AuditStatus.RECOUNT if row.kept == [kit.a] else AuditStatus.DRAWN
    assert _audit(kit.leader).status is expected
    report = client.get(f"/comparison/contest/{kit.leader.id}/report.pdf")
    text = pdf_text(report.data)
    assert report.mimetype == "application/pdf" and SEED in text and f"{first.stack_no}–{first.stack_pos}" in text
    assert row.serial not in text and short_serial(row.serial) not in text
    docx = Document(io.BytesIO(client.get(f"/comparison/contest/{kit.leader.id}/report.docx").data))
    words = "\n".join(p.text for p in docx.paragraphs)
    assert SEED in words and "BIÊN BẢN KIỂM TRA ĐỐI CHIẾU PHIẾU BẦU" in words


def test_a_clerk_may_see_the_audit_but_not_run_it(client, session):
    kit = counted(households=40, votes_a=20, votes_b=10)
    clerk = create_app_user(kit.ward, Duty.COUNTING_MEMBER, [kit.tdp])
    session.commit()
    login(client, clerk)
    assert client.get(f"/comparison/contest/{kit.leader.id}").status_code == 200
    assert client.post(f"/comparison/contest/{kit.leader.id}/publish", data={"risk_percent": 5}).status_code == 403
    assert _audit(kit.leader) is None


def test_each_stack_prints_a_slip_naming_its_positions(client, session):
    kit = counted(households=60, votes_a=40, votes_b=15)
    admin = create_app_user(kit.ward, Duty.WARD_ADMIN)
    session.commit()
    login(client, admin)
    text = pdf_text(client.get(f"/comparison/contest/{kit.leader.id}/slip.pdf?stack=2").data)
    assert "XẤP PHIẾU SỐ 2" in text and "1 đến 5" in text
    assert client.get(f"/comparison/contest/{kit.leader.id}/slip.pdf?stack=3").status_code == 302


def test_the_dashboard_marks_the_audited_tdp(client, session):
    from app.comparison import services as audit

    kit = counted(households=40, votes_a=20, votes_b=10)
    admin = create_app_user(kit.ward, Duty.WARD_ADMIN)
    session.commit()
    login(client, admin)
    assert 'class="audited"' not in client.get("/dashboard/").get_data(as_text=True)
    audit.publish(None, kit.leader)
    session.commit()
    html = client.get("/dashboard/").get_data(as_text=True)
    assert 'class="audited" data-audit="published"' in html
