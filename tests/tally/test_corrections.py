"""Correcting the count on the day (D4) and counting a ballot whose QR will not scan (D9)."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from app.audit.models import AuditEvent
from app.auth.models import Duty
from app.extensions import db
from app.printing import ledger
from app.printing import services as printing
from app.results.models import Recognition
from app.tally import corrections, entry, services, state
from app.tally.errors import TallyError
from app.tally.models import BallotEntry, TallyStatus
from app.tally.result import count_view
from ballots.payload import short_serial
from tests.electionkit import candidate_ids, open_count, payloads, published, sign_in
from tests.factories import create_app_user, login


@pytest.fixture
def kit(session):
    kit = published(households=12)
    sign_in(kit, 10)
    kit.run = printing.create_run(None, kit.leader, 14)
    open_count(kit, kit.leader)
    kit.clerk = create_app_user(kit.ward, Duty.COUNTING_MEMBER, [kit.tdp])
    kit.head = create_app_user(kit.ward, Duty.COUNTING_HEAD, [kit.tdp])
    session.commit()
    return kit


def _serials(kit):
    return [s for s in db.session.scalars(select(BallotEntry.serial).order_by(BallotEntry.id))]


def _audit(action):
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_a_clerk_undoes_the_ballot_just_entered_and_the_totals_drop(client, kit):
    texts, ids = payloads(kit.run), candidate_ids(kit.run)
    login(client, kit.clerk)
    url = f"/count/contest/{kit.leader.id}"
    assert client.post(f"{url}/ballots", json={"payload": texts[0], "kept": ids[:1]}).get_json()["ok"]
    assert client.post(f"{url}/ballots", json={"payload": texts[1], "kept": ids[:1]}).get_json()["ok"]  # meant ids[1:]
    answer = client.post(f"{url}/undo", json={"pass": 1})
    assert answer.status_code == 200 and answer.get_json()["totals"] == {"returned": 1, "valid": 1}
    assert count_view(kit.leader).totals.votes[ids[0]] == 1
    # the same ballot can now be entered again, rightly
    assert client.post(f"{url}/ballots", json={"payload": texts[1], "kept": ids[1:]}).get_json()["ok"]
    totals = count_view(kit.leader).totals
    assert (totals.votes[ids[0]], totals.votes[ids[1]]) == (1, 1)
    [undo] = _audit("tally.ballot_undo")
    assert undo.user_id == kit.clerk.id and "kept" not in str(undo.after) and "serial" not in str(undo.after)


def test_a_clerk_undoes_only_their_own_recent_ballot(client, kit, session):
    texts, ids = payloads(kit.run), candidate_ids(kit.run)
    entry.enter_ballot(kit.head, kit.leader, texts[0], kept=ids[:1])
    with pytest.raises(TallyError) as error:
        corrections.undo_last(kit.clerk, kit.leader)
    assert error.value.code == "nothing_to_undo"
    old = entry.enter_ballot(kit.clerk, kit.leader, texts[1], kept=ids[:1])
    session.execute(update(BallotEntry).where(BallotEntry.id == old.id)
                    .values(entered_at=old.entered_at - timedelta(minutes=11)))
    with pytest.raises(TallyError) as error:
        corrections.undo_last(kit.clerk, kit.leader)
    assert error.value.code == "undo_too_late"
    assert len(_serials(kit)) == 2


def test_the_head_voids_an_entered_ballot_by_rescanning_it_with_a_reason(client, kit):
    texts, ids = payloads(kit.run), candidate_ids(kit.run)
    for text in texts[:3]:
        entry.enter_ballot(kit.clerk, kit.leader, text, kept=ids[:1])
    db.session.commit()
    url = f"/count/contest/{kit.leader.id}/void"
    login(client, kit.clerk)
    assert client.post(url, data={"code": texts[1], "reason": "Nhập nhầm"}).status_code == 403
    client.post("/logout")
    login(client, kit.head)
    client.post(url, data={"code": texts[1], "reason": ""})
    assert count_view(kit.leader).totals.returned == 3  # no reason, nothing voided
    assert client.post(url, data={"code": texts[1], "reason": "Nhập nhầm tên"}).status_code == 302
    db.session.expire_all()
    assert count_view(kit.leader).totals.returned == 2
    [void] = _audit("tally.ballot_void")
    assert void.after["reason"] == "Nhập nhầm tên" and "serial" not in str(void.after)
    # by the typed code too
    serial = db.session.scalars(select(BallotEntry.serial)).first()
    client.post(url, data={"code": short_serial(serial).lower(), "reason": "Phiếu đếm hai lần"})
    db.session.expire_all()
    assert count_view(kit.leader).totals.returned == 1


def test_a_ballot_whose_qr_will_not_scan_counts_through_its_printed_code_with_a_reason(client, kit):
    ids = candidate_ids(kit.run)
    serial = printing.ballot_pages(kit.run, printing.ballot_key(kit.leader.round.election))[0].serial
    typed = short_serial(serial).replace("-", " ").lower()
    login(client, kit.clerk)
    url = f"/count/contest/{kit.leader.id}"
    checked = client.post(f"{url}/check", json={"payload": typed}).get_json()
    assert checked["ok"] and checked["typed"] is True and checked["serial"] == short_serial(serial)
    refused = client.post(f"{url}/ballots", json={"payload": typed, "kept": ids[:1]})
    assert refused.status_code == 422 and refused.get_json()["code"] == "typed_reason_required"
    saved = client.post(f"{url}/ballots", json={"payload": typed, "kept": ids[:1], "typed_reason": "Mã QR bị nhòe"})
    assert saved.get_json()["ok"]
    [ballot] = [a for a in _audit("tally.ballot")]
    assert ballot.after["typed"] == "Mã QR bị nhòe"
    again = client.post(f"{url}/check", json={"payload": short_serial(serial)})
    assert again.status_code == 409 and again.get_json()["code"] == "already_counted"


def test_a_typo_in_the_printed_code_says_what_to_do(client, kit):
    serial = printing.ballot_pages(kit.run, printing.ballot_key(kit.leader.round.election))[0].serial
    wrong_char = serial[:-1] + ("A" if serial[-1] != "A" else "B")
    login(client, kit.clerk)
    url = f"/count/contest/{kit.leader.id}/check"
    for text, code in ((serial[:-1], "typed_format"), (wrong_char, "typed_unknown")):
        answer = client.post(url, json={"payload": text})
        assert answer.status_code == 422 and answer.get_json()["code"] == code
        assert "đọc lại" in answer.get_json()["message"]


def test_a_typed_code_of_a_void_run_or_another_contest_is_refused(kit, session):
    deputy_run = printing.create_run(None, kit.deputy, 2)
    key = printing.ballot_key(kit.leader.round.election)
    other = printing.ballot_pages(deputy_run, key)[0].serial
    with pytest.raises(TallyError) as error:
        entry.precheck(kit.leader, other)
    assert error.value.code == "wrong_contest"
    mine = printing.ballot_pages(kit.run, key)[0].serial
    printing.void_run(None, kit.run, "In lại")
    with pytest.raises(TallyError) as error:
        entry.precheck(kit.leader, short_serial(mine))
    assert error.value.code == "void_run"


def test_the_entry_page_shows_the_rehearsal_banner_and_no_error_while_rehearsing(client, session):
    kit = published(households=12)
    printing.create_run(None, kit.leader, 4, test=True)
    state.set_rehearsal(None, kit.leader, True)
    clerk = create_app_user(kit.ward, Duty.COUNTING_MEMBER, [kit.tdp])
    session.commit()
    login(client, clerk)
    page = client.get(f"/count/contest/{kit.leader.id}/enter").get_data(as_text=True)
    assert "TẬP DƯỢT – PHIẾU THỬ" in page and "flash-error" not in page and 'id="scan"' in page


def test_a_counting_member_waits_for_the_team_instead_of_seeing_an_error(client, session):
    kit = published(households=12)
    clerk = create_app_user(kit.ward, Duty.COUNTING_MEMBER, [kit.tdp])
    session.commit()
    login(client, clerk)
    for url in (f"/count/contest/{kit.leader.id}", f"/count/contest/{kit.leader.id}/enter"):
        page = client.get(url).get_data(as_text=True)
        assert "Chờ Tổ bầu cử mở nhập phiếu" in page and "flash-error" not in page, url
        assert "Ghi tên Ban kiểm phiếu và hai người chứng kiến, in biên bản" not in page


def test_a_locked_count_shows_its_locked_state_and_refuses_undo(client, kit, session):
    texts, ids = payloads(kit.run), candidate_ids(kit.run)
    for text in texts[:10]:
        entry.enter_ballot(kit.clerk, kit.leader, text, kept=ids[:1])
    ledger.update_ledger(None, kit.leader, {"issued": 10, "unused": 4, "spoiled": 0, "returned": 10})
    services.finalize(None, kit.leader)
    session.commit()
    login(client, kit.clerk)
    page = client.get(f"/count/contest/{kit.leader.id}/enter").get_data(as_text=True)
    assert 'id="count-locked"' in page and 'id="scan"' not in page
    answer = client.post(f"/count/contest/{kit.leader.id}/undo", json={"pass": 1})
    assert answer.status_code == 422 and answer.get_json()["code"] == "locked"
    assert count_view(kit.leader).totals.returned == 10


def test_unlocking_a_recognised_result_needs_the_decision_named_and_flags_it_for_review(client, kit, session):
    texts, ids = payloads(kit.run), candidate_ids(kit.run)
    for text in texts[:10]:
        entry.enter_ballot(kit.clerk, kit.leader, text, kept=ids[:1])
    ledger.update_ledger(None, kit.leader, {"issued": 10, "unused": 4, "spoiled": 0, "returned": 10})
    services.finalize(None, kit.leader)
    recognition = Recognition(election_id=kit.election.id, tdp_id=kit.tdp.id, round_id=kit.round.id,
                              decision_number="125", recognised_on=date(2017, 10, 26))
    session.add(recognition)
    admin = create_app_user(kit.ward)
    session.commit()
    login(client, admin)
    url = f"/count/contest/{kit.leader.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Quyết định số 125/QĐ-UBND ngày 26/10/2017" in page
    refused = client.post(f"{url}/unlock", data={"reason": "Nhập sai"}, follow_redirects=True).get_data(as_text=True)
    assert "gõ “125”" in refused
    db.session.expire_all()
    assert state.tally_for(kit.leader).status is TallyStatus.FINAL and recognition.review_note is None
    client.post(f"{url}/unlock", data={"reason": "Nhập sai", "confirm": "125/QĐ-UBND"})
    db.session.expire_all()
    assert state.tally_for(kit.leader).status is TallyStatus.COUNTING
    assert "Cần xem lại" in recognition.review_note and "Nhập sai" in recognition.review_note
    assert "Cần xem lại" in client.get(url).get_data(as_text=True)
    recognition_page = client.get(f"/results/tdp/{kit.tdp.id}/recognition").get_data(as_text=True)
    assert 'id="recognition-review"' in recognition_page
