"""The final list: publication with its posting date, ballot order, the freeze for printed ballots."""

from datetime import date

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.candidates import services, vetting
from app.candidates.models import ConsultationOutcome, VettingDecision
from app.candidates.policy import FROZEN_MESSAGE
from app.elections.models import Position
from tests.candidates.builders import contest, nominate, ready, setup_round, vet


@pytest.fixture
def setup(session):
    return setup_round()


def test_the_final_list_is_empty_until_published_then_in_vietnamese_order(session, setup):
    _, round_ = setup
    leader = contest(round_)
    ready(leader, "050003")  # Lê Văn Ưng
    ready(leader, "050006")  # Vũ Thị Ánh
    assert services.final_list(leader) == []
    assert services.publish(None, leader, date(2017, 9, 30)) == ()
    lines = services.final_list(leader)
    assert [(c.honorific, c.full_name) for c in lines] == [("Bà", "Vũ Thị Ánh"), ("Ông", "Lê Văn Ưng")]
    assert lines[0].person_id and lines[0].address == "Số 6, ngõ 12, phố Ngọc Thụy"


def test_publication_waits_for_every_decision_and_every_consultation(session, setup):
    _, round_ = setup
    leader = contest(round_)
    candidate = nominate(leader, "050001")
    with pytest.raises(services.CandidateError, match="Chi bộ chưa thẩm định: Nguyễn Văn An"):
        services.publish(None, leader, date(2017, 9, 30))
    vet(candidate)
    with pytest.raises(services.CandidateError, match="Chưa ghi ý kiến của hội nghị cử tri về: Nguyễn Văn An"):
        services.publish(None, leader, date(2017, 9, 30))


def test_an_empty_list_cannot_be_published(session, setup):
    _, round_ = setup
    with pytest.raises(services.CandidateError, match="cần ít nhất 1 người ứng cử"):
        services.publish(None, contest(round_), date(2017, 9, 30))


def test_the_meeting_can_withdraw_an_approved_candidate_from_the_list(session, setup):
    _, round_ = setup
    leader = contest(round_)
    ready(leader, "050001")
    other = vet(nominate(leader, "050002"))
    services.record_consultation(None, other, 1, 4, "Nhiều ý kiến chưa tín nhiệm", ConsultationOutcome.WITHDRAWN)
    assert other.withdrawn_at is not None
    services.publish(None, leader, date(2017, 9, 30))
    assert [c.full_name for c in services.final_list(leader)] == ["Nguyễn Văn An"]


def test_consultation_is_only_for_approved_candidates(session, setup):
    _, round_ = setup
    candidate = nominate(contest(round_), "050001")
    with pytest.raises(services.CandidateError, match="đã được chi bộ thẩm định và nhất trí"):
        services.record_consultation(None, candidate, 1, 0, "", ConsultationOutcome.KEPT)


def test_late_postings_warn_but_do_not_block(session, setup):
    _, round_ = setup
    leader = contest(round_)
    ready(leader, "050001")
    warnings = services.publish(None, leader, date(2017, 10, 5), date(2017, 10, 12))
    assert [w.code for w in warnings] == ["notice.candidate_list_late", "notice.public_notice_late"]
    assert "muộn hơn hạn 30/09/2017, tức 15 ngày trước ngày bầu cử 15/10/2017" in warnings[0].message
    assert services.final_list(leader)


def test_a_posting_date_after_election_day_is_refused(session, setup):
    _, round_ = setup
    ready(contest(round_), "050001")
    with pytest.raises(services.CandidateError) as error:
        services.publish(None, contest(round_), date(2017, 10, 16))
    assert error.value.field == "posted_on"


def test_a_published_list_changes_only_after_it_is_taken_down_with_a_reason(session, setup):
    _, round_ = setup
    leader = contest(round_)
    ready(leader, "050001")
    services.publish(None, leader, date(2017, 9, 30))
    with pytest.raises(services.ListPublished):
        nominate(leader, "050002")
    with pytest.raises(services.CandidateError, match="lý do"):
        services.unpublish(None, leader, " ")
    services.unpublish(None, leader, "Bổ sung người ứng cử")
    assert nominate(leader, "050002")


def test_printed_ballots_freeze_the_list_until_they_are_voided(session, setup):
    _, round_ = setup
    leader = contest(round_)
    candidate = ready(leader, "050001")
    with pytest.raises(services.CandidateError, match="chưa được niêm yết"):
        services.freeze(leader, None)
    services.publish(None, leader, date(2017, 9, 30))
    assert not services.is_frozen(leader)
    services.freeze(leader, None)
    services.freeze(leader, None)  # a reprint keeps the first time
    assert services.is_frozen(leader)
    refused = [lambda: nominate(leader, "050002"), lambda: services.withdraw(None, candidate, "Xin rút"),
               lambda: vetting.decide(None, candidate, VettingDecision.REJECTED, "x"),
               lambda: vetting.save_answers(None, candidate, {}),
               lambda: services.record_consultation(None, candidate, 1, 1, "", ConsultationOutcome.KEPT),
               lambda: services.publish(None, leader, date(2017, 9, 29)),
               lambda: services.unpublish(None, leader, "sửa")]
    for change in refused:
        with pytest.raises(services.ListFrozen) as error:
            change()
        assert error.value.message == FROZEN_MESSAGE
    assert "Phải hủy các phiếu bầu đã in trước khi thay đổi danh sách." in FROZEN_MESSAGE
    with pytest.raises(services.CandidateError):
        services.unfreeze(leader, None, "")
    services.unfreeze(leader, None, "Hủy lô phiếu in sai")
    assert not services.is_frozen(leader)
    services.unpublish(None, leader, "Sửa danh sách")
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "contest")).all()
    assert actions.count("candidate_list.freeze") == 1 and "candidate_list.unfreeze" in actions


def test_the_deputy_contest_follows_the_elections_settings_and_rule_set(session):
    from app.elections.models import DeputyMode

    _, round_ = setup_round()
    round_.election.deputy_mode = DeputyMode.APPOINTED
    services.sync_contests(None, round_)
    assert [c.position for c in round_.contests] == [Position.LEADER]
    round_.election.deputy_mode, round_.election.deputy_seats = DeputyMode.ELECTED, 2
    services.sync_contests(None, round_)
    assert {c.position: c.seats for c in round_.contests} == {Position.LEADER: 1, Position.DEPUTY: 2}
    round_.election.deputy_seats = 3
    with pytest.raises(services.CandidateError, match="tối đa 2 tổ phó"):
        services.sync_contests(None, round_)


def test_elected_deputies_are_refused_where_the_rule_set_has_the_leader_appoint_them(session):
    _, round_ = setup_round("tt-14-2018")
    with pytest.raises(services.CandidateError, match="Theo Thông tư 14/2018, tổ phó do tổ trưởng chọn"):
        services.expected_contests(round_)


def test_a_contest_with_candidates_keeps_its_seats(session):
    from app.elections.models import DeputyMode

    _, round_ = setup_round()
    nominate(contest(round_, Position.DEPUTY), "050001")
    round_.election.deputy_mode = DeputyMode.APPOINTED
    with pytest.raises(services.CandidateError, match="đã có người được đề cử"):
        services.sync_contests(None, round_)
