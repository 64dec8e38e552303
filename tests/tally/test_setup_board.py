"""The count's set-up page (D37): the board comes prefilled from the election team already entered, the
witnesses are picked from the TDP's representatives who neither stand nor sit on the team, and the approvals
label cites the election's own rule set."""

import re

import pytest
from sqlalchemy import select

from app.auth.models import Duty
from app.candidates.models import TeamRole
from app.candidates.queries import candidate_names, team
from app.extensions import db
from app.rolls.models import Household
from app.tally import state
from app.tally.models import VotingMethod
from tests.electionkit import published, sign_in
from tests.factories import create_app_user, login


def _representatives(kit):
    rows = db.session.scalars(select(Household).where(Household.id.in_(kit.households)).order_by(Household.id))
    return [h.representative for h in rows]


def _value(page, name):
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert match, name
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


def _datalist(page, list_id):
    block = re.search(rf'<datalist id="{list_id}">(.*?)</datalist>', page, re.S).group(1)
    return re.findall(r'<option value="([^"]*)">', block)


@pytest.fixture
def team_kit(session):
    kit = published(households=12)
    sign_in(kit, 10)
    kit.team = team(kit.round)  # the election team as the demo enters it: a head, a secretary, members
    assert [m.role for m in kit.team][:2] == [TeamRole.HEAD, TeamRole.SECRETARY]
    kit.user = create_app_user(kit.ward, Duty.ELECTION_TEAM, [kit.tdp])
    session.commit()
    return kit


def test_the_board_is_prefilled_from_the_election_team(client, team_kit):
    login(client, team_kit.user)
    page = client.get(f"/count/contest/{team_kit.leader.id}/setup").get_data(as_text=True)
    head, secretary, *members = (m.person.full_name for m in team_kit.team)
    assert (_value(page, "head"), _value(page, "secretary")) == (head, secretary)
    assert _value(page, "members") == ", ".join(members)
    assert set(_datalist(page, "team-names")) == {head, secretary, *members}
    assert 'list="team-names"' in page and 'list="witness-names"' in page and 'id="board-from-team"' in page


def test_witnesses_are_offered_from_representatives_who_neither_stand_nor_sit_on_the_team(client, team_kit):
    login(client, team_kit.user)
    page = client.get(f"/count/contest/{team_kit.leader.id}/setup").get_data(as_text=True)
    offered = set(_datalist(page, "witness-names"))
    standing = set(candidate_names(team_kit.round.id))
    on_team = {m.person.full_name for m in team_kit.team}
    everyone = {p.full_name for p in _representatives(team_kit)}
    assert standing and offered == everyone - standing - on_team


def test_a_saved_board_is_shown_as_saved_not_as_the_team(client, team_kit):
    state.configure(None, team_kit.leader, method=VotingMethod.SECRET_BALLOT, approvals=None, double_entry=False,
                    place="", board={"head": "Trần Văn Trưởng", "witnesses": ["Phạm Văn Chứng", "Đỗ Thị Kiến"]})
    db.session.commit()
    login(client, team_kit.user)
    page = client.get(f"/count/contest/{team_kit.leader.id}/setup").get_data(as_text=True)
    assert _value(page, "head") == "Trần Văn Trưởng" and _value(page, "secretary") == ""
    assert 'id="board-from-team"' not in page


@pytest.mark.parametrize(("rule_set", "required", "law"), [
    ("nqlt-09-2008", False, "Nghị quyết liên tịch 09/2008"),
    ("nd-59-2023", True, "Nghị định 59/2023"),
])
def test_the_approvals_label_cites_the_elections_own_rule_set(client, session, rule_set, required, law):
    kit = published(households=12, rule_set=rule_set)
    user = create_app_user(kit.ward, Duty.ELECTION_TEAM, [kit.tdp])
    session.commit()
    login(client, user)
    page = client.get(f"/count/contest/{kit.leader.id}/setup").get_data(as_text=True)
    label = re.search(r'<label for="approvals">([^<]*)</label>', page).group(1)
    assert law in label
    assert ("không bắt buộc" not in label) is required
    if not required:
        assert "Nghị định 59/2023" not in page
