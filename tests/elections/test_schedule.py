"""Each TDP's schedule from a paste: per-row errors that write nothing, all-or-nothing apply, deadlines and the
.ics recomputed, a posted list freezing the day."""

from datetime import date, time

from icalendar import Calendar
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.candidates.models import CandidateList
from app.elections import schedule
from app.elections.models import ElectionRound, Position
from app.plan.models import ChecklistItem, PlanTask
from tests.elections.builders import VOTE_DAY, new_election, ward_with_tdps
from tests.factories import login

PASTE_OK = ("Tổ\tNgày bầu\tGiờ\tĐịa điểm\n"
            "1\t21/03/2027\t19h30\tNhà văn hóa tổ 1\n"
            "Tổ 2\t28/03/2027\t08:00\tTrường mầm non Hoa Sen\n"
            "3\t14/03/2027\t7:30\tSân nhà ông Tư\n")


def _snapshot(session):
    return sorted(session.execute(select(ElectionRound.id, ElectionRound.vote_date, ElectionRound.starts_at,
                                         ElectionRound.place)).all())


def _preview(election, text):
    rows, _ = schedule.rows_from_text(text)
    return schedule.check_rows(election, rows)


def test_a_paste_with_bad_rows_reports_each_with_its_reason_and_writes_nothing(session):
    world = ward_with_tdps(1, 2, 3)
    election = new_election(world)
    session.commit()
    before = _snapshot(session)
    preview = _preview(election, "1\t31/11/2026\t08:00\tNhà văn hóa\n"
                                 "9\t21/03/2027\t08:00\tNhà văn hóa\n"
                                 "2\t21/03/2027\t25:00\tNhà văn hóa\n"
                                 "3\t21/03/2027\t08:00\tA\n"
                                 "Tổ 3\t22/03/2027\t08:00\tB\n")
    messages = {p.line: p.message for p in preview.problems}
    assert "Ngày 31/11/2026 không tồn tại: tháng 11 chỉ có 30 ngày. Có phải ý bạn là 30/11/2026?" in messages[1]
    assert messages[2] == "Cuộc bầu cử không có tổ dân phố số 9."
    assert messages[3].startswith("Giờ “25:00” không hợp lệ")
    assert messages[5] == "Tổ 3 đã có ở dòng 4: mỗi tổ chỉ một dòng."
    assert 4 not in messages and not preview.can_apply
    try:
        schedule.apply_schedule(world.admin, election, preview)
    except schedule.ElectionError as error:
        assert "Còn 4 lỗi: chưa ghi gì" in error.message
    session.rollback()
    assert _snapshot(session) == before
    assert session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "round.schedule")) == 0


def test_applying_a_paste_moves_each_tdps_plan_deadlines_and_is_audited_per_round(session):
    world = ward_with_tdps(1, 2, 3)
    election = new_election(world)
    preview = _preview(election, PASTE_OK)
    assert preview.can_apply and len(preview.effective) == 3
    assert schedule.apply_schedule(world.admin, election, preview) == 3
    session.commit()
    rounds = {r.tdp.number: r for r in election.rounds}
    assert (rounds[1].vote_date, rounds[1].starts_at, rounds[1].place) == (date(2027, 3, 21), time(19, 30),
                                                                           "Nhà văn hóa tổ 1")
    assert rounds[2].place == "Trường mầm non Hoa Sen" and rounds[3].starts_at == time(7, 30)
    due = dict(session.execute(select(ChecklistItem.tdp_id, ChecklistItem.due_date).join(PlanTask)
                               .where(PlanTask.code == "candidate_list")).all())
    assert due[world.tdps[1].id] == date(2027, 3, 6) and due[world.tdps[2].id] == date(2027, 3, 13)
    assert due[world.tdps[3].id] == date(2027, 2, 27)
    audits = session.scalars(select(AuditEvent).where(AuditEvent.action == "round.schedule")).all()
    assert len(audits) == 3


def test_the_ics_export_carries_the_recomputed_deadlines(client, session):
    world = ward_with_tdps(1, 2, 3)
    election = new_election(world)
    session.commit()
    login(client, world.admin)

    def vote_day_events():
        calendar = Calendar.from_ical(client.get("/plan/calendar.ics").data)
        return {str(e["summary"]): e["dtstart"].dt for e in calendar.walk("VEVENT")}

    assert vote_day_events()["Tổ 2: Lập và niêm yết danh sách người ứng cử"] == date(2027, 2, 27)
    schedule.apply_schedule(world.admin, election, _preview(election, PASTE_OK))
    session.commit()
    events = vote_day_events()
    assert events["Tổ 2: Lập và niêm yết danh sách người ứng cử"] == date(2027, 3, 13)
    assert events["Tổ 1: Hội nghị tổng kết nhiệm kỳ và bầu tổ trưởng, tổ phó"] == date(2027, 3, 21)


def test_a_posted_list_freezes_the_tdps_day_but_not_its_venue(session):
    world = ward_with_tdps(1, 2)
    election = new_election(world)
    leader = next(r for r in election.rounds if r.tdp.number == 1).contests[0]
    session.add(CandidateList(contest_id=leader.id, published_on=date(2027, 2, 26)))
    session.flush()
    moved = _preview(election, "1\t21/03/2027\t\t\n2\t21/03/2027\n")
    assert [p.message for p in moved.problems] == [
        "Tổ 1 đã niêm yết danh sách người ứng cử ngày 26/02/2027: ngày bầu 14/03/2027 không đổi được nữa "
        "(phải hủy niêm yết trước)."]
    venue_only = _preview(election, "1\t14/03/2027\t\tHội trường mới\n")
    assert venue_only.can_apply
    schedule.apply_schedule(world.admin, election, venue_only)
    round1 = next(r for r in election.rounds if r.tdp.number == 1)
    assert (round1.vote_date, round1.place, round1.starts_at) == (VOTE_DAY, "Hội trường mới", time(8, 0))


def test_empty_cells_keep_what_the_tdp_has(session):
    world = ward_with_tdps(1)
    election = new_election(world, place="Nhà văn hóa")
    preview = _preview(election, "1\t\t19:00\n")
    schedule.apply_schedule(world.admin, election, preview)
    r = election.rounds[0]
    assert (r.vote_date, r.starts_at, r.place) == (VOTE_DAY, time(19, 0), "Nhà văn hóa")


def test_deputy_seats_are_set_only_where_the_rule_set_has_deputies_elected(session):
    world = ward_with_tdps(1, 2)
    current = new_election(world)
    refused = _preview(current, "1\t14/03/2027\t08:00\tA\t1\n")
    assert "tổ phó do tổ trưởng chọn" in refused.problems[0].message
    old = new_election(world, rule_set_id="nqlt-09-2008", vote_date=date(2017, 10, 15), history_ack=True,
                       plan_template=None)
    preview = _preview(old, "1\t15/10/2017\t08:00\tA\t0\n2\t15/10/2017\t08:00\tB\t2\n")
    schedule.apply_schedule(world.admin, old, preview)
    seats = {r.tdp.number: {c.position: c.seats for c in r.contests} for r in old.rounds}
    assert seats == {1: {Position.LEADER: 1}, 2: {Position.LEADER: 1, Position.DEPUTY: 2}}
    assert "từ 0 đến 2" in _preview(old, "1\t15/10/2017\t08:00\tA\t3\n").problems[0].message


def test_times_are_read_in_the_ways_wards_write_them():
    assert schedule.parse_time("8h") == time(8, 0)
    assert schedule.parse_time("19h30") == time(19, 30)
    assert schedule.parse_time("7 giờ 30") == time(7, 30)
    assert schedule.parse_time("07:05") == time(7, 5)
    assert schedule.parse_time("") is None
    for bad in ("24:00", "8:5", "sáng", "12:60"):
        try:
            schedule.parse_time(bad)
        except ValueError as error:
            assert f"Giờ “{bad}” không hợp lệ" in str(error)
        else:
            raise AssertionError(bad)
