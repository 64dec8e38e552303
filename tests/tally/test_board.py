"""The projector board (board.json): right counts from SQL, 304 when nothing changed, a cost that does not grow
with the ballots entered, and a GET that writes nothing (issue 15)."""

import pytest
import sqlalchemy as sa
from sqlalchemy import event, func, select

from app.auth.models import Duty
from app.extensions import db
from app.printing import services as printing
from app.printing.ledger import BallotLedger
from app.tally import entry
from app.tally.models import BallotEntry, BundleKind, ContestTally
from app.tally.result import count_view
from tests.electionkit import candidate_ids, open_count, payloads, published, sign_in
from tests.factories import create_app_user, login


@pytest.fixture
def kit(session):
    kit = published(households=12)
    sign_in(kit, 10)
    kit.run = printing.create_run(None, kit.leader, 14)
    kit.clerk = create_app_user(kit.ward, Duty.COUNTING_MEMBER, [kit.tdp])
    session.commit()
    return kit


def _board(client, kit, etag=None):
    return client.get(f"/count/contest/{kit.leader.id}/board.json",
                      headers={"If-None-Match": etag} if etag else {})


def test_the_board_counts_every_kind_of_ballot_right(client, kit, session):
    open_count(kit, kit.leader)
    texts, (a, b) = payloads(kit.run), candidate_ids(kit.run)
    for i, kept in enumerate([[a], [a], [a], [b], [], [a, b]]):  # 3 for A, 1 for B, all struck, over-marked
        entry.enter_ballot(None, kit.leader, texts[i], kept=kept)
    entry.enter_ballot(None, kit.leader, texts[6], kept=[b], invalid_reason="no_stamp")
    session.commit()
    login(client, kit.clerk)
    body = _board(client, kit).get_json()
    assert (body["counted"], body["valid"], body["invalid"], body["electorate"], body["present"]) == (7, 4, 3, 12, 10)
    votes = {c["id"]: (c["votes"], c["percent"], c["passed"]) for c in body["candidates"]}
    # more than half of the whole electorate of 12 is 7 votes: nobody has passed yet
    assert body["threshold"] == 7 and votes == {a: (3, 25.0, False), b: (1, 8.33, False)}
    view = count_view(kit.leader)  # the same figures the count page computes entry by entry
    assert (view.totals.returned, view.totals.valid, view.totals.votes[a], view.totals.votes[b]) == (7, 4, 3, 1)


def test_bundles_and_the_second_pass_are_counted_as_the_count_page_counts_them(client, kit, session):
    open_count(kit, kit.leader, double_entry=True)
    texts, (a, b) = payloads(kit.run), candidate_ids(kit.run)
    entry.enter_ballot(None, kit.leader, texts[0], kept=[a])
    entry.enter_ballot(None, kit.leader, texts[0], kept=[a], pass_no=2)  # both passes agree
    entry.enter_ballot(None, kit.leader, texts[1], kept=[b])  # pass 2 missing: a difference, not counted
    session.commit()
    login(client, kit.clerk)
    body = _board(client, kit).get_json()
    view = count_view(kit.leader)
    assert body["counted"] == view.totals.returned == 1
    assert {c["id"]: c["votes"] for c in body["candidates"]} == {a: 1, b: 0}


def test_a_hand_counted_bundle_adds_to_the_scanned_ballots(client, kit, session):
    open_count(kit, kit.leader)
    texts, (a, b) = payloads(kit.run), candidate_ids(kit.run)
    entry.enter_ballot(None, kit.leader, texts[0], kept=[a])
    entry.enter_bundle(None, kit.leader, [a, b], kind=BundleKind.BUNDLE, bundle_no=1, ballots=3, votes={a: 2, b: 1},
                       invalid={})
    session.commit()
    login(client, kit.clerk)
    body = _board(client, kit).get_json()
    assert (body["counted"], body["valid"]) == (4, 4)
    assert {c["id"]: c["votes"] for c in body["candidates"]} == {a: 3, b: 1}


def test_an_unchanged_board_answers_304_and_a_new_ballot_or_an_undo_changes_it(client, kit, session):
    open_count(kit, kit.leader)
    texts, (a, _) = payloads(kit.run), candidate_ids(kit.run)
    login(client, kit.clerk)
    first = _board(client, kit)
    etag = first.headers["ETag"].strip('"')
    assert first.status_code == 200 and first.headers["Cache-Control"] == "no-cache"
    again = _board(client, kit, f'"{etag}"')
    assert again.status_code == 304 and again.get_data() == b""
    url = f"/count/contest/{kit.leader.id}"
    assert client.post(f"{url}/ballots", json={"payload": texts[0], "kept": [a]}).get_json()["ok"]
    changed = _board(client, kit, f'"{etag}"')
    assert changed.status_code == 200 and changed.get_json()["counted"] == 1
    after_ballot = changed.headers["ETag"]
    assert _board(client, kit, after_ballot).status_code == 304
    assert client.post(f"{url}/undo", json={"pass": 1}).get_json()["ok"]
    undone = _board(client, kit, after_ballot)
    assert undone.status_code == 200 and undone.get_json()["counted"] == 0


def test_the_boards_cost_does_not_grow_with_the_ballots_entered(client, kit, session):
    open_count(kit, kit.leader)
    texts, (a, b) = payloads(kit.run), candidate_ids(kit.run)
    login(client, kit.clerk)
    statements, loaded = [], []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    def load(target, context):
        loaded.append(target.id)

    def one_poll() -> int:
        statements.clear()
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert _board(client, kit).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(statements)

    event.listen(BallotEntry, "load", load)
    try:
        entry.enter_ballot(None, kit.leader, texts[0], kept=[a])
        session.commit()
        at_one = one_poll()
        for i in range(1, 12):
            entry.enter_ballot(None, kit.leader, texts[i], kept=[a] if i % 2 else [b])
        session.commit()
        at_twelve = one_poll()
    finally:
        event.remove(BallotEntry, "load", load)
    assert at_one == at_twelve
    assert loaded == []  # no ballot entry became an ORM object


def test_polling_the_board_of_a_count_never_opened_writes_nothing(client, kit, session):
    login(client, kit.clerk)

    def rows():
        return (db.session.scalar(select(func.count()).select_from(ContestTally)),
                db.session.scalar(select(func.count()).select_from(BallotLedger)))

    before = rows()
    answer = _board(client, kit)
    db.session.rollback()
    assert answer.status_code == 200 and answer.get_json()["status"] == "setup"
    assert rows() == before
    assert db.session.scalar(sa.select(func.count()).select_from(BallotEntry)) == 0


def _statements(fn) -> list[str]:
    """The SQL statements `fn` runs."""
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return seen


def test_a_304_computes_no_figures_and_costs_the_same_at_ballot_1_and_12(client, kit, session, monkeypatch):
    open_count(kit, kit.leader)
    texts, (a, b) = payloads(kit.run), candidate_ids(kit.run)
    login(client, kit.clerk)
    entry.enter_ballot(None, kit.leader, texts[0], kept=[a])
    session.commit()
    etag = _board(client, kit).headers["ETag"]
    computed = []
    from app.tally import views

    monkeypatch.setattr(views, "board_figures", lambda contest, version=None: computed.append(contest) or {})
    cheap = _statements(lambda: _board(client, kit, etag).status_code == 304 or computed.append("not 304"))
    assert computed == []  # the figures were never computed for the 304
    # none of the statements that add the count up (ballots, bundles loaded or summed) ran
    assert not [s for s in cheap if "kept" in s or "invalid_reason" in s or "bundle_entries.votes" in s]
    for i in range(1, 12):
        entry.enter_ballot(None, kit.leader, texts[i], kept=[a] if i % 2 else [b])
    session.commit()
    monkeypatch.undo()
    etag = _board(client, kit).headers["ETag"]
    monkeypatch.setattr(views, "board_figures", lambda contest, version=None: computed.append(contest) or {})
    again = _statements(lambda: _board(client, kit, etag).status_code == 304 or computed.append("not 304"))
    assert computed == [] and len(again) == len(cheap)
    assert _board(client, kit).status_code == 200 and len(computed) == 1  # without the tag: computed


def test_every_change_the_board_shows_changes_its_etag(client, kit, session):
    """A ballot, an undo, a void, a bundle and its deletion, a ruling made and changed, a sign-in: each gives a
    new ETag (the one before answers 200 with the new figures); with nothing changed the ETag stays. (An undo
    may give back the tag of the identical state before the undone ballot: the same figures.)"""
    from app.attendance.models import Attendance
    from app.tally import corrections, services
    from app.tally.state import tally_for

    open_count(kit, kit.leader, double_entry=True)
    texts, (a, b) = payloads(kit.run), candidate_ids(kit.run)
    login(client, kit.clerk)
    seen = []

    def changed() -> dict:
        session.commit()
        answer = _board(client, kit, seen[-1] if seen else None)
        assert answer.status_code == 200, f"change {len(seen)} kept the ETag"
        seen.append(answer.headers["ETag"])
        assert _board(client, kit, seen[-1]).status_code == 304
        return answer.get_json()

    changed()
    entry.enter_ballot(kit.clerk, kit.leader, texts[0], kept=[a])
    changed()
    entry.enter_ballot(kit.clerk, kit.leader, texts[0], kept=[b], pass_no=2)  # a difference
    changed()
    item = f"ballot:{entry.identify(kit.leader, texts[0], tally_for(kit.leader))}"
    services.resolve(None, kit.leader, item, 1, "Lượt 1 đúng")
    assert {c["id"]: c["votes"] for c in changed()["candidates"]} == {a: 1, b: 0}
    services.resolve(None, kit.leader, item, 2, "Xem lại: lượt 2 đúng")  # the same ruling, changed in place
    body = changed()
    assert {c["id"]: c["votes"] for c in body["candidates"]} == {a: 0, b: 1}
    entry.enter_ballot(kit.clerk, kit.leader, texts[1], kept=[a])
    changed()
    corrections.undo_last(kit.clerk, kit.leader, 1)  # the undone entry had the top id: SQLite may reuse it
    changed()
    entry.enter_ballot(kit.clerk, kit.leader, texts[1], kept=[a])
    changed()
    corrections.void_entry(None, kit.leader, texts[0], "Phiếu nhập nhầm")
    changed()
    bundle = entry.enter_bundle(None, kit.leader, [a, b], kind=BundleKind.BUNDLE, bundle_no=1, ballots=2,
                                votes={a: 1, b: 1}, invalid={})
    changed()
    entry.delete_bundle(None, kit.leader, bundle.id, "Nhập sai")
    changed()
    household = kit.households[11]
    session.add(Attendance(round_id=kit.round.id, household_id=household, method="code"))
    assert changed()["present"] == 11


def test_the_figures_from_the_versions_counters_equal_the_figures_counted_from_the_rows(kit, session):
    """board.json takes the electorate and those present from the counters its version statement reads; after a
    sign-in undone and a household moved away they still equal a count of the households and sign-ins."""
    from app.attendance.models import Attendance
    from app.core.db import utcnow
    from app.rolls.models import Household, HouseholdStatus
    from app.tally.board import board_figures, board_version

    open_count(kit, kit.leader)
    texts, (a, b) = payloads(kit.run), candidate_ids(kit.run)
    for i, kept in enumerate([[a], [b], [a, b]]):
        entry.enter_ballot(None, kit.leader, texts[i], kept=kept)
    session.execute(sa.update(Attendance).where(Attendance.household_id == kit.households[0])
                    .values(undone_at=utcnow()))
    session.execute(sa.update(Household).where(Household.id == kit.households[11]).values(status=HouseholdStatus.MOVED))
    session.commit()
    version = board_version(kit.leader)
    from_counters, counted = board_figures(kit.leader, version), board_figures(kit.leader)
    assert (from_counters["electorate"], from_counters["present"]) == (11, 9)
    assert from_counters == counted
