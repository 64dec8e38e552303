"""The print engine stands alone: importing it pulls in neither Flask, SQLAlchemy nor the app."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, pkgutil, sys, importlib
import ballots
for module in pkgutil.iter_modules(ballots.__path__):
    importlib.import_module(f"ballots.{module.name}")
print(json.dumps(sorted(sys.modules)))
"""


def test_importing_every_ballots_module_loads_no_flask_sqlalchemy_or_app():
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, check=True, text=True
    )
    loaded = json.loads(done.stdout)

    assert "ballots.render" in loaded
    forbidden = [
        name
        for name in loaded
        if name.split(".")[0] in {"flask", "sqlalchemy", "app", "flask_sqlalchemy"}
    ]
    assert forbidden == []
