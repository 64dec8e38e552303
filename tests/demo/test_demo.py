"""The demo ward: today's sample ward (38 TDPs, exactly 8,233 households, the vote about three weeks ahead,
or a merged ward of 200), deterministic for a given today, one login per duty; and the 2017 ward for history."""

from datetime import date, timedelta

from sqlalchemy import func, select

from app.auth.models import WARD_DUTIES, User
from app.candidates.models import Candidate, CandidateList
from app.demo import data
from app.demo.services import load_demo
from app.elections.models import Contest, Election, ElectionRound, Position
from app.plan.models import ChecklistItem, ItemStatus
from app.rolls.models import Household, Person
from app.rules import normalize_name
from app.wards.models import Tdp, Ward

#: The day the newcomer trial opened the demo (and met 466 overdue tasks of 2017).
TODAY = date(2026, 12, 1)


def test_demo_has_38_tdps_and_exactly_8233_households(session):
    summary = load_demo()
    assert (summary.tdps, summary.households) == (38, 8233)
    assert session.scalar(select(func.count()).select_from(Tdp)) == 38
    assert session.scalar(select(func.count()).select_from(Household)) == 8233
    sizes = session.execute(select(func.count()).select_from(Household).group_by(Household.tdp_id)).scalars().all()
    assert min(sizes) >= 100 and max(sizes) <= 600


def test_demo_gives_every_household_one_representative_with_a_vietnamese_name(session):
    load_demo()
    names = session.scalars(select(Person.full_name)).all()
    assert len(names) == 8233
    assert all(n == normalize_name(n) for n in names)
    assert any("ễ" in n or "ư" in n or "Đ" in n for n in names)


def test_demo_is_the_same_every_time():
    import random

    first = data.households(random.Random(data.SEED), 5, 20)
    again = data.households(random.Random(data.SEED), 5, 20)
    assert first == again
    assert data.tdp_sizes(random.Random(data.SEED)) == data.tdp_sizes(random.Random(data.SEED))
    assert sum(data.tdp_sizes(random.Random(data.SEED))) == 8233


def test_the_historic_demo_is_ngoc_thuy_2017_2020_under_nqlt_09_2008_in_october_2017(session):
    load_demo(historic=True)
    assert session.scalar(select(Ward.name)) == "Phường Ngọc Thụy"
    election = session.scalar(select(Election))
    assert (election.term_label, election.rule_set_id) == ("2017–2020", "nqlt-09-2008")
    dates = session.scalars(select(ElectionRound.vote_date)).all()
    assert len(dates) == 38 and all(d.year == 2017 and d.month == 10 for d in dates)
    assert session.scalar(select(func.count()).select_from(Contest)) == 76


def test_demo_has_one_login_per_ward_duty(session):
    """The demo is one ward: the province account (no ward) is the server operator's to make."""
    summary = load_demo()
    duties = [d for u in session.scalars(select(User)) for d in u.duties]
    assert sorted(duties) == sorted(WARD_DUTIES)
    assert len(summary.logins) == len(WARD_DUTIES)


def test_demo_load_command_prints_the_logins_and_refuses_a_second_load(runner, session):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "8.233" in result.output
    assert "Phường Bồ Đề (mẫu)" in result.output and "Ngày bầu cử:" in result.output
    logins = runner.invoke(args=["demo", "logins"])
    assert "admin" in logins.output and "ngocthuy-admin" in logins.output
    again = runner.invoke(args=["demo", "load"])
    assert again.exit_code != 0 and "đã có" in again.output
    skipped = runner.invoke(args=["demo", "load", "--if-empty"])
    assert skipped.exit_code == 0


def test_the_ward_admin_sees_38_tdps_and_8233_households_and_the_api_agrees(client, session):
    load_demo()
    session.commit()
    client.post("/login", data={"username": "admin", "password": "ngocthuy-admin"})
    page = client.get("/").get_data(as_text=True)
    assert 'id="tdp-count">38<' in page and 'id="household-count">8.233<' in page
    wards = client.get("/api/v1/wards").get_json()
    assert wards[0]["tdps"] == 38 and wards[0]["households"] == 8233
    tdps = client.get(f"/api/v1/wards/{wards[0]['id']}/tdps").get_json()
    assert len(tdps) == 38 and sum(t["households"] for t in tdps) == 8233
    rounds = client.get(f"/api/v1/tdps/{tdps[4]['id']}/rounds").get_json()
    assert rounds[0]["rule_set"] == "nd-59-2023"
    assert {c["position"] for c in rounds[0]["contests"]} == {"leader"}  # the leader chooses the deputy


def test_todays_demo_is_a_ward_after_the_2025_merges_voting_about_three_weeks_ahead_under_nd_59_2023(session):
    summary = load_demo(TODAY)
    ward = session.get(Ward, summary.ward_id)
    assert (ward.name, ward.province, ward.district) == ("Phường Bồ Đề (mẫu)", "Thành phố Hà Nội", "")
    assert "Bồ Đề" in ward.issuing_authority and "Thành phố Hà Nội" in ward.report_recipient
    election = session.scalar(select(Election))
    assert (election.rule_set_id, election.term_label) == ("nd-59-2023", "2026–2031")
    days = sorted(set(session.scalars(select(ElectionRound.vote_date))))
    assert days == [date(2026, 12, 19), date(2026, 12, 20)] and summary.vote_days == tuple(days)
    assert all(18 <= (d - TODAY).days <= 25 and d.weekday() >= 5 for d in days)
    assert set(session.scalars(select(Contest.position))) == {Position.LEADER}


def test_a_fresh_demo_has_one_overdue_task_on_purpose_not_hundreds(session):
    load_demo(TODAY)
    overdue = session.scalars(select(ChecklistItem).where(ChecklistItem.status == ItemStatus.OPEN,
                                                          ChecklistItem.due_date < TODAY)).all()
    assert 1 <= len(overdue) <= 3, [(i.task.title, i.due_date) for i in overdue]
    assert any("sáp nhập" in i.task.title for i in overdue)
    assert session.scalar(select(func.max(ChecklistItem.due_date))) < TODAY + timedelta(days=90)
    assert session.scalar(select(func.min(ChecklistItem.due_date))) > TODAY - timedelta(days=30)


def test_todays_demo_has_two_published_candidates_per_tdp_and_nothing_published_after_today(session):
    load_demo(TODAY)
    assert session.scalar(select(func.count()).select_from(Candidate)) == 38 * 2
    published = session.scalars(select(CandidateList.published_on)).all()
    assert len(published) == 38 and max(published) <= TODAY


def test_the_demo_is_the_same_for_the_same_today_and_moves_with_today():
    assert data.present(TODAY) == data.present(TODAY)
    later = data.present(TODAY + timedelta(weeks=14))
    assert later.vote_days == tuple(d + timedelta(days=98) for d in data.present(TODAY).vote_days)
    assert later.numbers == data.present(TODAY).numbers and later.households == 8233


def test_the_vote_weekend_skips_tet():
    saturday, sunday = data.vote_weekend(date(2027, 1, 19))  # 18 days later is mùng 1 Tết, 06/02/2027
    assert (saturday, sunday) == (date(2027, 2, 13), date(2027, 2, 14))


def test_a_merged_ward_of_200_tdps_has_non_contiguous_numbers_including_5():
    numbers = data.tdp_numbers(200)
    assert len(numbers) == len(set(numbers)) == 200 and 5 in numbers
    assert max(numbers) > 200  # the former wards keep runs of their own: 1…, 101…, 201…
    assert data.present(TODAY, 200).households == 40_000


def test_demo_load_builds_a_merged_ward_with_the_given_number_of_tdps(runner, session):
    result = runner.invoke(args=["demo", "load", "--tdps", "60", "--today", "01/12/2026"])
    assert result.exit_code == 0, result.output
    assert "60 tổ dân phố, 12.000 hộ gia đình" in result.output and "19/12/2026" in result.output
    numbers = session.scalars(select(Tdp.number).order_by(Tdp.number)).all()
    assert len(numbers) == 60 and numbers != list(range(1, 61))
    assert session.scalar(select(func.count()).select_from(Household)) == 12_000


def test_demo_load_refuses_a_date_that_does_not_exist_and_a_ward_too_big_and_loads_nothing(runner, session):
    bad_day = runner.invoke(args=["demo", "load", "--today", "31/11/2026"])
    assert bad_day.exit_code != 0 and "30/11/2026" in bad_day.output and "Traceback" not in bad_day.output
    too_big = runner.invoke(args=["demo", "load", "--tdps", "5000"])
    assert too_big.exit_code != 0 and "Traceback" not in too_big.output
    assert session.scalar(select(func.count()).select_from(Ward)) == 0
