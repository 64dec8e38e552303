"""Nominations: residents only, the rule set's per-seat limit, one position at a time, never from the team."""

from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.candidates import services
from app.candidates.models import Candidate, NominationSource, TeamRole
from app.elections.models import Position
from app.rolls.models import Gender, Person
from tests.candidates.builders import contest, nominate, pick, setup_round
from tests.factories import create_household, create_tdp


@pytest.fixture
def setup(session):
    return setup_round()


def test_a_household_representative_is_nominated_with_the_household_address_and_audited(session, setup):
    tdp, round_ = setup
    candidate = nominate(contest(round_), "050001")
    assert candidate.person.full_name == "Nguyễn Văn An" and candidate.address == "Số 1, ngõ 12, phố Ngọc Thụy"
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "candidate.nominate"))
    assert event.after["name"] == "Nguyễn Văn An" and event.after["source"] == "front_committee"


def test_a_resident_who_is_not_a_representative_becomes_a_person_of_the_tdp(session, setup):
    tdp, round_ = setup
    choice = services.PersonChoice(full_name="  Nguyễn   Thị  Mai ", gender=Gender.FEMALE,
                                   birth_date=date(1980, 3, 2), address="Số 1, ngõ 12")
    candidate = services.nominate(None, contest(round_), choice, NominationSource.INCUMBENT)
    person = session.get(Person, candidate.person_id)
    assert (person.tdp_id, person.full_name, person.birth_year) == (tdp.id, "Nguyễn Thị Mai", 1980)
    assert person.honorific == "Bà"


def test_a_described_resident_needs_an_address_and_a_code_must_be_on_the_roll(session, setup):
    _, round_ = setup
    with pytest.raises(services.CandidateError) as error:
        services.nominate(None, contest(round_), services.PersonChoice(full_name="Lê Văn Tám"),
                          NominationSource.FRONT_COMMITTEE)
    assert error.value.field == "address"
    with pytest.raises(services.CandidateError, match="Không có hộ đang cư trú mã “999999”"):
        nominate(contest(round_), "999999")


def test_a_household_of_another_tdp_cannot_be_nominated(session, setup):
    tdp, round_ = setup
    create_household(create_tdp(tdp.ward, 6), "060001", representative="Hoàng Văn Xa")
    with pytest.raises(services.CandidateError, match="060001"):
        nominate(contest(round_), "060001")


def test_nqlt_09_2008_allows_two_candidates_for_the_one_leader_seat_and_refuses_a_third(session, setup):
    _, round_ = setup
    leader = contest(round_)
    nominate(leader, "050001")
    nominate(leader, "050002")
    with pytest.raises(services.CandidateError) as error:
        nominate(leader, "050003")
    assert error.value.code == "candidates.too_many"
    assert error.value.message.startswith("Theo Nghị quyết liên tịch 09/2008, bầu 1 tổ trưởng chỉ được có tối đa 2 "
                                          "người ứng cử; danh sách đã có 2 người.")


def test_the_limit_grows_with_the_seats_and_a_withdrawal_makes_room(session, setup):
    _, round_ = setup
    deputies = contest(round_, Position.DEPUTY)
    deputies.seats = 2
    first = [nominate(deputies, code) for code in ("050001", "050002", "050003", "050004")][0]
    with pytest.raises(services.CandidateError, match="tối đa 4 người"):
        nominate(deputies, "050005")
    services.withdraw(None, first, "Xin rút vì lý do sức khỏe")
    assert nominate(deputies, "050005").person.full_name == "Phạm Quang Đạo"


def test_nd_59_2023_has_no_upper_limit_and_takes_nominations_at_the_meeting(session):
    from app.elections.models import DeputyMode

    _, round_ = setup_round("nd-59-2023")
    leader = contest(round_)
    for code in ("050001", "050002", "050003"):
        nominate(leader, code, source=NominationSource.SELF_AT_MEETING)
    assert len(services.standing(leader)) == 3
    round_.election.deputy_mode = DeputyMode.APPOINTED
    with pytest.raises(services.CandidateError, match="tổ phó do tổ trưởng chọn"):
        nominate(contest(round_, Position.DEPUTY), "050004")


def test_nominations_at_the_meeting_are_refused_where_the_rule_set_does_not_take_them(session, setup):
    _, round_ = setup
    for source in (NominationSource.SELF_AT_MEETING, NominationSource.HOUSEHOLDS_AT_MEETING):
        with pytest.raises(services.CandidateError) as error:
            nominate(contest(round_), "050001", source=source)
        assert error.value.field == "source"
        assert "không nhận tự ứng cử hoặc giới thiệu tại hội nghị" in error.value.message


def test_one_person_cannot_stand_for_leader_and_deputy_at_once(session, setup):
    _, round_ = setup
    first = nominate(contest(round_), "050001")
    with pytest.raises(services.CandidateError) as error:
        nominate(contest(round_, Position.DEPUTY), "050001")
    assert error.value.code == "candidates.both_positions"
    assert "Ông Nguyễn Văn An đang ứng cử tổ trưởng. Một người không thể cùng lúc ứng cử tổ trưởng và tổ phó" in \
        error.value.message
    services.withdraw(None, first, "Chuyển sang ứng cử tổ phó")
    assert nominate(contest(round_, Position.DEPUTY), "050001").contest.position is Position.DEPUTY


def test_the_database_itself_refuses_one_person_standing_twice_in_a_round(session, setup):
    _, round_ = setup
    first = nominate(contest(round_), "050001")
    session.commit()
    twin = Candidate(contest_id=contest(round_, Position.DEPUTY).id, round_id=round_.id, person_id=first.person_id,
                     source=NominationSource.FRONT_COMMITTEE)
    session.add(twin)
    with pytest.raises(sa.exc.IntegrityError):
        session.flush()
    session.rollback()


def test_a_member_of_the_election_team_cannot_be_nominated(session, setup):
    _, round_ = setup
    services.add_member(None, round_, pick("050003"), TeamRole.SECRETARY)
    with pytest.raises(services.CandidateError) as error:
        nominate(contest(round_), "050003")
    assert error.value.code == "candidates.team_member"
    assert error.value.message.startswith("Ông Lê Văn Ưng là thư ký tổ bầu cử của tổ; thành viên tổ bầu cử không được "
                                          "ứng cử.")


def test_a_candidate_cannot_join_the_election_team(session, setup):
    _, round_ = setup
    nominate(contest(round_, Position.DEPUTY), "050004")
    with pytest.raises(services.CandidateError) as error:
        services.add_member(None, round_, pick("050004"), TeamRole.MEMBER)
    assert error.value.message == ("Bà Đặng Thị Hường đang là người ứng cử tổ phó; người ứng cử không được tham gia "
                                   "tổ bầu cử.")


def test_the_team_has_one_head_and_a_person_sits_on_it_once(session, setup):
    _, round_ = setup
    services.add_member(None, round_, pick("050001"), TeamRole.HEAD)
    with pytest.raises(services.CandidateError, match="đã có tổ trưởng"):
        services.add_member(None, round_, pick("050002"), TeamRole.HEAD)
    with pytest.raises(services.CandidateError, match="đã ở trong tổ bầu cử"):
        services.add_member(None, round_, pick("050001"), TeamRole.MEMBER)
    member = services.add_member(None, round_, services.PersonChoice(full_name="Lê Thị Thu"), TeamRole.MEMBER)
    services.remove_member(None, member)
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "election_team.remove")) is not None
