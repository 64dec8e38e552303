"""Vetting by the party cell: the election's checklist, age computed on election day, decisions, overrides."""

from datetime import date

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.auth.models import Duty
from app.candidates import services, vetting
from app.candidates.models import ItemKind, ItemResult, VettingDecision
from tests.candidates.builders import contest, nominate, setup_round, vet
from tests.factories import create_app_user, create_tdp, login


@pytest.fixture
def setup(session):
    return setup_round()


def _items(round_):
    return {i.key: i for i in vetting.checklist(round_.election)}


def test_each_election_is_created_with_the_default_checklist_and_its_key(session, setup):
    from app.candidates.models import VettingItem
    from app.printing.models import BallotKey

    _, round_ = setup
    stored = session.scalars(select(VettingItem.key).where(VettingItem.election_id == round_.election_id)
                             .order_by(VettingItem.position)).all()
    assert stored == ["residence", "age", "health", "conduct", "capacity", "incumbent", "family"]
    assert session.get(BallotKey, round_.election_id) is not None
    first = vetting.checklist(round_.election)
    assert [i.key for i in first] == stored and vetting.checklist(round_.election) == first


def test_the_age_item_is_computed_from_the_birth_and_the_rounds_vote_date_not_typed(session, setup):
    tdp, round_ = setup
    candidate = services.nominate(None, contest(round_), services.PersonChoice(
        full_name="Lê Văn Trẻ", birth_date=date(1996, 10, 16), address="Số 9"), services.NominationSource.INCUMBENT)
    items = _items(round_)
    vetting.save_answers(None, candidate, {items["age"].id: (ItemResult.MET, "đã kiểm tra")})
    age = next(f for f in vetting.findings(candidate, list(items.values())) if f.computed)
    assert (age.result, age.note) == ("not_met", "20 tuổi vào ngày bầu cử 15/10/2017. Chưa đủ 21 tuổi.")
    round_.vote_date = date(2017, 10, 16)  # the same person on a later election day
    age = next(f for f in vetting.findings(candidate, list(items.values())) if f.computed)
    assert age.result == "met"


def test_unknown_birth_leaves_the_age_unknown_and_blocks_approval(session, setup):
    _, round_ = setup
    candidate = services.nominate(None, contest(round_), services.PersonChoice(full_name="Lê Văn Ẩn", address="Số 9"),
                                  services.NominationSource.INCUMBENT)
    with pytest.raises(services.CandidateError) as error:
        vet(candidate)
    assert error.value.field == "override_reason"
    assert "Đủ 21 tuổi trở lên tính đến ngày bầu cử (chưa rõ)" in error.value.message


def test_an_unmet_mandatory_item_blocks_approval_until_an_override_is_recorded(session, setup):
    _, round_ = setup
    cell = create_app_user(round_.tdp.ward, Duty.PARTY_CELL, [round_.tdp])
    candidate = nominate(contest(round_), "050001")
    items = _items(round_)
    answers = {i.id: (ItemResult.MET, "") for i in items.values() if i.kind is ItemKind.MANUAL}
    answers[items["health"].id] = (ItemResult.NOT_MET, "Đang điều trị dài ngày")
    vetting.save_answers(cell, candidate, answers)
    with pytest.raises(services.CandidateError, match=r"Có sức khỏe \(không đạt\)"):
        vetting.decide(cell, candidate, VettingDecision.APPROVED, "Uy tín cao")
    assert candidate.decision is None
    vetting.decide(cell, candidate, VettingDecision.APPROVED, "Uy tín cao", "Bệnh đã ổn định, có xác nhận của bác sĩ")
    assert candidate.decision is VettingDecision.APPROVED and candidate.decided_by_id == cell.id
    assert (candidate.override_reason, candidate.override_by_id) == ("Bệnh đã ổn định, có xác nhận của bác sĩ", cell.id)
    assert candidate.override_at is not None
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "candidate.vetting_override"))
    assert event.actor == cell.username and event.after["unmet"] == ["Có sức khỏe"]
    assert event.after["reason"] == "Bệnh đã ổn định, có xác nhận của bác sĩ"


def test_an_override_is_not_recorded_when_nothing_blocks(session, setup):
    _, round_ = setup
    candidate = nominate(contest(round_), "050001")
    vet(candidate)
    vetting.decide(None, candidate, VettingDecision.APPROVED, "Đạt", "không cần")
    assert candidate.override_reason is None


def test_an_item_that_is_not_mandatory_does_not_block(session, setup):
    _, round_ = setup
    items = _items(round_)
    vetting.update_item(None, items["capacity"], items["capacity"].label, False)
    candidate = nominate(contest(round_), "050001")
    answers = {i.id: (ItemResult.MET, "") for i in items.values() if i.kind is ItemKind.MANUAL}
    answers[items["capacity"].id] = (ItemResult.NOT_MET, "")
    vetting.save_answers(None, candidate, answers)
    assert vetting.decide(None, candidate, VettingDecision.APPROVED, "Đạt").override_reason is None


def test_a_refusal_needs_reasons_and_changing_a_finding_clears_the_decision(session, setup):
    _, round_ = setup
    candidate = vet(nominate(contest(round_), "050001"))
    with pytest.raises(services.CandidateError, match="lý do"):
        vetting.decide(None, candidate, VettingDecision.REJECTED, "  ")
    family = _items(round_)["family"]
    vetting.save_answers(None, candidate, {family.id: (ItemResult.NOT_MET, "Con vi phạm pháp luật năm 2016")})
    assert candidate.decision is None
    vetting.decide(None, candidate, VettingDecision.REJECTED, "Con vi phạm pháp luật (Nghị quyết phường 2017)")
    assert services.standing(contest(round_)) == []


def test_a_removed_item_is_no_longer_asked(session, setup):
    _, round_ = setup
    items = _items(round_)
    vetting.remove_item(None, items["incumbent"])
    added = vetting.add_item(None, round_.election, "Không vi phạm quy ước tổ dân phố", True)
    keys = [i.key for i in vetting.checklist(round_.election)]
    assert "incumbent" not in keys and keys[-1] == added.key == "custom-8"


@pytest.mark.parametrize("role, scope, status", [
    (Duty.PARTY_CELL, "own", 302), (Duty.WARD_ADMIN, "none", 403),
    (Duty.ELECTION_TEAM, "own", 403), (Duty.PARTY_CELL, "other", 403)])
def test_only_the_tdps_party_cell_decides(client, session, setup, role, scope, status):
    tdp, round_ = setup
    other = create_tdp(tdp.ward, 9)
    tdps = {"own": [tdp], "other": [other], "none": []}[scope]
    user = create_app_user(tdp.ward, role, tdps)
    candidate = vet(nominate(contest(round_), "050001"))
    vetting.decide(None, candidate, VettingDecision.REJECTED, "Chưa xét")
    session.commit()
    login(client, user)
    response = client.post(f"/candidates/{candidate.id}/decision",
                           data={"dec-decision": "approved", "dec-reasons": "Đạt đủ tiêu chuẩn"})
    assert response.status_code == status
    answers = client.post(f"/candidates/{candidate.id}/answers", data={})
    assert (answers.status_code == 403) == (status == 403)


def test_the_candidate_page_shows_an_override_refusal_under_its_field(client, session, setup):
    tdp, round_ = setup
    cell = create_app_user(tdp.ward, Duty.PARTY_CELL, [tdp])
    candidate = nominate(contest(round_), "050001")
    session.commit()
    login(client, cell)
    page = client.post(f"/candidates/{candidate.id}/decision",
                       data={"dec-decision": "approved", "dec-reasons": "Uy tín"})
    assert page.status_code == 422
    text = page.get_data(as_text=True)
    assert "Chưa thể nhất trí: Nguyễn Văn An chưa đạt tiêu chuẩn bắt buộc" in text
    done = client.post(f"/candidates/{candidate.id}/decision", data={
        "dec-decision": "approved", "dec-reasons": "Uy tín", "dec-override_reason": "Chi bộ đã xác minh trực tiếp"})
    assert done.status_code == 302
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert 'id="override"' in page and "Chi bộ đã xác minh trực tiếp" in page


def test_only_ward_admins_edit_the_checklist(client, session, setup):
    tdp, round_ = setup
    admin = create_app_user(tdp.ward, Duty.WARD_ADMIN)
    cell = create_app_user(tdp.ward, Duty.PARTY_CELL, [tdp])
    session.commit()
    login(client, cell)
    assert client.get(f"/candidates/elections/{round_.election_id}/checklist").status_code == 403
    client.post("/logout")
    login(client, admin)
    page = client.get(f"/candidates/elections/{round_.election_id}/checklist")
    assert page.status_code == 200 and "Thường trú tại tổ dân phố" in page.get_data(as_text=True)
    added = client.post(f"/candidates/elections/{round_.election_id}/checklist",
                        data={"new-label": "Không nợ đóng góp quỹ", "new-mandatory": "y"})
    assert added.status_code == 302
    assert "Không nợ đóng góp quỹ" in [i.label for i in vetting.checklist(round_.election)]
