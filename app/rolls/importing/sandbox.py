"""Parse an untrusted .xlsx with calamine in a child process under memory and CPU limits.

Run as a script (``python -I sandbox.py MEMORY_BYTES CPU_SECONDS``): it imports only the standard library and
python_calamine, so the child starts in tens of milliseconds and never touches the app, its database
connections or its secrets. The workbook arrives on stdin; the answer goes to stdout as a stream of pickles:
``("rows", [row, ...])`` frames of CHUNK_ROWS rows each as the sheet is walked, then ``("ok", sheet)``; or
``("error", code)`` at any point. A file that makes calamine abort, exhaust memory or spin costs the child,
never the server. The parent (``parse_isolated``) unpickles only plain data: rows of str, int, float, bool,
None and date/time values; it unpickles each frame as it arrives, while the child goes on walking the sheet
and pickling the next (issue 15: the whole sheet pickled, piped and unpickled in one piece cost a twelfth of a
100,000-household import, all of it on the critical path).
"""

from __future__ import annotations

import gc
import pickle
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

_SCRIPT = Path(__file__).resolve()
#: Exit status of a child that refused the file on purpose (a message code is on stdout).
_REFUSED = 3
#: Rows per frame of the child's answer: small enough that the parent's unpickling keeps pace with the
#: child, large enough that a frame's overhead is nothing.
CHUNK_ROWS = 4096
#: Seconds of wall time the child gets beyond its CPU limit (starting, reading stdin, writing) before it is killed.
GRACE_SECONDS = 10


class SandboxFailed(Exception):
    """The child died, ran out of memory or time, or answered nonsense."""


class _PlainData(pickle.Unpickler):
    """Unpickles the cell types calamine returns and nothing else: no class can be smuggled in."""

    _ALLOWED = {("datetime", "date"), ("datetime", "datetime"), ("datetime", "time"), ("datetime", "timedelta")}

    def find_class(self, module, name):
        if (module, name) in self._ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed")


def parse_isolated(data: bytes, *, memory_bytes: int, cpu_seconds: int, max_columns: int,
                   max_cells: int | None = None, alongside: Callable[[], None] | None = None) -> tuple:
    """("ok", sheet name, rows) or ("error", code) from the child; raises SandboxFailed if it did not answer.

    `alongside` (the checks of limits.py) runs in this process while the child parses, on the other core;
    whatever it raises is raised here once the child is killed, so a file it refuses is refused as before
    (bench/xlsx_isolation.py).
    """
    argv = [sys.executable, "-I", str(_SCRIPT), str(memory_bytes), str(cpu_seconds), str(max_columns),
            str(max_cells or max_columns * 10**6)]
    errors = tempfile.TemporaryFile()  # a file, not a pipe: a child writing much there cannot block
    child = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors)
    outcome: dict[str, object] = {}
    timer = threading.Timer(cpu_seconds + GRACE_SECONDS, lambda: (outcome.setdefault("timeout", True), child.kill()))
    timer.daemon = True
    timer.start()

    def talk() -> None:
        try:
            outcome["answer"] = _receive(child, data)
        except Exception as error:  # noqa: BLE001 - killed under us, or any garbage: one kind of failure
            outcome["broken"] = error
        finally:
            child.wait()

    try:
        if alongside is None:
            talk()
        else:
            talker = threading.Thread(target=talk, daemon=True)
            talker.start()
            try:
                alongside()
            except BaseException:
                child.kill()
                talker.join()
                raise
            talker.join()
    finally:
        timer.cancel()
        errors.seek(0)
        stderr = errors.read()[-300:]
        errors.close()
    if outcome.get("timeout") and child.returncode not in (0, _REFUSED):
        raise SandboxFailed("timeout")
    if child.returncode not in (0, _REFUSED):
        raise SandboxFailed(f"exit {child.returncode}: {stderr!r}")
    if "answer" not in outcome:
        raise SandboxFailed(f"bad answer: {type(outcome.get('broken')).__name__}")
    return outcome["answer"]


def _receive(child: subprocess.Popen, data: bytes) -> tuple:
    """Send the workbook, then read the child's frames as they come: ("ok", sheet, rows) or ("error", code)."""
    try:
        child.stdin.write(data)  # the child reads all of it before it writes anything: no deadlock
        child.stdin.close()
    except BrokenPipeError:  # it died first; its exit status tells why
        pass
    rows: list = []
    enabled = gc.isenabled()
    gc.disable()  # unpickling a million cells with the collector on takes five times as long
    try:
        while True:
            frame = _PlainData(child.stdout).load()  # one pickle per frame, each with its own memo
            if not isinstance(frame, tuple) or not frame:
                raise SandboxFailed("bad answer")
            if frame[0] == "rows" and len(frame) == 2 and isinstance(frame[1], list):
                rows.extend(frame[1])
            elif frame[0] == "ok" and len(frame) == 2 and isinstance(frame[1], str):
                return "ok", frame[1], rows
            elif frame[0] == "error" and len(frame) == 2:
                return frame
            else:
                raise SandboxFailed("bad answer")
    finally:
        child.stdout.close()
        if enabled:
            gc.enable()


def _limit(memory_bytes: int, cpu_seconds: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: no rlimits; the checks in limits.py alone bound the file
        return
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))


def _send(value) -> None:
    pickle.dump(value, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)


def _answer(value, status: int = 0) -> None:
    _send(value)
    sys.stdout.flush()
    sys.exit(status)


def _main(memory_bytes: int, cpu_seconds: int, max_columns: int, max_cells: int) -> None:
    _limit(memory_bytes, cpu_seconds)
    gc.disable()  # a million cells and no cycles: collections would only walk them again (a third of the time)
    import io

    import python_calamine

    data = sys.stdin.buffer.read()
    try:
        with python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)) as workbook:
            visible = [m.name for m in workbook.sheets_metadata
                       if m.visible == python_calamine.SheetVisibleEnum.Visible
                       and m.typ == python_calamine.SheetTypeEnum.WorkSheet]
            if not visible:
                _answer(("error", "no_sheet"), _REFUSED)
            sheet = workbook.get_sheet_by_name(visible[0])
            if sheet.width > max_columns:
                _answer(("error", "too_wide"), _REFUSED)
            if sheet.width * sheet.height > max_cells:  # before a Python object is made per cell
                _answer(("error", "too_big"), _REFUSED)
            # Row i is spreadsheet row i + 1 and column 0 is column A, as to_python(skip_empty_area=False) gives
            # them: iter_rows() starts at row 1 too but leaves out the empty columns before the used area,
            # which are put back. Walking the rows costs a third of to_python(), and each frame is sent while
            # the next is made.
            lead = [""] * (sheet.start[1] if sheet.start else 0)
            chunk = []
            for row in sheet.iter_rows():
                chunk.append(lead + row if lead else row)
                if len(chunk) == CHUNK_ROWS:
                    _send(("rows", chunk))
                    chunk = []
            _send(("rows", chunk))
    except python_calamine.CalamineError:
        _answer(("error", "damaged"), _REFUSED)
    except MemoryError:
        _answer(("error", "memory"), _REFUSED)
    _answer(("ok", visible[0]))


if __name__ == "__main__":
    _main(*map(int, sys.argv[1:5]))
