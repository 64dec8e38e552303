"""run.py, the start with no make: it installs from ./bundle with pip's network off when the bundle is there,
from PyPI otherwise, only when requirements.txt changed, and never touches an existing environment's Python.
(The real offline install is proven by scripts/check-bundle.sh, run after `make bundle`.)"""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def run_py(monkeypatch):
    spec = importlib.util.spec_from_file_location("run_under_test", ROOT / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    calls = []
    monkeypatch.setattr(module.subprocess, "call", lambda command, **_: calls.append(command) or 0)

    def fake_create(path, with_pip):
        python = module.venv_python(Path(path))
        python.parent.mkdir(parents=True)
        python.write_text("")

    monkeypatch.setattr("venv.create", fake_create)
    return module, calls


def test_the_first_start_installs_from_the_bundle_with_no_index_and_the_next_start_installs_nothing(run_py, tmp_path):
    module, calls = run_py
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    python = module.prepare(tmp_path / "venv", bundle)
    assert python == module.venv_python(tmp_path / "venv") and python.exists()
    (pip,) = calls
    assert pip[:4] == [str(python), "-m", "pip", "install"]
    assert pip[pip.index("--no-index") + 1:pip.index("--no-index") + 3] == ["--find-links", str(bundle)]
    assert pip[-2:] == ["-r", str(ROOT / "requirements.txt")]
    module.prepare(tmp_path / "venv", bundle)
    assert len(calls) == 1


def test_without_a_bundle_the_first_start_installs_from_the_index(run_py, tmp_path):
    module, calls = run_py
    module.prepare(tmp_path / "venv", tmp_path / "no-bundle")
    assert "--no-index" not in calls[0] and "--find-links" not in calls[0]


def test_a_changed_requirements_file_installs_again(run_py, tmp_path, monkeypatch):
    module, calls = run_py
    module.prepare(tmp_path / "venv", tmp_path / "no-bundle")
    changed = tmp_path / "root"
    changed.mkdir()
    (changed / "requirements.txt").write_text((ROOT / "requirements.txt").read_text() + "\n# new line\n")
    monkeypatch.setattr(module, "ROOT", changed)
    module.prepare(tmp_path / "venv", tmp_path / "no-bundle")
    assert len(calls) == 2
    assert len(list((tmp_path / "venv").glob(".installed-*"))) == 1


def test_a_failed_install_stops_with_a_vietnamese_message_and_installs_again_next_time(run_py, tmp_path, monkeypatch):
    module, calls = run_py
    monkeypatch.setattr(module.subprocess, "call", lambda command, **_: calls.append(command) or 1)
    (tmp_path / "bundle").mkdir()
    with pytest.raises(SystemExit) as stop:
        module.prepare(tmp_path / "venv", tmp_path / "bundle")
    assert "Cài thư viện không thành công" in str(stop.value) and "make bundle" in str(stop.value)
    assert not list((tmp_path / "venv").glob(".installed-*"))


def test_run_py_answers_help_with_the_standard_library_only():
    result = subprocess.run([sys.executable, "-I", "-S", str(ROOT / "run.py"), "--help"], capture_output=True,
                            text=True, timeout=30)
    assert result.returncode == 0 and "--demo" in result.stdout and "--host" in result.stdout
