"""The pure core and the print engine stay free of Flask and SQLAlchemy."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["app.rules", "ballots"])
def test_module_imports_neither_flask_nor_sqlalchemy(module):
    code = (f"import sys, {module}; bad = [m for m in sys.modules if m.split('.')[0] in "
            "('flask', 'sqlalchemy', 'flask_sqlalchemy', 'werkzeug')]; print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_importing_the_app_package_does_no_work():
    code = "import sys, app; print(','.join(m for m in sys.modules if m.startswith('app.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
