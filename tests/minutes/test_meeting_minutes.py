"""The meeting minutes print what happened (D10): whoever left the list as withdrawn, never more opinions
than people present (and none are accepted), the end time, and as many copies as are printed."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import insert, select

from app.attendance.models import Attendance, SignInMethod
from app.auth.models import Duty
from app.candidates import services
from app.candidates.models import Candidate, ConsultationOutcome
from app.core.db import utcnow
from app.elections.models import Position
from app.extensions import db
from app.minutes import documents
from app.minutes.meeting_content import Opinion, printable_counts
from app.rolls.models import Household
from app.tally.models import ContestTally
from tests.candidates.builders import contest, nominate, ready, setup_round, vet
from tests.dashboard.builders import finish, ward_of
from tests.factories import create_app_user, login
from tests.minutes.builders import scanned_count
from tests.pdftools import pdf_text


def flat(pdf: bytes) -> str:
    return " ".join(pdf_text(pdf).split())


def _sign_in(round_, count: int) -> None:
    ids = db.session.scalars(select(Household.id).where(Household.tdp_id == round_.tdp_id).order_by(Household.id))
    db.session.execute(insert(Attendance.__table__), [
        {"round_id": round_.id, "household_id": hid, "method": SignInMethod.CODE, "signed_in_at": utcnow()}
        for hid in list(ids)[:count]])


def test_a_candidate_kept_by_the_meeting_then_withdrawn_is_printed_as_withdrawn_with_the_reason(session):
    _, round_ = setup_round()
    leader = contest(round_)
    ready(leader, "050001")
    quitter = ready(leader, "050002")  # the meeting kept her, then she withdrew (D10: Vũ Minh Tùng)
    services.withdraw(None, quitter, "Xin rút vì lý do sức khỏe.")
    _sign_in(round_, 6)
    words = flat(documents.meeting_pdf(round_, 1))
    assert "Trần Thị Bích Ngọc" in words
    assert "Đã rút (Xin rút vì lý do sức khỏe)" in words
    assert words.count("Giữ trong danh sách") == 1  # Nguyễn Văn An only


def test_a_candidate_the_meeting_withdraws_is_printed_as_withdrawn_not_as_taken_off(session):
    _, round_ = setup_round()
    leader = contest(round_)
    other = vet(nominate(leader, "050002"))
    services.record_consultation(None, other, 1, 4, "Nhiều ý kiến chưa tín nhiệm", ConsultationOutcome.WITHDRAWN)
    words = flat(documents.meeting_pdf(round_, 1))
    assert "Đã rút (Hội nghị lấy ý kiến cử tri quyết định rút khỏi danh sách)" in words
    assert "Giữ trong danh sách" not in words


def test_consultation_counts_above_the_households_of_the_tdp_are_refused_on_the_field(client, session):
    tdp, round_ = setup_round()  # six households, nobody signed in yet
    candidate = vet(nominate(contest(round_), "050001"))
    team = create_app_user(tdp.ward, Duty.ELECTION_TEAM, [tdp])
    session.commit()
    login(client, team)
    page = client.post(f"/candidates/{candidate.id}/consultation",
                       data={"con-votes_for": "300", "con-votes_against": "0", "con-outcome": "kept"})
    assert page.status_code == 422
    assert "Số ý kiến đồng ý và không đồng ý cộng lại (300) nhiều hơn tổng số cử tri (hộ gia đình) của tổ (6)." in \
        page.get_data(as_text=True)
    db.session.expire_all()
    stored = db.session.get(Candidate, candidate.id)
    assert (stored.votes_for, stored.outcome) == (None, None)


def test_consultation_counts_above_those_signed_in_are_refused(session):
    _, round_ = setup_round()
    candidate = vet(nominate(contest(round_), "050001"))
    _sign_in(round_, 4)
    with pytest.raises(services.CandidateError, match=r"\(5\) nhiều hơn số cử tri có mặt tại hội nghị \(4\)") as error:
        services.record_consultation(None, candidate, 4, 1, "", ConsultationOutcome.KEPT)
    assert error.value.field == "votes_for"
    services.record_consultation(None, candidate, 3, 1, "", ConsultationOutcome.KEPT)
    assert candidate.votes_for == 3


def test_the_paper_never_prints_more_opinions_than_people_present(session):
    _, round_ = setup_round()
    leader = contest(round_)
    candidate = ready(leader, "050001")
    candidate.votes_for, candidate.votes_against = 160, 15  # recorded before the check existed
    _sign_in(round_, 5)
    words = flat(documents.meeting_pdf(round_, 1))
    assert "160" not in words and "175" not in words
    assert "nhiều hơn số cử tri có mặt, nên không in ra" in words
    assert printable_counts(Opinion("Ông A", 3, 2, "", ""), 5) == ("3", "2")
    assert printable_counts(Opinion("Ông A", 3, 3, "", ""), 5) == ("", "")


def test_the_minutes_print_as_many_copies_as_they_say_and_a_line_for_the_end_while_a_count_is_open(session):
    kit = scanned_count().kit
    three = flat(documents.meeting_pdf(kit.round))
    assert "Hội nghị kết thúc hồi …… giờ …… phút cùng ngày." in three  # the deputy count is still open
    assert three.count("lập thành 03 bản có giá trị như nhau") == 3 and "Bản số 3/3" in three
    assert "01 bản" not in three
    assert "lập thành 01 bản" in flat(documents.meeting_pdf(kit.round, 1))


def test_the_meeting_ends_when_its_last_count_is_locked(session):
    kit = ward_of(1)
    finish(kit.contest(1), 9, (7, 2))
    finish(kit.contest(1, Position.DEPUTY), 9, (6, 3), signed_in=True)
    tallies = db.session.scalars(select(ContestTally).where(ContestTally.contest_id.in_(
        [kit.contest(1).id, kit.contest(1, Position.DEPUTY).id]))).all()
    tallies[0].finalized_at = datetime(2017, 10, 15, 3, 40, tzinfo=UTC)
    tallies[1].finalized_at = datetime(2017, 10, 15, 2, 55, tzinfo=UTC)
    db.session.flush()
    words = flat(documents.meeting_pdf(kit.rounds[1], 1))
    assert "Hội nghị kết thúc hồi 10 giờ 40 phút ngày 15/10/2017." in words
    assert "Biên bản được lập thành 01 bản" in words
