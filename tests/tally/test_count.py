"""The count: keyboard entry rules, refusals, double entry, reconciliation, the result under the rule
set (the 361/314/308 case), lock and unlock, the re-run refusing round-1 ballots."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.auth.models import Duty
from app.extensions import db
from app.printing import ledger
from app.printing import services as printing
from app.rules import InvalidReason, Outcome
from app.tally import entry, services, state
from app.tally.errors import TallyError
from app.tally.models import BallotEntry, BundleKind, TallyStatus
from app.tally.result import count_view
from tests.electionkit import VOTE_DAY, candidate_ids, open_count, payloads, published, sign_in
from tests.factories import create_app_user, login


@pytest.fixture
def kit(session):
    kit = published(households=12)
    sign_in(kit, 10)
    kit.run = printing.create_run(None, kit.leader, 14)
    session.commit()
    return kit


def test_entry_opens_only_after_the_zero_report(kit):
    with pytest.raises(TallyError) as error:
        entry.enter_ballot(None, kit.leader, payloads(kit.run)[0], kept=candidate_ids(kit.run)[:1])
    assert error.value.code == "zero_report_missing"


def test_over_marked_and_all_struck_ballots_are_invalid_by_themselves(kit):
    open_count(kit, kit.leader)
    texts, ids = payloads(kit.run), candidate_ids(kit.run)
    assert entry.enter_ballot(None, kit.leader, texts[0], kept=ids).invalid_reason == InvalidReason.TOO_MANY_KEPT
    assert entry.enter_ballot(None, kit.leader, texts[1], kept=[]).invalid_reason == InvalidReason.ALL_STRUCK
    assert entry.enter_ballot(None, kit.leader, texts[2], kept=ids[:1],
                              invalid_reason="no_stamp").invalid_reason == InvalidReason.NO_STAMP
    ok = entry.enter_ballot(None, kit.leader, texts[3], kept=ids[1:])
    assert ok.invalid_reason is None and ok.kept == ids[1:]
    totals = count_view(kit.leader).totals
    assert (totals.valid, sum(totals.invalid.values()), totals.votes[ids[1]]) == (1, 3, 1)


def test_refusals_each_say_why(kit, session):
    open_count(kit, kit.leader)
    texts, ids = payloads(kit.run), candidate_ids(kit.run)
    entry.enter_ballot(None, kit.leader, texts[0], kept=ids[:1])
    cases = {"already_counted": texts[0], "bad_signature": texts[1][:-1] + ("A" if texts[1][-1] != "A" else "B"),
             "malformed": "not:a ballot"}
    deputy_run = printing.create_run(None, kit.deputy, 2)
    cases["wrong_contest"] = payloads(deputy_run)[0]
    test_run = printing.create_run(None, kit.leader, 2, test=True)
    cases["test_ballot"] = payloads(test_run)[0]
    for code, text in cases.items():
        with pytest.raises(TallyError) as error:
            entry.enter_ballot(None, kit.leader, text, kept=ids[:1])
        assert error.value.code == code, code
        assert error.value.message
    printing.void_run(None, kit.run, "In lại")
    with pytest.raises(TallyError) as error:
        entry.enter_ballot(None, kit.leader, texts[5], kept=ids[:1])
    assert error.value.code == "void_run"


def test_double_entry_differences_block_the_result_until_the_head_rules(kit):
    open_count(kit, kit.leader, double_entry=True)
    texts, ids = payloads(kit.run), candidate_ids(kit.run)
    for text in texts[:3]:
        entry.enter_ballot(None, kit.leader, text, kept=ids[:1], pass_no=1)
    entry.enter_ballot(None, kit.leader, texts[0], kept=ids[:1], pass_no=2)
    entry.enter_ballot(None, kit.leader, texts[1], kept=ids[:1], pass_no=2)
    entry.enter_ballot(None, kit.leader, texts[2], kept=ids[1:], pass_no=2)  # the clerks disagree
    view = count_view(kit.leader)
    assert len(view.open_differences) == 1 and "differences" in {p.code for p in view.blocking}
    with pytest.raises(TallyError):
        services.resolve(None, kit.leader, view.open_differences[0].item, 1, " ")
    services.resolve(None, kit.leader, view.open_differences[0].item, 1, "Xem lại phiếu gốc: lượt 1 đúng")
    view = count_view(kit.leader)
    assert view.open_differences == [] and view.totals.votes[ids[0]] == 3


def test_two_clerks_submitting_the_same_serial_at_once_count_it_once(app, kit):
    open_count(kit, kit.leader)
    db.session.commit()
    text, ids, contest_id = payloads(kit.run)[4], candidate_ids(kit.run), kit.leader.id
    barrier, outcomes = threading.Barrier(2), []

    def clerk():
        with app.app_context():
            from app.elections.models import Contest

            contest = db.session.get(Contest, contest_id)
            barrier.wait()
            try:
                entry.enter_ballot(None, contest, text, kept=ids[:1])
                db.session.commit()
                outcomes.append("ok")
            except TallyError as error:
                db.session.rollback()
                outcomes.append(error.code)
            except Exception as error:  # noqa: BLE001
                db.session.rollback()
                outcomes.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=clerk) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["already_counted", "ok"], outcomes
    assert db.session.scalar(select(func.count()).select_from(BallotEntry)) == 1


def test_the_press_case_gives_no_winner_and_a_rerun_that_refuses_round_one_ballots(session):
    kit = published(households=361, number=7)
    sign_in(kit, 314)
    run = printing.create_run(None, kit.leader, 320)
    open_count(kit, kit.leader)
    a, b = candidate_ids(run)
    entry.enter_bundle(None, kit.leader, [a, b], kind=BundleKind.BUNDLE, bundle_no=1, ballots=314,
                       votes={a: 159, b: 149}, invalid={"all_struck": 4, "too_many_kept": 2})
    ledger.update_ledger(None, kit.leader, {"issued": 314, "unused": 6, "spoiled": 0, "returned": 314})
    view = count_view(kit.leader)
    assert view.blocking == [], view.problems
    d = view.decision
    assert (d.outcome, d.threshold, d.elected) == (Outcome.NO_WINNER, 181, ())
    assert d.rerun_deadline == VOTE_DAY + timedelta(days=15)
    result = services.finalize(None, kit.leader)
    assert result["outcome"] == "no_winner" and result["votes"][0]["votes"] in (159, 149)
    with pytest.raises(TallyError):
        entry.enter_bundle(None, kit.leader, [a, b], kind=BundleKind.BUNDLE, bundle_no=2, ballots=1, votes={a: 1}, invalid={})
    new_round = services.open_rerun(None, kit.round, VOTE_DAY + timedelta(days=4))
    assert new_round.number == 2 and [c.position.value for c in new_round.contests] == ["leader"]
    with pytest.raises(TallyError, match="chậm nhất"):
        services.open_rerun(None, kit.round, VOTE_DAY + timedelta(days=30))
    rerun_contest = new_round.contests[0]
    open_count(kit, rerun_contest)
    with pytest.raises(TallyError) as error:
        entry.enter_ballot(None, rerun_contest, payloads(run)[0], kept=[a])
    assert error.value.code == "superseded"


def test_the_result_locks_and_only_a_ward_admin_unlocks_with_a_reason(client, kit, session):
    open_count(kit, kit.leader)
    texts, ids = payloads(kit.run), candidate_ids(kit.run)
    for text in texts[:10]:
        entry.enter_ballot(None, kit.leader, text, kept=ids[:1])
    ledger.update_ledger(None, kit.leader, {"issued": 10, "unused": 4, "spoiled": 0, "returned": 10})
    services.finalize(None, kit.leader)
    assert state.tally_for(kit.leader).status is TallyStatus.FINAL
    with pytest.raises(TallyError) as error:
        entry.enter_ballot(None, kit.leader, texts[11], kept=ids[:1])
    assert error.value.code == "locked"
    team = create_app_user(kit.ward, Duty.ELECTION_TEAM, [kit.tdp])
    admin = create_app_user(kit.ward)
    session.commit()
    login(client, team)
    assert client.post(f"/count/contest/{kit.leader.id}/unlock", data={"reason": "x"}).status_code == 403
    client.post("/logout")
    login(client, admin)
    client.post(f"/count/contest/{kit.leader.id}/unlock", data={"reason": "Nhập sai một phiếu"})
    db.session.expire_all()
    assert state.tally_for(kit.leader).status is TallyStatus.COUNTING


def test_deputies_wait_for_the_leader_and_one_person_never_holds_both(kit, session):
    open_count(kit, kit.leader)
    open_count(kit, kit.deputy)
    deputy_run = printing.create_run(None, kit.deputy, 12)
    texts, ids = payloads(kit.run), candidate_ids(kit.run)
    for text in texts[:10]:
        entry.enter_ballot(None, kit.leader, text, kept=ids[:1])
    for text in payloads(deputy_run)[:10]:
        entry.enter_ballot(None, kit.deputy, text, kept=candidate_ids(deputy_run)[:1])
    for contest, issued in ((kit.leader, 10), (kit.deputy, 10)):
        ledger.update_ledger(None, contest, {"issued": issued, "unused": 14 - issued if contest is kit.leader else 2,
                                             "spoiled": 0, "returned": 10})
    with pytest.raises(TallyError, match="tổ trưởng trước"):
        services.finalize(None, kit.deputy)
    services.finalize(None, kit.leader)
    result = services.finalize(None, kit.deputy)
    assert result["outcome"] == "elected"
    leader_ids = {e["person"] for e in state.tally_for(kit.leader).result["elected"]}
    assert leader_ids.isdisjoint({e["person"] for e in result["elected"]})


def test_the_ballot_api_answers_201_409_and_422(client, kit, session):
    open_count(kit, kit.leader)
    clerk = create_app_user(kit.ward, Duty.COUNTING_MEMBER, [kit.tdp])
    session.commit()
    login(client, clerk)
    texts, ids = payloads(kit.run), candidate_ids(kit.run)
    url = f"/api/v1/contests/{kit.leader.id}/ballots"
    created = client.post(url, json={"payload": texts[0], "kept": ids[:1]})
    assert created.status_code == 201 and created.get_json()["valid"] is True
    assert client.post(url, json={"payload": texts[0], "kept": ids[:1]}).status_code == 409
    forged = client.post(url, json={"payload": "BC1:XXXX", "kept": []})
    assert forged.status_code == 422 and forged.get_json()["errors"]["reason"] == "malformed"
    result = client.get(f"/api/v1/contests/{kit.leader.id}/result").get_json()
    assert result["returned"] == 1 and result["candidates"][0]["votes"] == 1
