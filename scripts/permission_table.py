"""Rewrite the README's permission table from app.auth.permissions (run after changing the table)."""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.auth.permissions import permission_table_markdown  # noqa: E402

readme = Path(__file__).resolve().parents[1] / "README.md"
text = readme.read_text(encoding="utf-8")
new, n = re.subn(r"^\| action \| ward_admin.*?(?=\n\n)", permission_table_markdown(), text, count=1, flags=re.S | re.M)
if n != 1:
    sys.exit("README: permission table not found")
readme.write_text(new, encoding="utf-8")
print("README permission table rewritten")
