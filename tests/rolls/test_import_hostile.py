"""Hostile roll files (review F3, F9, F10): each is one refused upload with a Vietnamese message, nothing
written, and the server process still alive; the isolated reader survives a file that aborts calamine."""

import io
import os

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app.rolls.importing import limits, reader, sandbox
from app.rolls.importing.problems import UnreadableFile
from app.rolls.importing.reader import read_table
from app.rolls.models import Household
from tests.factories import create_app_user, create_tdp, create_ward, login
from tests.rolls.data import hostile
from tests.rolls.data.files import clean_rows, xlsx_bytes

HOSTILE = {
    "appendix_b_far_cell.xlsx": hostile.far_cell_xlsx,
    "far_cell_without_dimension.xlsx": hostile.far_cell_without_dimension_xlsx,
    "prefixed_far_cell.xlsx": hostile.prefixed_far_cell_xlsx,
    "sparse_wide.xlsx": hostile.sparse_wide_xlsx,
    "zip_bomb.xlsx": hostile.zip_bomb_xlsx,
    "three_million_rows.xlsx": hostile.row_bomb_xlsx,
    "million_columns.xlsx": hostile.wide_row_xlsx,
    "five_mb_cell.csv": hostile.huge_cell_csv,
    "fifteen_million_blank_lines.csv": hostile.blank_lines_csv,
    "million_columns.csv": hostile.wide_csv,
}


@pytest.fixture(scope="module")
def files():
    return {name: build() for name, build in HOSTILE.items()}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_file_is_refused_with_a_vietnamese_message_and_the_process_lives_on(files, name):
    pid = os.getpid()
    with pytest.raises(UnreadableFile) as caught:
        read_table(files[name], name)
    assert caught.value.code in ("import.too_big", "import.csv_field")
    assert "quá lớn" in caught.value.message or "quá dài" in caught.value.message
    assert os.getpid() == pid


def test_the_appendix_b_file_is_small_yet_declares_a_sheet_of_seventeen_billion_cells(files):
    data = files["appendix_b_far_cell.xlsx"]
    assert len(data) < 2000
    with pytest.raises(UnreadableFile, match="1.048.576 dòng"):
        limits.check_xlsx(data)


def test_a_file_that_aborts_calamine_kills_only_the_child_reader(files):
    # Past the checks (called directly), calamine asks for 550 GB and aborts: the child dies, we do not.
    with pytest.raises(sandbox.SandboxFailed):
        sandbox.parse_isolated(files["appendix_b_far_cell.xlsx"], memory_bytes=1536 * 2**20, cpu_seconds=20,
                               max_columns=limits.MAX_COLUMNS)


def _recording_children(monkeypatch) -> list:
    children = []
    popen = sandbox.subprocess.Popen

    def recording(*args, **kwargs):
        children.append(popen(*args, **kwargs))
        return children[-1]

    monkeypatch.setattr(sandbox.subprocess, "Popen", recording)
    return children


def test_a_large_file_the_checks_refuse_kills_the_child_reader_started_beside_them(files, monkeypatch):
    # The far cell makes calamine ask for 550 GB; a large file's checks run while its child starts, and their
    # refusal is what the user sees, the child killed rather than left to spin up to its limits.
    monkeypatch.setattr(reader, "CHECK_FIRST_BYTES", 0)
    children = _recording_children(monkeypatch)
    with pytest.raises(UnreadableFile, match="1.048.576 dòng"):
        read_table(files["appendix_b_far_cell.xlsx"], "roll.xlsx")
    assert len(children) == 1 and children[0].poll() is not None


@pytest.mark.parametrize("name", [n for n in HOSTILE if n.endswith(".xlsx") and n not in
                                  ("three_million_rows.xlsx", "million_columns.xlsx")])
def test_a_small_hostile_file_is_refused_before_any_child_reader_starts(files, monkeypatch, name):
    children = _recording_children(monkeypatch)
    with pytest.raises(UnreadableFile):
        read_table(files[name], name)
    assert children == []


def test_an_error_beside_the_child_reader_kills_it_and_is_raised():
    children = []

    def refuse():
        children.append(1)
        raise LookupError("refused")

    with pytest.raises(LookupError, match="refused"):
        sandbox.parse_isolated(xlsx_bytes(clean_rows()), memory_bytes=1536 * 2**20, cpu_seconds=20,
                               max_columns=limits.MAX_COLUMNS, alongside=refuse)
    assert children == [1]


def test_a_child_reader_over_its_memory_limit_fails_cleanly():
    data = xlsx_bytes(clean_rows())
    with pytest.raises(sandbox.SandboxFailed):
        sandbox.parse_isolated(data, memory_bytes=8 * 2**20, cpu_seconds=20, max_columns=limits.MAX_COLUMNS)


def test_an_honest_workbook_reads_the_same_through_the_child_reader():
    table = read_table(xlsx_bytes(clean_rows(), title_rows=1), "roll.xlsx")
    assert table.rows[1:] == [[*row] for row in clean_rows()] or table.rows[1][:2] == clean_rows()[0][:2]


def test_a_zip_with_too_many_entries_is_refused():
    out = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(out, "w") as archive:
        for i in range(limits.MAX_ZIP_ENTRIES + 1):
            archive.writestr(f"x/{i}", b"")
    with pytest.raises(UnreadableFile, match="mục"):
        read_table(out.getvalue(), "roll.xlsx")


@pytest.mark.parametrize("name", ["appendix_b_far_cell.xlsx", "zip_bomb.xlsx", "five_mb_cell.csv",
                                  "fifteen_million_blank_lines.csv", "million_columns.csv"])
def test_uploading_a_hostile_file_shows_the_message_and_writes_nothing(client, session, files, name, tmp_path,
                                                                       monkeypatch):
    monkeypatch.setitem(client.application.config, "ROLL_IMPORT_FOLDER", str(tmp_path / "uploads"))
    ward = create_ward()
    tdp = create_tdp(ward, 5)
    login(client, create_app_user(ward))
    session.commit()
    # Encoded here in memory: the test client would spool a big body to a temporary file it never closes.
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(files[name]), name), "target": str(tdp.id)})
    uploaded = client.post("/rolls/import/", data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert uploaded.status_code == 302
    shown = client.get(uploaded.headers["Location"], follow_redirects=True)
    assert shown.status_code == 200
    assert "quá lớn hoặc hỏng" in shown.get_data(as_text=True) or "quá dài" in shown.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Household)) == 0
    assert list((tmp_path / "uploads").iterdir()) == []  # the refused file is not kept


def test_a_grid_too_large_for_the_checks_alone_is_refused_by_the_child_before_python_copies_it(files):
    # Past the checks (called directly): calamine builds 40 M cells, the child refuses before to_python.
    answer = sandbox.parse_isolated(hostile.sparse_wide_xlsx(), memory_bytes=1536 * 2**20, cpu_seconds=20,
                                    max_columns=limits.MAX_COLUMNS, max_cells=limits.MAX_GRID_CELLS)
    assert answer == ("error", "too_big")
