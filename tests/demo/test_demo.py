"""The demo ward: 38 TDPs, exactly 8,233 households, deterministic, one login per duty."""

from sqlalchemy import func, select

from app.auth.models import Duty, User
from app.demo import data
from app.demo.services import load_demo
from app.elections.models import Contest, Election, ElectionRound
from app.rolls.models import Household, Person
from app.rules import normalize_name
from app.wards.models import Tdp


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


def test_demo_election_is_2017_2020_under_nqlt_09_2008_in_october_2017(session):
    load_demo()
    election = session.scalar(select(Election))
    assert (election.term_label, election.rule_set_id) == ("2017–2020", "nqlt-09-2008")
    dates = session.scalars(select(ElectionRound.vote_date)).all()
    assert len(dates) == 38 and all(d.year == 2017 and d.month == 10 for d in dates)
    assert session.scalar(select(func.count()).select_from(Contest)) == 76


def test_demo_has_one_login_per_duty(session):
    summary = load_demo()
    duties = [d for u in session.scalars(select(User)) for d in u.duties]
    assert sorted(duties) == sorted(Duty)
    assert len(summary.logins) == len(Duty)


def test_demo_load_command_prints_the_logins_and_refuses_a_second_load(runner, session):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "8.233" in result.output
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
    assert rounds[0]["rule_set"] == "nqlt-09-2008"
    assert {c["position"] for c in rounds[0]["contests"]} == {"leader", "deputy"}
