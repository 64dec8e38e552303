"""Preview and apply in one pass (`flask rolls import`, the web confirm): on PostgreSQL the new households are
written by a thread while the file is still being validated. What must hold on both databases: the roll ends
exactly as a preview followed by its write leaves it, and a file that cannot be applied, a stale digest, a
database error in the middle or a crash of the validation writes nothing and leaves no thread behind."""

import sys
import threading
import time

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.audit.models import AuditEvent
from app.audit.services import verify_chain
from app.extensions import db
from app.rolls.importing import apply, services
from app.rolls.importing.services import ImportTarget, apply_import, import_roll, preview_import
from app.rolls.models import Household, Person, RepresentativeChange
from app.rolls.queries import current_fingerprint
from app.wards.models import Tdp
from tests.factories import create_household, create_tdp, create_ward
from tests.rolls.data.files import TODAY, xlsx_bytes

WARD_HEADER = ["STT", "Tổ", "Mã hộ", "Họ và tên chủ hộ / người đại diện", "Năm sinh", "Giới tính", "Địa chỉ",
               "Liên gia", "Số CCCD"]
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Vũ Thị Giang"]


def _rows(count: int, *, first: int = 1) -> list[list]:
    """A whole-ward file of `count` households spread over TDPs 5 and 6 (with citizen IDs)."""
    rows = [WARD_HEADER]
    for n in range(first, first + count):
        tdp = 5 + n % 2
        rows.append([n, tdp, f"{tdp:02d}{n:04d}", f"{NAMES[n % len(NAMES)]} {n}", 1940 + n % 50,
                     "Nam" if n % 3 else "Nữ", f"Số {n}, ngõ {n % 7}", f"LG{n % 4}", f"0010600{n:05d}"])
    return rows


def _ward(name: str):
    ward = create_ward(name)
    for number in (5, 6):
        create_tdp(ward, number)
    db.session.commit()
    return ward


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of 3 rows: a file of a dozen households is written in several chunks while it is validated."""
    monkeypatch.setattr(apply.NewHouseholdWriter, "CHUNK_ROWS", 3)


def _counts():
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Household, Person, RepresentativeChange, AuditEvent)}


def _roll(ward) -> list[tuple]:
    """Everything the import writes for a ward, without ids: TDP, code, address, sub-group, status and the
    representative's name, birth, gender, search name and citizen ID, with the person in the household's TDP."""
    stmt = (select(Tdp.number, Household.code, Household.address, Household.sub_group, Household.status,
                   Person.full_name, Person.search_name, Person.birth_year, Person.birth_date, Person.gender,
                   Person.citizen_id, Person.tdp_id == Household.tdp_id)
            .join(Tdp, Household.tdp_id == Tdp.id).join(Person, Household.representative_id == Person.id)
            .where(Tdp.ward_id == ward.id).order_by(Tdp.number, Household.code))
    return [tuple(row) for row in db.session.execute(stmt)]


def _audit(ward) -> list[tuple]:
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action.like("roll.import%"))
                                .order_by(AuditEvent.id)).all()
    return [(e.action, {k: v for k, v in (e.after or {}).items() if k not in ("file_name", "file_sha256")})
            for e in events
            if e.tdp_id in {t.id for t in ward.tdps} or (e.object_type, e.object_id) == ("ward", str(ward.id))]


def _no_writer_left():
    return not any(t.name == "roll-import-writer" for t in threading.enumerate())


@pytest.fixture
def in_transaction(monkeypatch):
    """Before a writer is abandoned, wait until it has written every full chunk handed to it and count the
    households its transaction holds then: what the rollback must take back (PostgreSQL; nothing on SQLite,
    where nothing is written before validation ends)."""
    seen: list[int] = []
    real = apply.NewHouseholdWriter.abandon

    def abandon(self):
        if not self._closed:
            deadline = time.monotonic() + 20
            while self.chunks_written < self.count // self._chunk_rows and time.monotonic() < deadline:
                time.sleep(0.01)
            with self._raw.cursor() as cursor:  # the thread is idle, waiting for the next chunk
                cursor.execute("SELECT count(*) FROM households")
                seen.append(cursor.fetchone()[0])
        real(self)

    monkeypatch.setattr(apply.NewHouseholdWriter, "abandon", abandon)
    return seen


def test_one_pass_writes_exactly_what_a_preview_and_its_write_do(session, small_chunks):
    data = xlsx_bytes(_rows(14))
    one, two = _ward("Phường Một Lượt"), _ward("Phường Hai Lượt")
    preview, result = apply_import(data, "roll.xlsx", ImportTarget(one.id), None, today=TODAY)
    db.session.commit()
    assert (result.added, result.changed, result.removed) == (14, 0, 0)
    two_pass = preview_import(data, "roll.xlsx", ImportTarget(two.id), today=TODAY)
    import_roll(two_pass, None)
    db.session.commit()
    assert len(_roll(one)) == 14 and all(row[-1] for row in _roll(one))  # each person in its household's TDP
    assert _roll(one) == _roll(two)
    assert [current_fingerprint(t.id).hex for t in one.tdps] == [current_fingerprint(t.id).hex for t in two.tdps]
    assert preview.diff.fingerprints == two_pass.diff.fingerprints
    assert len(_audit(one)) == 1 and _audit(one) == _audit(two)
    assert verify_chain().broken_at is None
    assert _no_writer_left()


def test_a_reimport_in_one_pass_changes_removes_and_revives_as_two_passes_do(session, small_chunks):
    one, two = _ward("Phường Một Lượt"), _ward("Phường Hai Lượt")
    first, second = xlsx_bytes(_rows(10)), _rows(10, first=4)  # 1–3 leave, 11–13 are new
    second[2][3] = "Người Đại Diện Mới"  # household 5 gets a new representative
    second[3][6] = "Địa chỉ mới"  # household 6 moves house
    for ward in (one, two):
        apply_import(first, "a.xlsx", ImportTarget(ward.id), None, today=TODAY)
        db.session.commit()
    apply_import(xlsx_bytes(second), "b.xlsx", ImportTarget(one.id), None, today=TODAY)
    db.session.commit()
    import_roll(preview_import(xlsx_bytes(second), "b.xlsx", ImportTarget(two.id), today=TODAY), None)
    db.session.commit()
    assert _roll(one) == _roll(two)
    assert sorted(row[4] for row in _roll(one)).count("removed") == 3
    _, result = apply_import(first, "a.xlsx", ImportTarget(one.id), None, today=TODAY)  # 1–3 come back
    db.session.commit()
    assert (result.added, result.removed) == (3, 3)
    assert sorted(row[4] for row in _roll(one)).count("removed") == 3  # 11–13 leave in their turn
    changes = (select(func.count()).select_from(RepresentativeChange)
               .join(Household, RepresentativeChange.household_id == Household.id)
               .join(Tdp, Household.tdp_id == Tdp.id).where(Tdp.ward_id == one.id))
    assert db.session.scalar(changes) == 2  # 060005's new representative, then the first one again
    assert verify_chain().broken_at is None


def test_an_error_on_the_last_row_writes_nothing_though_chunks_were_streamed(session, small_chunks, in_transaction):
    ward = _ward("Phường Thử")
    rows = _rows(13)
    rows.append([14, 5, "050014", "Đỗ Văn Hải", 2016, "Nam", "Số 14", "LG1", ""])  # 8 years old
    before = _counts()
    preview, result = apply_import(xlsx_bytes(rows), "roll.xlsx", ImportTarget(ward.id), None, today=TODAY)
    assert result is None and not preview.can_apply and preview.errors == 1
    assert len(preview.diff.additions) == 14  # every row, the wrong one too, was handed to the writer
    if db.engine.dialect.name == "postgresql":
        assert in_transaction == [12]  # four chunks of three were in the transaction the refusal rolled back
    db.session.commit()
    assert _counts() == before and _roll(ward) == []
    assert _no_writer_left()


def test_a_stale_digest_writes_nothing_and_the_previewed_one_imports(session, small_chunks, in_transaction):
    ward = _ward("Phường Thử")
    data = xlsx_bytes(_rows(8))
    digest = preview_import(data, "roll.xlsx", ImportTarget(ward.id), today=TODAY).digest
    before = _counts()
    preview, result = apply_import(data, "roll.xlsx", ImportTarget(ward.id), None, today=TODAY, digest="0" * 64)
    assert result is None and preview.can_apply and preview.digest == digest
    if db.engine.dialect.name == "postgresql":
        assert in_transaction == [6]
    db.session.commit()
    assert _counts() == before
    _, result = apply_import(data, "roll.xlsx", ImportTarget(ward.id), None, today=TODAY, digest=digest)
    db.session.commit()
    assert result.added == 8 and len(_roll(ward)) == 8


def test_a_database_refusal_in_the_middle_rolls_back_everything(session, small_chunks, monkeypatch):
    ward = _ward("Phường Thử")
    tdp5 = next(t for t in ward.tdps if t.number == 5)
    # Someone else's household 050008 is in the database, but the roll this import read did not show it
    # (it was added after the roll was read): the write of the chunk that holds row 8 is refused.
    create_household(tdp5, "050008", representative="Người khác")
    db.session.commit()
    monkeypatch.setattr(services, "_current", lambda *args, **kwargs: [])
    monkeypatch.setattr(services, "_active_codes_outside", lambda *args: {})
    before = _counts()
    with pytest.raises(IntegrityError):
        apply_import(xlsx_bytes(_rows(12)), "roll.xlsx", ImportTarget(ward.id), None, today=TODAY)
    assert _counts() == before  # apply_import rolled back: the session is usable and holds nothing
    assert [row[1] for row in _roll(ward)] == ["050008"]
    assert _no_writer_left()
    assert verify_chain().broken_at is None


def test_a_crash_while_validating_stops_the_writer_and_writes_nothing(session, small_chunks, monkeypatch):
    ward = _ward("Phường Thử")
    real = services.validate_table

    def crashing(rows, header, ctx, on_row=None):
        def hand_over(row):
            if row.line > 12:
                raise RuntimeError("validation crashed")
            if on_row is not None:
                on_row(row)
        return real(rows, header, ctx, on_row=hand_over)

    monkeypatch.setattr(services, "validate_table", crashing)
    before = _counts()
    with pytest.raises(RuntimeError, match="validation crashed"):
        apply_import(xlsx_bytes(_rows(12)), "roll.xlsx", ImportTarget(ward.id), None, today=TODAY)
    assert _counts() == before  # rolled back by apply_import, before the writer could write on
    assert _no_writer_left()


def test_the_switch_interval_is_lowered_while_a_writer_runs_and_restored_after_any_outcome(session, small_chunks,
                                                                                        monkeypatch):
    ward = _ward("Phường Thử")
    monkeypatch.setattr(apply, "_switch_interval", apply._SwitchInterval())
    seen = []
    real = apply.NewHouseholdWriter._write

    def write(self, chunk):
        seen.append(sys.getswitchinterval())
        real(self, chunk)

    monkeypatch.setattr(apply.NewHouseholdWriter, "_write", write)
    saved = sys.getswitchinterval()
    sys.setswitchinterval(0.004)
    try:
        apply_import(xlsx_bytes(_rows(7)), "roll.xlsx", ImportTarget(ward.id), None, today=TODAY)
        db.session.rollback()
        assert sys.getswitchinterval() == pytest.approx(0.004)
        bad = _rows(7, first=20)
        bad[-1][3] = ""  # no name: refused after chunks were handed over
        _, result = apply_import(xlsx_bytes(bad), "roll.xlsx", ImportTarget(ward.id), None, today=TODAY)
        assert result is None
        assert sys.getswitchinterval() == pytest.approx(0.004)
    finally:
        sys.setswitchinterval(saved)
    if db.engine.dialect.name == "postgresql":
        assert len(seen) >= 3 and seen == [pytest.approx(apply.NewHouseholdWriter.SWITCH_INTERVAL)] * len(seen)
    else:
        assert seen == []  # SQLite writes in this thread, after validation


def test_two_writers_at_once_restore_the_interval_only_when_both_are_done():
    saved = sys.getswitchinterval()
    gate = apply._SwitchInterval()
    gate.enter(0.0001)
    gate.enter(0.0001)
    assert sys.getswitchinterval() == pytest.approx(0.0001)
    gate.leave()
    assert sys.getswitchinterval() == pytest.approx(0.0001)
    gate.leave()
    assert sys.getswitchinterval() == saved


def test_a_second_import_of_the_ward_waits_for_the_first_and_compares_with_what_it_committed(app, session):
    """Two one-pass imports of one ward at once (two clerks, or a double click): the second reads the roll only
    once the first has committed, so it finds every household there instead of adding them again."""
    ward = _ward("Phường Thử")
    data = xlsx_bytes(_rows(9))
    _, first = apply_import(data, "roll.xlsx", ImportTarget(ward.id), None, today=TODAY)  # not committed yet
    assert first.added == 9
    outcome: dict = {}

    def second_clerk():
        with app.app_context():
            try:
                outcome["result"] = apply_import(data, "roll.xlsx", ImportTarget(ward.id), None, today=TODAY)[1]
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - reported by the assertion below
                outcome["error"] = error
                db.session.rollback()
            finally:
                db.session.remove()

    if db.engine.dialect.name == "sqlite":  # one writer at a time: the second would wait on the file's lock
        db.session.commit()
        second_clerk()
    else:
        thread = threading.Thread(target=second_clerk)
        thread.start()
        thread.join(timeout=1.0)
        assert thread.is_alive()  # waiting for the first import's transaction
        db.session.commit()
        thread.join(timeout=30)
    assert "error" not in outcome, outcome.get("error")
    assert (outcome["result"].added, outcome["result"].unchanged) == (0, 9)
    assert len(_roll(ward)) == 9
