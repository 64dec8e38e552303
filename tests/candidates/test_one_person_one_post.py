"""One person, one post: typed residents are matched to the TDP's persons, and the both-posts check spans
the rounds of an election (the elected deputy cannot stand for leader in the leader's re-run)."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.auth.models import Duty
from app.candidates import matching, services
from app.candidates.models import Candidate, NominationSource, TeamRole
from app.elections.models import Position
from app.printing import ledger
from app.printing import services as printing
from app.rolls.models import Household, Person
from app.tally import entry
from app.tally import services as tally
from tests.candidates.builders import contest, nominate, setup_round
from tests.electionkit import VOTE_DAY, candidate_ids, open_count, payloads, published, sign_in
from tests.factories import create_app_user, login

ADDRESS = "Số 3, ngõ 12, phố Ngọc Thụy"  # the roll's address of 050003, Lê Văn Ưng


def typed(name: str, year: int | None = 1970, address: str = ADDRESS, match: str = "") -> services.PersonChoice:
    return services.PersonChoice(full_name=name, birth_year=year, address=address, match=match)


def persons(session) -> int:
    return session.scalar(select(func.count()).select_from(Person))


@pytest.fixture
def setup(session):
    return setup_round()


# --- the pure comparison ------------------------------------------------------------------------------

def test_tones_case_and_spacing_do_not_make_another_person():
    known = {matching.folded(ADDRESS)}
    assert matching.compare("  le VAN   ung ", 1970, "so 3, NGO 12,  pho ngoc thuy", "Lê Văn Ưng", 1970,
                            known) is matching.Match.EXACT


def test_a_birth_year_one_apart_or_unknown_or_another_address_asks_and_two_years_apart_is_another_person():
    known = {matching.folded(ADDRESS)}
    assert matching.compare("Lê Văn Ưng", 1971, ADDRESS, "Lê Văn Ưng", 1970, known) is matching.Match.NEAR
    assert matching.compare("Lê Văn Ưng", None, ADDRESS, "Lê Văn Ưng", 1970, known) is matching.Match.NEAR
    assert matching.compare("Lê Văn Ưng", 1970, "Số 99", "Lê Văn Ưng", 1970, known) is matching.Match.NEAR
    assert matching.compare("Lê Văn Ưng", 1972, ADDRESS, "Lê Văn Ưng", 1970, known) is matching.Match.NONE
    assert matching.compare("Lê Văn Ửng", 1970, ADDRESS, "Lê Văn Ưng", 1970, known) is matching.Match.EXACT
    assert matching.compare("Lê Văn Ương", 1970, ADDRESS, "Lê Văn Ưng", 1970, known) is matching.Match.NONE


# --- typed residents against the roll -----------------------------------------------------------------

def test_a_representative_typed_as_another_resident_is_the_roll_s_person_and_the_page_says_so(session, setup):
    _, round_ = setup
    before = persons(session)
    candidate = services.nominate(None, contest(round_), typed("le van  UNG"), NominationSource.FRONT_COMMITTEE)
    assert persons(session) == before
    roll = session.scalar(select(Household).where(Household.code == "050003"))
    assert candidate.person_id == roll.representative_id
    assert "đại diện hộ 050003" in candidate.reused_note and "không tạo người mới" in candidate.reused_note


def test_the_same_person_typed_for_deputy_cannot_also_stand_for_leader(session, setup):
    _, round_ = setup
    nominate(contest(round_), "050003")
    with pytest.raises(services.CandidateError) as error:
        services.nominate(None, contest(round_, Position.DEPUTY), typed("Lê Văn Ưng"),
                          NominationSource.FRONT_COMMITTEE)
    assert error.value.code == "candidates.both_positions" and "đang ứng cử tổ trưởng" in error.value.message


def test_a_near_match_asks_for_confirmation_and_creates_nothing(session, setup):
    _, round_ = setup
    before = persons(session)
    with pytest.raises(services.ConfirmMatch) as error:
        services.nominate(None, contest(round_), typed("Lê Văn Ưng", 1971), NominationSource.FRONT_COMMITTEE)
    assert error.value.field == "match" and len(error.value.options) == 1
    assert "Ông Lê Văn Ưng – sinh năm 1970 – đại diện hộ 050003" in error.value.options[0][1]
    assert persons(session) == before and session.scalar(select(func.count()).select_from(Candidate)) == 0


def test_a_confirmed_match_is_the_known_person_and_another_namesake_is_a_new_person(session, setup):
    _, round_ = setup
    roll_person = session.scalar(select(Household).where(Household.code == "050003")).representative_id
    same = services.nominate(None, contest(round_), typed("Lê Văn Ưng", None, match=str(roll_person)),
                             NominationSource.FRONT_COMMITTEE)
    assert same.person_id == roll_person
    other = services.nominate(None, contest(round_, Position.DEPUTY), typed("Lê Văn Ưng", 1971, match="new"),
                              NominationSource.FRONT_COMMITTEE)
    assert other.person_id != roll_person and other.person.birth_year == 1971


def test_a_confirmation_naming_someone_who_does_not_match_is_refused(session, setup):
    _, round_ = setup
    stranger = session.scalar(select(Household).where(Household.code == "050001")).representative_id
    with pytest.raises(services.CandidateError) as error:
        services.nominate(None, contest(round_), typed("Lê Văn Ưng", 1971, match=str(stranger)),
                          NominationSource.FRONT_COMMITTEE)
    assert error.value.field == "match" and not isinstance(error.value, services.ConfirmMatch)


def test_a_resident_typed_twice_is_one_person(session, setup):
    _, round_ = setup
    first = services.nominate(None, contest(round_), typed("Nguyễn Thị Mai", 1980, "Số 9, ngõ 12"),
                              NominationSource.FRONT_COMMITTEE)
    with pytest.raises(services.CandidateError) as error:
        services.nominate(None, contest(round_, Position.DEPUTY), typed("nguyen thi mai", 1980, "so 9, ngo 12"),
                          NominationSource.FRONT_COMMITTEE)
    assert error.value.code == "candidates.both_positions"
    assert session.scalar(select(func.count()).select_from(Person).where(Person.search_name == "nguyen thi mai")) == 1
    assert first.person.full_name == "Nguyễn Thị Mai"


def test_a_team_member_typed_by_name_is_matched_and_cannot_stand(session, setup):
    _, round_ = setup
    member = services.add_member(None, round_, typed("LÊ VĂN ƯNG", address=""), TeamRole.MEMBER)
    assert member.reused_note is not None
    with pytest.raises(services.CandidateError) as error:
        nominate(contest(round_), "050003")
    assert error.value.code == "candidates.team_member"


# --- across rounds: the re-run ------------------------------------------------------------------------

def _counted(kit, contest_, votes_for_first: int, votes_for_second: int):
    open_count(kit, contest_)
    run = printing.create_run(None, contest_, 12)
    texts, ids = payloads(run), candidate_ids(run)
    for i, text in enumerate(texts[:votes_for_first + votes_for_second]):
        entry.enter_ballot(None, contest_, text, kept=[ids[0] if i < votes_for_first else ids[1]])
    returned = votes_for_first + votes_for_second
    ledger.update_ledger(None, contest_, {"issued": returned, "unused": 12 - returned, "spoiled": 0,
                                          "returned": returned})
    tally.finalize(None, contest_)
    return ids


@pytest.fixture
def rerun(session):
    """Round 1: the leader vote is split 5–5 of 12 households (no winner), the deputy elected with 10 votes;
    round 2 re-runs the leader only."""
    kit = published(households=12)
    sign_in(kit, 10)
    leader_ids = _counted(kit, kit.leader, 5, 5)
    deputy_ids = _counted(kit, kit.deputy, 10, 0)
    second = tally.open_rerun(None, kit.round, VOTE_DAY + timedelta(days=4))
    return kit, second, leader_ids, deputy_ids


def _code_of(session, person_id: int) -> str:
    return session.scalar(select(Household.code).where(Household.representative_id == person_id))


def test_the_elected_deputy_cannot_be_nominated_for_leader_in_the_leaders_rerun(session, rerun):
    kit, second, _, (deputy, _loser) = rerun
    leader = contest(second)
    with pytest.raises(services.CandidateError) as error:
        services.nominate(None, leader, services.PersonChoice(household_code=_code_of(session, deputy)),
                          NominationSource.FRONT_COMMITTEE)
    assert error.value.code == "candidates.already_elected"
    assert "đã trúng cử tổ phó ở lần bầu thứ 1" in error.value.message


def test_the_elected_deputy_typed_as_another_resident_is_found_and_refused_in_the_rerun(session, rerun):
    kit, second, _, (deputy, _loser) = rerun
    person = session.get(Person, deputy)
    address = session.scalar(select(Household.address).where(Household.representative_id == deputy))
    with pytest.raises(services.CandidateError) as error:
        services.nominate(None, contest(second), typed(person.full_name.upper(), person.birth_year, address),
                          NominationSource.FRONT_COMMITTEE)
    assert error.value.code == "candidates.already_elected"


def test_round_one_leader_candidates_and_the_losing_deputy_may_stand_again_in_the_rerun(session, rerun):
    kit, second, (a, _b), (_deputy, loser) = rerun
    leader = contest(second)
    assert services.nominate(None, leader, services.PersonChoice(household_code=_code_of(session, a)),
                             NominationSource.FRONT_COMMITTEE).person_id == a
    assert services.nominate(None, leader, services.PersonChoice(household_code=_code_of(session, loser)),
                             NominationSource.FRONT_COMMITTEE).person_id == loser


def test_a_deputy_candidate_without_a_locked_result_cannot_stand_for_leader_in_a_later_round(session, setup):
    from tests.factories import create_round

    tdp, first = setup
    nominate(contest(first, Position.DEPUTY), "050004")
    second = create_round(first.election, tdp, first.vote_date + timedelta(days=4), number=2)
    with pytest.raises(services.CandidateError) as error:
        nominate(contest(second), "050004")
    assert error.value.code == "candidates.both_positions"
    assert "đang ứng cử tổ phó ở lần bầu thứ 1 và chưa có kết quả" in error.value.message


# --- the page -----------------------------------------------------------------------------------------

def test_the_nomination_page_asks_to_confirm_a_near_match_then_reuses_the_chosen_person(client, session, setup):
    tdp, round_ = setup
    team = create_app_user(tdp.ward, Duty.ELECTION_TEAM, [tdp])
    session.commit()
    login(client, team)
    leader = contest(round_)
    url = f"/candidates/contests/{leader.id}/nominate"
    form = {"nom-full_name": "le van ung", "nom-birth": "1971", "nom-address": ADDRESS,
            "nom-source": NominationSource.FRONT_COMMITTEE.value}
    page = client.post(url, data=form)
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert 'name="nom-match"' in html and "đại diện hộ 050003" in html and "người khác trùng tên" in html
    roll_person = session.scalar(select(Household).where(Household.code == "050003")).representative_id
    done = client.post(url, data={**form, "nom-match": str(roll_person)}, follow_redirects=True)
    assert done.status_code == 200 and "không tạo người mới" in done.get_data(as_text=True)
    assert session.scalar(select(Candidate.person_id).where(Candidate.contest_id == leader.id)) == roll_person
    assert client.post(url, data={**form, "nom-match": "x; drop"}).status_code == 422
