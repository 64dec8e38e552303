"""The city dashboard: per-ward counters equal to the ward dashboards' own, a page of TDP rows equal to the
ward dashboard's rows, and a cost that does not grow with the TDPs that only wait for their count."""

from dataclasses import astuple
from datetime import timedelta

import pytest
from sqlalchemy import event, insert, select, update

from app.attendance.models import Attendance
from app.core.db import utcnow
from app.dashboard import city as city_module
from app.dashboard import summaries as summaries_module
from app.dashboard.city import city_dashboard
from app.dashboard.models import TdpSummary
from app.dashboard.services import build
from app.dashboard.summaries import lean_rows
from app.elections.models import Position
from app.extensions import db
from app.results.models import Recognition, RerunKind, RerunReason
from app.tally import services as tally
from tests.dashboard.builders import finish, sign_in, ward_of
from tests.dashboard.test_dashboard import busy_ward
from tests.electionkit import VOTE_DAY


def _key(counters):
    """Every counter, the TDPs awaiting a re-run by id and deadline."""
    fields = astuple(counters.__class__(**{**counters.__dict__, "awaiting": ()}))
    return fields, [(r.id, r.rerun_deadline) for r in counters.awaiting]


def election_day(tdps: int, name: str, present: int = 6):
    """A ward on election day: every TDP signed in, nothing counted yet."""
    kit = ward_of(tdps, households=10, name=name)
    for number in range(1, tdps + 1):
        sign_in(kit.rounds[number], present - number % 3)
    return kit


def mixed_ward(name: str):
    """Leader elected and the deputy's re-run opened (D3) and meeting, a re-run after a rule breach, one TDP
    counting."""
    kit = ward_of(4, households=10, name=name)
    sign_in(kit.rounds[3], 7)
    finish(kit.contest(1), 9, (7, 2))
    finish(kit.contest(1, Position.DEPUTY), 9, (5, 4), signed_in=True)
    rerun = tally.open_rerun(None, kit.rounds[1], VOTE_DAY + timedelta(days=7))
    sign_in(rerun, 4)  # the deputy's re-run meeting under way: its present counts, not round 1's
    finish(kit.contest(2), 8, (5, 3))
    second = tally.open_rerun(None, kit.rounds[2], VOTE_DAY + timedelta(days=7))
    db.session.add(RerunReason(round_id=second.id, kind=RerunKind.RULE_BREACH, note="Vi phạm"))
    db.session.flush()
    return kit


@pytest.fixture
def wards(session):
    kits = [busy_ward(6, "Phường Bận")[0], election_day(5, "Phường Ngày Bầu"), mixed_ward("Phường Bầu Lại"),
            ward_of(2, households=7, name="Phường Chưa Họp")]
    session.commit()
    return kits


@pytest.mark.parametrize("whole_wards_above", [summaries_module.WHOLE_WARDS_ABOVE, 1])
def test_each_wards_counters_are_its_ward_dashboards(wards, session, monkeypatch, whole_wards_above):
    """Also with the wards built whole and the plain TDPs found by the database (a city the day after)."""
    monkeypatch.setattr(summaries_module, "WHOLE_WARDS_ABOVE", whole_wards_above)
    ids = [k.ward.id for k in wards]
    board = city_dashboard(ids, page_size=4)
    assert [w.ward_id for w in board.wards] == sorted(ids)
    for summary in board.wards:
        assert _key(summary.counters) == _key(build([summary.ward_id]).counters), summary.name
    assert _key(board.counters) == _key(build(ids).counters)
    assert board.counters.tdps == 17 and board.counters.present > 0 and board.counters.elected >= 3


def test_the_page_holds_the_ward_dashboards_rows_with_search_and_paging(wards, session):
    ids = [k.ward.id for k in wards]
    every = {row.id: row for row in build(ids).rows}
    first = city_dashboard(ids, page_size=4)
    assert (first.matching, first.pages, len(first.rows)) == (17, 5, 4)
    assert [r.id for r in first.rows] == [wards[0].tdps[n].id for n in (1, 2, 3, 4)]
    assert first.rows == [every[r.id] for r in first.rows]  # the ward dashboard's own rows: seats, history
    last = city_dashboard(ids, page=5, page_size=4)
    assert len(last.rows) == 1 and last.rows == [every[last.rows[0].id]]
    rerun = city_dashboard(ids, ward_id=wards[2].ward.id, page_size=4)
    assert rerun.matching == 4 and rerun.rows == [every[wards[2].tdps[n].id] for n in (1, 2, 3, 4)]
    assert rerun.rows[0].seats[1].state.value == "rerun_pending" and rerun.rows[1].rule_breach
    assert rerun.ward_of == {wards[2].tdps[n].id: wards[2].ward.id for n in (1, 2, 3, 4)}
    by_number = city_dashboard(ids, search="5")
    assert {r.id for r in by_number.rows} == {wards[0].tdps[5].id, wards[1].tdps[5].id}
    by_name = city_dashboard(ids, search="TỔ DÂN PHỐ SỐ 2", ward_id=wards[1].ward.id)
    assert [r.id for r in by_name.rows] == [wards[1].tdps[2].id]
    assert city_dashboard(ids, search="100%_").matching == 0


def test_tdps_only_waiting_for_their_count_are_added_up_in_sql(session, monkeypatch):
    """On election day no TDP is built row by row except the page's; the statements stay the same in number
    at 3 and 12 TDPs a ward."""
    built: list[list[int] | None] = []

    def spy(ward_ids, tdp_ids=None, **kw):
        built.append(tdp_ids)
        return build(ward_ids, tdp_ids, **kw)

    monkeypatch.setattr(city_module, "build", spy)
    costs = []
    for tdps in (3, 12):
        kits = [election_day(tdps, f"Phường {tdps}-{i}") for i in range(2)]
        session.commit()
        seen: list[str] = []
        listener = lambda *args, seen=seen: seen.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            board = city_dashboard([k.ward.id for k in kits], page_size=2)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        assert sorted(built[-1]) == sorted(r.id for r in board.rows) == sorted(k.tdps[n].id for k in kits[:1]
                                                                                for n in (1, 2))
        assert board.counters.present == sum(6 - n % 3 for n in range(1, tdps + 1)) * 2
        assert board.counters.electorate == tdps * 10 * 2 and board.counters.elected == 0
        costs.append(len(seen))
    assert costs[0] == costs[1]


def test_no_election_no_summary(session):
    kit = ward_of(1)
    session.commit()
    assert city_dashboard([kit.ward.id + 1000]).wards == []
    assert [w.counters.tdps for w in city_dashboard([kit.ward.id]).wards] == [1]


def day_after(tdps: int, name: str):
    """A ward the day after: every count locked (TDP 2's leader and TDP 3's deputy without a winner, TDP 2's
    re-run opened with its reason and signing in), TDP 1 recognised."""
    kit = ward_of(tdps, households=10, name=name)
    for number in range(1, tdps + 1):
        finish(kit.contest(number), 9, (5, 4) if number == 2 else (7, 2))
        finish(kit.contest(number, Position.DEPUTY), 9, (5, 4) if number == 3 else (6, 3), signed_in=True)
    rerun = tally.open_rerun(None, kit.rounds[2], VOTE_DAY + timedelta(days=7))
    db.session.add(RerunReason(round_id=rerun.id, kind=RerunKind.NO_WINNER, note=""))
    db.session.flush()
    sign_in(rerun, 3)
    db.session.add(Recognition(election_id=kit.election.id, tdp_id=kit.tdps[1].id, round_id=kit.rounds[1].id,
                               recognised_on=VOTE_DAY + timedelta(days=2)))
    db.session.flush()
    return kit, rerun


def _summaries():
    return {(s.election_id, s.tdp_id): s for s in db.session.scalars(select(TdpSummary))}


def _spy_lean(monkeypatch) -> list[set[int]]:
    rebuilt: list[set[int]] = []

    def spy(ward_ids, elections, election_ids, counted, *args):
        rebuilt.append(set(counted))
        return lean_rows(ward_ids, elections, election_ids, counted, *args)

    monkeypatch.setattr(city_module, "lean_rows", spy)
    return rebuilt


def test_the_day_after_the_city_adds_up_the_summaries_its_commits_built(session, monkeypatch):
    """Every TDP counted: each has a summary built by the commit that changed it, the dashboard reads them
    without rebuilding a row, and they are exactly the ward dashboards' figures; rebuilt in memory (every
    summary marked stale) they are the same."""
    kits = [day_after(5, "Phường Hôm Sau"), (election_day(3, "Phường Còn Bầu"), None)]
    session.commit()
    summaries = _summaries()
    counted = {kits[0][0].tdps[n].id for n in range(1, 6)}
    assert {tdp for _e, tdp in summaries} == counted  # the election-day ward's TDPs have none
    assert all(s.built == s.stamp for s in summaries.values())
    ids = [k.ward.id for k, _ in kits]
    rebuilt = _spy_lean(monkeypatch)
    board = city_dashboard(ids)
    assert rebuilt == []
    truth = {w: build([w]).counters for w in ids}
    assert {w.ward_id: _key(w.counters) for w in board.wards} == {w: _key(c) for w, c in truth.items()}
    day = next(w.counters for w in board.wards if w.ward_id == kits[0][0].ward.id)
    assert (day.tdps, day.elected, day.complete, day.reruns, day.recognised) == (5, 4, 3, 1, 1)
    assert [r.id for r in day.awaiting] == [kits[0][0].tdps[n].id for n in (2, 3)]
    assert day.present == 9 * 4 + 3  # TDP 2's re-run meeting counts, not its first round
    assert {s.position: s.state.value for s in day.awaiting[1].seats} == {"leader": "elected", "deputy": "rerun_pending"}

    session.execute(update(TdpSummary).values(built=None))
    assert city_dashboard(ids).wards == board.wards
    assert rebuilt == [counted]


def test_a_change_the_commit_did_not_refresh_is_rebuilt_in_memory(session, monkeypatch):
    """A recognition written outside the ORM and a sign-in undone in a re-run round change a summary's facts without
    the commit hook seeing them: the triggers mark it stale and the dashboard rebuilds that TDP alone. A count
    locked on election day gives its TDP a summary in the same commit."""
    (kit, rerun), plain = day_after(4, "Phường Ngoài ORM"), election_day(3, "Phường Sắp Chốt")
    session.commit()
    ids = [kit.ward.id, plain.ward.id]
    rebuilt = _spy_lean(monkeypatch)
    session.execute(insert(Recognition.__table__).values(
        election_id=kit.election.id, tdp_id=kit.tdps[4].id, round_id=kit.rounds[4].id,
        recognised_on=VOTE_DAY + timedelta(days=3), recorded_at=utcnow()))
    session.execute(update(Attendance).where(Attendance.round_id == rerun.id, Attendance.household_id.in_(
        select(Attendance.household_id).where(Attendance.round_id == rerun.id).limit(1))).values(undone_at=utcnow()))
    session.commit()
    stale = {tdp for (_e, tdp), s in _summaries().items() if s.built != s.stamp}
    assert stale == {kit.tdps[2].id, kit.tdps[4].id}
    board = city_dashboard(ids)
    assert rebuilt == [stale]
    for summary in board.wards:
        assert _key(summary.counters) == _key(build([summary.ward_id]).counters), summary.name
    assert board.wards[0].counters.recognised == 2

    finish(plain.contest(3), 6, (6, 0), signed_in=True)  # 6 of 10 signed in on election day
    session.commit()
    fresh = _summaries()[(plain.election.id, plain.tdps[3].id)]
    assert fresh.built == fresh.stamp and fresh.leader_elected
    assert _key(city_dashboard(ids).counters) == _key(build(ids).counters)
    assert city_dashboard([plain.ward.id]).counters.elected == 1


def test_the_summaries_command_builds_every_stale_summary_as_a_commit_would(session, runner):
    kit, _rerun = day_after(3, "Phường Nạp Lô")
    session.commit()
    built = {key: (s.result, s.leader_elected, s.present, s.reruns, s.seats) for key, s in _summaries().items()}
    session.execute(update(TdpSummary).values(built=None, result=None, present=None))
    session.commit()
    done = runner.invoke(args=["dashboard", "summaries"])
    assert done.exit_code == 0 and "Đã tính lại 3 tổ." in done.output
    session.expire_all()
    again = _summaries()
    assert all(s.built == s.stamp for s in again.values())
    assert {key: (s.result, s.leader_elected, s.present, s.reruns, s.seats) for key, s in again.items()} == built


def test_a_refresh_that_fails_leaves_the_summary_stale_and_the_commit_done(session, monkeypatch):
    kit = election_day(3, "Phường Lỗi Tóm Tắt")
    session.commit()

    def broken(*args, **kwargs):
        raise RuntimeError("hỏng")

    monkeypatch.setattr(summaries_module, "refresh", broken)
    finish(kit.contest(3), 6, (6, 0), signed_in=True)
    session.commit()
    session.expire_all()
    (summary,) = _summaries().values()
    assert summary.built is None and summary.tdp_id == kit.tdps[3].id
    board = city_dashboard([kit.ward.id])
    assert board.counters.elected == 1 and _key(board.counters) == _key(build([kit.ward.id]).counters)
