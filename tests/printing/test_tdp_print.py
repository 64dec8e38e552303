"""In phiếu cả tổ (one action for the leader's and the deputy's ballots), test ballots without the lock tick,
and the downloads of a whole TDP as A5 pages or two-up on A4."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.candidates.models import CandidateList
from app.printing.models import PrintRun
from tests.electionkit import published
from tests.factories import create_app_user, login
from tests.pdftools import pdf_text


@pytest.fixture
def admin_kit(client, session):
    kit = published(households=12)
    admin = create_app_user(kit.ward)
    session.commit()
    login(client, admin)
    return kit


def _runs(session, *, test: bool | None = None) -> list[PrintRun]:
    stmt = select(PrintRun).order_by(PrintRun.id)
    if test is not None:
        stmt = stmt.where(PrintRun.test.is_(test))
    return list(session.scalars(stmt))


def test_test_ballots_print_without_the_lock_confirmation(client, session, admin_kit):
    response = client.post(f"/ballots/contest/{admin_kit.leader.id}", data={"quantity": 10, "test": "y"})
    assert response.status_code == 302
    assert [(r.test, r.quantity) for r in _runs(session)] == [(True, 10)]


def test_official_ballots_still_ask_for_the_lock_confirmation_and_print_nothing_without_it(client, session,
                                                                                            admin_kit):
    response = client.post(f"/ballots/contest/{admin_kit.leader.id}", data={"quantity": 10})
    assert response.status_code == 200
    assert "Hãy đánh dấu xác nhận trước khi in phiếu chính thức" in response.get_data(as_text=True)
    assert _runs(session) == []


def test_one_action_prints_the_leader_and_the_deputy_and_one_pdf_holds_the_whole_tdp(client, session, admin_kit):
    response = client.post(f"/ballots/tdp/{admin_kit.tdp.id}/print", data={"tdp-spare": 10, "tdp-confirm": "y"})
    assert response.status_code == 302
    runs = _runs(session, test=False)
    assert sorted(r.contest_id for r in runs) == sorted([admin_kit.leader.id, admin_kit.deputy.id])
    assert {r.quantity for r in runs} == {14}  # 12 households + 10% rounded up
    pdf = client.get(f"/ballots/tdp/{admin_kit.tdp.id}/ballots.pdf")
    assert pdf.status_code == 200 and "phieu-bau-ca-to-05.pdf" in pdf.headers["Content-Disposition"]
    pages = [p for p in pdf_text(pdf.data).split("\f") if p.strip()]
    assert len(pages) == 28
    assert all("TỔ TRƯỞNG" in p for p in pages[:14]) and all("TỔ PHÓ" in p for p in pages[14:])
    two_up = client.get(f"/ballots/tdp/{admin_kit.tdp.id}/ballots.pdf?two_up=1")
    assert len([p for p in pdf_text(two_up.data).split("\f") if p.strip()]) == 14
    assert "a4-2-phieu" in two_up.headers["Content-Disposition"]


def test_a_test_print_of_the_whole_tdp_needs_no_confirmation_and_locks_no_list(client, session, admin_kit):
    response = client.post(f"/ballots/tdp/{admin_kit.tdp.id}/print", data={"tdp-spare": 0, "tdp-test": "y"})
    assert response.status_code == 302
    assert [r.test for r in _runs(session)] == [True, True]
    assert session.scalar(select(func.count()).select_from(CandidateList).where(
        CandidateList.frozen_at.is_not(None))) == 0
    assert client.get(f"/ballots/tdp/{admin_kit.tdp.id}/ballots.pdf?test=1").status_code == 200


def test_a_tdp_print_without_a_published_deputy_list_makes_no_run_at_all(client, session, admin_kit):
    deputy_list = session.scalar(select(CandidateList).where(CandidateList.contest_id == admin_kit.deputy.id))
    session.delete(deputy_list)
    session.commit()
    response = client.post(f"/ballots/tdp/{admin_kit.tdp.id}/print", data={"tdp-spare": 10, "tdp-confirm": "y"},
                           follow_redirects=True)
    assert "chưa có danh sách người ứng cử tổ phó" in response.get_data(as_text=True)
    assert _runs(session) == []


def test_nothing_printed_yet_gives_a_message_not_an_empty_pdf(client, session, admin_kit):
    response = client.get(f"/ballots/tdp/{admin_kit.tdp.id}/ballots.pdf", follow_redirects=True)
    assert response.mimetype == "text/html" and "chưa có đợt in chính thức nào" in response.get_data(as_text=True)


def test_the_contest_page_offers_the_whole_tdp_print_and_both_downloads(client, session, admin_kit):
    page = client.get(f"/ballots/contest/{admin_kit.deputy.id}").get_data(as_text=True)
    assert 'id="tdp-print"' in page and f'action="/ballots/tdp/{admin_kit.tdp.id}/print"' in page
    assert f"/ballots/tdp/{admin_kit.tdp.id}/ballots.pdf?two_up=1" in page
    assert page.count('id="tdp-confirm"') == 1 and page.count('id="confirm"') == 1  # two forms, no shared ids
