"""The ballot ledger on the count page (D8), its remedies, and one state when it is saved inconsistent (D36);
the ballot page keeps the ledger neutral until the meeting starts."""

import pytest

from app.auth.models import Duty
from app.extensions import db
from app.printing import ledger
from app.printing import services as printing
from app.tally import entry, services, state
from app.tally.result import count_view
from tests.electionkit import candidate_ids, open_count, payloads, published, sign_in
from tests.factories import create_app_user, login


@pytest.fixture
def kit(session):
    kit = published(households=12)
    kit.run = printing.create_run(None, kit.leader, 14)
    kit.team = create_app_user(kit.ward, [Duty.ELECTION_TEAM, Duty.COUNTING_HEAD], [kit.tdp])
    session.commit()
    return kit


def _count_three(kit):
    sign_in(kit, 10)
    open_count(kit, kit.leader)
    texts, ids = payloads(kit.run), candidate_ids(kit.run)
    for text in texts[:3]:
        entry.enter_ballot(None, kit.leader, text, kept=ids[:1])
    db.session.commit()


def _figures(**counts):
    return {"issued": 0, "spoiled": 0, "unused": 0, "returned": 0, "destroyed": 0} | counts


def test_an_empty_ledger_is_named_as_the_fix_not_unfinished_entry(client, kit):
    _count_three(kit)
    problem = next(p for p in count_view(kit.leader).problems if p.code == "reconcile.returned")
    assert "Chưa ghi số phiếu thu về từ hòm phiếu" in problem.message
    assert "sổ theo dõi phiếu" in problem.remedy and "chưa nhập" not in problem.remedy
    login(client, kit.team)
    page = client.get(f"/count/contest/{kit.leader.id}").get_data(as_text=True)
    assert 'id="ledger-todo"' in page and "ghi số phiếu thu về từ hòm phiếu" in page
    assert f'action="/count/contest/{kit.leader.id}/ledger"' in page


def test_more_returned_than_counted_says_how_many_are_still_to_enter(kit):
    _count_three(kit)
    ledger.update_ledger(None, kit.leader, _figures(issued=5, unused=9, returned=5))
    problem = next(p for p in count_view(kit.leader).problems if p.code == "reconcile.returned")
    assert "Còn 2 phiếu thu về chưa nhập" in problem.remedy


def test_saving_an_inconsistent_ledger_from_the_count_page_saves_with_one_warning(client, kit):
    _count_three(kit)
    login(client, kit.team)
    answer = client.post(f"/count/contest/{kit.leader.id}/ledger", data=_figures(issued=12, unused=2, returned=3),
                         follow_redirects=True)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "flash-warning" in page and "Số liệu chưa khớp" in page
    assert "flash-success" not in page  # one state: saved with a warning, never "saved" and an error at once
    db.session.expire_all()
    assert (ledger.ledger_for(kit.leader).issued, ledger.ledger_for(kit.leader).returned) == (12, 3)
    assert 'id="ledger-todo"' not in page

    answer = client.post(f"/count/contest/{kit.leader.id}/ledger", data=_figures(issued=10, unused=4, returned=3),
                         follow_redirects=True)
    assert "số phiếu khớp" in answer.get_data(as_text=True)


def test_a_refused_ledger_names_the_field_and_changes_nothing(client, kit):
    _count_three(kit)
    ledger.update_ledger(None, kit.leader, _figures(issued=10, unused=4, returned=3))
    db.session.commit()
    login(client, kit.team)
    answer = client.post(f"/count/contest/{kit.leader.id}/ledger", data=_figures(issued=10, unused=4, returned=3,
                                                                                 destroyed=9))
    assert answer.status_code == 422
    assert "Số phiếu tiêu hủy không được vượt quá" in answer.get_data(as_text=True)
    answer = client.post(f"/count/contest/{kit.leader.id}/ledger", data=_figures(issued="mười"))
    assert answer.status_code == 422
    db.session.expire_all()
    assert (ledger.ledger_for(kit.leader).issued, ledger.ledger_for(kit.leader).destroyed) == (10, 0)


def test_a_counting_member_sees_the_ledger_but_cannot_change_it(client, kit, session):
    _count_three(kit)
    clerk = create_app_user(kit.ward, Duty.COUNTING_MEMBER, [kit.tdp])
    session.commit()
    login(client, clerk)
    assert client.post(f"/count/contest/{kit.leader.id}/ledger", data=_figures(issued=3)).status_code == 403
    page = client.get(f"/count/contest/{kit.leader.id}").get_data(as_text=True)
    assert f'action="/count/contest/{kit.leader.id}/ledger"' not in page and 'id="ledger-figures"' in page


def test_the_ballot_page_keeps_the_ledger_neutral_until_the_meeting_starts(client, kit):
    login(client, kit.team)
    page = client.get(f"/ballots/contest/{kit.leader.id}").get_data(as_text=True)
    assert "Chưa đến lúc đối chiếu" in page and "Số phiếu in ra" not in page
    sign_in(kit, 1)
    db.session.commit()
    page = client.get(f"/ballots/contest/{kit.leader.id}").get_data(as_text=True)
    assert "Chưa đến lúc đối chiếu" not in page and "Số phiếu in ra (14)" in page


def test_saving_an_inconsistent_ledger_on_the_ballot_page_is_one_warning(client, kit):
    sign_in(kit, 10)
    db.session.commit()
    login(client, kit.team)
    answer = client.post(f"/ballots/contest/{kit.leader.id}/ledger", data=_figures(issued=12, unused=2),
                         follow_redirects=True)
    page = answer.get_data(as_text=True)
    assert "flash-warning" in page and "chưa khớp" in page and "flash-success" not in page
    assert state.tally_for(kit.leader).status.value == "setup"


def test_a_locked_count_refuses_a_ledger_change(client, kit):
    _count_three(kit)
    ledger.update_ledger(None, kit.leader, _figures(issued=3, unused=11, returned=3))
    services.finalize(None, kit.leader)
    db.session.commit()
    login(client, kit.team)
    answer = client.post(f"/count/contest/{kit.leader.id}/ledger", data=_figures(issued=4, unused=10, returned=3),
                         follow_redirects=True)
    assert "Kết quả đã chốt" in answer.get_data(as_text=True)
    db.session.expire_all()
    assert ledger.ledger_for(kit.leader).issued == 3


def test_more_counted_than_returned_points_at_the_ledger_or_the_entries(kit):
    _count_three(kit)
    ledger.update_ledger(None, kit.leader, _figures(issued=2, unused=12, returned=2))
    problem = next(p for p in count_view(kit.leader).problems if p.code == "reconcile.returned")
    assert "Đã kiểm 3 phiếu nhưng sổ ghi thu về 2" in problem.remedy and "hoàn tác hoặc hủy" in problem.remedy


def test_an_unfilled_ledger_asks_for_the_issued_unused_and_spoiled_counts(kit):
    _count_three(kit)
    problem = next(p for p in count_view(kit.leader).problems if p.code == "reconcile.printed")
    assert problem.remedy.startswith("Ghi số phiếu đã phát ra, chưa dùng và hỏng vào sổ theo dõi phiếu")
