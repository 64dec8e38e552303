"""Parse an untrusted .xlsx with calamine in a child process under memory and CPU limits.

Run as a script (``python -I sandbox.py MEMORY_BYTES CPU_SECONDS``): it imports only the standard library and
python_calamine, so the child starts in tens of milliseconds and never touches the app, its database
connections or its secrets. The workbook arrives on stdin; the answer goes to stdout as a pickle of
``("ok", sheet, rows)`` or ``("error", code)``. A file that makes calamine abort, exhaust memory or spin
costs the child, never the server. The parent (``parse_isolated``) unpickles only plain data: rows of
str, int, float, bool, None and date/time values.
"""

from __future__ import annotations

import gc
import io
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

_SCRIPT = Path(__file__).resolve()
#: Exit status of a child that refused the file on purpose (a message code is on stdout).
_REFUSED = 3


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
    child = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    outcome: dict[str, object] = {}

    def talk() -> None:
        try:
            outcome["out"] = child.communicate(data, timeout=cpu_seconds + 10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.communicate()
            outcome["timeout"] = True
        except (OSError, ValueError) as error:  # the pipes closed under us: the child was killed below
            outcome["broken"] = error

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
    if "out" not in outcome:
        raise SandboxFailed("timeout" if outcome.get("timeout") else f"no answer: {outcome.get('broken')!r}")
    stdout, stderr = outcome["out"]
    if child.returncode not in (0, _REFUSED):
        raise SandboxFailed(f"exit {child.returncode}: {stderr[-300:]!r}")
    enabled = gc.isenabled()
    gc.disable()  # unpickling a million cells with the collector on takes five times as long
    try:
        answer = _PlainData(io.BytesIO(stdout)).load()
    except Exception as error:  # noqa: BLE001 - any garbage from the child is one kind of failure
        raise SandboxFailed(f"bad answer: {type(error).__name__}") from None
    finally:
        if enabled:
            gc.enable()
    if not isinstance(answer, tuple) or not answer or answer[0] not in ("ok", "error"):
        raise SandboxFailed("bad answer")
    return answer


def _limit(memory_bytes: int, cpu_seconds: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: no rlimits; the checks in limits.py alone bound the file
        return
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))


def _answer(value, status: int = 0) -> None:
    sys.stdout.buffer.write(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.flush()
    sys.exit(status)


def _main(memory_bytes: int, cpu_seconds: int, max_columns: int, max_cells: int) -> None:
    _limit(memory_bytes, cpu_seconds)
    gc.disable()  # a million cells and no cycles: collections would only walk them again (a third of the time)
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
            if sheet.width * sheet.height > max_cells:  # before to_python adds a Python object per cell
                _answer(("error", "too_big"), _REFUSED)
            # skip_empty_area=False keeps row i as spreadsheet row i + 1 and column 0 as column A.
            rows = sheet.to_python(skip_empty_area=False)
    except python_calamine.CalamineError:
        _answer(("error", "damaged"), _REFUSED)
    except MemoryError:
        _answer(("error", "memory"), _REFUSED)
    _answer(("ok", visible[0], rows))


if __name__ == "__main__":
    _main(*map(int, sys.argv[1:5]))
