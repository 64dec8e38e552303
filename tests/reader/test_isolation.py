"""The reader stands alone: importing it pulls in neither Flask, SQLAlchemy nor the app; and the app does not
need it."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, pkgutil, sys, importlib
import reader
for module in pkgutil.iter_modules(reader.__path__):
    importlib.import_module(f"reader.{module.name}")
print(json.dumps(sorted(sys.modules)))
"""


def test_importing_every_reader_module_loads_no_flask_sqlalchemy_or_app():
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, check=True, text=True)
    loaded = json.loads(done.stdout)
    assert "reader.read" in loaded and "cv2" in loaded
    assert [n for n in loaded if n.split(".")[0] in {"flask", "sqlalchemy", "app", "flask_sqlalchemy"}] == []


def test_the_app_imports_nothing_of_the_reader_or_opencv():
    probe = "import json, sys; from app import create_app; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, check=True, text=True)
    loaded = json.loads(done.stdout)
    assert [n for n in loaded if n.split(".")[0] in {"reader", "cv2", "zxingcpp"}] == []
