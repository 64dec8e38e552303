"""TDP names over time: a rename by decision keeps the old name for the papers of earlier vote dates, and a rename
after printing leaves the printed ballots valid."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.auth.models import Duty
from app.minutes import documents
from app.printing import ledger
from app.printing import services as printing
from app.tally import entry, services
from app.wards import history
from app.wards.models import TdpName
from app.wards.services import WardError, update_tdp
from ballots.render import render
from tests.electionkit import VOTE_DAY, candidate_ids, open_count, payloads, published, sign_in
from tests.factories import create_app_user, create_tdp, create_ward, login
from tests.pdftools import pdf_text

OLD, NEW = "Tổ dân phố số 5", "Tổ dân phố Ngọc Lâm 5"
DECISION = "Nghị quyết số 12/NQ-HĐND ngày 20/02/2026 của HĐND phường"


def _rename(tdp, name=NEW, *, on=date(2026, 3, 1), decision=DECISION):
    return update_tdp(None, tdp, name=name, party_cell_name=tdp.party_cell_name,
                      front_committee_name=tdp.front_committee_name, effective_on=on, decision=decision)


def _flat(pdf: bytes) -> str:
    return " ".join(pdf_text(pdf).split())


def test_ballots_printed_before_a_rename_still_count_and_the_minutes_carry_the_old_name(session):
    kit = published(households=12)
    sign_in(kit, 10)
    run = printing.create_run(None, kit.leader, 12)
    printed_hash, texts = run.definition_hash, payloads(run)
    assert kit.tdp.name == OLD
    _rename(kit.tdp)  # the council renames the TDP after the vote (15/10/2017), the ballots already printed
    session.flush()
    assert kit.tdp.name == NEW
    open_count(kit, kit.leader)
    a, _b = candidate_ids(run)
    for text in texts[:10]:
        entry.enter_ballot(None, kit.leader, text, kept=[a], invalid_reason=None)
    ledger.update_ledger(None, kit.leader, {"issued": 10, "unused": 2, "spoiled": 0, "returned": 10})
    services.finalize(None, kit.leader)
    assert run.definition_hash == printed_hash and payloads(run) == texts
    counting = _flat(documents.counting_pdf(kit.leader, 1))
    assert f"{OLD} – {kit.ward.name}" in counting and "Ngọc Lâm" not in counting
    assert "với 10 phiếu bầu" in counting
    meeting = _flat(documents.meeting_pdf(kit.round))
    assert OLD in meeting and "Ngọc Lâm" not in meeting
    reprinted = _flat(render(printing.ballot_spec(run), printing.ballot_pages(run, printing.ballot_key(kit.election))[:1]))
    assert OLD in reprinted and "Ngọc Lâm" not in reprinted


def test_the_ballot_definition_names_no_tdp_name_so_a_rename_cannot_change_its_hash(session):
    kit = published()
    definition = printing.definition_for(kit.leader)
    assert OLD not in repr(definition)
    _rename(kit.tdp)
    assert printing.definition_for(kit.leader) == definition


def test_a_vote_after_the_rename_takes_effect_prints_the_new_name(session):
    kit = published()
    _rename(kit.tdp, on=date(2017, 10, 1))
    session.flush()
    assert history.tdp_name_on(kit.tdp, VOTE_DAY) == NEW
    run = printing.create_run(None, kit.leader, 2)
    page = _flat(render(printing.ballot_spec(run), printing.ballot_pages(run, printing.ballot_key(kit.election))[:1]))
    assert NEW in page


def test_each_day_reads_the_name_in_force_across_two_renames(session):
    tdp = create_tdp(create_ward(), 5)
    _rename(tdp, "Tổ dân phố Ngọc Lâm", on=date(2025, 7, 1))
    _rename(tdp, "Tổ dân phố Bồ Đề 5", on=date(2026, 3, 1), decision="Nghị quyết số 30/NQ-HĐND")
    session.flush()
    assert history.tdp_name_on(tdp, date(2025, 6, 30)) == OLD
    assert history.tdp_name_on(tdp, date(2025, 7, 1)) == "Tổ dân phố Ngọc Lâm"
    assert history.tdp_name_on(tdp, date(2026, 2, 28)) == "Tổ dân phố Ngọc Lâm"
    assert history.tdp_name_on(tdp, date(2026, 3, 1)) == "Tổ dân phố Bồ Đề 5"
    rows = history.names_of(tdp.id)
    assert [(r.name, r.valid_from, r.valid_to, r.number) for r in rows] == [
        (OLD, None, date(2025, 7, 1), 5), ("Tổ dân phố Ngọc Lâm", date(2025, 7, 1), date(2026, 3, 1), 5),
        ("Tổ dân phố Bồ Đề 5", date(2026, 3, 1), None, 5)]
    assert rows[2].decision == "Nghị quyết số 30/NQ-HĐND"


def test_a_tdp_never_renamed_reads_its_name_on_any_day_without_history_rows(session):
    tdp = create_tdp(create_ward(), 7)
    session.flush()
    assert history.tdp_name_on(tdp, date(2000, 1, 1)) == tdp.name
    assert session.scalar(select(func.count()).select_from(TdpName)) == 0


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"decision": ""}, "decision"),
    ({"decision": "x" * 201}, "decision"),
    ({"on": None}, "effective_on"),
])
def test_a_rename_without_its_decision_or_date_is_refused_and_changes_nothing(session, kwargs, field):
    tdp = create_tdp(create_ward(), 5)
    session.flush()
    with pytest.raises(WardError) as refused:
        _rename(tdp, **kwargs)
    assert refused.value.field == field
    assert session.scalar(select(func.count()).select_from(TdpName)) == 0


def test_a_rename_cannot_take_effect_before_the_current_name_began(session):
    tdp = create_tdp(create_ward(), 5)
    _rename(tdp, on=date(2026, 3, 1))
    with pytest.raises(WardError, match="sau ngày đó") as refused:
        _rename(tdp, "Tổ dân phố khác", on=date(2026, 3, 1))
    assert refused.value.field == "effective_on"
    assert len(history.names_of(tdp.id)) == 2


def test_changing_only_the_party_cell_needs_no_decision_and_writes_no_history(session):
    tdp = create_tdp(create_ward(), 5)
    assert update_tdp(None, tdp, name=tdp.name, party_cell_name="Chi bộ 5", front_committee_name="",
                      effective_on=None, decision="")
    assert history.names_of(tdp.id) == []


def test_the_edit_page_renames_with_the_decision_and_lists_the_names_over_time(client, session):
    ward = create_ward()
    tdp = create_tdp(ward, 5)
    admin = create_app_user(ward, Duty.WARD_ADMIN)
    session.commit()
    login(client, admin)
    missing = client.post(f"/ward/tdps/{tdp.id}/edit", data={"name": NEW, "effective_on": "01/03/2026"})
    assert missing.status_code == 422 and "cần ghi quyết định" in missing.get_data(as_text=True)
    bad_day = client.post(f"/ward/tdps/{tdp.id}/edit", data={"name": NEW, "decision": DECISION,
                                                           "effective_on": "31/02/2026"})
    assert bad_day.status_code == 422
    assert history.names_of(tdp.id) == []
    saved = client.post(f"/ward/tdps/{tdp.id}/edit", data={"name": NEW, "decision": DECISION,
                                                         "effective_on": "01/03/2026"})
    assert saved.status_code == 302
    page = client.get(f"/ward/tdps/{tdp.id}/edit").get_data(as_text=True)
    assert OLD in page and NEW in page and DECISION in page and "28/02/2026" in page
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "tdp.update")).one()
    assert event.after["decision"] == DECISION and event.after["effective_on"] == "2026-03-01"


def test_the_edit_page_saves_a_party_cell_change_with_the_date_left_empty(client, session):
    ward = create_ward()
    tdp = create_tdp(ward, 5)
    admin = create_app_user(ward, Duty.WARD_ADMIN)
    session.commit()
    login(client, admin)
    saved = client.post(f"/ward/tdps/{tdp.id}/edit", data={"name": OLD, "party_cell_name": "Chi bộ 5",
                                                         "effective_on": ""})
    assert saved.status_code == 302
    no_date = client.post(f"/ward/tdps/{tdp.id}/edit", data={"name": NEW, "decision": DECISION, "effective_on": ""})
    assert no_date.status_code == 422 and "Nhập ngày tên mới có hiệu lực." in no_date.get_data(as_text=True)
    session.refresh(tdp)
    assert (tdp.name, tdp.party_cell_name) == (OLD, "Chi bộ 5")
