"""The single-candidate setting per election (issue 12): with one candidate, a ballot striking that name is an
invalid ballot by default, or a valid ballot against the candidate when the election says so; settable from the
election page, the CLI and the API until the first real ballot is entered, and applied by the count."""

import pytest
from sqlalchemy import select

from app.candidates.models import Candidate
from app.core.db import utcnow
from app.elections import services
from app.elections.models import Election
from app.elections.services import ElectionError
from app.extensions import db
from app.printing import services as printing
from app.rules import SingleStrike
from app.tally import entry
from app.tally.models import BallotEntry
from tests.electionkit import candidate_ids, open_count, payloads, published, sign_in
from tests.elections.builders import ward_with_tdps
from tests.factories import login


def _sole_candidate_count(setting: SingleStrike):
    """TDP 5's leader list down to one candidate (the other withdrawn before printing), the setting chosen, the
    count open; returns the kit and two ballot payloads."""
    kit = published(households=20)
    second = db.session.scalars(select(Candidate).where(Candidate.contest_id == kit.leader.id)
                                .order_by(Candidate.id)).all()[1]
    second.withdrawn_at, second.withdrawn_reason = utcnow(), "Xin rút"
    services.set_single_strike(None, kit.election, setting)
    sign_in(kit, 15)
    run = printing.create_run(None, kit.leader, 20)
    assert len(candidate_ids(run)) == 1
    open_count(kit, kit.leader)
    return kit, payloads(run)


@pytest.mark.parametrize("setting, invalid", [(SingleStrike.INVALID, "all_struck"), (SingleStrike.AGAINST, None)])
def test_a_struck_sole_name_counts_as_the_election_says(session, setting, invalid):
    kit, texts = _sole_candidate_count(setting)
    entry.enter_ballot(None, kit.leader, texts[0], kept=[])
    entry.enter_ballot(None, kit.leader, texts[1], kept=candidate_ids(printing.active_runs(kit.leader, test=False)[0]))
    rows = session.scalars(select(BallotEntry).where(BallotEntry.contest_id == kit.leader.id)
                           .order_by(BallotEntry.id)).all()
    struck = next(r for r in rows if r.kept == [])
    assert struck.invalid_reason == invalid
    assert sum(1 for r in rows if r.invalid_reason is None) == (2 if invalid is None else 1)


def test_the_setting_is_frozen_once_a_real_ballot_is_entered(session):
    kit, texts = _sole_candidate_count(SingleStrike.AGAINST)
    entry.enter_ballot(None, kit.leader, texts[0], kept=[])
    with pytest.raises(ElectionError, match="Đã nhập 1 phiếu"):
        services.set_single_strike(None, kit.election, SingleStrike.INVALID)
    assert kit.election.single_strike is SingleStrike.AGAINST


def test_the_election_page_sets_it_and_says_it(client, session):
    world = ward_with_tdps(1)
    session.commit()
    login(client, world.admin)
    assert client.post("/api/v1/elections", json={"vote_date": "14/03/2027"}).status_code == 201
    election = session.scalar(select(Election))
    assert election.single_strike is SingleStrike.INVALID
    page = client.get(f"/elections/{election.id}").get_data(as_text=True)
    assert "phiếu gạch tên người đó là phiếu không hợp lệ" in page
    answer = client.post(f"/elections/{election.id}/single-strike", data={"single_strike": "against"})
    assert answer.status_code == 302
    session.expire_all()
    assert session.get(Election, election.id).single_strike is SingleStrike.AGAINST
    assert "phiếu hợp lệ, không bầu người đó" in client.get(f"/elections/{election.id}").get_data(as_text=True)
    bad = client.post(f"/elections/{election.id}/single-strike", data={"single_strike": "maybe"})
    assert bad.status_code == 302
    session.expire_all()
    assert session.get(Election, election.id).single_strike is SingleStrike.AGAINST


def test_cli_and_api_choose_it_at_creation(client, runner, session):
    world = ward_with_tdps(1)
    session.commit()
    created = runner.invoke(args=["election", "create", "--vote-date", "14/03/2027", "--single-strike", "against"])
    assert created.exit_code == 0, created.output
    assert db.session.scalar(select(Election.single_strike)) is SingleStrike.AGAINST
    login(client, world.admin)
    answer = client.post("/api/v1/elections", json={"vote_date": "14/03/2027", "term_label": "2027–2032",
                                                    "single_strike": "sometimes"})
    assert answer.status_code == 422 and "invalid hoặc against" in str(answer.get_json())
    answer = client.post("/api/v1/elections", json={"vote_date": "14/03/2027", "term_label": "2027–2032",
                                                    "single_strike": "invalid"})
    assert answer.status_code == 201 and answer.get_json()["single_strike"] == "invalid"
