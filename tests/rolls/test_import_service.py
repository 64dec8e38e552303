"""The import service on a real database: previews write nothing, an import is one all-or-nothing transaction."""

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.audit.models import AuditEvent
from app.audit.services import verify_chain
from app.rolls.importing.services import ImportBlocked, ImportTarget, import_roll, preview_import
from app.rolls.models import Gender, Household, HouseholdStatus, Person, RepresentativeChange
from app.rolls.queries import current_fingerprint
from tests.factories import create_household, create_tdp, create_ward
from tests.rolls.data.files import HEADER, MESSY, MESSY_PROBLEMS, TODAY, clean_rows, csv_bytes, xlsx_bytes


@pytest.fixture
def ward(session):
    ward = create_ward()
    create_tdp(ward, 5)
    create_tdp(ward, 6)
    session.commit()
    return ward


def _tdp(ward, number):
    return next(t for t in ward.tdps if t.number == number)


def _counts(session):
    return {model.__name__: session.scalar(select(func.count()).select_from(model))
            for model in (Household, Person, RepresentativeChange, AuditEvent)}


def _snapshot(session, ward):
    statuses = sorted(session.execute(select(Household.code, Household.status, Household.representative_id)).all())
    return _counts(session), statuses, [current_fingerprint(t.id).hex for t in ward.tdps]


def _preview(ward, data, name="roll.xlsx", tdp=5, **kw):
    target = ImportTarget(ward.id, _tdp(ward, tdp).id if tdp else None)
    return preview_import(data, name, target, today=TODAY, **kw)


def test_the_messy_file_gets_a_precise_problem_list_and_writes_nothing(session, ward):
    create_household(_tdp(ward, 5), "050001", representative="Nguyễn Văn An", address="Số cũ")
    session.commit()
    before = _snapshot(session, ward)
    preview = _preview(ward, csv_bytes(MESSY, delimiter=";", bom=True), "roll.csv", tdp=None)
    assert [(p.row, p.letter, p.code) for p in preview.problems] == MESSY_PROBLEMS
    assert not preview.can_apply
    with pytest.raises(ImportBlocked):
        import_roll(preview, None)
    session.commit()
    assert _snapshot(session, ward) == before


def test_a_clean_xlsx_imports_with_its_fingerprint_and_one_audit_event(session, ward):
    tdp = _tdp(ward, 5)
    preview = _preview(ward, xlsx_bytes(clean_rows()))
    assert preview.problems == () and preview.can_apply
    result = import_roll(preview, None)
    session.commit()
    assert (result.added, result.changed, result.removed, result.unchanged) == (3, 0, 0, 0)
    rows = session.execute(select(Household.code, Household.address, Household.sub_group, Person.full_name,
                                  Person.birth_year, Person.gender, Person.search_name)
                           .join(Person, Household.representative_id == Person.id)
                           .where(Household.tdp_id == tdp.id).order_by(Household.code)).all()
    assert rows[0] == ("050001", "Số 1, ngõ 2", "LG1", "Nguyễn Văn An", 1960, Gender.MALE, "nguyen van an")
    assert [r.code for r in rows] == ["050001", "050002", "050003"]
    before, after = preview.diff.fingerprints[5]
    assert before.households == 0 and current_fingerprint(tdp.id) == after
    events = session.scalars(select(AuditEvent)).all()
    assert [e.action for e in events] == ["roll.import"]
    assert events[0].after["added"] == 3 and events[0].after["file_sha256"] == preview.file_sha256
    assert events[0].after["fingerprints"]["5"] == {"before": before.hex, "after": after.hex}
    assert events[0].after["file_name"] == "roll.xlsx"


def test_importing_the_same_file_again_shows_no_change(session, ward):
    import_roll(_preview(ward, xlsx_bytes(clean_rows())), None)
    session.commit()
    again = _preview(ward, xlsx_bytes(clean_rows()))
    assert (len(again.diff.additions), len(again.diff.changes), len(again.diff.removals)) == (0, 0, 0)
    assert again.diff.unchanged == 3
    before, after = again.diff.fingerprints[5]
    assert before == after


def test_a_reimport_adds_one_changes_one_representative_with_history_and_removes_one(session, ward):
    tdp = _tdp(ward, 5)
    import_roll(_preview(ward, xlsx_bytes(clean_rows())), None)
    session.commit()
    old = session.scalar(select(Household).where(Household.code == "050002"))
    old_person_id = old.representative_id
    rows = clean_rows()
    rows[2] = [2, "050002", "Phạm Văn Dũng", 1985, "Nam", "Số 3, ngõ 2", "LG1"]  # new representative
    rows[3] = [4, "050004", "Đỗ Thị Mai", 1990, "Nữ", "Số 7", "LG2"]  # 050003 gone, 050004 new
    preview = _preview(ward, xlsx_bytes(rows))
    assert [a.row.code for a in preview.diff.additions] == ["050004"]
    assert [(c.current.code, c.fields) for c in preview.diff.changes] == [
        ("050002", ("representative", "birth_year", "gender"))]
    assert [c.code for c in preview.diff.removals] == ["050003"]
    import_roll(preview, None)
    session.commit()

    statuses = dict(session.execute(select(Household.code, Household.status)).all())
    assert statuses == {"050001": HouseholdStatus.ACTIVE, "050002": HouseholdStatus.ACTIVE,
                        "050003": HouseholdStatus.REMOVED, "050004": HouseholdStatus.ACTIVE}
    household = session.scalar(select(Household).where(Household.code == "050002"))
    assert household.representative.full_name == "Phạm Văn Dũng"
    change = session.scalar(select(RepresentativeChange))
    assert (change.household_id, change.previous_person_id, change.new_person_id, change.reason) == (
        household.id, old_person_id, household.representative_id, "Nhập lại danh sách")
    assert session.get(Person, old_person_id) is not None  # the previous representative is kept
    assert current_fingerprint(tdp.id) == preview.diff.fingerprints[5][1]
    actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)).all()
    assert actions == ["roll.import", "roll.import", "roll.import.change", "roll.import.remove"]
    assert verify_chain().broken_at is None


def test_a_household_removed_earlier_comes_back_when_it_is_in_the_file_again(session, ward):
    import_roll(_preview(ward, xlsx_bytes(clean_rows()[:3])), None)
    session.commit()
    import_roll(_preview(ward, xlsx_bytes(clean_rows())), None)
    session.commit()
    assert session.scalar(select(func.count()).select_from(Household)) == 3
    assert {s for (s,) in session.execute(select(Household.status))} == {HouseholdStatus.ACTIVE}


def test_a_code_that_belongs_to_another_tdp_of_the_ward_is_an_error(session, ward):
    create_household(_tdp(ward, 6), "050002", representative="Lê Thị Hoa")
    session.commit()
    preview = _preview(ward, xlsx_bytes(clean_rows()))
    assert [(p.row, p.letter, p.column, p.code) for p in preview.problems] == [
        (5, "B", "Mã hộ", "code.other_tdp")]
    assert "tổ dân phố số 6" in preview.problems[0].message and not preview.can_apply


def test_a_whole_ward_file_with_codes_of_tdps_it_does_not_cover_is_refused(session, ward):
    # The file covers TDP 5 only. 050002 is active in TDP 6 (in the roll the preview reads for the ward),
    # 050003 in TDP 7, dissolved with a household still active (read by its own query).
    create_household(_tdp(ward, 6), "050002", representative="Lê Thị Hoa")
    dissolved = create_tdp(ward, 7)
    create_household(dissolved, "050003", representative="Đinh Văn Tài")
    dissolved.dissolved_on = date(2024, 1, 1)
    session.commit()
    rows = [["Tổ", *HEADER], *[[5, *r] for r in clean_rows()[1:]]]
    preview = _preview(ward, xlsx_bytes(rows), tdp=None)
    assert [(p.row, p.code) for p in preview.problems] == [(None, "tdp.absent"), (5, "code.other_tdp"),
                                                            (6, "code.other_tdp")]
    assert "tổ dân phố số 6" in preview.problems[1].message and "tổ dân phố số 7" in preview.problems[2].message
    assert not preview.can_apply


def test_a_whole_ward_file_imports_each_row_into_its_tdp(session, ward):
    rows = [["Tổ", *HEADER], *[[5, *r] for r in clean_rows()[1:]], [6, 9, "060001", "Vũ Văn Hùng", 1965, "Nam", "x", ""]]
    preview = _preview(ward, xlsx_bytes(rows), tdp=None)
    assert preview.problems == ()
    import_roll(preview, None)
    session.commit()
    assert current_fingerprint(_tdp(ward, 5).id).households == 3
    assert current_fingerprint(_tdp(ward, 6).id).households == 1


def test_citizen_ids_are_stored_but_kept_out_of_audit_events(session, ward):
    rows = [HEADER + ["Số CCCD"], clean_rows()[1] + ["001060000123"]]
    import_roll(_preview(ward, xlsx_bytes(rows, text_columns=(7,))), None)
    session.commit()
    rows[1][-1] = "001060000999"
    rows[1][5] = "Số 2"
    preview = _preview(ward, xlsx_bytes(rows, text_columns=(7,)))
    assert preview.diff.changes[0].fields == ("address", "citizen_id")
    import_roll(preview, None)
    session.commit()
    assert session.scalar(select(Person.citizen_id)) == "001060000999"
    for event in session.scalars(select(AuditEvent)):
        text = str(event.before) + str(event.after)
        assert "001060000123" not in text and "001060000999" not in text
    assert session.scalars(select(AuditEvent.after).where(AuditEvent.action == "roll.import.change")).one()[
        "citizen_id_changed"] is True


def test_a_failure_in_the_middle_of_an_import_leaves_the_roll_exactly_as_it_was(session, ward):
    tdp = _tdp(ward, 5)
    import_roll(_preview(ward, xlsx_bytes(clean_rows())), None)
    session.commit()
    rows = clean_rows()
    rows[2] = [2, "050002", "Phạm Văn Dũng", 1985, "Nam", "Số 3, ngõ 2", "LG1"]
    rows[3] = [4, "050004", "Đỗ Thị Mai", 1990, "Nữ", "Số 7", "LG2"]
    rows.append([5, "050005", "Bùi Văn Nam", 1970, "Nam", "Số 9", "LG2"])
    preview = _preview(ward, xlsx_bytes(rows))
    assert len(preview.diff.changes) == 1 and len(preview.diff.removals) == 1
    # Someone adds 050005 after the preview: the database refuses the last insert of the import.
    create_household(tdp, "050005", representative="Người khác")
    session.commit()
    before = _snapshot(session, ward)
    with pytest.raises(IntegrityError):
        import_roll(preview, None)
    session.rollback()
    assert _snapshot(session, ward) == before
    assert verify_chain().broken_at is None


def test_ages_are_checked_on_the_reference_date_given(session, ward):
    rows = [HEADER, [1, "050001", "Nguyễn Văn An", 2000, "Nam", "", ""]]
    assert _preview(ward, xlsx_bytes(rows), reference_date=date(2017, 10, 15)).errors == 1
    assert _preview(ward, xlsx_bytes(rows)).errors == 0


def test_the_ids_drawn_for_an_imports_new_people_are_distinct_unused_and_never_handed_out_again(session, ward):
    from app.extensions import db
    from app.rolls.importing import apply
    from tests.factories import create_person

    existing = create_person(_tdp(ward, 5))
    session.flush()
    ids = apply._new_person_ids(50)
    assert len(set(ids)) == 50
    assert existing.id not in ids
    if db.engine.dialect.name == "postgresql":  # drawn from the sequence: a person added later gets another id
        later = create_person(_tdp(ward, 6), "Trần Thị Bình")
        session.flush()
        assert later.id not in ids
