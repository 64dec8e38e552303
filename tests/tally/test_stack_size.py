"""The stack size of the count (papers per stack, used by the comparison audit's places) is set on the
set-up page: within 10–200, refused once the first paper is laid (saying why), and audited."""

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.auth.models import Duty
from app.extensions import db
from app.printing import services as printing
from app.tally import entry, state
from app.tally.errors import TallyError
from app.tally.models import VotingMethod
from tests.electionkit import candidate_ids, payloads, published, sign_in
from tests.factories import create_app_user, login

BOARD = {"head": "Trần Văn Trưởng", "witness1": "Phạm Văn Chứng", "witness2": "Đỗ Thị Kiến",
         "method": "secret_ballot"}


@pytest.fixture
def kit(session):
    kit = published(households=30)
    sign_in(kit, 30)
    kit.user = create_app_user(kit.ward, [Duty.ELECTION_TEAM, Duty.COUNTING_MEMBER], [kit.tdp])
    session.commit()
    return kit


def _setup(client, kit, **data):
    return client.post(f"/count/contest/{kit.leader.id}/setup", data=BOARD | data)


def test_the_stack_size_set_on_the_form_places_the_papers_laid(client, kit):
    login(client, kit.user)
    assert 'name="stack_size"' in client.get(f"/count/contest/{kit.leader.id}/setup").get_data(as_text=True)
    assert _setup(client, kit, stack_size=10).status_code == 302
    tally = state.tally_for(kit.leader)
    assert tally.stack_size == 10
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "tally.configure")
                              .order_by(AuditEvent.id.desc()))
    assert (event.before["stack_size"], event.after["stack_size"]) == (50, 10)
    run = printing.create_run(None, kit.leader, 30)
    state.sign_zero_report(None, kit.leader)
    a = candidate_ids(run)[0]
    places = [(e.stack_no, e.stack_pos) for e in (entry.enter_ballot(None, kit.leader, text, kept=[a])
                                                   for text in payloads(run)[:12])]
    assert places[9:] == [(1, 10), (2, 1), (2, 2)]  # the eleventh paper starts the second stack


@pytest.mark.parametrize("size", [9, 201, 0])
def test_a_stack_size_out_of_range_is_refused_on_its_field(client, kit, size):
    login(client, kit.user)
    answer = _setup(client, kit, stack_size=size)
    assert answer.status_code == 200
    assert "Số phiếu mỗi xấp phải từ 10 đến 200" in answer.get_data(as_text=True)
    assert state.tally_for(kit.leader).stack_size == 50


def test_the_service_refuses_a_stack_size_out_of_range_too(kit):
    with pytest.raises(TallyError) as error:
        state.configure(None, kit.leader, method=VotingMethod.SECRET_BALLOT, approvals=None, double_entry=False,
                        place="", board={"head": "A", "witnesses": ["B", "C"]}, stack_size=500)
    assert error.value.code == "stack_size" and "từ 10 đến 200" in error.value.message


def test_the_stack_size_cannot_change_once_a_paper_is_laid(client, kit):
    run = printing.create_run(None, kit.leader, 30)
    state.configure(None, kit.leader, method=VotingMethod.SECRET_BALLOT, approvals=None, double_entry=False,
                    place="", board={"head": "Trần Văn Trưởng", "witnesses": ["Phạm Văn Chứng", "Đỗ Thị Kiến"]},
                    stack_size=20)
    state.sign_zero_report(None, kit.leader)
    entry.enter_ballot(None, kit.leader, payloads(run)[0], kept=[candidate_ids(run)[0]])
    db.session.commit()
    login(client, kit.user)
    answer = _setup(client, kit, stack_size=25)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "Đã đặt 1 phiếu vào các xấp 20 phiếu" in page and "không đổi được" in page
    assert state.tally_for(kit.leader).stack_size == 20
    assert _setup(client, kit, stack_size=20).status_code == 302  # the same size with the rest of the form: fine
