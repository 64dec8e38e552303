"""The rule core loads nothing but the standard library: no Flask, no SQLAlchemy."""

import json
import subprocess
import sys
import types
from pathlib import Path

import app.rules

APP_DIR = Path(app.rules.__file__).resolve().parent.parent

# app/__init__.py (the factory) imports Flask, so `import app.rules` would load it whatever the
# rules do. A bare stand-in for the parent package isolates what app.rules itself pulls in.
PROBE = f"""
import json, sys, types
before = set(sys.modules)
parent = types.ModuleType("app")
parent.__path__ = [{str(APP_DIR)!r}]
sys.modules["app"] = parent
import app.rules
loaded = sorted({{name.split(".")[0] for name in set(sys.modules) - before}} - {{"app"}})
print(json.dumps(loaded))
"""


def modules_loaded_by_the_rule_core():
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_importing_app_rules_loads_neither_flask_nor_sqlalchemy():
    loaded = modules_loaded_by_the_rule_core()
    assert not {"flask", "sqlalchemy", "flask_sqlalchemy", "werkzeug"} & set(loaded)


def test_importing_app_rules_loads_only_the_standard_library():
    assert set(modules_loaded_by_the_rule_core()) <= set(sys.stdlib_module_names)


def test_the_public_api_is_all_exported():
    public = {name for name, value in vars(app.rules).items()
              if not name.startswith("_") and not isinstance(value, types.ModuleType)}
    assert set(app.rules.__all__) == public
    assert {"decide", "check_quorum", "parse_date", "collation_key", "get_rule_set"} <= set(app.rules.__all__)
