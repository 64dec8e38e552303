"""The isolated .xlsx reader answers in frames (issue 15): rows arrive in pieces while the child walks the sheet.
What must not change: every row and column where the spreadsheet has it, in order, however many frames; and
a child that answers anything but plain rows and a final word is a failed read, never a partial table."""

import io
import time
from datetime import date

import openpyxl
import pytest

from app.rolls.importing import limits, sandbox


def _parse(data: bytes):
    return sandbox.parse_isolated(data, memory_bytes=1536 * 2**20, cpu_seconds=20, max_columns=limits.MAX_COLUMNS)


def test_a_sheet_of_several_frames_starting_at_c3_reads_cell_for_cell_as_the_spreadsheet_has_it():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    count = 2 * sandbox.CHUNK_ROWS + 7  # three frames, the last one short
    for n in range(count):
        sheet.cell(row=3 + n, column=3, value=f"HỘ-{n:05d}")
        sheet.cell(row=3 + n, column=4, value=n)
        if n % 1000 == 0:
            sheet.cell(row=3 + n, column=5, value=date(1950 + n % 50, 1 + n % 12, 1 + n % 28))
    buffer = io.BytesIO()
    workbook.save(buffer)

    status, name, rows = _parse(buffer.getvalue())

    assert (status, name) == ("ok", sheet.title)
    assert len(rows) == 2 + count  # rows 1 and 2 are empty and still there: row i is spreadsheet row i + 1
    assert rows[0] == rows[1] == ["", "", "", "", ""]
    for n in (0, 1, sandbox.CHUNK_ROWS - 1, sandbox.CHUNK_ROWS, sandbox.CHUNK_ROWS + 1, 2 * sandbox.CHUNK_ROWS,
              count - 1):
        row = rows[2 + n]
        assert row[:2] == ["", ""]  # columns A and B, empty, are kept: column 0 is A
        assert row[2] == f"HỘ-{n:05d}" and row[3] == n
        if n % 1000 == 0:
            assert row[4] == date(1950 + n % 50, 1 + n % 12, 1 + n % 28)
    assert [int(r[3]) for r in rows[2:]] == list(range(count))  # every row once, in order across frames


def _fake_child(tmp_path, monkeypatch, body: str) -> None:
    script = tmp_path / "child.py"
    script.write_text("import pickle, sys\nsys.stdin.buffer.read()\nout = sys.stdout.buffer\n" + body)
    monkeypatch.setattr(sandbox, "_SCRIPT", script)


@pytest.mark.parametrize("body", [
    # rows, then the pipe closes without the final word
    "pickle.dump(('rows', [['a', 1]]), out)\n",
    # rows, then an object of a class the parent does not unpickle
    "import collections\npickle.dump(('rows', [['a', 1]]), out)\n"
    "pickle.dump(('rows', [collections.OrderedDict(a=1)]), out)\npickle.dump(('ok', 'Sheet'), out)\n",
    # a frame of the wrong shape
    "pickle.dump(('rows', 'not a list'), out)\npickle.dump(('ok', 'Sheet'), out)\n",
    # bytes that are no pickle at all after a good frame
    "pickle.dump(('rows', [['a']]), out)\nout.write(b'garbage' * 100)\n",
])
def test_a_child_that_answers_anything_but_frames_and_a_final_word_is_a_failed_read(tmp_path, monkeypatch, body):
    _fake_child(tmp_path, monkeypatch, body)
    with pytest.raises(sandbox.SandboxFailed):
        _parse(b"PK\x03\x04 whatever")


def test_frames_then_the_final_word_make_one_table(tmp_path, monkeypatch):
    _fake_child(tmp_path, monkeypatch, "pickle.dump(('rows', [['a', 1]]), out)\npickle.dump(('rows', []), out)\n"
                "pickle.dump(('rows', [['b', 2]]), out)\npickle.dump(('ok', 'Trang 1'), out)\n")
    assert _parse(b"PK\x03\x04") == ("ok", "Trang 1", [["a", 1], ["b", 2]])


def test_a_refusal_after_some_frames_is_the_refusal_alone(tmp_path, monkeypatch):
    _fake_child(tmp_path, monkeypatch, "pickle.dump(('rows', [['a', 1]]), out)\n"
                f"pickle.dump(('error', 'memory'), out)\nout.flush()\nsys.exit({sandbox._REFUSED})\n")
    assert _parse(b"PK\x03\x04") == ("error", "memory")


def test_a_child_that_never_answers_is_killed_at_its_time_limit(tmp_path, monkeypatch):
    _fake_child(tmp_path, monkeypatch, "import time\ntime.sleep(60)\n")
    monkeypatch.setattr(sandbox, "GRACE_SECONDS", 0.5)
    started = time.monotonic()
    with pytest.raises(sandbox.SandboxFailed, match="timeout"):
        sandbox.parse_isolated(b"PK\x03\x04", memory_bytes=2**30, cpu_seconds=0, max_columns=limits.MAX_COLUMNS)
    assert time.monotonic() - started < 20
